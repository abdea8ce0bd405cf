import type { ProxyPreference } from '../../shared/model/preferences.ts';

/** Electron's `ProxyConfig` (session.setProxy), the parts Plenum uses. */
export type ElectronProxyConfig =
  | { readonly mode: 'system' }
  | { readonly mode: 'direct' }
  | { readonly mode: 'fixed_servers'; readonly proxyRules: string; readonly proxyBypassRules: string };

/**
 * The proxy preference as the session's proxy. `system` is Chromium's own reading of the OS
 * settings (PAC and WPAD included), which institutions' IT configure; the others override it.
 * The server was checked against PROXY_SERVER in the contract and on reading the file.
 */
export function proxyConfig(preference: ProxyPreference): ElectronProxyConfig {
  switch (preference.mode) {
    case 'system':
      return { mode: 'system' };
    case 'direct':
      return { mode: 'direct' };
    case 'manual':
      // Chromium bypasses loopback addresses implicitly; only `<-loopback>` would undo that, so it is never added.
      return { mode: 'fixed_servers', proxyRules: preference.server, proxyBypassRules: preference.bypass };
  }
}
