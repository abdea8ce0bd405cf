import { mount } from 'svelte';
import './styles/tokens.css';
import './styles/base.css';
import { selectBridge } from './bridge/select-bridge.ts';
import { createTranslator, pickLanguage } from './i18n/translator.ts';
import { PolicyModel } from './state/policy.svelte.ts';
import { applyTheme, PreferencesModel } from './state/preferences.svelte.ts';
import { UpdatesModel } from './state/updates.svelte.ts';
import App from './views/App.svelte';

async function start(): Promise<void> {
  const target = document.getElementById('app');
  if (!target) throw new Error('index.html has no #app element');

  const bridge = await selectBridge().catch(() => undefined);
  if (!bridge) {
    const translator = createTranslator(pickLanguage(navigator.languages));
    document.documentElement.lang = translator.language;
    document.title = translator.t('app.title');
    const message = document.createElement('p');
    message.setAttribute('role', 'alert');
    message.className = 'fatal';
    message.textContent = translator.t('app.bridgeUnavailable');
    target.replaceChildren(message);
    return;
  }
  // The stored theme and language are applied before the first paint, so a dark-theme user never
  // sees a light flash and a German user never sees English first. The organisation's policy is
  // read alongside, so a locked setting or a fixed homeserver never shows as editable first.
  const preferences = new PreferencesModel(bridge);
  const policy = new PolicyModel(bridge);
  await Promise.all([preferences.start(), policy.start()]);
  applyTheme(preferences.theme, document.documentElement);
  document.documentElement.lang = preferences.language;
  // Updates change nothing in the first paint: they follow main from here on, for the app's lifetime
  // (so "Later" outlives the views a language change makes again).
  const updates = new UpdatesModel(bridge);
  void updates.start();
  mount(App, { target, props: { bridge, preferences, policy, updates } });
}

void start();
