import { getContext, setContext } from 'svelte';
import type { Translator } from './translator.ts';

const key = Symbol('translator');

export const provideTranslator = (translator: Translator): Translator => setContext(key, translator);

export function useTranslator(): Translator {
  const translator = getContext<Translator | undefined>(key);
  if (!translator) throw new Error('useTranslator() needs provideTranslator() in an ancestor');
  return translator;
}
