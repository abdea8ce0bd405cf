/**
 * An event a room's timeline should scroll to once it is open: a clicked permalink or
 * notification names one before the room view exists. One at a time; the newest request wins.
 */
let pending = $state<{ readonly roomId: string; readonly eventId: string; readonly serial: number } | null>(null);
let serial = 0;

export function requestJump(roomId: string, eventId: string): void {
  serial += 1;
  pending = { roomId, eventId, serial };
}

/** The event waiting for this room's timeline, if any (reactive). */
export function pendingJump(roomId: string): { readonly eventId: string; readonly serial: number } | null {
  return pending?.roomId === roomId ? pending : null;
}

/** The timeline has scrolled there (or given up). */
export function jumpDone(requestSerial: number): void {
  if (pending?.serial === requestSerial) pending = null;
}
