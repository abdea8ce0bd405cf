import { describe, expect, it } from 'vitest';
import { createMemoryTransportPair } from '../../../src/shared/ipc/memory-transport.ts';
import { AppFailure } from '../../../src/shared/ipc/result.ts';
import { serveBridge } from '../../../src/shared/ipc/server.ts';
import type { Handlers } from '../../../src/shared/ipc/types.ts';
import { NO_POLICY, type PolicyView } from '../../../src/shared/model/policy.ts';
import { DEFAULT_PREFERENCES } from '../../../src/shared/model/preferences.ts';
import { PolicyModel } from '../../../src/renderer/state/policy.svelte.ts';
import { PreferencesModel } from '../../../src/renderer/state/preferences.svelte.ts';
import { ComposerRegistry } from '../../../src/renderer/state/composer.svelte.ts';
import { SessionModel } from '../../../src/renderer/state/session.svelte.ts';
import type { RoomsModel } from '../../../src/renderer/state/rooms.svelte.ts';
import { errorMessageKey } from '../../../src/renderer/views/settings/describe-error.ts';
import ComposerNotices from '../../../src/renderer/views/room/composer/ComposerNotices.svelte';
import CreateRoomDialog from '../../../src/renderer/views/rooms/CreateRoomDialog.svelte';
import DesktopSection from '../../../src/renderer/views/settings/DesktopSection.svelte';
import NotificationsSection from '../../../src/renderer/views/settings/NotificationsSection.svelte';
import SignInView from '../../../src/renderer/views/SignInView.svelte';
import { stubHandlers } from '../../support/stub-handlers.ts';
import { renderHtml, tags } from './components/render.ts';

function bridgeTo(overrides: Partial<Handlers> = {}) {
  const { server, client } = createMemoryTransportPair();
  serveBridge({ handlers: stubHandlers(overrides), onEvent: () => () => {} }, server);
  return client;
}

const policyView = (changes: Partial<PolicyView>): PolicyView => ({ ...NO_POLICY, ...changes });

/** A started PolicyModel whose main answers `policy.get` with this view. */
async function policyOf(changes: Partial<PolicyView>): Promise<PolicyModel> {
  const policy = new PolicyModel(bridgeTo({ 'policy.get': async () => policyView(changes) }));
  await policy.start();
  return policy;
}

/** The ids an element's aria-describedby names, each resolved to its text in the HTML. */
function descriptions(html: string, element: Record<string, string>): string[] {
  return (element['aria-describedby'] ?? '')
    .split(' ')
    .filter(Boolean)
    .map((id) => {
      const match = new RegExp(`id="${id}"[^>]*>([\\s\\S]*?)</(?:p|span)>`).exec(html);
      return (match?.[1] ?? '').replace(/<[^>]+>/g, '').trim();
    });
}

describe('PolicyModel', () => {
  it('shows nothing as managed until policy.get has answered, then what the organisation sets', async () => {
    let answer: (view: PolicyView) => void = () => undefined;
    const policy = new PolicyModel(bridgeTo({ 'policy.get': () => new Promise<PolicyView>((resolve) => (answer = resolve)) }));
    const starting = policy.start();
    expect(policy.policy).toBe(NO_POLICY);
    expect(policy.isLocked('showMessagePreviews')).toBe(false);
    expect([policy.homeserverUrl, policy.maxUploadMb, policy.encryptionForced, policy.passwordLoginDisabled]).toEqual([null, null, false, false]);

    await new Promise((resolve) => setTimeout(resolve, 5));
    answer(
      policyView({
        locked: ['showMessagePreviews', 'proxy'],
        homeserverUrl: 'https://matrix.example.org',
        allowedHomeservers: ['example.org'],
        passwordLoginDisabled: true,
        encryptionForced: true,
        maxUploadMb: 25,
      }),
    );
    await starting;
    expect(policy.isLocked('showMessagePreviews')).toBe(true);
    expect(policy.isLocked('proxy')).toBe(true);
    expect(policy.isLocked('theme')).toBe(false);
    expect(policy.homeserverUrl).toBe('https://matrix.example.org');
    expect(policy.allowedHomeservers).toEqual(['example.org']);
    expect(policy.passwordLoginDisabled).toBe(true);
    expect(policy.encryptionForced).toBe(true);
    expect(policy.maxUploadMb).toBe(25);
    policy.dispose();
  });

  it('reads the policy once, however often it is started', async () => {
    let reads = 0;
    const policy = new PolicyModel(
      bridgeTo({
        'policy.get': async () => {
          reads += 1;
          return policyView({ encryptionForced: true });
        },
      }),
    );
    await Promise.all([policy.start(), policy.start()]);
    await policy.start();
    expect(reads).toBe(1);
    expect(policy.encryptionForced).toBe(true);
  });

  it('keeps showing nothing as managed when the policy cannot be read (main still enforces it)', async () => {
    const policy = new PolicyModel(
      bridgeTo({
        'policy.get': async () => {
          throw new AppFailure('INTERNAL', 'unreadable');
        },
      }),
    );
    await policy.start();
    expect(policy.policy).toBe(NO_POLICY);
  });

  it('ignores an answer that comes after it was disposed', async () => {
    let answer: (view: PolicyView) => void = () => undefined;
    const policy = new PolicyModel(bridgeTo({ 'policy.get': () => new Promise<PolicyView>((resolve) => (answer = resolve)) }));
    const starting = policy.start();
    await new Promise((resolve) => setTimeout(resolve, 5));
    policy.dispose();
    answer(policyView({ encryptionForced: true }));
    await starting;
    expect(policy.encryptionForced).toBe(false);
  });
});

describe('what the organisation sets, as the views show it', () => {
  const preferences = () => new PreferencesModel(bridgeTo({ 'preferences.get': async () => DEFAULT_PREFERENCES }));

  it('Notifications: the previews switch is disabled with "Set by your organisation" read as its description; the rest stays free', async () => {
    const html = renderHtml(NotificationsSection, {}, { bridge: bridgeTo(), policy: await policyOf({ locked: ['showMessagePreviews'] }), preferences: preferences() });
    const [previews, quiet] = tags(html, 'input');
    expect(previews).toHaveProperty('disabled');
    expect(descriptions(html, previews ?? {})).toEqual(['Set by your organisation', expect.stringContaining('lock screen')]);
    expect(quiet).not.toHaveProperty('disabled');
    expect(descriptions(html, quiet ?? {})).toEqual([expect.stringContaining('Unread counts')]);
    // The line carries the building icon, hidden from screen readers (the words say it).
    expect(html).toMatch(/data-testid="managed-note"[^>]*><svg[^>]*aria-hidden="true"/);

    const free = renderHtml(NotificationsSection, {}, { bridge: bridgeTo(), policy: new PolicyModel(bridgeTo()), preferences: preferences() });
    expect(free).not.toContain('managed-note');
    expect(tags(free, 'input').filter((input) => 'disabled' in input)).toEqual([]);
  });

  it('Notifications in German and French say it too', async () => {
    const policy = await policyOf({ locked: ['showMessagePreviews'] });
    expect(renderHtml(NotificationsSection, {}, { bridge: bridgeTo(), policy, preferences: preferences(), language: 'de' })).toContain('Von Ihrer Organisation festgelegt');
    expect(renderHtml(NotificationsSection, {}, { bridge: bridgeTo(), policy, preferences: preferences(), language: 'fr' })).toContain('Défini par votre organisation');
  });

  it('Desktop: every proxy choice is disabled and described as set by the organisation; the start switches stay free', async () => {
    const html = renderHtml(DesktopSection, {}, { policy: await policyOf({ locked: ['proxy'] }), preferences: preferences() });
    expect(tags(html, 'fieldset')[0]).toHaveProperty('disabled');
    const radios = tags(html, 'input').filter((input) => input.type === 'radio');
    expect(radios).toHaveLength(3);
    for (const radio of radios) expect(descriptions(html, radio)[0]).toBe('Set by your organisation');
    const switches = tags(html, 'input').filter((input) => input.role === 'switch');
    expect(switches).toHaveLength(3);
    expect(switches.filter((input) => 'disabled' in input)).toEqual([]);
    expect(html).not.toContain('Save proxy');
  });

  it('Sign-in: a fixed homeserver is read-only (not disabled) with "Set by your organisation"', async () => {
    const model = new SessionModel(bridgeTo());
    const html = renderHtml(SignInView, { model, defaultHomeserver: '' }, { policy: await policyOf({ homeserverUrl: 'https://matrix.example.org' }) });
    const field = tags(html, 'input').find((input) => input.name === 'homeserver') ?? {};
    expect(field).toHaveProperty('readonly');
    expect(field).not.toHaveProperty('disabled');
    expect(field.value).toBe('https://matrix.example.org');
    expect(descriptions(html, field)).toContain('Set by your organisation');
    // "Leave it empty" is not true of a fixed server.
    expect(html).not.toContain('Leave it empty');
    expect(tags(html, 'input').map((input) => input.name)).toEqual(['homeserver', 'username', 'password']);
  });

  it('Sign-in: the allowed servers are listed under an editable field', async () => {
    const model = new SessionModel(bridgeTo());
    const html = renderHtml(SignInView, { model, defaultHomeserver: '' }, { policy: await policyOf({ allowedHomeservers: ['matrix.example.org', 'example.org'] }) });
    const field = tags(html, 'input').find((input) => input.name === 'homeserver') ?? {};
    expect(field).not.toHaveProperty('readonly');
    expect(field.placeholder).toBe('matrix.example.org');
    expect(descriptions(html, field)).toContain('Your organisation allows only these servers: matrix.example.org or example.org');
    const one = renderHtml(SignInView, { model, defaultHomeserver: '' }, { policy: await policyOf({ allowedHomeservers: ['example.org'] }), language: 'de' });
    expect(one).toContain('Ihre Organisation erlaubt nur diesen Server: example.org');
  });

  it('Sign-in: a server the organisation does not allow is refused in plain words, and the field is marked', async () => {
    const model = new SessionModel(
      bridgeTo({
        'session.signIn': async () => {
          throw new AppFailure('POLICY_LOCKED', 'your organisation does not allow this server');
        },
      }),
    );
    expect(await model.signIn({ homeserver: 'matrix.other.example', user: 'jane', password: 'secret' })).toBe(false);
    const html = renderHtml(SignInView, { model, defaultHomeserver: '' }, { policy: await policyOf({ allowedHomeservers: ['example.org'] }) });
    expect(html).toContain('Your organisation does not allow signing in to this server with Plenum.');
    expect(tags(html, 'input').find((input) => input.name === 'homeserver')?.['aria-invalid']).toBe('true');
  });

  it('Sign-in: without password login, shows no password form, not even before the server is found', async () => {
    const model = new SessionModel(bridgeTo());
    const html = renderHtml(SignInView, { model, defaultHomeserver: '' }, { policy: await policyOf({ passwordLoginDisabled: true }) });
    // Only the homeserver field: single sign-on buttons come once discovery has found the server.
    expect(tags(html, 'input').map((input) => input.name)).toEqual(['homeserver']);
    expect(html).not.toContain('>Sign in</');
  });

  it('Create room: with encryption required, the switch is on, disabled and says why', async () => {
    const rooms = {} as RoomsModel;
    const html = renderHtml(CreateRoomDialog, { open: true, rooms }, { policy: await policyOf({ encryptionForced: true }) });
    const encryption = tags(html, 'input').find((input) => input.role === 'switch') ?? {};
    expect(encryption).toHaveProperty('checked');
    expect(encryption).toHaveProperty('disabled');
    expect(descriptions(html, encryption)[0]).toBe('Required by your organisation');

    const free = renderHtml(CreateRoomDialog, { open: true, rooms }, { policy: new PolicyModel(bridgeTo()) });
    const choice = tags(free, 'input').find((input) => input.role === 'switch') ?? {};
    expect(choice).toHaveProperty('checked');
    expect(choice).not.toHaveProperty('disabled');
  });

  it('explains a change refused as POLICY_LOCKED with the settings’ own sentence', () => {
    expect(errorMessageKey({ code: 'POLICY_LOCKED', message: 'proxy is set by your organisation' }, 'settings.error.saveFailed')).toBe('settings.error.policyLocked');
  });
});

describe('the organisation’s upload limit in the composer', () => {
  const file = (name: string, bytes: number): File => new File([new Uint8Array(bytes)], name, { type: 'application/pdf' });

  it('refuses a file over the limit when it is chosen, names the limit, and keeps one at the limit', () => {
    const registry = new ComposerRegistry(bridgeTo(), undefined, { maxUploadMb: 1 });
    const model = registry.get('!room:x');
    model.attach([file('report.pdf', 2 * 1024 * 1024), file('exact.pdf', 1024 * 1024)]);
    expect(model.attachments.map((attachment) => attachment.name)).toEqual(['exact.pdf']);
    expect(model.notices).toMatchObject([{ kind: 'fileOverPolicy', name: 'report.pdf', size: 2 * 1024 * 1024, limitMb: 1 }]);

    const html = renderHtml(ComposerNotices, { notices: model.notices, ondismiss: () => undefined });
    expect(html).toContain('“report.pdf” is too large to send (2.1 MB). Your organisation allows files up to 1 MB.');
    expect(renderHtml(ComposerNotices, { notices: model.notices, ondismiss: () => undefined }, { language: 'fr' })).toContain(
      'Votre organisation autorise les fichiers jusqu’à 1 Mo.',
    );
    registry.dispose();
  });

  it('reads the limit when files are chosen, so the policy arriving later still counts', async () => {
    const policy = new PolicyModel(bridgeTo({ 'policy.get': async () => policyView({ maxUploadMb: 1 }) }));
    const registry = new ComposerRegistry(bridgeTo(), undefined, policy);
    const model = registry.get('!room:x');
    model.attach([file('before.pdf', 2 * 1024 * 1024)]);
    expect(model.attachments).toHaveLength(1);
    model.clearAttachments();
    await policy.start();
    model.attach([file('after.pdf', 2 * 1024 * 1024)]);
    expect(model.attachments).toEqual([]);
    expect(model.notices).toMatchObject([{ kind: 'fileOverPolicy', limitMb: 1 }]);
    registry.dispose();
  });

  it('without a limit, only the app’s own 100 MB applies', () => {
    const registry = new ComposerRegistry(bridgeTo());
    const model = registry.get('!room:x');
    model.attach([file('big.pdf', 5 * 1024 * 1024)]);
    expect(model.attachments).toHaveLength(1);
    expect(model.notices).toEqual([]);
    registry.dispose();
  });
});
