import { describe, expect, it } from 'vitest';
import { catalogs } from '../../../src/renderer/i18n/messages.ts';
import { createTranslator, pickLanguage } from '../../../src/renderer/i18n/translator.ts';

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)/g)].map((m) => m[1] ?? '').sort();

const { en } = catalogs;

describe('translation layer', () => {
  it.each(['de', 'fr'] as const)('has every English key in %s, with the same placeholders', (language) => {
    const catalog = catalogs[language];
    expect(Object.keys(catalog).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) expect(placeholders(catalog[key]), key).toEqual(placeholders(en[key]));
  });

  it('picks the first supported language from the user’s preferences', () => {
    expect(pickLanguage(['es-ES', 'de-AT', 'en'])).toBe('de');
    expect(pickLanguage(['fr-FR'])).toBe('fr');
    expect(pickLanguage(['es-ES'])).toBe('en');
    expect(pickLanguage([])).toBe('en');
  });

  it('formats ICU placeholders', () => {
    expect(createTranslator('de').t('home.signedInAs', { name: 'Jana' })).toBe('Angemeldet als Jana');
    expect(createTranslator('en').t('home.signedInAs', { name: 'Jane' })).toBe('Signed in as Jane');
  });

  it('has a plain-words message for every sign-in error the core can return', async () => {
    const { ERROR_CODES } = await import('../../../src/shared/ipc/result.ts');
    const explained = ERROR_CODES.filter((code) => `signIn.error.${code}` in en);
    expect(explained).toEqual(
      expect.arrayContaining(['INVALID_CREDENTIALS', 'NETWORK', 'NOT_A_MATRIX_SERVER', 'BAD_REQUEST', 'KEYCHAIN_UNAVAILABLE']),
    );
    expect('signIn.error.other' in en).toBe(true);
  });
});
