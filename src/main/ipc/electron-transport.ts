/**
 * The bridge over Electron IPC: one `ipcMain.handle` channel for commands, one `webContents.send`
 * channel for events. Every invocation is checked against its sender frame before the contract's
 * dispatcher (which validates names and payloads) sees it.
 */
import type { IpcMainInvokeEvent } from 'electron';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../../shared/ipc/channels.ts';
import { fail } from '../../shared/ipc/result.ts';
import type { InvokeHandler, ServerTransport } from '../../shared/ipc/server.ts';
import { isAppUrl, isTrustedSender, type SenderFrameInfo } from './sender-check.ts';

/** The parts of `ipcMain` used here; structural so tests can pass a fake. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** The parts of a `WebContents` used here. */
export interface WebContentsLike {
  readonly id: number;
  readonly mainFrame: { readonly url: string };
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
}

export interface ElectronTransportOptions {
  /** Called when an event could not be delivered (for logging; never with the payload). */
  readonly onSendError?: (eventName: string, error: unknown) => void;
}

export function createElectronTransport(
  ipcMain: IpcMainLike,
  getWebContents: () => readonly WebContentsLike[],
  options: ElectronTransportOptions = {},
): ServerTransport {
  return {
    serve(invoke: InvokeHandler) {
      ipcMain.handle(INVOKE_CHANNEL, async (event, name, payload) => {
        if (!isKnownSender(event, getWebContents()) || !isTrustedSender(senderFrameInfo(event))) {
          return fail('FORBIDDEN', 'this frame may not use the bridge');
        }
        try {
          return await invoke(name, payload);
        } catch {
          // dispatch() never throws; this keeps a future transport bug from surfacing as a bare IPC error.
          return fail('INTERNAL', 'unexpected error');
        }
      });
      return () => ipcMain.removeHandler(INVOKE_CHANNEL);
    },
    emit(name, payload) {
      for (const contents of getWebContents()) {
        if (contents.isDestroyed()) continue;
        // Events carry account data: only a document on the app origin may receive them.
        if (!isAppUrl(contents.mainFrame.url)) continue;
        try {
          contents.send(EVENT_CHANNEL, name, payload);
        } catch (error) {
          options.onSendError?.(name, error);
        }
      }
    },
  };
}

/**
 * Describes the frame that sent an invocation. "Top frame" means both parentless and the sender's
 * main frame, compared by (processId, routingId) because Electron may hand out distinct
 * WebFrameMain objects for the same frame.
 */
export function senderFrameInfo(event: IpcMainInvokeEvent): SenderFrameInfo | null {
  const frame = event.senderFrame;
  if (!frame) return null;
  const main = event.sender.mainFrame;
  const isTopFrame =
    frame.parent === null && !frame.detached && frame.processId === main.processId && frame.routingId === main.routingId;
  return { url: frame.url, isTopFrame };
}

/** Only the windows Plenum created (not, say, a devtools or a stray popup) may invoke commands. */
function isKnownSender(event: IpcMainInvokeEvent, known: readonly WebContentsLike[]): boolean {
  return known.some((contents) => contents.id === event.sender.id && !contents.isDestroyed());
}
