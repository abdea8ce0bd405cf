/**
 * The notification and unread-badge adapters, driven through fakes that record every Electron call
 * (Electron itself cannot launch here). What the fakes can't prove: that each OS shows what Electron
 * is told; the e2e suite on a desktop CI runner has to.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createElectronNotifier,
  ICON_TIMEOUT_MS,
  type ElectronNotifierDeps,
  type NativeImageLike,
  type NotificationLike,
  type NotificationOptions,
} from '../../../src/main/adapters/electron-notifier.ts';
import { createElectronUnreadIndicator, type ElectronUnreadIndicatorDeps } from '../../../src/main/adapters/electron-unread-indicator.ts';
import type { Logger, NotificationRequest, UnreadCounts } from '../../../src/main/core/ports.ts';

const image = (name: string, empty = false): NativeImageLike & { name: string } => ({ name, isEmpty: () => empty });

function recordingLogger() {
  const lines: string[] = [];
  const record = (level: string) => (message: string, fields?: object) => void lines.push(JSON.stringify({ level, message, ...fields }));
  const logger: Logger = { info: record('info'), warn: record('warn'), error: record('error') };
  return { logger, lines };
}

/** A fake Electron `Notification`: records show/close into a shared log, in order. */
class FakeNotification implements NotificationLike {
  readonly listeners = new Map<string, Array<() => void>>();
  constructor(
    readonly id: number,
    readonly options: NotificationOptions,
    private readonly calls: string[],
    private readonly behaviour: { throwOnShow?: boolean },
  ) {}
  show(): void {
    this.calls.push(`show ${this.id}`);
    if (this.behaviour.throwOnShow) throw new Error(`could not show "${this.options.body}"`);
  }
  close(): void {
    this.calls.push(`close ${this.id}`);
    // As on Windows, where a programmatic close() emits 'close' too.
    this.emit('close');
  }
  on(event: 'click' | 'close', listener: () => void): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  emit(event: 'click' | 'close'): void {
    for (const listener of this.listeners.get(event) ?? []) listener();
  }
}

function setup(overrides: Partial<ElectronNotifierDeps> & { throwOnShow?: boolean } = {}) {
  const calls: string[] = [];
  const created: FakeNotification[] = [];
  const { logger, lines } = recordingLogger();
  const onClick = vi.fn<(roomId: string, eventId: string | null) => void>();
  const isSupported = vi.fn(() => true);
  const notifier = createElectronNotifier({
    createNotification: (options) => {
      const notification = new FakeNotification(created.length + 1, options, calls, { throwOnShow: overrides.throwOnShow ?? false });
      created.push(notification);
      calls.push(`create ${notification.id}`);
      return notification;
    },
    isSupported,
    onClick,
    logger,
    ...overrides,
  });
  return { notifier, calls, created, onClick, isSupported, lines };
}

const request = (overrides: Partial<NotificationRequest> = {}): NotificationRequest => ({
  tag: '!room:example.org',
  roomId: '!room:example.org',
  eventId: '$event1',
  title: 'Alice in Council',
  body: 'The budget is attached',
  iconMxc: null,
  silent: false,
  ...overrides,
});

/** Lets awaited icon promises settle (their continuations run as microtasks). */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

afterEach(() => {
  vi.useRealTimers();
});

describe('createElectronNotifier', () => {
  it('shows a notification with the title, body and silence asked for, and no icon without one', () => {
    const { notifier, created, calls } = setup();
    notifier.show(request({ silent: true }));
    expect(created).toHaveLength(1);
    expect(created[0]?.options).toEqual({ title: 'Alice in Council', body: 'The budget is attached', silent: true });
    expect(calls).toEqual(['create 1', 'show 1']);
  });

  it('passes the loaded icon on', async () => {
    const avatar = image('alice');
    const loadIcon = vi.fn(() => Promise.resolve(avatar));
    const { notifier, created } = setup({ loadIcon });
    notifier.show(request({ iconMxc: 'mxc://example.org/alice' }));
    await settle();
    expect(loadIcon).toHaveBeenCalledWith('mxc://example.org/alice');
    expect(created[0]?.options).toEqual({ title: 'Alice in Council', body: 'The budget is attached', silent: false, icon: avatar });
  });

  it('does not ask for an icon the request has none of', () => {
    const loadIcon = vi.fn(() => Promise.resolve(image('unused')));
    const { notifier, created } = setup({ loadIcon });
    notifier.show(request({ iconMxc: null }));
    expect(loadIcon).not.toHaveBeenCalled();
    expect(created).toHaveLength(1);
  });

  it('replaces the notification of the same tag, closing the old one before the new one shows', () => {
    const { notifier, calls } = setup();
    notifier.show(request({ body: 'one' }));
    notifier.show(request({ body: 'two', silent: true }));
    expect(calls).toEqual(['create 1', 'show 1', 'close 1', 'create 2', 'show 2']);
  });

  it('keeps notifications of other tags', () => {
    const { notifier, calls } = setup();
    notifier.show(request());
    notifier.show(request({ tag: '!other:example.org', roomId: '!other:example.org' }));
    expect(calls).not.toContain('close 1');
  });

  it('does not close again a notification the user already dismissed', () => {
    const { notifier, created, calls } = setup();
    notifier.show(request());
    created[0]?.emit('close');
    notifier.show(request({ body: 'later' }));
    notifier.clear('!room:example.org');
    expect(calls).toEqual(['create 1', 'show 1', 'create 2', 'show 2', 'close 2']);
  });

  it("clears the room's notifications and a summary tagged with it, and nobody else's", () => {
    const { notifier, calls } = setup();
    notifier.show(request());
    notifier.show(request({ tag: 'plenum:catch-up', roomId: '!room:example.org', eventId: null }));
    notifier.show(request({ tag: '!other:example.org', roomId: '!other:example.org' }));
    notifier.show(request({ tag: '!room:example.org-thread', roomId: '!third:example.org' }));
    calls.length = 0;
    notifier.clear('!room:example.org');
    expect(calls.sort()).toEqual(['close 1', 'close 2']);
    calls.length = 0;
    notifier.clear('plenum:catch-up');
    notifier.clear('!room:example.org');
    expect(calls).toEqual([]);
  });

  it('opens the room and event once when clicked, and forgets the notification', () => {
    const { notifier, created, onClick, calls } = setup();
    notifier.show(request());
    created[0]?.emit('click');
    created[0]?.emit('click');
    expect(onClick).toHaveBeenCalledTimes(1);
    expect(onClick).toHaveBeenCalledWith('!room:example.org', '$event1');
    notifier.clear('!room:example.org');
    expect(calls).not.toContain('close 1');
  });

  it('opens the summary at its first room with no event', () => {
    const { notifier, created, onClick } = setup();
    notifier.show(request({ tag: 'plenum:catch-up', roomId: '!first:example.org', eventId: null }));
    created[0]?.emit('click');
    expect(onClick).toHaveBeenCalledWith('!first:example.org', null);
  });

  it('shows nothing where notifications are unsupported, and says so once', () => {
    const { notifier, created, isSupported, lines } = setup();
    isSupported.mockReturnValue(false);
    notifier.show(request());
    notifier.show(request());
    expect(created).toHaveLength(0);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ level: 'info' });
    expect(() => notifier.clear('!room:example.org')).not.toThrow();
  });

  it('shows without an icon when the icon fails to load', async () => {
    const { notifier, created } = setup({ loadIcon: () => Promise.reject(new Error('M_NOT_FOUND')) });
    notifier.show(request({ iconMxc: 'mxc://example.org/gone' }));
    await settle();
    expect(created).toHaveLength(1);
    expect(created[0]?.options.icon).toBeUndefined();
  });

  it('shows without an icon when loading it throws at once, or gives an empty image', async () => {
    const throwing = setup({
      loadIcon: () => {
        throw new Error('bad mxc');
      },
    });
    throwing.notifier.show(request({ iconMxc: 'mxc://bad' }));
    const empty = setup({ loadIcon: () => Promise.resolve(image('undecodable', true)) });
    empty.notifier.show(request({ iconMxc: 'mxc://example.org/garbage' }));
    await settle();
    expect(throwing.created[0]?.options.icon).toBeUndefined();
    expect(empty.created[0]?.options.icon).toBeUndefined();
  });

  it('shows without an icon after 1.5 s when the icon is slow, and ignores it when it comes', async () => {
    vi.useFakeTimers();
    let deliver: (icon: NativeImageLike) => void = () => {};
    const { notifier, created } = setup({ loadIcon: () => new Promise((resolve) => (deliver = resolve)) });
    notifier.show(request({ iconMxc: 'mxc://example.org/slow' }));
    await vi.advanceTimersByTimeAsync(ICON_TIMEOUT_MS - 1);
    expect(created).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(created).toHaveLength(1);
    expect(created[0]?.options.icon).toBeUndefined();
    deliver(image('late'));
    await settle();
    expect(created).toHaveLength(1);
  });

  it('does not let an earlier request whose icon comes later overtake a newer one', async () => {
    const resolvers = new Map<string, (icon: NativeImageLike) => void>();
    const { notifier, created, calls } = setup({
      loadIcon: (mxc) => new Promise((resolve) => resolvers.set(mxc, resolve)),
    });
    notifier.show(request({ body: 'older', iconMxc: 'mxc://example.org/slow' }));
    notifier.show(request({ body: 'newer', iconMxc: 'mxc://example.org/fast' }));
    resolvers.get('mxc://example.org/fast')?.(image('fast'));
    await settle();
    resolvers.get('mxc://example.org/slow')?.(image('slow'));
    await settle();
    expect(created.map((notification) => notification.options.body)).toEqual(['newer']);
    expect(calls).toEqual(['create 1', 'show 1']);
  });

  it('drops a request still waiting for its icon when a newer one without an icon is shown', async () => {
    let deliver: (icon: NativeImageLike) => void = () => {};
    const { notifier, created } = setup({ loadIcon: () => new Promise((resolve) => (deliver = resolve)) });
    notifier.show(request({ body: 'older', iconMxc: 'mxc://example.org/slow' }));
    notifier.show(request({ body: 'newer', iconMxc: null }));
    deliver(image('slow'));
    await settle();
    expect(created.map((notification) => notification.options.body)).toEqual(['newer']);
  });

  it('does not show a notification for a room cleared while its icon loaded', async () => {
    let deliver: (icon: NativeImageLike) => void = () => {};
    const { notifier, created } = setup({ loadIcon: () => new Promise((resolve) => (deliver = resolve)) });
    notifier.show(request({ iconMxc: 'mxc://example.org/slow' }));
    notifier.clear('!room:example.org');
    deliver(image('slow'));
    await settle();
    expect(created).toHaveLength(0);
  });

  it('logs a notification that fails to show without its words, and forgets it', () => {
    const { notifier, lines, calls } = setup({ throwOnShow: true });
    notifier.show(request({ title: 'Secret title', body: 'Secret body' }));
    notifier.show(request({ tag: 'plenum:catch-up', title: 'Secret title', body: 'Secret body' }));
    expect(lines).toHaveLength(2);
    expect(lines.join('\n')).not.toMatch(/Secret|!room/);
    expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ level: 'warn', kind: 'room' }),
      expect.objectContaining({ level: 'warn', kind: 'plenum:catch-up' }),
    ]);
    calls.length = 0;
    notifier.clear('!room:example.org');
    expect(calls).toEqual([]);
  });
});

describe('createElectronUnreadIndicator', () => {
  const counts = (overrides: Partial<UnreadCounts> = {}): UnreadCounts => ({ rooms: 0, notifications: 0, highlights: 0, invites: 0, ...overrides });
  const describeCounts = (c: UnreadCounts) => `${c.notifications} unread in ${c.rooms} rooms, ${c.invites} invites`;

  function indicator(platform: NodeJS.Platform, overrides: Partial<ElectronUnreadIndicatorDeps> = {}) {
    const calls: unknown[][] = [];
    const trayImages = { idle: image('idle'), unread: image('unread') };
    const unread = createElectronUnreadIndicator({
      platform,
      setBadgeCount: (count) => {
        calls.push(['setBadgeCount', count]);
        return true;
      },
      setOverlayIcon: (icon, description) => void calls.push(['setOverlayIcon', icon, description]),
      overlayIcon: (count, highlight) => image(`overlay ${count}${highlight ? ' highlight' : ''}`),
      tray: {
        setToolTip: (text) => void calls.push(['setToolTip', text]),
        setImage: (img) => void calls.push(['setImage', img]),
      },
      trayImages,
      describe: describeCounts,
      ...overrides,
    });
    return { unread, calls, trayImages };
  }

  it.each(['darwin', 'linux'] as const)('badges notifications plus invites on %s, and clears at zero', (platform) => {
    const { unread, calls } = indicator(platform, { tray: undefined });
    unread.set(counts({ rooms: 2, notifications: 5, highlights: 1, invites: 2 }));
    unread.set(counts());
    expect(calls).toEqual([
      ['setBadgeCount', 7],
      ['setBadgeCount', 0],
    ]);
  });

  it('puts an overlay with a description on the Windows taskbar, and removes it at zero', () => {
    const { unread, calls } = indicator('win32', { tray: undefined });
    unread.set(counts({ rooms: 1, notifications: 3, highlights: 1, invites: 1 }));
    unread.set(counts({ rooms: 1, notifications: 3 }));
    unread.set(counts());
    expect(calls).toEqual([
      ['setOverlayIcon', expect.objectContaining({ name: 'overlay 4 highlight' }), '3 unread in 1 rooms, 1 invites'],
      ['setOverlayIcon', expect.objectContaining({ name: 'overlay 3' }), '3 unread in 1 rooms, 0 invites'],
      ['setOverlayIcon', null, ''],
    ]);
  });

  it('never calls setBadgeCount on Windows', () => {
    const { unread, calls } = indicator('win32');
    unread.set(counts({ notifications: 1 }));
    expect(calls.map(([name]) => name)).not.toContain('setBadgeCount');
  });

  it('keeps the tray tooltip and image in step with the counts', () => {
    const { unread, calls, trayImages } = indicator('linux');
    unread.set(counts({ rooms: 1, notifications: 2 }));
    unread.set(counts({ rooms: 2, notifications: 3 }));
    unread.set(counts());
    expect(calls).toEqual([
      ['setBadgeCount', 2],
      ['setToolTip', '2 unread in 1 rooms, 0 invites'],
      ['setImage', trayImages.unread],
      ['setBadgeCount', 3],
      ['setToolTip', '3 unread in 2 rooms, 0 invites'],
      ['setBadgeCount', 0],
      ['setToolTip', '0 unread in 0 rooms, 0 invites'],
      ['setImage', trayImages.idle],
    ]);
  });

  it('makes no calls when the counts did not change', () => {
    const describeSpy = vi.fn(describeCounts);
    const { unread, calls } = indicator('darwin', { describe: describeSpy });
    unread.set(counts({ rooms: 1, notifications: 1 }));
    const before = calls.length;
    unread.set(counts({ rooms: 1, notifications: 1 }));
    expect(calls).toHaveLength(before);
    expect(describeSpy).toHaveBeenCalledTimes(1);
  });

  it('keeps a nonsensical server count off the badge', () => {
    const { unread, calls } = indicator('darwin', { tray: undefined });
    unread.set(counts({ notifications: -3, invites: 1.5 }));
    expect(calls).toEqual([['setBadgeCount', 1]]);
  });
});
