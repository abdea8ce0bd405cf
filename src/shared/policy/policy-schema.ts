/**
 * Plenum's managed policy: every setting an institution's IT may fix through Group Policy (Windows
 * registry), a configuration profile (macOS managed preferences) or /etc/plenum/policy.json (Linux).
 * This table is the single source: the readers, the checks in main, the "set by your organisation"
 * locks in the UI, the ADMX/ADML and .mobileconfig templates and docs/deployment.md all follow it,
 * and tests fail when one of them disagrees.
 *
 * Each policy is read with its own check; a value that fails it is ignored on its own (with a
 * warning), so one typo never disables the rest, and never widens what is allowed.
 */

import { PROXY_SERVER } from '../model/preferences.ts';

export type PolicyType =
  | { readonly kind: 'boolean' }
  | { readonly kind: 'string'; readonly pattern: RegExp; readonly maxLength: number }
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  | { readonly kind: 'integer'; readonly min: number; readonly max: number }
  | { readonly kind: 'string-list'; readonly item: RegExp; readonly maxItems: number };

export interface PolicyDefinition {
  /** The name in the registry (a value under HKLM/HKCU\SOFTWARE\Policies\Plenum), the plist key and the JSON key. */
  readonly key: string;
  readonly type: PolicyType;
  /** One line for IT: what it does (English; the templates carry it, docs/deployment.md explains more). */
  readonly summary: string;
  /** Which part of the ADMX category tree it belongs to. */
  readonly category: 'signIn' | 'privacy' | 'rooms' | 'files' | 'network' | 'updates' | 'general';
}

const HTTPS_URL = /^https:\/\/[A-Za-z0-9.-]+(?::\d{1,5})?(?:\/[A-Za-z0-9._~%/-]*)?$/;
const SERVER_NAME = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*(?::\d{1,5})?$/;
// The proxy checks must accept nothing the preferences contract refuses: the forced value becomes the
// effective proxy preference and goes to Chromium's setProxy. The server rule is the contract's own;
// the bypass rule is PROXY_BYPASS item by item, without its redundant `\*?` (which makes that regex
// backtrack exponentially on a long list of `*.` items that fails at the end).
const PROXY_SERVER_RULE = PROXY_SERVER;
const BYPASS_LIST = /^(?:\s*(?:<local>|[A-Za-z0-9.*:[\]-]{1,253})\s*(?:,|$))*$/;

export const POLICIES = [
  {
    key: 'HomeserverUrl',
    type: { kind: 'string', pattern: HTTPS_URL, maxLength: 2048 },
    summary: 'The homeserver everyone signs in to. The sign-in screen shows it and it cannot be changed.',
    category: 'signIn',
  },
  {
    key: 'AllowedHomeservers',
    type: { kind: 'string-list', item: SERVER_NAME, maxItems: 100 },
    summary: 'The only server names people may sign in to (for example matrix.example.org). Empty or unset: any server.',
    category: 'signIn',
  },
  {
    key: 'DisablePasswordLogin',
    type: { kind: 'boolean' },
    summary: 'Hide password sign-in, so only single sign-on is offered.',
    category: 'signIn',
  },
  {
    key: 'ForceSso',
    type: { kind: 'boolean' },
    summary: 'Sign in through single sign-on only, straight away, when the server offers it.',
    category: 'signIn',
  },
  {
    key: 'DisableRegistration',
    type: { kind: 'boolean' },
    summary: 'Offer no account creation or guest access in the app.',
    category: 'signIn',
  },
  {
    key: 'ShowMessagePreviews',
    type: { kind: 'boolean' },
    summary: 'Whether desktop notifications show sender and text; the user can no longer change it.',
    category: 'privacy',
  },
  {
    key: 'ForceEncryptionForNewRooms',
    type: { kind: 'boolean' },
    summary: 'New rooms are always end-to-end encrypted; the choice is not offered.',
    category: 'rooms',
  },
  {
    key: 'MaxUploadSizeMb',
    type: { kind: 'integer', min: 1, max: 100 },
    summary: 'The largest file people may send, in megabytes (at most the server’s own limit).',
    category: 'files',
  },
  {
    key: 'ProxyMode',
    type: { kind: 'enum', values: ['system', 'direct', 'manual'] },
    summary: 'How Plenum reaches the network: the system’s proxy settings, none, or ProxyServer.',
    category: 'network',
  },
  {
    key: 'ProxyServer',
    type: { kind: 'string', pattern: PROXY_SERVER_RULE, maxLength: 300 },
    summary: 'The proxy, as host:port or scheme://host:port, when ProxyMode is manual.',
    category: 'network',
  },
  {
    key: 'ProxyBypass',
    type: { kind: 'string', pattern: BYPASS_LIST, maxLength: 2000 },
    summary: 'Hosts that do not go through ProxyServer, comma-separated (for example localhost, *.intranet.example).',
    category: 'network',
  },
  {
    key: 'DisableAutoUpdate',
    type: { kind: 'boolean' },
    summary: 'Never look for or install updates (the institution deploys new versions itself).',
    category: 'updates',
  },
  {
    key: 'UpdateUrl',
    type: { kind: 'string', pattern: HTTPS_URL, maxLength: 2048 },
    summary: 'The institution’s update server: the https:// folder holding latest.yml, latest-mac.yml and latest-linux.yml. Unset: Plenum never looks for updates.',
    category: 'updates',
  },
  {
    key: 'AutoInstallUpdates',
    type: { kind: 'boolean' },
    summary: 'Install a downloaded update when Plenum quits, without asking the user first.',
    category: 'updates',
  },
  {
    key: 'DefaultLanguage',
    type: { kind: 'enum', values: ['en', 'de', 'fr'] },
    summary: 'The language Plenum starts in until the user picks another.',
    category: 'general',
  },
] as const satisfies readonly PolicyDefinition[];

export type PolicyKey = (typeof POLICIES)[number]['key'];

type ValueOf<T extends PolicyType> = T extends { kind: 'boolean' }
  ? boolean
  : T extends { kind: 'integer' }
    ? number
    : T extends { kind: 'string-list' }
      ? readonly string[]
      : T extends { kind: 'enum'; values: readonly (infer V)[] }
        ? V
        : string;

/** The policies in force: only those set, each with a value that passed its check. */
export type Policy = { readonly [P in (typeof POLICIES)[number] as P['key']]?: ValueOf<P['type']> };

/** The value if it passes the definition's check, else undefined (the caller reports it). */
export function checkPolicyValue(definition: PolicyDefinition, raw: unknown): boolean | number | string | readonly string[] | undefined {
  const { type } = definition;
  switch (type.kind) {
    case 'boolean':
      // The registry has no booleans: Group Policy writes DWORD 1 or 0.
      if (typeof raw === 'boolean') return raw;
      if (raw === 1 || raw === 0) return raw === 1;
      return undefined;
    case 'integer':
      return typeof raw === 'number' && Number.isInteger(raw) && raw >= type.min && raw <= type.max ? raw : undefined;
    case 'enum':
      return typeof raw === 'string' && type.values.includes(raw) ? raw : undefined;
    case 'string':
      return typeof raw === 'string' && raw.length <= type.maxLength && type.pattern.test(raw) ? raw : undefined;
    case 'string-list': {
      // A registry list may arrive as one string (REG_MULTI_SZ joined, or a comma list in a GPO text box).
      const items = typeof raw === 'string' ? raw.split(/[\n,]/).map((item) => item.trim()).filter(Boolean) : raw;
      if (!Array.isArray(items) || items.length > type.maxItems) return undefined;
      return items.every((item): item is string => typeof item === 'string' && type.item.test(item)) ? items : undefined;
    }
  }
}
