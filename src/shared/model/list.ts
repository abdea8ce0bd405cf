/**
 * Lists cross the bridge as a snapshot plus sequence-numbered patches. A renderer that sees a gap
 * in `seq` (after a reload or reconnect) re-reads the snapshot instead of guessing.
 */
export type ListPatch<T> =
  | { readonly op: 'reset'; readonly items: readonly T[] }
  | { readonly op: 'add'; readonly item: T }
  | { readonly op: 'update'; readonly item: T }
  | { readonly op: 'remove'; readonly id: string };

export interface ListSnapshot<T> {
  readonly seq: number;
  readonly items: readonly T[];
}

export interface ListPatches<T> {
  /** The sequence number after these patches; the previous one is `seq - 1`. */
  readonly seq: number;
  readonly patches: readonly ListPatch<T>[];
}
