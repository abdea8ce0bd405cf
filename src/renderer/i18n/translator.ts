import { IntlMessageFormat } from 'intl-messageformat';
import { de } from './messages/de.ts';
import { en, type Catalog, type MessageKey } from './messages/en.ts';

export type { MessageKey };
export type MessageValues = Readonly<Record<string, string | number>>;

const catalogs: ReadonlyMap<string, Catalog> = new Map([
  ['en', en],
  ['de', de],
]);

export const SUPPORTED_LANGUAGES: readonly string[] = [...catalogs.keys()];

/** Picks the first supported language from the user's preferences (BCP 47 tags), English otherwise. */
export function pickLanguage(preferred: readonly string[]): string {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0] ?? '';
    if (catalogs.has(base)) return base;
  }
  return 'en';
}

export interface Translator {
  readonly language: string;
  t(key: MessageKey, values?: MessageValues): string;
}

/**
 * ICU MessageFormat via intl-messageformat (FormatJS): plurals, selects and number/date formats
 * per language, which hand-rolled string interpolation gets wrong for German, Polish and others.
 */
export function createTranslator(language: string): Translator {
  const catalog = catalogs.get(language) ?? en;
  const cache = new Map<MessageKey, IntlMessageFormat>();
  return {
    language,
    t(key, values) {
      let format = cache.get(key);
      if (!format) {
        format = new IntlMessageFormat(catalog[key] ?? en[key], language);
        cache.set(key, format);
      }
      return String(format.format(values));
    },
  };
}
