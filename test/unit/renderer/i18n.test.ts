import { describe, expect, it } from 'vitest';
import { de } from '../../../src/renderer/i18n/messages/de.ts';
import { en } from '../../../src/renderer/i18n/messages/en.ts';
import { createTranslator, pickLanguage } from '../../../src/renderer/i18n/translator.ts';

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)/g)].map((m) => m[1] ?? '').sort();

describe('translation layer', () => {
  it('has every English key in German, with the same placeholders', () => {
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) expect(placeholders(de[key]), key).toEqual(placeholders(en[key]));
  });

  it('picks the first supported language from the user’s preferences', () => {
    expect(pickLanguage(['fr-FR', 'de-AT', 'en'])).toBe('de');
    expect(pickLanguage(['fr-FR'])).toBe('en');
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
