import type { MatrixClient } from 'matrix-js-sdk';
import { AppFailure } from '../../../shared/ipc/result.ts';
import type { EventHub } from '../event-hub.ts';

// SCAFFOLD: the rooms helper replaces this file.
export interface TypingNotices {
  setTyping(roomId: string, typing: boolean): Promise<void>;
  attach(client: MatrixClient): void;
  detach(): void;
}

export function createTypingNotices(_hub: EventHub): TypingNotices {
  return {
    setTyping: async () => {
      throw new AppFailure('INTERNAL', 'not built yet');
    },
    attach: () => {},
    detach: () => {},
  };
}
