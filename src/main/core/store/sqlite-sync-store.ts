import { MemoryStore, SyncAccumulator, type ISyncResponse } from 'matrix-js-sdk';
import type { ISavedSync } from 'matrix-js-sdk/lib/store/index.js';
import type { LocalStore } from './local-store.ts';

/** Writing the whole accumulator costs more than a sync; a crash before a save only means re-syncing a little. */
const SAVE_INTERVAL_MS = 10_000;

/**
 * matrix-js-sdk's store, with its accumulated sync state (rooms, timelines, account data and the
 * `next_batch` position) persisted in the local SQLite store, as IndexedDBStore does in a browser.
 * A restart therefore shows the last known state at once and resumes sync from the saved position.
 */
export class SqliteSyncStore extends MemoryStore {
  readonly #store: LocalStore;
  readonly #accumulator = new SyncAccumulator();
  #dirty = false;
  #lastSave = 0;
  #hadSavedSync = false;

  constructor(store: LocalStore) {
    super();
    this.#store = store;
  }

  override async startup(): Promise<void> {
    const row = this.#store.db.prepare('SELECT next_batch, data FROM sync_state WHERE id = 1').get() as
      | { next_batch: string; data: string }
      | undefined;
    if (!row) return;
    const saved = JSON.parse(row.data) as Pick<ISavedSync, 'roomsData' | 'accountData'>;
    this.#accumulator.accumulate(
      { next_batch: row.next_batch, rooms: saved.roomsData, account_data: { events: saved.accountData } } as ISyncResponse,
      true,
    );
    this.#hadSavedSync = true;
    this.#lastSave = Date.now();
  }

  override async isNewlyCreated(): Promise<boolean> {
    return !this.#hadSavedSync;
  }

  override async getSavedSync(): Promise<ISavedSync | null> {
    const data = this.#accumulator.getJSON();
    // The SDK mutates what it is given; hand it a copy so the accumulator stays clean.
    return data.nextBatch ? structuredClone(data) : null;
  }

  override async getSavedSyncToken(): Promise<string | null> {
    return this.#accumulator.getNextBatchToken() || null;
  }

  override async setSyncData(syncData: ISyncResponse): Promise<void> {
    this.#accumulator.accumulate(syncData);
    this.#dirty = true;
  }

  override wantsSave(): boolean {
    return this.#dirty && Date.now() - this.#lastSave >= SAVE_INTERVAL_MS;
  }

  override async save(force = false): Promise<void> {
    if (!this.#dirty || (!force && !this.wantsSave())) return;
    const { nextBatch, roomsData, accountData } = this.#accumulator.getJSON(true);
    this.#store.db
      .prepare(
        `INSERT INTO sync_state (id, next_batch, data, saved_at) VALUES (1, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET next_batch = excluded.next_batch, data = excluded.data, saved_at = excluded.saved_at`,
      )
      .run(nextBatch, JSON.stringify({ roomsData, accountData }), Date.now());
    this.#dirty = false;
    this.#lastSave = Date.now();
  }

  override async deleteAllData(): Promise<void> {
    await super.deleteAllData();
    this.#store.db.exec('DELETE FROM sync_state');
    this.#dirty = false;
  }
}
