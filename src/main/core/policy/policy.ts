import type { Preferences, ProxyPreference } from '../../../shared/model/preferences.ts';
import { checkPolicyValue, POLICIES, type Policy, type PolicyDefinition, type PolicyKey } from '../../../shared/policy/policy-schema.ts';
import type { Logger } from '../ports.ts';
import type { PolicySource } from './policy-sources.ts';

export interface IgnoredPolicy {
  readonly key: string;
  readonly source: string;
  readonly reason: 'unknown-key' | 'invalid-value';
}

export interface ResolvedPolicy {
  readonly policy: Policy;
  readonly ignored: readonly IgnoredPolicy[];
}

const DEFINITIONS = new Map<string, PolicyDefinition>(POLICIES.map((definition) => [definition.key, definition]));
/** A file full of junk keys should not flood the log: this many lines per source, then one summary. */
const MAX_UNKNOWN_WARNINGS = 20;
/** Keys come from files anyone with admin rights wrote: long ones are cut in the log (not in `ignored`). */
const logKey = (key: string): string => (key.length > 100 ? `${key.slice(0, 100)}…` : key);

/**
 * The policy in force, from sources in precedence order (highest first: machine, then user).
 *
 * Per key, the first source that sets it with a valid value wins. A value that fails its check is
 * reported and treated as not set by that source, and lower sources are still consulted: the
 * invalid value's intent is unknown, so the only alternatives are "not set" (the widest choice)
 * or a lower, valid value (never wider than "not set"), and the lower one is the safer. One bad key
 * never affects another; a value shadowed by a higher valid one is neither checked nor reported. Warnings name the key and source only, never the value (it may be a
 * server name or a proxy an institution does not publish).
 */
export async function resolvePolicy(sources: readonly PolicySource[], logger: Logger): Promise<ResolvedPolicy> {
  const values = new Map<PolicyKey, unknown>();
  const setBy = new Map<PolicyKey, string>();
  const ignored: IgnoredPolicy[] = [];
  for (const source of sources) {
    let raw: Readonly<Record<string, unknown>>;
    try {
      raw = await source.read();
    } catch (error) {
      // A reader that throws sets nothing; the others still apply.
      logger.warn('policy source failed; no policy from it', { source: source.name, error: error instanceof Error ? error.name : 'unknown' });
      continue;
    }
    let unknown = 0;
    for (const [key, value] of Object.entries(raw)) {
      if (value === undefined) continue;
      const definition = DEFINITIONS.get(key);
      if (!definition) {
        ignored.push({ key, source: source.name, reason: 'unknown-key' });
        if (++unknown <= MAX_UNKNOWN_WARNINGS) logger.warn('unknown policy key ignored', { source: source.name, key: logKey(key) });
        continue;
      }
      const policyKey = definition.key as PolicyKey;
      if (values.has(policyKey)) continue; // a higher source already set it
      const checked = checkPolicyValue(definition, value);
      if (checked === undefined) {
        ignored.push({ key, source: source.name, reason: 'invalid-value' });
        logger.warn('invalid policy value ignored', { source: source.name, key });
        continue;
      }
      values.set(policyKey, Array.isArray(checked) ? Object.freeze([...(checked as readonly string[])]) : checked);
      setBy.set(policyKey, source.name);
    }
    if (unknown > MAX_UNKNOWN_WARNINGS) logger.warn('more unknown policy keys ignored', { source: source.name, count: unknown - MAX_UNKNOWN_WARNINGS });
  }
  // A manual proxy without a server would silently mean "no proxy": the system's settings are safer,
  // and IT is told the mode was not taken.
  if (values.get('ProxyMode') === 'manual' && !values.has('ProxyServer')) {
    values.set('ProxyMode', 'system');
    ignored.push({ key: 'ProxyMode', source: setBy.get('ProxyMode') ?? 'unknown', reason: 'invalid-value' });
    logger.warn('invalid policy value ignored', { source: setBy.get('ProxyMode') ?? 'unknown', key: 'ProxyMode', reason: 'manual without ProxyServer' });
  }
  return { policy: Object.freeze(Object.fromEntries(values)) as Policy, ignored };
}

export type LockedPreferences = Partial<Record<keyof Preferences, true>>;

/**
 * The preferences the user can no longer change. DefaultLanguage locks nothing: it is only where
 * Plenum starts, and the user may pick another language.
 */
export function lockedPreferences(policy: Policy): LockedPreferences {
  const locked: { -readonly [K in keyof Preferences]?: true } = {};
  if (policy.ShowMessagePreviews !== undefined) locked.showMessagePreviews = true;
  if (policy.ProxyMode !== undefined || policy.ProxyServer !== undefined || policy.ProxyBypass !== undefined) locked.proxy = true;
  return locked;
}

export function isLocked(policy: Policy, key: keyof Preferences): boolean {
  return lockedPreferences(policy)[key] === true;
}

/**
 * The proxy the policy forces, or null. A server without a mode means that proxy (the evident
 * intent); a bypass list alone means the system's settings with nothing for the user to change;
 * a manual mode without a server falls back to the system's settings (resolvePolicy reports it).
 */
function forcedProxy(policy: Policy): ProxyPreference | null {
  if (policy.ProxyMode === undefined && policy.ProxyServer === undefined && policy.ProxyBypass === undefined) return null;
  const server = policy.ProxyServer ?? '';
  const mode = policy.ProxyMode ?? (server === '' ? 'system' : 'manual');
  if (mode === 'manual' && server === '') return { mode: 'system', server: '', bypass: '' };
  return { mode, server, bypass: policy.ProxyBypass ?? '' };
}

/**
 * The preferences in effect: the stored ones with every forced value over them. The stored file is
 * left as the user chose, so a lifted policy gives them back their own choice.
 * DefaultLanguage applies only while the user has never chosen a language (`storedLanguageChosen`
 * false and the language still "system"); any choice of theirs, "system" included, wins.
 */
export function applyPolicyToPreferences(preferences: Preferences, policy: Policy, storedLanguageChosen: boolean): Preferences {
  let effective = preferences;
  if (policy.ShowMessagePreviews !== undefined) effective = { ...effective, showMessagePreviews: policy.ShowMessagePreviews };
  const proxy = forcedProxy(policy);
  if (proxy) effective = { ...effective, proxy };
  if (policy.DefaultLanguage !== undefined && !storedLanguageChosen && effective.language === 'system') {
    effective = { ...effective, language: policy.DefaultLanguage };
  }
  return effective;
}

const PLAIN_SERVER_NAME = /^[a-z0-9.-]+(?::\d{1,5})?$/;
/** ASCII only: toLowerCase would fold look-alikes such as the Kelvin sign (U+212A) into "k". */
const asciiLower = (text: string): string => text.replace(/[A-Z]/g, (letter) => letter.toLowerCase());

/**
 * Whether the user may sign in to this Matrix server name (the part of a user ID after the colon,
 * or the server the user typed, without scheme or path). Unset or empty AllowedHomeservers: every
 * server. Otherwise the whole name must equal an entry, ignoring ASCII case; a port is part of the
 * name (an entry without one allows only the name without one), and there is no suffix or wildcard
 * matching, so `evil-matrix.example.org` or `matrix.example.org.evil.example` never pass.
 */
export function homeserverAllowed(policy: Policy, serverName: string): boolean {
  const allowed = policy.AllowedHomeservers;
  if (allowed === undefined || allowed.length === 0) return true;
  const candidate = asciiLower(serverName.trim());
  if (!PLAIN_SERVER_NAME.test(candidate)) return false;
  return allowed.some((entry) => asciiLower(entry.trim()) === candidate);
}
