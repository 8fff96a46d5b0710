import { db } from './database';
import type { LocalRecord } from './types';

/**
 * Folds acknowledgements back into their records (client/db/acked.ts), so the `acked` table stays small:
 * every transaction that reads visits or members reads that whole table once. A push answer writes one
 * `acked` row per batch instead of rewriting each record; here, away from the push, the oldest rows are
 * written into their records (each record read through the overlay and put back as it reads, which drops
 * its entry in the same transaction), one row per transaction, so a tap in between never waits long.
 *
 * `keepRows`: rows left alone (a day's push makes one; folding them at once would only redo the rewrite
 * the push just saved). Returns the records written.
 */
export async function foldAcknowledgements(keepRows = 0): Promise<number> {
  let written = 0;
  for (;;) {
    const step = await db.transaction('rw', db.acked, db.visits, db.members, async () => {
      if ((await db.acked.count()) <= keepRows) return null;
      const row = await db.acked.orderBy(':id').first();
      if (!row) return null;
      const ids = Object.keys(row.entries);
      const [visits, members] = await Promise.all([db.visits.bulkGet(ids), db.members.bulkGet(ids)]);
      const present = (rows: (LocalRecord | undefined)[]) =>
        rows.filter((record): record is LocalRecord => record !== undefined);
      const foldVisits = present(visits);
      const foldMembers = present(members);
      if (foldVisits.length > 0) await db.visits.bulkPut(foldVisits);
      if (foldMembers.length > 0) await db.members.bulkPut(foldMembers);
      // Entries of records no longer on the tablet (none are expected: a delete drops its entry).
      if (row.seq !== undefined) await db.acked.delete(row.seq);
      return foldVisits.length + foldMembers.length;
    });
    if (step === null) return written;
    written += step;
  }
}

/** Rows kept in `acked` after a sync run: about a week of a day's pushes (one row each). */
export const ACKED_ROWS_KEPT = 8;
/** How long after a sync run the fold starts: the worker's next taps and a sync right after go first. */
export const FOLD_DELAY_MS = 20_000;

let scheduled: ReturnType<typeof setTimeout> | null = null;

/** After a sync run: folds what is above `ACKED_ROWS_KEPT` a little later, in the background. */
export function scheduleAcknowledgementFold(): void {
  if (scheduled !== null) clearTimeout(scheduled);
  scheduled = setTimeout(() => {
    scheduled = null;
    foldAcknowledgements(ACKED_ROWS_KEPT).catch(() => undefined);
  }, FOLD_DELAY_MS);
}
