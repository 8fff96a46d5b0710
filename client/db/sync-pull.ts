import type { SyncedRecord } from '../../shared/sync/protocol';
import { db } from './database';
import { getMeta, setMeta } from './meta';
import { SYNC_WRITE_TABLES, assertOwner, rebaseBatch, type FreshTables } from './sync-apply';

/**
 * Applies one pulled page in ONE transaction together with its cursor: either the page and the cursor
 * that points past it are both saved, or neither is, so a pull cut anywhere resumes where it stopped.
 * Each record replaces the local copy's server state with the local waiting changes laid back on top
 * (sync-rebase.ts); a version the tablet already has (e.g. from the answer to its own push) is skipped.
 *
 * `since` is the cursor the page was asked for; `fresh` is what a tablet's first pull knows about its
 * empty tables (sync-apply.ts). An empty page (a sync with nothing new) touches only the
 * cursor, and nothing at all when the cursor did not move.
 */
export async function applyPulledPage(
  records: readonly SyncedRecord[],
  cursor: string,
  ownerId: string,
  since?: string,
  fresh?: FreshTables,
): Promise<void> {
  if (records.length === 0) {
    if (cursor === since) return;
    await db.transaction('rw', db.meta, async () => {
      await assertOwner(ownerId);
      if ((await getMeta('syncCursor')) !== cursor) await setMeta('syncCursor', cursor);
    });
    return;
  }
  const tables = SYNC_WRITE_TABLES;
  await db.transaction('rw', tables, async () => {
    await assertOwner(ownerId);
    await rebaseBatch(records, new Map(), { skipSameRev: true, refreshBaseRev: false, fresh });
    await setMeta('syncCursor', cursor);
  });
}
