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
        format = new IntlMessageFormat(catalog[key], language);
        cache.set(key, format);
      }
      return String(format.format(values));
    },
  };
}
