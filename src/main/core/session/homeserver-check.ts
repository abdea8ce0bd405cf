import { AppFailure } from '../../../shared/ipc/result.ts';

const VERSIONS_TIMEOUT_MS = 15_000;

/** Confirms a base URL answers like a Matrix homeserver before any credentials are sent to it. */
export async function assertMatrixHomeserver(baseUrl: string, fetchFn: typeof fetch = fetch): Promise<void> {
  const url = new URL('/_matrix/client/versions', baseUrl);
  let response: Response;
  try {
    response = await fetchFn(url, { signal: AbortSignal.timeout(VERSIONS_TIMEOUT_MS) });
  } catch {
    throw new AppFailure('NETWORK', `could not reach ${url.host}`);
  }
  const body: unknown = response.ok ? await response.json().catch(() => undefined) : undefined;
  const versions = (body as { versions?: unknown } | undefined)?.versions;
  if (!Array.isArray(versions) || !versions.every((item) => typeof item === 'string')) {
    throw new AppFailure('NOT_A_MATRIX_SERVER', `${url.host} does not answer like a Matrix homeserver`);
  }
}
