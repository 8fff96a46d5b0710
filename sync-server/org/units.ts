import type { Db } from '../db/database';
import { HttpError } from '../http/errors';
import { appendAudit, type AuditActor } from '../audit/audit';
import { childPath, unitSchema, type Unit, type UnitLevel } from '../../shared/org';

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

/** Which level may hang under which: the administrative ladder, plus enterprise unions under any level. */
const CHILD_LEVELS: Record<UnitLevel, readonly UnitLevel[]> = {
  city: ['county', 'enterprise'],
  county: ['township', 'enterprise'],
  township: ['grid', 'enterprise'],
  grid: ['enterprise'],
  enterprise: [],
};

export interface NewUnit {
  id: string;
  parentId: string | null;
  level: UnitLevel;
  name: string;
}

/** Adds a unit under an existing parent (or a city at the root) and records it in the audit log. */
export function createUnit(db: Db, input: NewUnit, actor: AuditActor): Unit {
  return db.transaction(() => {
    if (getUnit(db, input.id)) throw new HttpError(409, 'unit_exists', `单位编码已存在：${input.id}`);
    let parentPath: string | null = null;
    if (input.parentId === null) {
      if (input.level !== 'city')
        throw new HttpError(400, 'invalid_unit_parent', '只有市级单位可以没有上级单位');
    } else {
      const parent = getUnit(db, input.parentId);
      if (!parent) throw new HttpError(400, 'unknown_unit', `上级单位不存在：${input.parentId}`);
      if (!CHILD_LEVELS[parent.level].includes(input.level)) {
        throw new HttpError(400, 'invalid_unit_parent', `${parent.name}下不能设此级别的单位`);
      }
      parentPath = parent.path;
    }
    const unit = unitSchema.parse({ ...input, path: childPath(parentPath, input.id) });
    db.prepare(`INSERT INTO units (${COLUMNS}) VALUES (?, ?, ?, ?, ?)`).run(
      unit.id,
      unit.parentId,
      unit.level,
      unit.name,
      unit.path,
    );
    appendAudit(db, {
      ...actor,
      action: 'unit.create',
      entityType: 'unit',
      entityId: unit.id,
      detail: { name: unit.name, level: unit.level, parentId: unit.parentId },
    });
    return unit;
  })();
}
