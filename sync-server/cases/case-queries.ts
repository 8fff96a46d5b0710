import type { Db } from '../db/database';
import { HttpError } from '../http/errors';
import type { SessionUser } from '../auth/sessions';
import { stmt } from '../sync/statements';
import { RECORD_COLUMNS, getRecord, rowToRecord, unitPathOf, type StoredRecord } from '../sync/store';
import { normaliseIdNumber } from './case-index';
import { queueDueSql } from './queue';
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
  /**
   * The queue's second filter (queue.ts): `summarised` — cases outside `evaluateStages` in the queue by
   * their summary: `queue_roles` names `role`, or `queue_roles_due` does and the stage's due date
   * (`queueDueSql`) is before `today` (`YYYY-MM-DD`, China); `evaluate` — cases at one of `evaluateStages`
   * or whose summary is not computed yet, to be worked out by the loop's rules.
   */
  queueRole?: {
    role: string;
    mode: 'summarised' | 'evaluate';
    evaluateStages: readonly string[];
    today: string;
  };
}

/** A household's row in `case_index` (see case-index.ts): what the list filters and sorts on. */
export interface IndexedCase {
  id: string;
  unitPath: string;
  stage: string;
  category: string;
  stageEnteredAt: string;
  rev: number;
}

function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

/**
 * Scopes with more cases than this are paged by reading `case_index_order` in order and filtering on the
 * scope (the first page stops after `limit` matches); smaller ones by their scope range, sorted.
 */
const ORDERED_SCAN_FROM = 2000;

/**
 * The WHERE clause over `case_index` for a filter. `orderedScan` keeps the scope and stage terms off the
 * indexes (a unary `+`), so that SQLite walks the list order instead of sorting a broad scope.
 */
function filterClause(filter: HouseholdFilter, orderedScan = false): { where: string; params: string[] } {
  const col = (name: string) => (orderedScan ? `+${name}` : name);
  // The range serves the index; the exact test keeps out a sibling whose id extends this one's.
  const clauses = [
    `${col('unit_path')} >= ? AND ${col('unit_path')} < ?`,
    '(unit_path = ? OR unit_path >= ?)',
  ];
  const params: string[] = [
    filter.scopePath,
    `${filter.scopePath}0`,
    filter.scopePath,
    `${filter.scopePath}/`,
  ];
  if (filter.stage) {
    clauses.push(`${col('stage')} = ?`);
    params.push(filter.stage);
  }
  if (filter.stages) {
    clauses.push(`${col('stage')} IN (${filter.stages.map(() => '?').join(', ') || 'NULL'})`);
    params.push(...filter.stages);
  }
  if (filter.queueRole) {
    const { role, mode, evaluateStages, today } = filter.queueRole;
    const evaluate = evaluateStages.map(() => '?').join(', ');
    if (mode === 'summarised') {
      // (`NOT IN (NULL)` would match nothing: the stage test is left out when every stage is summarised.)
      clauses.push(
        `${evaluate ? `stage NOT IN (${evaluate}) AND ` : ''}(instr(queue_roles, ?) > 0` +
          ` OR (instr(queue_roles_due, ?) > 0 AND ${queueDueSql()} < ?))`,
      );
      params.push(...evaluateStages, `|${role}|`, `|${role}|`, today);
    } else {
      clauses.push(evaluate ? `(stage IN (${evaluate}) OR queue_roles IS NULL)` : 'queue_roles IS NULL');
      params.push(...evaluateStages);
    }
  }
  if (filter.category) {
    clauses.push('category = ?');
    params.push(filter.category);
  }
  const q = filter.q?.trim();
  if (q) {
    if (/^[0-9Xx]{4,18}$/.test(q)) {
      // An ID number, in full or its last digits.
      clauses.push("head_id_number LIKE ? ESCAPE '\\'");
      params.push(`%${likeEscape(q.toUpperCase())}`);
    } else {
      clauses.push("head_name LIKE ? ESCAPE '\\'");
      params.push(`%${likeEscape(q)}%`);
    }
  }
  return { where: clauses.join(' AND '), params };
}

/** How many live households in scope match the filters (an index count, no record read). */
export function countHouseholds(db: Db, filter: HouseholdFilter): number {
  const { where, params } = filterClause(filter);
  const row = stmt(db, `SELECT count(*) AS n FROM case_index WHERE ${where}`).get(...params) as { n: number };
  return row.n;
}

export interface CasePage {
  /** Only rows after this (stage_entered_at, id), as the list's keyset cursor. */
  after?: readonly [string, string];
  limit?: number;
  /** The caller's estimate of the matches (e.g. the count it just took), to choose the plan. */
  expected?: number;
}

/**
 * Live households in scope matching the filters, ordered by (stage_entered_at, id), from `case_index`
 * alone: no record is read or parsed.
 */
export function findIndexedCases(db: Db, filter: HouseholdFilter, page: CasePage = {}): IndexedCase[] {
  const orderedScan = page.limit !== undefined && (page.expected ?? Infinity) > ORDERED_SCAN_FROM;
  const { where, params } = filterClause(filter, orderedScan);
  const clauses = [where];
  const all: (string | number)[] = [...params];
  if (page.after) {
    clauses.push('(stage_entered_at, id) > (?, ?)');
    all.push(page.after[0], page.after[1]);
  }
  const limit = page.limit === undefined ? '' : ' LIMIT ?';
  if (page.limit !== undefined) all.push(page.limit);
  return stmt(
    db,
    `SELECT id, unit_path AS unitPath, stage, category, stage_entered_at AS stageEnteredAt, rev
       FROM case_index WHERE ${clauses.join(' AND ')}
      ORDER BY stage_entered_at, id${limit}`,
  ).all(...all) as IndexedCase[];
}

/**
 * Whether some case's queue summary is not computed yet (after the migration's backfill, until the server's
 * start fills them): a probe of the partial index `case_index_unsummarised`.
 */
export function hasUnsummarisedCases(db: Db): boolean {
  return stmt(db, 'SELECT 1 FROM case_index WHERE queue_roles IS NULL LIMIT 1').get() !== undefined;
}

/** The household records of these ids that still exist and are not deleted, in the given order. */
export function loadHouseholds(db: Db, ids: readonly string[]): StoredRecord[] {
  return ids.flatMap((id) => {
    const record = getRecord(db, id);
    return record && record.type === 'household' && !record.deleted ? [record] : [];
  });
}

/**
 * Households in scope matching the filters (not deleted), ordered by (stage_entered_at, id). Reads
 * `case_index`, then loads only the matching records.
 */
export function findHouseholds(db: Db, filter: HouseholdFilter): StoredRecord[] {
  return loadHouseholds(
    db,
    findIndexedCases(db, filter).map((row) => row.id),
  );
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

/**
 * Households in scope whose head (or a member) has this ID number: an index lookup in `person_ids`, then
 * only the matching households are loaded. Heads first, then members; one match per household.
 */
export function householdsByIdNumber(db: Db, scopePath: string, idNumber: string): IdNumberMatch[] {
  const normalised = normaliseIdNumber(idNumber);
  if (normalised === null) return [];
  const people = stmt(
    db,
    `SELECT household_id AS householdId, role, name FROM person_ids
      WHERE id_number = ? AND unit_path >= ? AND unit_path < ? AND (unit_path = ? OR unit_path >= ?)
        AND household_id IS NOT NULL
      ORDER BY role, rowid`,
  ).all(normalised, scopePath, `${scopePath}0`, scopePath, `${scopePath}/`) as {
    householdId: string;
    role: 'head' | 'member';
    name: string | null;
  }[];
  const found: IdNumberMatch[] = [];
  for (const person of people) {
    if (found.some((f) => f.household.id === person.householdId)) continue;
    const [household] = loadHouseholds(db, [person.householdId]);
    if (!household) continue;
    found.push({
      household,
      via: person.role,
      memberName: person.role === 'member' ? person.name : null,
    });
  }
  return found;
}
