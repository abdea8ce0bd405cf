/**
 * One area's strings in every language, side by side: the English keys are the source, and a
 * German or French catalogue with a missing or extra key fails the type check
 * (test/unit/renderer/i18n.test.ts checks the same at run time, with the ICU arguments).
 */
export interface AreaMessages<K extends string> {
  readonly en: Readonly<Record<K, string>>;
  readonly de: Readonly<Record<NoInfer<K>, string>>;
  readonly fr: Readonly<Record<NoInfer<K>, string>>;
}

export function defineMessages<const K extends string>(messages: AreaMessages<K>): AreaMessages<K> {
  return messages;
}
