import type { BridgeApi } from '../../shared/ipc/types.ts';
import type { MemberView, RoomMembersView } from '../../shared/model/members.ts';

/**
 * A room's members as the composer's @-autocomplete needs them: read from main when asked for
 * (each time the autocomplete opens, so newcomers appear), the last answer kept meanwhile.
 */
export class RoomMembersModel {
  readonly roomId: string;
  #bridge: BridgeApi;
  #view = $state.raw<RoomMembersView | null>(null);
  #loading: Promise<void> | null = null;

  constructor(bridge: BridgeApi, roomId: string) {
    this.#bridge = bridge;
    this.roomId = roomId;
  }

  get members(): readonly MemberView[] {
    return this.#view?.members ?? [];
  }
  get canMentionRoom(): boolean {
    return this.#view?.canMentionRoom ?? false;
  }

  refresh(): Promise<void> {
    this.#loading ??= this.#bridge.invoke('rooms.members', { roomId: this.roomId }).then((result) => {
      this.#loading = null;
      if (result.ok) this.#view = result.value;
    });
    return this.#loading;
  }
}
