import type { Component } from 'svelte';
import type { BridgeApi } from '../../../../src/shared/ipc/types.ts';
import { render } from 'svelte/server';
import type { Language } from '../../../../src/renderer/i18n/translator.ts';
import type { PolicyModel } from '../../../../src/renderer/state/policy.svelte.ts';
import type { PreferencesModel } from '../../../../src/renderer/state/preferences.svelte.ts';
import { Toasts } from '../../../../src/renderer/state/toasts.svelte.ts';
import WithContext from './WithContext.svelte';

/**
 * Server-renders a component to HTML inside the app's contexts, to check the markup assistive
 * technology reads (roles, names, ARIA wiring). Behaviour in a browser is covered by the e2e tests.
 */
export function renderHtml<Props extends Record<string, unknown>>(
  component: Component<Props>,
  props: NoInfer<Props>,
  options: { language?: Language; toasts?: Toasts; policy?: PolicyModel; preferences?: PreferencesModel; bridge?: BridgeApi } = {},
): string {
  return render(WithContext, {
    props: {
      component: component as unknown as Component<Record<string, unknown>>,
      props,
      language: options.language ?? 'en',
      toasts: options.toasts ?? new Toasts(),
      ...(options.policy ? { policy: options.policy } : {}),
      ...(options.preferences ? { preferences: options.preferences } : {}),
      ...(options.bridge ? { bridge: options.bridge } : {}),
    },
  }).body;
}

/** The HTML as a DOM-less list of tags, for simple attribute checks without a DOM library. */
export function tags(html: string, name: string): Record<string, string>[] {
  return [...html.matchAll(new RegExp(`<${name}\\b([^>]*)>`, 'g'))].map((match) =>
    Object.fromEntries([...(match[1] ?? '').matchAll(/([\w:-]+)(?:="([^"]*)")?/g)].map((attr) => [attr[1] ?? '', attr[2] ?? ''])),
  );
}
