/**
 * The JSON envelopes used by message-based transports (WebSocket harness, in-memory tests).
 * Electron IPC carries the same (name, payload) → Result shape through ipcMain.handle instead.
 */
import * as v from 'valibot';
import type { Result } from './result.ts';

const MAX_NAME = 128;

export const ClientMessage = v.variant('t', [
  v.strictObject({
    t: v.literal('invoke'),
    id: v.pipe(v.number(), v.integer(), v.minValue(0)),
    name: v.pipe(v.string(), v.maxLength(MAX_NAME)),
    payload: v.unknown(),
  }),
]);
export type ClientMessage = v.InferOutput<typeof ClientMessage>;

export type ServerMessage =
  | { readonly t: 'reply'; readonly id: number; readonly result: Result<unknown> }
  | { readonly t: 'event'; readonly name: string; readonly payload: unknown };

const ServerMessageSchema = v.variant('t', [
  v.object({
    t: v.literal('reply'),
    id: v.number(),
    result: v.variant('ok', [
      v.object({ ok: v.literal(true), value: v.unknown() }),
      v.object({
        ok: v.literal(false),
        error: v.object({ code: v.string(), message: v.string(), details: v.optional(v.record(v.string(), v.unknown())) }),
      }),
    ]),
  }),
  v.object({ t: v.literal('event'), name: v.string(), payload: v.unknown() }),
]);

/** Parses text from the wire; anything malformed is `undefined`, never an exception. */
export function parseClientMessage(text: string): ClientMessage | undefined {
  const parsed = v.safeParse(ClientMessage, safeJson(text));
  return parsed.success ? parsed.output : undefined;
}

export function parseServerMessage(text: string): ServerMessage | undefined {
  const parsed = v.safeParse(ServerMessageSchema, safeJson(text));
  return parsed.success ? (parsed.output as ServerMessage) : undefined;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
