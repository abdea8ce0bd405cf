/*
 * The open room lives in the page's history entry, so a window that is made again (after a
 * language change, or a reload of the page) opens the same room. It is only a room ID, kept per
 * user so another account never lands in it.
 */
interface RoomState {
  readonly plenumRoom?: { readonly userId: string; readonly roomId: string | null };
}

export function rememberedRoom(userId: string): string | null {
  const saved = (history.state as RoomState | null)?.plenumRoom;
  return saved?.userId === userId ? saved.roomId : null;
}

export function rememberRoom(userId: string, roomId: string | null): void {
  const state = (history.state as Record<string, unknown> | null) ?? {};
  history.replaceState({ ...state, plenumRoom: { userId, roomId } }, '');
}
