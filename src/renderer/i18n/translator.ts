import { IntlMessageFormat } from 'intl-messageformat';
import { catalogs, type Catalog, type Language, type MessageKey } from './messages.ts';

export type { Language, MessageKey };
export type MessageValues = Readonly<Record<string, string | number>>;

export const SUPPORTED_LANGUAGES: readonly Language[] = ['en', 'de', 'fr'];
const isSupported = (tag: string): tag is Language => (SUPPORTED_LANGUAGES as readonly string[]).includes(tag);

/** Picks the first supported language from the user's preferences (BCP 47 tags), English otherwise. */
export function pickLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0] ?? '';
    if (isSupported(base)) return base;
  }
  return 'en';
}

export interface Translator {
  readonly language: Language;
  t(key: MessageKey, values?: MessageValues): string;
}

/**
 * ICU MessageFormat via intl-messageformat (FormatJS): plurals, selects and number/date formats
 * per language, which hand-rolled string interpolation gets wrong for German, Polish and others.
 */
export function createTranslator(language: Language): Translator {
  const catalog: Catalog = catalogs[language];
  const cache = new Map<MessageKey, IntlMessageFormat>();
  return {
    language,
    t(key, values) {
      let format = cache.get(key);
      if (!format) {
        // A key the catalogue lacks (the i18n test prevents it) shows English rather than nothing.
        const text = catalog[key] ?? catalogs.en[key] ?? key;
        format = new IntlMessageFormat(text, language);
        cache.set(key, format);
      }
      try {
        return String(format.format(values));
      } catch {
        // A missing value must not take the whole view down; the unformatted text still says something.
        return catalog[key] ?? key;
      }
    },
  };
}
