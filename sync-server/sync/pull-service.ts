import type { Db } from '../db/database';
import type { PullReply } from '../../shared/sync/protocol';
import { stmt } from './statements';
import { RECORD_COLUMNS, currentSeq, rowToRecord, toSyncedRecord } from './store';

type RecordRow = Parameters<typeof rowToRecord>[0];

/**
 * One page of everything within `scopePath` written after `since`, in rev order. The scope is a range on
 * the indexed unit path ("341602/" ≤ path < "3416020", '0' being the character after '/'), so a grid
 * worker's pull never reads another grid's rows.
 */
export function pullPage(db: Db, scopePath: string, since: number, limit: number): PullReply {
  return db.transaction(() => {
    // Read inside one transaction so the page and the sequence it is measured against agree.
    const seq = currentSeq(db);
    const rows = stmt(
      db,
      `SELECT ${RECORD_COLUMNS} FROM sync_records
        WHERE (unit_path = ? OR (unit_path >= ? AND unit_path < ?)) AND rev > ?
        ORDER BY rev LIMIT ?`,
    ).all(scopePath, `${scopePath}/`, `${scopePath}0`, since, limit + 1) as RecordRow[];
    const hasMore = rows.length > limit;
    const page = hasMore ? rows.slice(0, limit) : rows;
    const last = page.at(-1);
    // With nothing more to send, the cursor jumps to the newest rev: the next pull then starts past every
    // write outside the scope too, and a sync with nothing new stays one cheap query.
    const cursor = hasMore && last ? last.rev : Math.max(since, seq);
    return {
      records: page.map((row) => toSyncedRecord(rowToRecord(row))),
      cursor: String(cursor),
      hasMore,
    };
  })();
}
