import { mount } from 'svelte';
import './styles/tokens.css';
import './styles/base.css';
import { selectBridge } from './bridge/select-bridge.ts';
import { createTranslator, pickLanguage } from './i18n/translator.ts';
import App from './views/App.svelte';

async function start(): Promise<void> {
  const target = document.getElementById('app');
  if (!target) throw new Error('index.html has no #app element');
  const translator = createTranslator(pickLanguage(navigator.languages));
  document.documentElement.lang = translator.language;
  document.title = translator.t('app.title');

  const bridge = await selectBridge().catch(() => undefined);
  if (!bridge) {
    const message = document.createElement('p');
    message.setAttribute('role', 'alert');
    message.className = 'fatal';
    message.textContent = translator.t('app.bridgeUnavailable');
    target.replaceChildren(message);
    return;
  }
  mount(App, { target, props: { bridge, translator } });
}

void start();
