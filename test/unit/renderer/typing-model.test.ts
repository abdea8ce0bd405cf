import { describe, expect, it } from 'vitest';
import { createMemoryTransportPair } from '../../../src/shared/ipc/memory-transport.ts';
import { serveBridge } from '../../../src/shared/ipc/server.ts';
import type { EventName, EventPayload } from '../../../src/shared/ipc/types.ts';
import { createTranslator } from '../../../src/renderer/i18n/translator.ts';
import { describeTyping, TypingModel, typingModelFor } from '../../../src/renderer/state/typing.svelte.ts';
import { stubHandlers } from '../../support/stub-handlers.ts';

function scriptedMain() {
  let listener: (<N extends EventName>(name: N, payload: EventPayload<N>) => void) | undefined;
  const { server, client } = createMemoryTransportPair();
  serveBridge({ handlers: stubHandlers(), onEvent: (l) => ((listener = l), () => (listener = undefined)) }, server);
  const emit = <N extends EventName>(name: N, payload: EventPayload<N>): void => listener?.(name, payload);
  return { client, emit };
}

const settle = async (): Promise<void> => {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
};

const bob = { id: '@bob:x', name: 'Bob' };
const carol = { id: '@carol:x', name: 'Carol' };
const dave = { id: '@dave:x', name: 'Dave' };

describe('TypingModel', () => {
  it('follows typing.changed per room, and forgets a room when nobody types there', async () => {
    const main = scriptedMain();
    const model = new TypingModel(main.client);
    model.start();
    main.emit('typing.changed', { roomId: '!a:x', users: [bob] });
    main.emit('typing.changed', { roomId: '!b:x', users: [carol, dave] });
    await settle();
    expect(model.users('!a:x')).toEqual([bob]);
    expect(model.users('!b:x')).toEqual([carol, dave]);
    expect(model.users('!c:x')).toEqual([]);

    main.emit('typing.changed', { roomId: '!a:x', users: [] });
    await settle();
    expect(model.users('!a:x')).toEqual([]);
    expect(model.users('!b:x')).toEqual([carol, dave]);
  });

  it('forgets everyone at sign-out and stops listening once disposed', async () => {
    const main = scriptedMain();
    const model = new TypingModel(main.client);
    model.start();
    main.emit('typing.changed', { roomId: '!a:x', users: [bob] });
    await settle();
    main.emit('session.changed', { state: 'signedOut' });
    await settle();
    expect(model.users('!a:x')).toEqual([]);

    model.dispose();
    main.emit('typing.changed', { roomId: '!a:x', users: [bob] });
    await settle();
    expect(model.users('!a:x')).toEqual([]);
  });

  it('is one listening model per bridge, so a room opened later knows who is typing', async () => {
    const main = scriptedMain();
    const first = typingModelFor(main.client);
    main.emit('typing.changed', { roomId: '!a:x', users: [bob] });
    await settle();
    expect(typingModelFor(main.client)).toBe(first);
    expect(typingModelFor(main.client).users('!a:x')).toEqual([bob]);
    expect(typingModelFor(scriptedMain().client)).not.toBe(first);
  });
});

describe('typing indicator text', () => {
  const say = (language: 'en' | 'de' | 'fr', users: readonly { id: string; name: string }[]): string | null => {
    const description = describeTyping(users);
    return description ? createTranslator(language).t(description.key, description.values) : null;
  };

  it('names one or two people and summarises more', () => {
    expect(say('en', [])).toBeNull();
    expect(say('en', [bob])).toBe('Bob is typing…');
    expect(say('en', [bob, carol])).toBe('Bob and Carol are typing…');
    expect(say('en', [bob, carol, dave])).toBe('Several people are typing…');
  });

  it('speaks German and French', () => {
    expect(say('de', [bob])).toBe('Bob schreibt…');
    expect(say('de', [bob, carol])).toBe('Bob und Carol schreiben…');
    expect(say('fr', [bob, carol, dave])).toBe('Plusieurs personnes sont en train d’écrire…');
  });
});
