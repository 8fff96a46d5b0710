import type { Db } from '../db/database';
import { HttpError } from '../http/errors';
import { appendAudit, type AuditActor } from '../audit/audit';
import { stmt } from '../sync/statements';
import { childPath, isWithinScope, unitSchema, type Unit, type UnitLevel } from '../../shared/org';
import { checkUnitCode } from '../../shared/org/codes';
import type { OrgUnit } from '../../shared/org/api';
import { CHILD_LEVELS } from '../../shared/org/levels';

interface UnitRow {
  id: string;
  parent_id: string | null;
  level: string;
  name: string;
  path: string;
}

const COLUMNS = 'id, parent_id, level, name, path';

function toUnit(row: UnitRow): Unit {
  // Parsing on the way out keeps a bad row (e.g. an unknown level) from leaving the server as valid data.
  return unitSchema.parse({
    id: row.id,
    parentId: row.parent_id,
    level: row.level,
    name: row.name,
    path: row.path,
  });
}

export function getUnit(db: Db, id: string): Unit | null {
  const row = db.prepare(`SELECT ${COLUMNS} FROM units WHERE id = ?`).get(id) as UnitRow | undefined;
  return row ? toUnit(row) : null;
}

/** The unit at `scopePath` and everything below it, ordered by path so parents precede children. */
export function listUnitsWithin(db: Db, scopePath: string): Unit[] {
  // GLOB, unlike LIKE, is case-sensitive; unit ids never contain GLOB's special characters.
  const rows = db
    .prepare(`SELECT ${COLUMNS} FROM units WHERE path = ? OR path GLOB ? ORDER BY path`)
    .all(scopePath, `${scopePath}/*`) as UnitRow[];
  return rows.map(toUnit);
}

export function listChildren(db: Db, id: string): Unit[] {
  const rows = db
    .prepare(`SELECT ${COLUMNS} FROM units WHERE parent_id = ? ORDER BY id`)
    .all(id) as UnitRow[];
  return rows.map(toUnit);
}

export { CHILD_LEVELS };

export interface NewUnit {
  id: string;
  parentId: string | null;
  level: UnitLevel;
  name: string;
  /** The administrative code; defaults to the id when the id is one (the demo seed, older callers). */
  code?: string | null;
  creditCode?: string | null;
}

// ------------------------------------------------------------------------------- the administrator's view

interface OrgRow extends UnitRow {
  code: string | null;
  credit_code: string | null;
  active: number;
}

const ORG_COLUMNS = `${COLUMNS}, code, credit_code, active`;

function toOrgUnit(row: OrgRow, households: number, users: number): OrgUnit {
  return {
    ...toUnit(row),
    code: row.code,
    creditCode: row.credit_code,
    active: row.active === 1,
    households,
    users,
  };
}

function orgRow(db: Db, id: string): OrgRow | null {
  return (stmt(db, `SELECT ${ORG_COLUMNS} FROM units WHERE id = ?`).get(id) as OrgRow | undefined) ?? null;
}

function countOf(db: Db, sql: string, id: string): number {
  return (stmt(db, sql).get(id) as { n: number }).n;
}

const HOUSEHOLDS_OF = 'SELECT count(*) AS n FROM case_index WHERE unit_id = ?';
const USERS_OF = 'SELECT count(*) AS n FROM users WHERE unit_id = ? AND active = 1';

export function getOrgUnit(db: Db, id: string): OrgUnit | null {
  const row = orgRow(db, id);
  return row ? toOrgUnit(row, countOf(db, HOUSEHOLDS_OF, id), countOf(db, USERS_OF, id)) : null;
}

/** The tree under `scopePath` with each unit's own households and active users (two grouped index reads). */
export function listOrgTree(db: Db, scopePath: string): OrgUnit[] {
  const range = [scopePath, `${scopePath}/`, `${scopePath}0`] as const;
  const rows = stmt(
    db,
    `SELECT ${ORG_COLUMNS} FROM units WHERE path = ? OR (path >= ? AND path < ?) ORDER BY path`,
  ).all(...range) as OrgRow[];
  const households = new Map(
    (
      stmt(
        db,
        `SELECT unit_id AS id, count(*) AS n FROM case_index
          WHERE unit_path = ? OR (unit_path >= ? AND unit_path < ?) GROUP BY unit_id`,
      ).all(...range) as { id: string; n: number }[]
    ).map((r) => [r.id, r.n]),
  );
  const users = new Map(
    (
      stmt(db, 'SELECT unit_id AS id, count(*) AS n FROM users WHERE active = 1 GROUP BY unit_id').all() as {
        id: string;
        n: number;
      }[]
    ).map((r) => [r.id, r.n]),
  );
  return rows.map((row) => toOrgUnit(row, households.get(row.id) ?? 0, users.get(row.id) ?? 0));
}

// ------------------------------------------------------------------------------------------- checks

/** A unit the actor may administer: strictly below their own unit (never their own or one above it). */
export function loadManagedUnit(db: Db, scopePath: string, id: string): OrgRow {
  const row = orgRow(db, id);
  if (!row) throw new HttpError(404, 'unit_not_found', `没有这个单位：${id}`);
  if (!isWithinScope(row.path, scopePath) || row.path === scopePath) {
    throw new HttpError(403, 'out_of_scope', '只能管理本单位以下的组织单位');
  }
  return row;
}

/** A parent (or target) the actor may use: within their scope, and active. */
function loadScopedParent(db: Db, scopePath: string, id: string): OrgRow {
  const row = orgRow(db, id);
  if (!row) throw new HttpError(400, 'unknown_unit', `上级单位不存在：${id}`);
  if (!isWithinScope(row.path, scopePath))
    throw new HttpError(403, 'out_of_scope', '上级单位不在您的管辖范围内');
  if (row.active !== 1) throw new HttpError(409, 'unit_inactive', `${row.name}已停用，不能在其下设单位`);
  return row;
}

function assertChildLevel(parent: OrgRow, level: UnitLevel): void {
  if (!(CHILD_LEVELS[parent.level as UnitLevel] ?? []).includes(level)) {
    throw new HttpError(400, 'invalid_unit_parent', `${parent.name}下不能设此级别的单位`);
  }
}

function assertCode(level: UnitLevel, code: string, parent: OrgRow | null): void {
  const check = checkUnitCode(level, code, (parent?.level as UnitLevel) ?? null, parent?.code ?? null);
  if (!check.ok) throw new HttpError(400, 'invalid_unit_code', check.message);
}

function assertCodeFree(db: Db, code: string, exceptId: string | null): void {
  const holder = stmt(db, 'SELECT id, name FROM units WHERE code = ?').get(code) as
    { id: string; name: string } | undefined;
  if (holder && holder.id !== exceptId) {
    throw new HttpError(409, 'unit_exists', `编码 ${code} 已被“${holder.name}”使用`);
  }
}

function assertCreditCodeFree(db: Db, creditCode: string, exceptId: string | null): void {
  const holder = stmt(db, 'SELECT id, name FROM units WHERE credit_code = ?').get(creditCode) as
    { id: string; name: string } | undefined;
  if (holder && holder.id !== exceptId) {
    throw new HttpError(409, 'unit_exists', `统一社会信用代码已被“${holder.name}”使用`);
  }
}

/** A new unit's id: its code when that is free as an id (the convention so far), else code-2, code-3… */
function newUnitId(db: Db, level: UnitLevel, code: string | null, creditCode: string | null): string {
  const base = code ?? (creditCode ? `E${creditCode}` : `E${Date.now().toString(36)}`);
  const taken = stmt(db, 'SELECT 1 FROM units WHERE id = ?');
  if (!taken.get(base)) return base;
  for (let n = 2; ; n += 1) {
    const id = `${base}-${n}`.slice(0, 32);
    if (!taken.get(id)) return id;
    if (n > 1000) throw new HttpError(409, 'unit_exists', `无法为${level}生成单位编号`);
  }
}

// ------------------------------------------------------------------------------------------- create

/**
 * Adds a unit under an existing parent (or a city at the root) and records it in the audit log. Used by
 * the demo seed (ids given) and by the administrator (`createManagedUnit`, ids from the code).
 */
export function createUnit(db: Db, input: NewUnit, actor: AuditActor): Unit {
  return db.transaction(() => {
    if (getUnit(db, input.id)) throw new HttpError(409, 'unit_exists', `单位编码已存在：${input.id}`);
    let parentPath: string | null = null;
    if (input.parentId === null) {
      if (input.level !== 'city')
        throw new HttpError(400, 'invalid_unit_parent', '只有市级单位可以没有上级单位');
    } else {
      const parent = orgRow(db, input.parentId);
      if (!parent) throw new HttpError(400, 'unknown_unit', `上级单位不存在：${input.parentId}`);
      assertChildLevel(parent, input.level);
      parentPath = parent.path;
    }
    const code =
      input.code !== undefined
        ? input.code
        : input.level !== 'enterprise' && /^\d+$/.test(input.id)
          ? input.id
          : null;
    if (code !== null) assertCodeFree(db, code, null);
    if (input.creditCode) assertCreditCodeFree(db, input.creditCode, null);
    const unit = unitSchema.parse({ ...input, path: childPath(parentPath, input.id) });
    stmt(db, `INSERT INTO units (${COLUMNS}, code, credit_code, active) VALUES (?, ?, ?, ?, ?, ?, ?, 1)`).run(
      unit.id,
      unit.parentId,
      unit.level,
      unit.name,
      unit.path,
      code,
      input.creditCode ?? null,
    );
    appendAudit(db, {
      ...actor,
      action: 'unit.create',
      entityType: 'unit',
      entityId: unit.id,
      detail: {
        name: unit.name,
        level: unit.level,
        parentId: unit.parentId,
        code,
        creditCode: input.creditCode,
      },
    });
    return unit;
  })();
}

export interface ManagedUnitInput {
  parentId: string;
  level: UnitLevel;
  name: string;
  code?: string | undefined;
  creditCode?: string | undefined;
}

/** The administrator creates a unit within their scope, its code checked against its parent's. */
export function createManagedUnit(
  db: Db,
  scopePath: string,
  input: ManagedUnitInput,
  actor: AuditActor,
): Unit {
  return db.transaction(() => {
    const parent = loadScopedParent(db, scopePath, input.parentId);
    assertChildLevel(parent, input.level);
    let code: string | null = null;
    if (input.level === 'enterprise') {
      if (input.code)
        throw new HttpError(400, 'invalid_unit_code', '企业工会不填行政区划编码，可填统一社会信用代码');
    } else {
      if (!input.code) throw new HttpError(400, 'invalid_unit_code', '请填写单位编码');
      if (input.creditCode) throw new HttpError(400, 'invalid_request', '只有企业工会填写统一社会信用代码');
      assertCode(input.level, input.code, parent);
      code = input.code;
    }
    const id = newUnitId(db, input.level, code, input.creditCode ?? null);
    return createUnit(
      db,
      {
        id,
        parentId: parent.id,
        level: input.level,
        name: input.name,
        code,
        creditCode: input.creditCode ?? null,
      },
      actor,
    );
  })();
}

// ------------------------------------------------------------------------------------------- rename

export function updateManagedUnit(
  db: Db,
  scopePath: string,
  id: string,
  patch: { name?: string | undefined; creditCode?: string | null | undefined },
  actor: AuditActor,
): void {
  db.transaction(() => {
    const row = loadManagedUnit(db, scopePath, id);
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    if (patch.name !== undefined && patch.name !== row.name) {
      stmt(db, 'UPDATE units SET name = ? WHERE id = ?').run(patch.name, id);
      changes.name = { from: row.name, to: patch.name };
    }
    if (patch.creditCode !== undefined && patch.creditCode !== row.credit_code) {
      if (row.level !== 'enterprise') {
        throw new HttpError(400, 'invalid_request', '只有企业工会填写统一社会信用代码');
      }
      if (patch.creditCode) assertCreditCodeFree(db, patch.creditCode, id);
      stmt(db, 'UPDATE units SET credit_code = ? WHERE id = ?').run(patch.creditCode, id);
      changes.creditCode = { from: row.credit_code, to: patch.creditCode };
    }
    if (Object.keys(changes).length === 0) return;
    appendAudit(db, {
      ...actor,
      action: 'unit.update',
      entityType: 'unit',
      entityId: id,
      detail: { changes },
    });
  })();
}
