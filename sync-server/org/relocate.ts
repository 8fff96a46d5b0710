import type { Db } from '../db/database';
import { HttpError } from '../http/errors';
import { stmt } from '../sync/statements';
import { getRecord, writeRecord, type StoredRecord } from '../sync/store';
import { isWithinScope } from '../../shared/org';

/**
 * Moving records from one place in the tree to another, for the three things that move them: a case
 * transfer, a unit moved under another parent, a unit deactivated with a target. Tablets follow through
 * the pull (docs/sync-protocol.md, section 3 "Moved out of your scope"):
 *
 * - the record is written again (new rev, new unit path; every record indexer updates its summary), so the
 *   scopes that now hold it pull it;
 * - a departure row takes its own rev just before, with the old and new paths, so a scope that held the
 *   old path and does not hold the new one pulls a tombstone `{movedTo}` and its tablets drop the record.
 *
 * All of it runs inside the caller's transaction.
 */

/** At most this many records move in one request (a township's few thousand households and their files). */
export const RELOCATION_LIMIT = 20_000;

export interface RelocationTarget {
  unitId: string;
  path: string;
}

function departure(db: Db, record: StoredRecord, toUnitId: string, toPath: string, at: string): number {
  const rev = Number(
    stmt(db, 'INSERT INTO sync_writes (record_id, device_id, at) VALUES (?, NULL, ?)').run(record.id, at)
      .lastInsertRowid,
  );
  stmt(
    db,
    `INSERT INTO sync_departures (rev, record_id, record_type, from_path, to_unit_id, to_path, at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(rev, record.id, record.type, record.unitPath, toUnitId, toPath, at);
  return rev;
}

/**
 * Files `records` at `target` (null: each stays at its own unit, whose path changed — a unit move) and
 * records the departures. `userId` is who moved them (the audit names them too).
 */
export function relocateRecords(
  db: Db,
  records: readonly StoredRecord[],
  target: RelocationTarget | null,
  userId: string,
): StoredRecord[] {
  const at = new Date().toISOString();
  const pathOf = stmt(db, 'SELECT path FROM units WHERE id = ?');
  return records.map((record) => {
    const unitId = target?.unitId ?? record.unitId;
    const toPath = target?.path ?? (pathOf.get(unitId) as { path: string } | undefined)?.path;
    if (toPath === undefined) throw new HttpError(400, 'unknown_unit', `所属单位不存在：${unitId}`);
    if (toPath !== record.unitPath) departure(db, record, unitId, toPath, at);
    const data =
      typeof record.data.unitId === 'string' && record.data.unitId !== unitId
        ? { ...record.data, unitId }
        : record.data;
    return writeRecord(db, {
      id: record.id,
      type: record.type,
      unitId,
      householdId: record.householdId,
      data,
      deleted: record.deleted,
      userId,
      deviceId: null,
    });
  });
}

/** Every record filed under a household (the household itself first), live or not. */
export function householdFile(db: Db, householdId: string): StoredRecord[] {
  const ids = stmt(db, 'SELECT id FROM sync_records WHERE household_id = ? ORDER BY rev').all(
    householdId,
  ) as {
    id: string;
  }[];
  const records = ids.flatMap(({ id }) => {
    const record = getRecord(db, id);
    return record ? [record] : [];
  });
  return records.sort((a, b) => (a.id === householdId ? -1 : b.id === householdId ? 1 : 0));
}

/**
 * The summaries that are not kept by a record indexer and name a household's unit: open sync conflicts,
 * duplicate findings, monitoring warnings and the monitoring register. Past monitoring counts stay where the
 * event happened.
 */
export function relocateHouseholdSummaries(db: Db, householdId: string, target: RelocationTarget): void {
  stmt(db, 'UPDATE sync_conflicts SET unit_id = ?, unit_path = ? WHERE household_id = ?').run(
    target.unitId,
    target.path,
    householdId,
  );
  stmt(db, 'UPDATE identity_findings SET held_unit_path = ? WHERE held_household_id = ?').run(
    target.path,
    householdId,
  );
  stmt(db, 'UPDATE identity_findings SET other_unit_path = ? WHERE other_household_id = ?').run(
    target.path,
    householdId,
  );
  stmt(db, 'UPDATE monitoring_register SET unit_path = ? WHERE household_id = ?').run(
    target.path,
    householdId,
  );
  const warnings = stmt(
    db,
    'SELECT id, owner_unit_id, owner_unit_path FROM monitoring_warnings WHERE household_id = ?',
  ).all(householdId) as { id: string; owner_unit_id: string; owner_unit_path: string }[];
  for (const warning of warnings) {
    // The warning's owner (a township or county) follows when the household left its subtree.
    const owner = isWithinScope(target.path, warning.owner_unit_path)
      ? { id: warning.owner_unit_id, path: warning.owner_unit_path }
      : sameLevelAlong(db, target.path, warning.owner_unit_id);
    stmt(
      db,
      `UPDATE monitoring_warnings SET unit_id = ?, unit_path = ?, owner_unit_id = ?, owner_unit_path = ?
        WHERE id = ?`,
    ).run(target.unitId, target.path, owner.id, owner.path, warning.id);
  }
}

/** The unit along `path` at the level of `unitId` (else the county along it, else the path's own unit). */
function sameLevelAlong(db: Db, path: string, unitId: string): { id: string; path: string } {
  const find = stmt(db, 'SELECT id, path, level FROM units WHERE id = ?');
  const level = (find.get(unitId) as { level: string } | undefined)?.level;
  let county: { id: string; path: string } | null = null;
  for (const id of path.split('/').reverse()) {
    const unit = find.get(id) as { id: string; path: string; level: string } | undefined;
    if (!unit) continue;
    if (unit.level === level) return { id: unit.id, path: unit.path };
    if (unit.level === 'county' && !county) county = { id: unit.id, path: unit.path };
  }
  return county ?? { id: path.split('/').at(-1) ?? path, path };
}

/** Tables whose path columns name a unit subtree and are not kept by a record indexer. */
const SUBTREE_PATH_COLUMNS: readonly (readonly [string, string])[] = [
  ['sync_conflicts', 'unit_path'],
  ['identity_findings', 'held_unit_path'],
  ['identity_findings', 'other_unit_path'],
  ['monitoring_warnings', 'unit_path'],
  ['monitoring_warnings', 'owner_unit_path'],
  ['monitoring_register', 'unit_path'],
  ['monitoring_counts', 'unit_path'],
];

/**
 * A unit moved: rewrites the prefix `oldPath` to `newPath` in the units table and the summaries above. The
 * records themselves are rewritten by `relocateRecords` (their revs must change for the pulls).
 */
export function rewriteSubtreePaths(db: Db, oldPath: string, newPath: string): void {
  const rewrite = (table: string, column: string) =>
    db
      .prepare(
        `UPDATE ${table} SET ${column} = ? || substr(${column}, ?)
          WHERE ${column} = ? OR (${column} >= ? AND ${column} < ?)`,
      )
      .run(newPath, oldPath.length + 1, oldPath, `${oldPath}/`, `${oldPath}0`);
  // Deepest first would not matter: paths are unique and the new prefix is not within the old subtree.
  rewrite('units', 'path');
  for (const [table, column] of SUBTREE_PATH_COLUMNS) rewrite(table, column);
}

/** Ids of the records filed in a subtree (by the indexed path range), refused above the limit. */
export function subtreeRecordIds(db: Db, path: string): string[] {
  const rows = stmt(
    db,
    `SELECT id FROM sync_records WHERE unit_path = ? OR (unit_path >= ? AND unit_path < ?) LIMIT ?`,
  ).all(path, `${path}/`, `${path}0`, RELOCATION_LIMIT + 1) as { id: string }[];
  if (rows.length > RELOCATION_LIMIT) {
    throw new HttpError(
      409,
      'too_many_records',
      `该单位下的记录超过一次可迁移的 ${RELOCATION_LIMIT} 条，请先逐个迁移其下级单位`,
    );
  }
  return rows.map((row) => row.id);
}
