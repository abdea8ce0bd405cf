import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { catalogs, type Language } from '../../../src/renderer/i18n/messages.ts';
import { createTranslator, pickLanguage } from '../../../src/renderer/i18n/translator.ts';

const { en } = catalogs;
const LANGUAGES = ['en', 'de', 'fr'] as const satisfies readonly Language[];
const TRANSLATIONS = ['de', 'fr'] as const;
const RENDERER = resolve(import.meta.dirname, '../../../src/renderer');

interface AstNode {
  readonly type: number;
  readonly value?: unknown;
  readonly options?: Readonly<Record<string, { readonly value: readonly AstNode[] }>>;
  readonly children?: readonly AstNode[];
}
// @formatjs/icu-messageformat-parser's element types: argument, number, date, time, select, plural.
const ARGUMENT_TYPES = new Set([1, 2, 3, 4, 5, 6]);

/** The ICU arguments of a message with their kind ("seconds:6" is a plural), nested ones included. */
function argumentsOf(nodes: readonly AstNode[]): string[] {
  return nodes.flatMap((node) => [
    ...(ARGUMENT_TYPES.has(node.type) && typeof node.value === 'string' ? [`${node.value}:${node.type}`] : []),
    ...Object.values(node.options ?? {}).flatMap((option) => argumentsOf(option.value)),
    ...argumentsOf(node.children ?? []),
  ]);
}
function parse(text: string, language: Language): readonly AstNode[] {
  return new IntlMessageFormat(text, language).getAst() as unknown as readonly AstNode[];
}
/** How many words of plain text a message has outside its placeholders. */
function literalWords(nodes: readonly AstNode[]): number {
  return nodes.reduce(
    (sum, node) =>
      sum +
      (node.type === 0 && typeof node.value === 'string' ? (node.value.match(/\p{L}+/gu) ?? []).length : 0) +
      Object.values(node.options ?? {}).reduce((inner, option) => Math.max(inner, literalWords(option.value)), 0) +
      literalWords(node.children ?? []),
    0,
  );
}
function wordsOutsidePlaceholders(text: string, language: Language): number {
  try {
    return literalWords(parse(text, language));
  } catch {
    return 0; // reported by the ICU test
  }
}
const signature = (text: string, language: Language): string[] => [...new Set(argumentsOf(parse(text, language)))].sort();

/** Every .ts and .svelte file under src/renderer, with its source. */
function rendererSources(dir = RENDERER): { path: string; source: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return rendererSources(path);
    return /\.(ts|svelte)$/.test(entry.name) ? [{ path: relative(RENDERER, path), source: readFileSync(path, 'utf8') }] : [];
  });
}

describe('translation catalogues', () => {
  it.each(TRANSLATIONS)('%s has exactly the English keys', (language) => {
    expect(Object.keys(catalogs[language]).sort()).toEqual(Object.keys(en).sort());
  });

  it.each(LANGUAGES)('every %s message is valid ICU MessageFormat', (language) => {
    const broken = Object.entries(catalogs[language]).flatMap(([key, text]) => {
      try {
        parse(text, language);
        return [];
      } catch (error) {
        return [`${key}: ${(error as Error).message}`];
      }
    });
    expect(broken).toEqual([]);
  });

  it.each(TRANSLATIONS)('%s uses the same placeholders, of the same kind, as English', (language) => {
    const catalog = catalogs[language];
    const differing = (Object.keys(en) as (keyof typeof en)[])
      .filter((key) => key in catalog)
      .filter((key) => {
        try {
          return signature(catalog[key], language).join() !== signature(en[key], 'en').join();
        } catch {
          return false; // reported by the ICU test
        }
      });
    expect(differing).toEqual([]);
  });

  it.each(TRANSLATIONS)('%s is translated, not an English copy (names and one- or two-word labels may match)', (language) => {
    const untranslated = Object.entries(catalogs[language])
      .filter(([key, text]) => text === en[key as keyof typeof en] && wordsOutsidePlaceholders(text, language) > 2)
      .map(([key]) => key);
    expect(untranslated).toEqual([]);
  });

  it('has every key the renderer asks for with a literal t(…) call', () => {
    const missing: string[] = [];
    let found = 0;
    for (const { path, source } of rendererSources()) {
      for (const match of source.matchAll(/\bt\(\s*(['"])([\w.-]+)\1/g)) {
        found += 1;
        const key = match[2] ?? '';
        if (!(key in en)) missing.push(`${path}: ${key}`);
      }
      // t(`signIn.error.${code}`): at least one key must carry the fixed prefix.
      for (const match of source.matchAll(/\bt\(\s*`([\w.-]+)\$\{/g)) {
        const prefix = match[1] ?? '';
        if (!Object.keys(en).some((key) => key.startsWith(prefix))) missing.push(`${path}: ${prefix}…`);
      }
    }
    expect(found, 'the scan found the t() calls').toBeGreaterThan(20);
    expect(missing).toEqual([]);
  });
});

describe('translator', () => {
  it('picks the first supported language from the user’s preferences', () => {
    expect(pickLanguage(['es-ES', 'de-AT', 'en'])).toBe('de');
    expect(pickLanguage(['fr-FR'])).toBe('fr');
    expect(pickLanguage(['es-ES'])).toBe('en');
    expect(pickLanguage([])).toBe('en');
  });

  it('formats ICU placeholders and plurals per language', () => {
    expect(createTranslator('en').t('signIn.discovery.found', { server: 'matrix.example.org' })).toBe('matrix.example.org found');
    expect(createTranslator('de').t('signIn.discovery.found', { server: 'matrix.example.org' })).toBe('matrix.example.org gefunden');
    expect(createTranslator('en').t('signIn.waitToRetry', { seconds: 1 })).toBe('Try again in 1 second');
    expect(createTranslator('de').t('signIn.waitToRetry', { seconds: 30 })).toBe('Erneut möglich in 30 Sekunden');
    expect(createTranslator('fr').t('signIn.waitToRetry', { seconds: 1 })).toBe('Nouvel essai possible dans 1 seconde');
  });

  it('has a plain-words message for every sign-in error the core can return', async () => {
    const { ERROR_CODES } = await import('../../../src/shared/ipc/result.ts');
    const explained = ERROR_CODES.filter((code) => `signIn.error.${code}` in en);
    expect(explained).toEqual(
      expect.arrayContaining(['INVALID_CREDENTIALS', 'NETWORK', 'NOT_A_MATRIX_SERVER', 'BAD_REQUEST', 'KEYCHAIN_UNAVAILABLE', 'RATE_LIMITED']),
    );
    expect('signIn.error.other' in en).toBe(true);
  });
});

describe('translator robustness', () => {
  it('shows the message rather than failing when a placeholder value is missing', () => {
    expect(createTranslator('en').t('signIn.discovery.found')).toBe('{server} found');
  });
});
