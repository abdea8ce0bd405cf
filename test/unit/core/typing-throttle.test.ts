import { describe, expect, it } from 'vitest';
import { createTypingThrottle, TYPING_RENEW_AFTER_MS, TYPING_TIMEOUT_MS } from '../../../src/main/core/rooms/typing.ts';

function setup(fail = () => false) {
  let now = 1_000_000;
  const sent: { roomId: string; typing: boolean; timeoutMs: number }[] = [];
  const throttle = createTypingThrottle(async (roomId, typing, timeoutMs) => {
    if (fail()) throw new Error('offline');
    sent.push({ roomId, typing, timeoutMs });
  }, () => now);
  return { throttle, sent, advance: (ms: number) => (now += ms) };
}

describe('typing notice throttle', () => {
  it('sends one notice for a burst of keystrokes, and one when typing stops', async () => {
    const { throttle, sent, advance } = setup();
    for (let i = 0; i < 10; i += 1) {
      await throttle.set('!a', true);
      advance(500);
    }
    await throttle.set('!a', false);
    await throttle.set('!a', false);
    expect(sent).toEqual([
      { roomId: '!a', typing: true, timeoutMs: TYPING_TIMEOUT_MS },
      { roomId: '!a', typing: false, timeoutMs: TYPING_TIMEOUT_MS },
    ]);
  });

  it('renews a notice before the server lets it lapse', async () => {
    const { throttle, sent, advance } = setup();
    await throttle.set('!a', true);
    advance(TYPING_RENEW_AFTER_MS - 1);
    await throttle.set('!a', true);
    expect(sent).toHaveLength(1);
    advance(1);
    await throttle.set('!a', true);
    expect(sent.map((notice) => notice.typing)).toEqual([true, true]);
    expect(TYPING_RENEW_AFTER_MS).toBeLessThan(TYPING_TIMEOUT_MS);
  });

  it('sends no "stopped" once the server has let the notice lapse by itself', async () => {
    const { throttle, sent, advance } = setup();
    await throttle.set('!a', true);
    advance(TYPING_TIMEOUT_MS);
    await throttle.set('!a', false);
    expect(sent.map((notice) => notice.typing)).toEqual([true]);
  });

  it('keeps rooms apart', async () => {
    const { throttle, sent } = setup();
    await throttle.set('!a', true);
    await throttle.set('!b', true);
    await throttle.set('!a', false);
    expect(sent.map(({ roomId, typing }) => `${roomId}:${typing}`)).toEqual(['!a:true', '!b:true', '!a:false']);
  });

  it('tries again after a failed notice instead of assuming it arrived', async () => {
    let failing = true;
    const { throttle, sent } = setup(() => failing);
    await expect(throttle.set('!a', true)).rejects.toThrow('offline');
    failing = false;
    await throttle.set('!a', true);
    expect(sent.map((notice) => notice.typing)).toEqual([true]);

    failing = true;
    await expect(throttle.set('!a', false)).rejects.toThrow('offline');
    failing = false;
    await throttle.set('!a', false);
    expect(sent.map((notice) => notice.typing)).toEqual([true, false]);
  });
});
