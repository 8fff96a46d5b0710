import type { Db } from '../db/database';
import { HttpError } from '../http/errors';
import type { SessionUser } from '../auth/sessions';
import { stmt } from '../sync/statements';
import { RECORD_COLUMNS, getRecord, rowToRecord, unitPathOf, type StoredRecord } from '../sync/store';
import { isWithinScope } from '../../shared/org';

/** Reading cases for the review API: scope, units, and the records that hang off a household. */

type RecordRow = Parameters<typeof rowToRecord>[0];

export interface UnitInfo {
  id: string;
  name: string;
  level: string;
  path: string;
}

/** Every unit by id (the organisation tree is small: one county has a few hundred grids). */
export function unitMap(db: Db): Map<string, UnitInfo> {
  const rows = stmt(db, 'SELECT id, name, level, path FROM units').all() as UnitInfo[];
  return new Map(rows.map((row) => [row.id, row]));
}

/** The units along a path, root first. */
export function unitsAlong(units: Map<string, UnitInfo>, path: string): UnitInfo[] {
  return path.split('/').flatMap((id) => {
    const unit = units.get(id);
    return unit ? [unit] : [];
  });
}

/** The scope a listing covers: the caller's unit, or a unit below it named in the query. */
export function listingScope(db: Db, actor: SessionUser, unitId: string | undefined): string {
  if (unitId === undefined) return actor.unitPath;
  const path = unitPathOf(db, unitId);
  if (path === null) throw new HttpError(400, 'unknown_unit', `单位不存在：${unitId}`);
  if (!isWithinScope(path, actor.unitPath)) {
    throw new HttpError(403, 'out_of_scope', '无权查看其他单位的案件');
  }
  return path;
}

/** A household that exists, is not deleted and lies within the caller's scope — or 404 / 403. */
export function loadCaseInScope(db: Db, actor: SessionUser, caseId: string): StoredRecord {
  const record = getRecord(db, caseId);
  if (!record || record.type !== 'household' || record.deleted) {
    throw new HttpError(404, 'case_not_found', '案件不存在或已删除');
  }
  if (!isWithinScope(record.unitPath, actor.unitPath)) {
    throw new HttpError(403, 'out_of_scope', '无权访问其他单位的案件');
  }
  return record;
}

export interface HouseholdFilter {
  scopePath: string;
  stage?: string;
  /** Only these stages (the queue's pre-filter); an empty list matches nothing. */
  stages?: readonly string[];
  category?: string;
  q?: string;
}

function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

/** Households in scope matching the filters (not deleted), in no particular order. */
export function findHouseholds(db: Db, filter: HouseholdFilter): StoredRecord[] {
  const clauses = [
    "type = 'household'",
    'deleted = 0',
    '(unit_path = ? OR (unit_path >= ? AND unit_path < ?))',
  ];
  const params: string[] = [filter.scopePath, `${filter.scopePath}/`, `${filter.scopePath}0`];
  if (filter.stage) {
    // A household a tablet created without a stage is at entry.
    clauses.push("coalesce(json_extract(data, '$.stage'), 'entry') = ?");
    params.push(filter.stage);
  }
  if (filter.stages) {
    clauses.push(
      `coalesce(json_extract(data, '$.stage'), 'entry') IN (${filter.stages.map(() => '?').join(', ') || 'NULL'})`,
    );
    params.push(...filter.stages);
  }
  if (filter.category) {
    clauses.push("coalesce(json_extract(data, '$.category'), 'unclassified') = ?");
    params.push(filter.category);
  }
  const q = filter.q?.trim();
  if (q) {
    if (/^[0-9Xx]{4,18}$/.test(q)) {
      // An ID number, in full or its last digits.
      clauses.push("upper(json_extract(data, '$.headIdNumber')) LIKE ? ESCAPE '\\'");
      params.push(`%${likeEscape(q.toUpperCase())}`);
    } else {
      clauses.push("json_extract(data, '$.headName') LIKE ? ESCAPE '\\'");
      params.push(`%${likeEscape(q)}%`);
    }
  }
  const rows = db
    .prepare(`SELECT ${RECORD_COLUMNS} FROM sync_records WHERE ${clauses.join(' AND ')}`)
    .all(...params) as RecordRow[];
  return rows.map(rowToRecord);
}

/** Open conflicts per household within a scope. */
export function openConflictCounts(db: Db, scopePath: string): Map<string, number> {
  const rows = stmt(
    db,
    `SELECT household_id AS id, count(*) AS n FROM sync_conflicts
      WHERE status = 'open' AND household_id IS NOT NULL
        AND (unit_path = ? OR (unit_path >= ? AND unit_path < ?))
      GROUP BY household_id`,
  ).all(scopePath, `${scopePath}/`, `${scopePath}0`) as { id: string; n: number }[];
  return new Map(rows.map((row) => [row.id, row.n]));
}

/** Non-deleted records of `type` that belong to a household, oldest write first. */
export function householdRecords(db: Db, householdId: string, type: string): StoredRecord[] {
  const rows = stmt(
    db,
    `SELECT ${RECORD_COLUMNS} FROM sync_records
      WHERE household_id = ? AND type = ? AND deleted = 0 ORDER BY rev`,
  ).all(householdId, type) as RecordRow[];
  return rows.map(rowToRecord);
}

export interface IdNumberMatch {
  household: StoredRecord;
  via: 'head' | 'member';
  /** The member's name when the number is a member's. */
  memberName: string | null;
}

/** Households in scope whose head (or a member) has this ID number. */
export function householdsByIdNumber(db: Db, scopePath: string, idNumber: string): IdNumberMatch[] {
  const scope = [scopePath, `${scopePath}/`, `${scopePath}0`];
  const heads = stmt(
    db,
    `SELECT ${RECORD_COLUMNS} FROM sync_records
      WHERE type = 'household' AND deleted = 0
        AND (unit_path = ? OR (unit_path >= ? AND unit_path < ?))
        AND upper(json_extract(data, '$.headIdNumber')) = ?`,
  ).all(...scope, idNumber) as RecordRow[];
  const members = stmt(
    db,
    `SELECT ${RECORD_COLUMNS} FROM sync_records
      WHERE type = 'member' AND deleted = 0
        AND (unit_path = ? OR (unit_path >= ? AND unit_path < ?))
        AND upper(json_extract(data, '$.idNumber')) = ?`,
  ).all(...scope, idNumber) as RecordRow[];
  const found: IdNumberMatch[] = heads.map((row) => ({
    household: rowToRecord(row),
    via: 'head',
    memberName: null,
  }));
  for (const row of members) {
    const member = rowToRecord(row);
    if (!member.householdId || found.some((f) => f.household.id === member.householdId)) continue;
    const household = getRecord(db, member.householdId);
    if (!household || household.type !== 'household' || household.deleted) continue;
    const name = typeof member.data.name === 'string' ? member.data.name : null;
    found.push({ household, via: 'member', memberName: name });
  }
  return found;
}
