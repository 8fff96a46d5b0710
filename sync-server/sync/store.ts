import type { Db } from '../db/database';
import { HttpError } from '../http/errors';
import { isJsonObject, type JsonObject } from '../../shared/sync/canonical-json';
import type { SyncedRecord } from '../../shared/sync/protocol';
import { indexRecord } from './record-indexes';
import { stmt } from './statements';

/**
 * The one table every synced record lives in, and the one sequence that orders every write. Other
 * modules (conflicts, server-authored comments and case events) write through `writeRecord` so the
 * sequence, the write log and pulls stay consistent.
 */

export interface StoredRecord {
  id: string;
  type: string;
  unitId: string;
  unitPath: string;
  householdId: string | null;
  data: JsonObject;
  rev: number;
  deleted: boolean;
  createdBy: string | null;
  updatedBy: string | null;
  createdAt: string;
  updatedAt: string;
}

interface RecordRow {
  id: string;
  type: string;
  unit_id: string;
  unit_path: string;
  household_id: string | null;
  data: string;
  rev: number;
  deleted: number;
  created_by: string | null;
  updated_by: string | null;
  created_at: string;
  updated_at: string;
}

export const RECORD_COLUMNS =
  'id, type, unit_id, unit_path, household_id, data, rev, deleted, created_by, updated_by, created_at, updated_at';

export function rowToRecord(row: RecordRow): StoredRecord {
  const data: unknown = JSON.parse(row.data);
  return {
    id: row.id,
    type: row.type,
    unitId: row.unit_id,
    unitPath: row.unit_path,
    householdId: row.household_id,
    data: isJsonObject(data) ? data : {},
    rev: row.rev,
    deleted: row.deleted === 1,
    createdBy: row.created_by,
    updatedBy: row.updated_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function getRecord(db: Db, id: string): StoredRecord | null {
  const row = stmt(db, `SELECT ${RECORD_COLUMNS} FROM sync_records WHERE id = ?`).get(id) as
    RecordRow | undefined;
  return row ? rowToRecord(row) : null;
}

/** What a child record's checks need of its household, without reading (and parsing) its data. */
export interface RecordHead {
  type: string;
  unitId: string;
  rev: number;
}

export function getRecordHead(db: Db, id: string): RecordHead | null {
  const row = stmt(db, 'SELECT type, unit_id, rev FROM sync_records WHERE id = ?').get(id) as
    { type: string; unit_id: string; rev: number } | undefined;
  return row ? { type: row.type, unitId: row.unit_id, rev: row.rev } : null;
}

/**
 * Facts that stay true for the length of one push transaction, so a batch of 500 changes looks each up
 * once: unit paths (units do not move during a push), and the records the batch itself wrote (the
 * reply carries every record as it stands after the batch; re-reading and re-parsing each from the
 * table would cost more than the write did).
 */
interface BatchCache {
  unitPaths: Map<string, string | null>;
  written: Map<string, StoredRecord>;
  /** Other facts that stay true for the batch (see `batchMemo`). */
  memo: Map<string, unknown>;
}

const batchCaches = new WeakMap<Db, BatchCache>();

/**
 * Runs `fn` (inside the caller's transaction) with a batch cache for `db`; nested calls share the outer
 * cache. The cache is dropped when `fn` returns or throws, so nothing outlives the transaction.
 */
export function withBatchCache<T>(db: Db, fn: () => T): T {
  if (batchCaches.has(db)) return fn();
  batchCaches.set(db, { unitPaths: new Map(), written: new Map(), memo: new Map() });
  try {
    return fn();
  } finally {
    batchCaches.delete(db);
  }
}

/**
 * `compute()`, remembered under `key` for the rest of the push batch being applied (computed afresh
 * outside a batch). For facts no record change can alter: the units along a path, a county's settings
 * on a day. The value is shared by every caller of the batch, so it must not be mutated. A writer of such
 * facts that might run inside a batch calls `forgetBatchMemo`.
 */
export function batchMemo<T>(db: Db, key: string, compute: () => T): T {
  const memo = batchCaches.get(db)?.memo;
  if (!memo) return compute();
  if (memo.has(key)) return memo.get(key) as T;
  const value = compute();
  memo.set(key, value);
  return value;
}

/** Drops whatever `batchMemo` remembers for the batch being applied, if any. */
export function forgetBatchMemo(db: Db): void {
  batchCaches.get(db)?.memo.clear();
}

/**
 * The record as it stands now. A record this batch wrote is taken from the batch cache when its stored
 * rev still matches (a cheap key lookup instead of reading and parsing its data again).
 */
export function getCurrentRecord(db: Db, id: string): StoredRecord | null {
  const written = batchCaches.get(db)?.written.get(id);
  if (written) {
    const row = stmt(db, 'SELECT rev FROM sync_records WHERE id = ?').get(id) as { rev: number } | undefined;
    if (row?.rev === written.rev) return written;
  }
  return getRecord(db, id);
}

/**
 * What a tombstone carries: nothing, except a household merged into another (docs/identity.md), whose
 * tombstone names the survivor so a tablet can follow it.
 */
function tombstoneData(record: StoredRecord): JsonObject {
  const mergedInto = record.type === 'household' ? record.data.mergedInto : undefined;
  return typeof mergedInto === 'string' ? { mergedInto } : {};
}

/** The record as it is pulled: tombstones carry no data (but see `tombstoneData`). */
export function toSyncedRecord(record: StoredRecord): SyncedRecord {
  return {
    type: record.type,
    id: record.id,
    unitId: record.unitId,
    rev: record.rev,
    deleted: record.deleted,
    data: record.deleted ? tombstoneData(record) : record.data,
    updatedAt: record.updatedAt,
  };
}

/** The newest rev on the server (0 before the first write). */
export function currentSeq(db: Db): number {
  const row = stmt(db, 'SELECT max(rev) AS seq FROM sync_writes').get() as { seq: number | null };
  return row.seq ?? 0;
}

/**
 * Whether anyone other than `deviceId` (another device, or the server itself) wrote the record after
 * `baseRev`; for a server-side caller (`deviceId` null) every write counts. If the last write came from
 * someone else, it is the newest such write; if it came from `deviceId`, the newest write by anyone else
 * is the record's `other_rev` (kept by `writeRecord`).
 */
export function changedByOthersSince(
  db: Db,
  recordId: string,
  baseRev: number,
  deviceId: string | null,
): boolean {
  const row = stmt(db, 'SELECT rev, last_device_id, other_rev FROM sync_records WHERE id = ?').get(
    recordId,
  ) as { rev: number; last_device_id: string | null; other_rev: number } | undefined;
  if (!row) return false;
  const lastWasMine = deviceId !== null && row.last_device_id === deviceId;
  return (lastWasMine ? row.other_rev : row.rev) > baseRev;
}

export function unitPathOf(db: Db, unitId: string): string | null {
  const cache = batchCaches.get(db)?.unitPaths;
  const cached = cache?.get(unitId);
  if (cached !== undefined) return cached;
  const row = stmt(db, 'SELECT path FROM units WHERE id = ?').get(unitId) as { path: string } | undefined;
  const path = row?.path ?? null;
  cache?.set(unitId, path);
  return path;
}

export interface RecordWrite {
  id: string;
  type: string;
  unitId: string;
  householdId: string | null;
  data: JsonObject;
  deleted: boolean;
  /** Who wrote it (user id), null for the system. */
  userId: string | null;
  /** The device the write came from; null for writes made on the server (resolutions, commands, comments). */
  deviceId: string | null;
  /** That device receives this version in the answer to its push (see `omitOwnPushes` in pulls). */
  answered?: boolean;
}

/**
 * Inserts or replaces a record with the next rev of the server sequence. Call inside a transaction. The
 * unit path is resolved here so a record can never carry a path that disagrees with the units table.
 */
export function writeRecord(db: Db, write: RecordWrite): StoredRecord {
  const unitPath = unitPathOf(db, write.unitId);
  if (unitPath === null) throw new HttpError(400, 'unknown_unit', `所属单位不存在：${write.unitId}`);
  const now = new Date().toISOString();
  const rev = Number(
    stmt(db, 'INSERT INTO sync_writes (record_id, device_id, at) VALUES (?, ?, ?)').run(
      write.id,
      write.deviceId,
      now,
    ).lastInsertRowid,
  );
  // created_by/created_at are left alone on update; RETURNING hands back the stored ones. The writers
  // (see changedByOthersSince): a write by the last writer's device keeps other_rev; any other write
  // makes the previous write, by someone else, the newest one not by the new last writer.
  const created = stmt(
    db,
    `INSERT INTO sync_records (${RECORD_COLUMNS}, last_device_id, other_rev, answered_device_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)
     ON CONFLICT(id) DO UPDATE SET type = excluded.type, unit_id = excluded.unit_id,
       unit_path = excluded.unit_path, household_id = excluded.household_id, data = excluded.data,
       rev = excluded.rev, deleted = excluded.deleted, updated_by = excluded.updated_by,
       updated_at = excluded.updated_at,
       other_rev = CASE WHEN excluded.last_device_id = sync_records.last_device_id
                        THEN sync_records.other_rev ELSE sync_records.rev END,
       last_device_id = excluded.last_device_id, answered_device_id = excluded.answered_device_id
     RETURNING created_by, created_at`,
  ).get(
    write.id,
    write.type,
    write.unitId,
    unitPath,
    write.householdId,
    JSON.stringify(write.data),
    rev,
    write.deleted ? 1 : 0,
    write.userId,
    write.userId,
    now,
    now,
    write.deviceId,
    write.answered === true ? write.deviceId : null,
  ) as { created_by: string | null; created_at: string };
  const record: StoredRecord = {
    id: write.id,
    type: write.type,
    unitId: write.unitId,
    unitPath,
    householdId: write.householdId,
    data: write.data,
    rev,
    deleted: write.deleted,
    createdBy: created.created_by,
    updatedBy: write.userId,
    createdAt: created.created_at,
    updatedAt: now,
  };
  batchCaches.get(db)?.written.set(record.id, record);
  indexRecord(db, record);
  return record;
}
