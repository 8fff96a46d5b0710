import type { Db } from '../db/database';
import type { PullReply, SyncedRecord } from '../../shared/sync/protocol';
import { stmt } from './statements';
import { RECORD_COLUMNS, currentSeq, rowToRecord, toSyncedRecord } from './store';
import { redactRecord } from './redaction';
import type { Role } from '../../shared/roles';

type RecordRow = Parameters<typeof rowToRecord>[0];
type PageRow = RecordRow | { rev: number; departure: SyncedRecord };

interface DepartureRow {
  rev: number;
  record_id: string;
  record_type: string;
  to_unit_id: string;
  at: string;
}

/**
 * Records that left `scopePath` after `since` for a unit outside it (a case transfer, a unit moved or
 * deactivated; sync-server/org/relocate.ts), as tombstones naming where they went: `data: {movedTo}`. The
 * tablet drops its copy unless it still holds an edit of it (docs/sync-protocol.md, section 3). Read by rev
 * (the table's key): only the departures since the cursor, which are few.
 */
function departuresSince(db: Db, scopePath: string, since: number, limit: number): PageRow[] {
  const rows = stmt(
    db,
    `SELECT rev, record_id, record_type, to_unit_id, at FROM sync_departures
      WHERE rev > ? AND (from_path = ? OR (from_path >= ? AND from_path < ?))
        AND NOT (to_path = ? OR (to_path >= ? AND to_path < ?))
      ORDER BY rev LIMIT ?`,
  ).all(
    since,
    scopePath,
    `${scopePath}/`,
    `${scopePath}0`,
    scopePath,
    `${scopePath}/`,
    `${scopePath}0`,
    limit,
  ) as DepartureRow[];
  return rows.map((row) => ({
    rev: row.rev,
    departure: {
      type: row.record_type,
      id: row.record_id,
      unitId: row.to_unit_id,
      rev: row.rev,
      deleted: true,
      data: { movedTo: row.to_unit_id },
      updatedAt: row.at,
    },
  }));
}

/**
 * Record types planned above a user's own unit that still concern them: a township's or county's visit
 * round (入户走访轮次) is carried out by the grid workers below it, so their pull includes it; so is the city's
 * or county's calendar of the year's rounds of dynamic management (`roundCalendar`), and the county's settings
 * (`countySettings`: the 低保 standard and the loop's local rules, docs/administration.md).
 */
const INHERITED_TYPES = ['visitRound', 'roundCalendar', 'countySettings'] as const;

/** The paths of the units above `scopePath`, nearest last ("341600", "341600/341602", …). */
function ancestorPaths(scopePath: string): string[] {
  const ids = scopePath.split('/');
  return ids.slice(0, -1).map((_, i) => ids.slice(0, i + 1).join('/'));
}

export interface PullOptions {
  /**
   * Leave out versions this device received in the answer to its own push (`omitOwnPushes`): the tablet
   * stored them then, or still holds the changes and gets them again by replaying its push.
   */
  omitAnsweredTo: string | null;
  /** The puller's role: records are redacted for it (redaction.ts); omitted, nothing is redacted. */
  viewerRole?: Role;
}

/**
 * One page of everything within `scopePath` written after `since`, in rev order, plus the visit rounds of
 * the units above it. The scope is a range on the indexed unit path ("341602/" ≤ path < "3416020", '0'
 * being the character after '/'), so a grid worker's pull never reads another grid's rows.
 */
export function pullPage(
  db: Db,
  scopePath: string,
  since: number,
  limit: number,
  options: PullOptions = { omitAnsweredTo: null },
): PullReply {
  return db.transaction(() => {
    // Read inside one transaction so the page and the sequence it is measured against agree.
    const seq = currentSeq(db);
    // A first pull (since 0) always gets everything: a tablet whose data was wiped starts there.
    const omit = since > 0 ? options.omitAnsweredTo : null;
    // The page's revs first, from the scope index alone, then those rows by rev. (Ordering the OR of the
    // two ranges by rev sorts every row after the cursor; with their data, that made each page read the
    // rest of the scope: a first pull of 50,000 records read 1.3 million rows.)
    const own = (
      omit === null
        ? stmt(
            db,
            `SELECT ${RECORD_COLUMNS} FROM sync_records WHERE rev IN (
               SELECT rev FROM sync_records
                WHERE (unit_path = ? OR (unit_path >= ? AND unit_path < ?)) AND rev > ?
                ORDER BY rev LIMIT ?)
              ORDER BY rev`,
          ).all(scopePath, `${scopePath}/`, `${scopePath}0`, since, limit + 1)
        : stmt(
            db,
            `SELECT ${RECORD_COLUMNS} FROM sync_records WHERE rev IN (
               SELECT rev FROM sync_records
                WHERE (unit_path = ? OR (unit_path >= ? AND unit_path < ?)) AND rev > ?
                  AND answered_device_id IS NOT ?
                ORDER BY rev LIMIT ?)
              ORDER BY rev`,
          ).all(scopePath, `${scopePath}/`, `${scopePath}0`, since, omit, limit + 1)
    ) as RecordRow[];
    const ancestors = ancestorPaths(scopePath);
    const inherited =
      ancestors.length === 0
        ? []
        : (stmt(
            db,
            `SELECT ${RECORD_COLUMNS} FROM sync_records
              WHERE unit_path IN (${ancestors.map(() => '?').join(', ')})
                AND type IN (${INHERITED_TYPES.map(() => '?').join(', ')}) AND rev > ?
              ORDER BY rev LIMIT ?`,
          ).all(...ancestors, ...INHERITED_TYPES, since, limit + 1) as RecordRow[]);
    // A first pull has nothing to drop: departures only matter to a tablet that pulled before.
    const departed = since === 0 ? [] : departuresSince(db, scopePath, since, limit + 1);
    // The lists are in rev order and each holds at least limit + 1 rows when it has that many, so the
    // first limit + 1 of their merge are exactly the first limit + 1 of the union.
    const rows: PageRow[] =
      inherited.length === 0 && departed.length === 0
        ? own
        : [...own, ...inherited, ...departed].sort((a, b) => a.rev - b.rev);
    const hasMore = rows.length > limit;
    const page = hasMore ? rows.slice(0, limit) : rows;
    const last = page.at(-1);
    // With nothing more to send, the cursor jumps to the newest rev: the next pull then starts past every
    // write outside the scope too, and a sync with nothing new stays one cheap query.
    const cursor = hasMore && last ? last.rev : Math.max(since, seq);
    return {
      records: page.map((row) => {
        if ('departure' in row) return row.departure;
        const record = toSyncedRecord(rowToRecord(row));
        return options.viewerRole ? redactRecord(options.viewerRole, record) : record;
      }),
      cursor: String(cursor),
      hasMore,
    };
  })();
}
