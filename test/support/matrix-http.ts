/**
 * Plain client-server API calls for the "other side" of a test: another person acting on the real
 * homeserver, without going through Plenum's core.
 */
export interface MatrixHttp {
  createRoom(body: Record<string, unknown>): Promise<string>;
  send(roomId: string, content: Record<string, unknown>, type?: string): Promise<string>;
  setState(roomId: string, type: string, content: Record<string, unknown>, stateKey?: string): Promise<string>;
  invite(roomId: string, userId: string): Promise<void>;
  join(roomIdOrAlias: string): Promise<void>;
  setAccountData(type: string, content: Record<string, unknown>): Promise<void>;
  /** Adds or replaces one of this user's push rules (`kind` is override, content, room, sender or underride). */
  /** The event as the server gives it to this user (content as sent, or ciphertext). */
  getEvent(roomId: string, eventId: string): Promise<Record<string, unknown>>;
  redact(roomId: string, eventId: string): Promise<string>;
  setPushRule(kind: 'override' | 'content' | 'room' | 'sender' | 'underride', ruleId: string, rule: Record<string, unknown>): Promise<void>;
}

export function matrixHttp(baseUrl: string, accessToken: string, userId: string): MatrixHttp {
  let txn = 0;
  const call = async (method: string, path: string, body?: unknown): Promise<Record<string, unknown>> => {
    const response = await fetch(`${baseUrl}/_matrix/client/v3${path}`, {
      method,
      headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await response.json()) as Record<string, unknown>;
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
  return {
    createRoom: async (body) => String((await call('POST', '/createRoom', body)).room_id),
    send: async (roomId, content, type = 'm.room.message') =>
      String((await call('PUT', `/rooms/${encodeURIComponent(roomId)}/send/${type}/t${Date.now()}-${txn++}`, content)).event_id),
    setState: async (roomId, type, content, stateKey = '') =>
      String((await call('PUT', `/rooms/${encodeURIComponent(roomId)}/state/${type}/${encodeURIComponent(stateKey)}`, content)).event_id),
    invite: async (roomId, user) => void (await call('POST', `/rooms/${encodeURIComponent(roomId)}/invite`, { user_id: user })),
    join: async (room) => void (await call('POST', `/join/${encodeURIComponent(room)}`, {})),
    setAccountData: async (type, content) =>
      void (await call('PUT', `/user/${encodeURIComponent(userId)}/account_data/${encodeURIComponent(type)}`, content)),
    getEvent: (roomId, eventId) => call('GET', `/rooms/${encodeURIComponent(roomId)}/event/${encodeURIComponent(eventId)}`),
    redact: async (roomId, eventId) =>
      String((await call('PUT', `/rooms/${encodeURIComponent(roomId)}/redact/${encodeURIComponent(eventId)}/r${Date.now()}-${txn++}`, {})).event_id),
    setPushRule: async (kind, ruleId, rule) => void (await call('PUT', `/pushrules/global/${kind}/${encodeURIComponent(ruleId)}`, rule)),
  };
}
