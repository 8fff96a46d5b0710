import { RECORD_TYPES, type RecordType } from '../../shared/domain/records';
import type { SyncedRecord } from '../../shared/sync/protocol';
import { db, recordTable } from './database';
import { applyMergedTombstones } from './merged';
import { getMeta } from './meta';
import { noteUnindexedHouseholds } from './search-index';
import { rebaseRecord } from './sync-rebase';
import { storeServerRecords } from './sync-server-rows';
import type { LocalRecord, OutboxRow } from './types';

/**
 * Writes server versions of many records at once (a pulled page, the records of a push answer): one
 * outbox query and one bulkGet per table, then bulk writes. Call inside a transaction that covers
 * `meta` (merged households, merged.ts), the outbox, the record tables and the server-row tables.
 */

export const ALL_RECORD_TABLES = RECORD_TYPES.map((type) => recordTable(type));

/**
 * Every table a sync write may touch (a pulled page, a push answer): the outbox and meta, the server's
 * records (conflicts, comments, case events, duplicate findings, monitoring entries) and the records.
 * One list, so a new server record type is added to every sync transaction at once.
 */
export const SYNC_WRITE_TABLES = [
  db.meta,
  db.outbox,
  db.conflicts,
  db.comments,
  db.caseEvents,
  db.duplicateFindings,
  db.monitoringEntries,
  db.acked,
  ...ALL_RECORD_TABLES,
];

function isRecordType(type: string): type is RecordType {
  return (RECORD_TYPES as readonly string[]).includes(type);
}

export interface RebaseOptions {
  /**
   * Pulls skip a version the tablet already has (same rev); push answers apply it anyway, since the
   * answered row just left the outbox and the local copy must lose it from its waiting edits.
   */
  skipSameRev: boolean;
  /** Push answers: waiting rows of an acknowledged record now start from its new rev. */
  refreshBaseRev: boolean;
  /** The first pull of a tablet: which local copies cannot exist (see `FreshTables`). */
  fresh?: FreshTables;
}

/**
 * What a tablet's first pull knows for sure: the record tables that were empty when it started, and the
 * ids it has written since. A pulled record of such a table whose id is not among them has no local copy
 * (a record made on the tablet meanwhile has a new id the server cannot know), so the pull neither looks
 * it up nor makes the household counts look up the row it replaces: it is added. On a fresh tablet those
 * two reads took about a seventh of the initial sync.
 */
export interface FreshTables {
  types: ReadonlySet<RecordType>;
  written: Set<string>;
  /**
   * Households added this way go without their search tokens, which are two thirds of the index entries
   * of a first sync; search-index.ts builds them after the pull (the search looks at the rest meanwhile).
   */
  deferSearchTokens?: boolean;
}

/** The record tables with no rows, for `FreshTables` (read before the first page is asked for). */
export async function emptyRecordTypes(): Promise<Set<RecordType>> {
  return db.transaction('r', ALL_RECORD_TABLES, async () => {
    const counts = await Promise.all(RECORD_TYPES.map((type) => recordTable(type).limit(1).count()));
    return new Set(RECORD_TYPES.filter((_, i) => counts[i] === 0));
  });
}

/** The sync run belongs to another account than the local data (a logout or another sign-in happened). */
export class SyncOwnerChangedError extends Error {
  constructor() {
    super('the local data changed owner during sync');
    this.name = 'SyncOwnerChangedError';
  }
}

/**
 * Refuses to write a sync answer into data that is no longer this user's: a logout wipes the tables and
 * another account may sign in while a request is on its way. Call inside the writing transaction (with
 * `db.meta` in its scope), so the check and the writes are one.
 */
export async function assertOwner(userId: string): Promise<void> {
  const owner = await getMeta('owner');
  if (owner?.userId !== userId) throw new SyncOwnerChangedError();
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const list = groups.get(key(item));
    if (list) list.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

/**
 * Every outbox row (any state) of the records `ids`. `where('recordId').anyOf(ids)` steps an index cursor
 * once per id (189 ms for the 435 records of a push batch on a 10,000-row outbox); one range read per id,
 * all issued at once, costs a fraction of that. An outbox no longer than the id list (empty during an
 * initial sync, short after a push) is read whole instead.
 */
export async function outboxRowsOf(ids: readonly string[]): Promise<OutboxRow[]> {
  if (ids.length === 0) return [];
  const wanted = new Set(ids);
  const keys = await db.outbox.limit(wanted.size + 1).primaryKeys();
  if (keys.length === 0) return [];
  if (keys.length <= wanted.size) {
    return (await db.outbox.toArray()).filter((row) => wanted.has(row.recordId));
  }
  const lists = await Promise.all([...wanted].map((id) => db.outbox.where('recordId').equals(id).toArray()));
  return lists.flat();
}

interface Candidate {
  record: SyncedRecord;
  local: LocalRecord | undefined;
  /** Known to have no local copy (`FreshTables`): written with add. */
  absent?: boolean;
}

/** The local copies of `list` (one table), skipping the lookup for records known to have none. */
async function localsOf(
  type: RecordType,
  list: readonly SyncedRecord[],
  fresh: FreshTables | undefined,
): Promise<Candidate[]> {
  const absent = (record: SyncedRecord) =>
    fresh !== undefined && fresh.types.has(type) && !fresh.written.has(record.id);
  const lookup = list.filter((record) => !absent(record));
  const locals = lookup.length > 0 ? await recordTable(type).bulkGet(lookup.map((record) => record.id)) : [];
  const found = new Map(lookup.map((record, index) => [record.id, locals[index]]));
  return list.map((record) =>
    absent(record) ? { record, local: undefined, absent: true } : { record, local: found.get(record.id) },
  );
}

/**
 * Rebases the local copies of `records` and re-derives `pending` for `others` (ids without a version).
 * `outboxRows`, when the caller has read them already, are all the outbox rows of those records.
 */
export async function rebaseBatch(
  records: readonly SyncedRecord[],
  others: ReadonlyMap<string, RecordType>,
  options: RebaseOptions,
  outboxRows?: readonly OutboxRow[],
): Promise<void> {
  const byType = groupBy(
    records.filter((record) => isRecordType(record.type)),
    (record) => record.type,
  ) as Map<RecordType, SyncedRecord[]>;
  const othersByType = groupBy([...others], ([, type]) => type) as Map<RecordType, [string, RecordType][]>;

  // The local copies first: a version the tablet already has (a pull after its own push) needs no
  // outbox read at all.
  const [candidates, otherLocals] = await Promise.all([
    Promise.all(
      [...byType].map(async ([type, list]): Promise<[RecordType, Candidate[]]> => {
        const found = await localsOf(type, list, options.fresh);
        const kept = found.filter(
          ({ record, local }) =>
            !(options.skipSameRev && local && local.rev !== null && local.rev >= record.rev),
        );
        return [type, kept];
      }),
    ),
    Promise.all(
      [...othersByType].map(async ([type, group]): Promise<[RecordType, LocalRecord[]]> => {
        const locals = await recordTable(type).bulkGet(group.map(([id]) => id));
        return [type, locals.filter((local): local is LocalRecord => local !== undefined)];
      }),
    ),
  ]);
  const ids = [
    ...candidates.flatMap(([, list]) => list.map((candidate) => candidate.record.id)),
    ...otherLocals.flatMap(([, locals]) => locals.map((local) => local.id)),
  ];
  const rowsOf = groupBy(outboxRows ?? (await outboxRowsOf(ids)), (row) => row.recordId);
  const rebased: OutboxRow[] = [];
  // Each table's writes in turn (the household counts read and write `meta` around each write of
  // households), the tables side by side: IndexedDB runs the requests in the order they were made, and
  // the page copies the next table's rows into its requests while the database stores the previous ones.
  const writes: Promise<void>[] = [];

  for (const [type, list] of candidates) {
    const table = recordTable(type);
    const puts: LocalRecord[] = [];
    const adds: LocalRecord[] = [];
    const deletes: string[] = [];
    const defer = type === 'household' && options.fresh?.deferSearchTokens === true;
    for (const { record, local, absent } of list) {
      const rows = rowsOf.get(record.id) ?? [];
      const action = rebaseRecord(type, record, local, rows, { searchTokens: !(absent && defer) });
      if (action.kind === 'put') {
        if (absent) adds.push(action.row);
        else puts.push(action.row);
      } else if (action.kind === 'delete' && local) deletes.push(record.id);
      else if (action.kind === 'keep' && local && local.pending !== (rows.length > 0 ? 1 : 0)) {
        puts.push({ ...local, pending: rows.length > 0 ? 1 : 0 });
      }
      if (options.refreshBaseRev && action.kind !== 'keep') {
        // Rows being sent are never touched: a replay must carry exactly what was sent first.
        for (const row of rows) {
          if ((row.state === 'pending' || row.state === 'held') && row.baseRev !== record.rev)
            rebased.push({ ...row, baseRev: record.rev });
        }
      }
    }
    writes.push(
      (async () => {
        if (puts.length > 0) await table.bulkPut(puts);
        if (adds.length > 0) {
          if (defer && adds.some((row) => row.searchTokens === undefined)) await noteUnindexedHouseholds();
          await table.bulkAdd(adds);
          for (const row of adds) options.fresh?.written.add(row.id);
        }
        if (deletes.length > 0) await table.bulkDelete(deletes);
      })(),
    );
  }
  await Promise.all(writes);

  for (const [type, locals] of otherLocals) {
    const table = recordTable(type);
    const puts: LocalRecord[] = [];
    const deletes: string[] = [];
    for (const local of locals) {
      const rows = rowsOf.get(local.id) ?? [];
      // A delete the server had nothing to do for (never had it, or already deleted) leaves the tablet too.
      if (local.deleted === 1 && !rows.some((row) => row.kind !== 'command')) deletes.push(local.id);
      else if (local.pending !== (rows.length > 0 ? 1 : 0))
        puts.push({ ...local, pending: rows.length > 0 ? 1 : 0 });
    }
    if (puts.length > 0) await table.bulkPut(puts);
    if (deletes.length > 0) await table.bulkDelete(deletes);
  }

  if (rebased.length > 0) await db.outbox.bulkPut(rebased);
  // After the records: children moved to the survivor in this very batch are filed under it already.
  await applyMergedTombstones(records);
  const serverRecords = records.filter((record) => !isRecordType(record.type));
  if (serverRecords.length > 0) await storeServerRecords(serverRecords);
}
