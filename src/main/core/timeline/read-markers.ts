import type { MatrixClient } from 'matrix-js-sdk';
import { AppFailure } from '../../../shared/ipc/result.ts';

// SCAFFOLD: the timeline helper replaces this file.
export interface ReadMarkers {
  markRead(roomId: string, eventId: string): Promise<void>;
  attach(client: MatrixClient): void;
  detach(): void;
}

export function createReadMarkers(): ReadMarkers {
  return {
    markRead: async () => {
      throw new AppFailure('INTERNAL', 'not built yet');
    },
    attach: () => {},
    detach: () => {},
  };
}
