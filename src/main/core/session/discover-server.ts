import { AppFailure } from '../../../shared/ipc/result.ts';
import type { DiscoveredServer } from '../../../shared/model/session.ts';

// SCAFFOLD: the account helper replaces this file.
export async function discoverServer(_input: string, _fetchFn: typeof fetch): Promise<DiscoveredServer> {
  throw new AppFailure('INTERNAL', 'not built yet');
}
