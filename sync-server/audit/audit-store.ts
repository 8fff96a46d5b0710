import type { Db } from '../db/database';
import type { AuditNames } from '../../shared/audit/describe';
import type { AuditFilter } from '../../shared/audit/api';
import { AUDIT_KINDS, type AuditKind } from '../../shared/audit/kinds';
import { recordTitle } from '../../shared/format/field-value';
import { isWithinScope } from '../../shared/org';

/**
 * Reads of the append-only `audit_log` for the audit view: filtered and paged in SQL, newest first, by
 * keyset (`seq < before`), so a page costs an index walk whatever the log's size (migration 0011 adds the
 * indexes), and the names a page mentions — accounts, units, households — in one query each.
 */

export interface AuditRow {
  seq: number;
  at: string;
  user_id: string | null;
  role: string | null;
  unit_id: string | null;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  case_id: string | null;
  detail: string;
}

/** `path` is the unit itself or below it, as a range on the text (usable by an index). */
function withinSql(column: string): string {
  return `(${column} = ? OR (${column} > ? || '/' AND ${column} < ? || '0'))`;
}

/** Where the viewer's scope and the filter meet; `scopePath` null means the whole organisation. */
export interface AuditQuery {
  scopePath: string | null;
  filter: AuditFilter;
  /** The path of `filter.unitId`, resolved (and checked within scope) by the caller. */
  unitPath: string | null;
}

/** China date → the first instant of that day as an ISO time (UTC). */
function chinaDayStart(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00+08:00`)).toISOString();
}

function nextChinaDayStart(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00+08:00`) + 86_400_000).toISOString();
}

function whereOf(query: AuditQuery): { sql: string[]; params: unknown[] } {
  const sql: string[] = [];
  const params: unknown[] = [];
  // An entry belongs to the unit of the account that acted; the system's own entries (a warning raised,
  // a duplicate found at sync) to the unit of the household they are about.
  const scoped = (path: string) => {
    sql.push(
      `(a.unit_id IN (SELECT id FROM units WHERE ${withinSql('path')})
        OR (a.unit_id IS NULL AND a.case_id IN (SELECT id FROM case_index WHERE ${withinSql('unit_path')})))`,
    );
    params.push(path, path, path, path, path, path);
  };
  if (query.scopePath !== null) scoped(query.scopePath);
  if (query.unitPath !== null) scoped(query.unitPath);
  const { filter } = query;
  if (filter.userId) {
    sql.push('a.user_id = ?');
    params.push(filter.userId);
  }
  if (filter.caseId) {
    sql.push('a.case_id = ?');
    params.push(filter.caseId);
  }
  if (filter.kind) {
    const prefixes: readonly string[] = AUDIT_KINDS[filter.kind as Exclude<AuditKind, 'other'>];
    sql.push(`(${prefixes.map(() => `(a.action >= ? AND a.action < ?)`).join(' OR ')})`);
    // "case." .. "case/" holds exactly the actions starting with "case." ('/' follows '.').
    for (const prefix of prefixes) params.push(prefix, `${prefix.slice(0, -1)}/`);
  }
  if (filter.from) {
    sql.push('a.at >= ?');
    params.push(chinaDayStart(filter.from));
  }
  if (filter.to) {
    sql.push('a.at < ?');
    params.push(nextChinaDayStart(filter.to));
  }
  return { sql, params };
}

const COLUMNS =
  'a.seq, a.at, a.user_id, a.role, a.unit_id, a.action, a.entity_type, a.entity_id, a.case_id, a.detail';

/** One page, newest first: entries older than `before` (all when null), at most `limit`. */
export function listAuditRows(db: Db, query: AuditQuery, before: number | null, limit: number): AuditRow[] {
  const { sql, params } = whereOf(query);
  if (before !== null) {
    sql.push('a.seq < ?');
    params.push(before);
  }
  const where = sql.length > 0 ? `WHERE ${sql.join(' AND ')}` : '';
  return db
    .prepare(`SELECT ${COLUMNS} FROM audit_log a ${where} ORDER BY a.seq DESC LIMIT ?`)
    .all(...params, limit) as AuditRow[];
}

/** Every matching row, newest first, read in chunks of `chunk` (an export never holds the whole log). */
export function* iterateAuditRows(
  db: Db,
  query: AuditQuery,
  max: number,
  chunk = 500,
): Generator<AuditRow[]> {
  let before: number | null = null;
  let left = max;
  while (left > 0) {
    const rows = listAuditRows(db, query, before, Math.min(chunk, left));
    if (rows.length === 0) return;
    yield rows;
    left -= rows.length;
    before = rows[rows.length - 1]?.seq ?? null;
    if (rows.length < chunk) return;
  }
}

export function countAuditRows(db: Db, query: AuditQuery, max: number): number {
  const { sql, params } = whereOf(query);
  const where = sql.length > 0 ? `WHERE ${sql.join(' AND ')}` : '';
  const row = db
    .prepare(`SELECT count(*) AS n FROM (SELECT 1 FROM audit_log a ${where} LIMIT ?)`)
    .get(...params, max + 1) as { n: number };
  return row.n;
}

function inList(ids: readonly string[]): string {
  return ids.map(() => '?').join(', ');
}

const USER_KEYS = ['userId', 'authorId', 'importedBy'];
const UNIT_KEYS = ['unitId', 'countyId', 'parentId', 'ownerUnitId', 'fromUnitId', 'toUnitId'];
const RECORD_KEYS = [
  'householdId',
  'caseId',
  'heldHouseholdId',
  'otherHouseholdId',
  'survivorId',
  'mergedId',
  'visitId',
  'memberId',
];

function collect(detail: Record<string, unknown>, keys: readonly string[], into: Set<string>): void {
  for (const key of keys) {
    const value = detail[key];
    if (typeof value === 'string') into.add(value);
  }
  // Field changes of a record or an account name units and households too (unitId: from → to).
  const changes = detail.changes;
  if (typeof changes === 'object' && changes !== null && !Array.isArray(changes)) {
    for (const key of keys) {
      const change = (changes as Record<string, unknown>)[key];
      if (typeof change !== 'object' || change === null) continue;
      for (const side of ['from', 'to'] as const) {
        const value = (change as Record<string, unknown>)[side];
        if (typeof value === 'string') into.add(value);
      }
    }
  }
}

/**
 * The names a set of rows mentions, looked up once. A household outside the viewer's scope is named
 * only as such (its head's name is personal information of another county).
 */
export function auditNames(
  db: Db,
  scopePath: string | null,
  rows: readonly { row: AuditRow; detail: Record<string, unknown> }[],
): AuditNames {
  const userIds = new Set<string>();
  const unitIds = new Set<string>();
  const recordIds = new Set<string>();
  for (const { row, detail } of rows) {
    if (row.user_id) userIds.add(row.user_id);
    if (row.unit_id) unitIds.add(row.unit_id);
    if (row.case_id) recordIds.add(row.case_id);
    if (row.entity_id) {
      if (row.entity_type === 'user') userIds.add(row.entity_id);
      else if (row.entity_type === 'unit') unitIds.add(row.entity_id);
      else recordIds.add(row.entity_id);
    }
    collect(detail, USER_KEYS, userIds);
    collect(detail, UNIT_KEYS, unitIds);
    collect(detail, RECORD_KEYS, recordIds);
  }
  const users = new Map<string, string>();
  const units = new Map<string, string>();
  const records = new Map<string, string>();
  const ids = (set: Set<string>) => [...set];
  if (userIds.size > 0) {
    const list = ids(userIds);
    for (const u of db
      .prepare(`SELECT id, display_name FROM users WHERE id IN (${inList(list)})`)
      .all(...list) as { id: string; display_name: string }[])
      users.set(u.id, u.display_name);
  }
  if (unitIds.size > 0) {
    const list = ids(unitIds);
    for (const u of db.prepare(`SELECT id, name FROM units WHERE id IN (${inList(list)})`).all(...list) as {
      id: string;
      name: string;
    }[])
      units.set(u.id, u.name);
  }
  if (recordIds.size > 0) {
    const list = ids(recordIds);
    const found = db
      .prepare(
        `SELECT id, type, unit_path,
                json_extract(data, '$.headName') AS head_name, json_extract(data, '$.name') AS name,
                json_extract(data, '$.visitDate') AS visit_date, json_extract(data, '$.topic') AS topic
           FROM sync_records WHERE id IN (${inList(list)})`,
      )
      .all(...list) as {
      id: string;
      type: string;
      unit_path: string;
      head_name: string | null;
      name: string | null;
      visit_date: string | null;
      topic: string | null;
    }[];
    for (const r of found) {
      if (scopePath !== null && !isWithinScope(r.unit_path, scopePath)) {
        records.set(r.id, r.type === 'household' ? '（其他单位的家庭）' : '（其他单位的记录）');
        continue;
      }
      records.set(
        r.id,
        recordTitle(r.type, { headName: r.head_name, name: r.name, visitDate: r.visit_date, topic: r.topic }),
      );
    }
  }
  return {
    user: (id) => users.get(id) ?? null,
    unit: (id) => units.get(id) ?? null,
    record: (id) => records.get(id) ?? null,
  };
}

export interface AuditUserOption {
  id: string;
  name: string;
  username: string;
  role: string;
  unitName: string;
  unitPath: string;
}

/** Accounts within a scope (null: all), for the filter's list and for checking a requested account. */
export function usersWithin(db: Db, scopePath: string | null): AuditUserOption[] {
  const where = scopePath === null ? '' : `WHERE ${withinSql('un.path')}`;
  const params = scopePath === null ? [] : [scopePath, scopePath, scopePath];
  return db
    .prepare(
      `SELECT u.id, u.display_name AS name, u.username, u.role, un.name AS unitName, un.path AS unitPath
         FROM users u JOIN units un ON un.id = u.unit_id ${where}
        ORDER BY un.path, u.display_name`,
    )
    .all(...params) as AuditUserOption[];
}

export function userUnitPath(db: Db, userId: string): string | null {
  const row = db
    .prepare('SELECT un.path FROM users u JOIN units un ON un.id = u.unit_id WHERE u.id = ?')
    .get(userId) as { path: string } | undefined;
  return row?.path ?? null;
}

export function unitPathOf(db: Db, unitId: string): string | null {
  const row = db.prepare('SELECT path FROM units WHERE id = ?').get(unitId) as { path: string } | undefined;
  return row?.path ?? null;
}

export function unitsWithin(db: Db, scopePath: string | null): { id: string; name: string; path: string }[] {
  const where = scopePath === null ? '' : `WHERE ${withinSql('path')}`;
  const params = scopePath === null ? [] : [scopePath, scopePath, scopePath];
  return db.prepare(`SELECT id, name, path FROM units ${where} ORDER BY path`).all(...params) as {
    id: string;
    name: string;
    path: string;
  }[];
}
