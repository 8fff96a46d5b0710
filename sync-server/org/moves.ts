import type { Db } from '../db/database';
import type { SessionUser } from '../auth/sessions';
import { appendAudit } from '../audit/audit';
import { HttpError } from '../http/errors';
import { getRecord, type StoredRecord } from '../sync/store';
import { stmt } from '../sync/statements';
import { relocateRecords, rewriteSubtreePaths, subtreeRecordIds, RELOCATION_LIMIT } from './relocate';
import { moveHousehold, loadTransferTarget } from './transfer';
import { CHILD_LEVELS, getOrgUnit, loadManagedUnit } from './units';
import { childPath, isWithinScope, type UnitLevel } from '../../shared/org';
import { checkUnitCode, renumberedCode } from '../../shared/org/codes';
import type { DeactivateUnitReply, OrgUnit } from '../../shared/org/api';

const actorOf = (user: SessionUser) => ({ userId: user.id, role: user.role, unitId: user.unitId });

function records(db: Db, ids: readonly string[]): StoredRecord[] {
  return ids.flatMap((id) => {
    const record = getRecord(db, id);
    return record ? [record] : [];
  });
}

/**
 * Hangs a unit (with everything below it) under another parent. Its id stays; its path and every stored
 * path under it are rewritten, and every record under it is written again with a departure for the scopes
 * it left (relocate.ts). A unit whose code does not lie under the new parent's is renumbered (`code`), and
 * its descendants' codes with it. One transaction; refused above RELOCATION_LIMIT records.
 */
export function moveManagedUnit(
  db: Db,
  actor: SessionUser,
  id: string,
  request: { parentId: string; code?: string | undefined },
): OrgUnit {
  return db.transaction(() => {
    const row = loadManagedUnit(db, actor.unitPath, id);
    const parent = stmt(db, 'SELECT id, name, level, path, code, active FROM units WHERE id = ?').get(
      request.parentId,
    ) as
      | { id: string; name: string; level: string; path: string; code: string | null; active: number }
      | undefined;
    if (!parent) throw new HttpError(400, 'unknown_unit', `上级单位不存在：${request.parentId}`);
    if (!isWithinScope(parent.path, actor.unitPath)) {
      throw new HttpError(403, 'out_of_scope', '上级单位不在您的管辖范围内');
    }
    if (parent.active !== 1) throw new HttpError(409, 'unit_inactive', `${parent.name}已停用，不能移入`);
    if (isWithinScope(parent.path, row.path)) {
      throw new HttpError(400, 'invalid_unit_parent', '不能把单位移到它自己或它的下级单位之下');
    }
    const level = row.level as UnitLevel;
    if (!(CHILD_LEVELS[parent.level as UnitLevel] ?? []).includes(level)) {
      throw new HttpError(400, 'invalid_unit_parent', `${parent.name}下不能设此级别的单位`);
    }
    if (parent.id === row.parent_id)
      throw new HttpError(400, 'same_parent', `${row.name}已在${parent.name}之下`);

    let newCode = row.code;
    if (level !== 'enterprise') {
      newCode = request.code ?? row.code;
      if (!newCode) throw new HttpError(400, 'invalid_unit_code', '请填写单位编码');
      const check = checkUnitCode(level, newCode, parent.level as UnitLevel, parent.code);
      if (!check.ok) {
        throw new HttpError(
          400,
          'invalid_unit_code',
          request.code ? check.message : `${check.message}。迁移后请填写新的单位编码`,
        );
      }
    } else if (request.code) {
      throw new HttpError(400, 'invalid_unit_code', '企业工会不填行政区划编码');
    }

    const moving = records(db, subtreeRecordIds(db, row.path));
    const newPath = childPath(parent.path, row.id);
    stmt(db, 'UPDATE units SET parent_id = ? WHERE id = ?').run(parent.id, row.id);
    rewriteSubtreePaths(db, row.path, newPath);
    const renumbered = renumber(db, newPath, row.code, newCode);
    relocateRecords(db, moving, null, actor.id);
    appendAudit(db, {
      ...actorOf(actor),
      action: 'unit.move',
      entityType: 'unit',
      entityId: row.id,
      detail: {
        fromParentId: row.parent_id,
        toParentId: parent.id,
        fromPath: row.path,
        toPath: newPath,
        ...(newCode !== row.code ? { code: { from: row.code, to: newCode }, renumbered } : {}),
        records: moving.length,
      },
    });
    const unit = getOrgUnit(db, row.id);
    if (!unit) throw new HttpError(500, 'internal_error', '单位迁移后读取失败');
    return unit;
  })();
}

/** Gives the moved unit its new code and its descendants theirs; returns how many codes changed. */
function renumber(db: Db, path: string, oldCode: string | null, newCode: string | null): number {
  if (oldCode === newCode || newCode === null) return 0;
  const units = stmt(db, 'SELECT id, name, code FROM units WHERE path = ? OR (path >= ? AND path < ?)').all(
    path,
    `${path}/`,
    `${path}0`,
  ) as { id: string; name: string; code: string | null }[];
  const changes = units.flatMap((unit) => {
    if (unit.code === null) return [];
    const code =
      unit.code === oldCode ? newCode : oldCode ? renumberedCode(unit.code, oldCode, newCode) : null;
    return code && code !== unit.code ? [{ id: unit.id, name: unit.name, code }] : [];
  });
  const ids = new Set(units.map((unit) => unit.id));
  const holder = stmt(db, 'SELECT id, name FROM units WHERE code = ?');
  for (const change of changes) {
    const taken = holder.get(change.code) as { id: string; name: string } | undefined;
    if (taken && !ids.has(taken.id)) {
      throw new HttpError(
        409,
        'unit_exists',
        `编码 ${change.code} 已被“${taken.name}”使用，${change.name}无法改用`,
      );
    }
  }
  // Clear first so that codes swapping within the subtree never meet the unique index half-way.
  const clear = stmt(db, 'UPDATE units SET code = NULL WHERE id = ?');
  for (const change of changes) clear.run(change.id);
  const set = stmt(db, 'UPDATE units SET code = ? WHERE id = ?');
  for (const change of changes) set.run(change.code, change.id);
  return changes.length;
}

/**
 * Deactivates a unit. Its sub-units must be deactivated or moved first. Its households (each a recorded
 * transfer), its other records and its users go to `targetUnitId`, an active unit of the same level;
 * without one, a unit that still has any is refused (409).
 */
export function deactivateManagedUnit(
  db: Db,
  actor: SessionUser,
  id: string,
  request: { targetUnitId?: string | null | undefined; reason: string },
): DeactivateUnitReply {
  return db.transaction((): DeactivateUnitReply => {
    const row = loadManagedUnit(db, actor.unitPath, id);
    if (row.active !== 1) throw new HttpError(409, 'unit_inactive', `${row.name}已停用`);
    const children = (
      stmt(db, 'SELECT count(*) AS n FROM units WHERE parent_id = ? AND active = 1').get(id) as { n: number }
    ).n;
    if (children > 0) {
      throw new HttpError(
        409,
        'unit_has_children',
        `${row.name}下还有 ${children} 个在用的下级单位，请先迁移或停用它们`,
      );
    }
    const recordIds = (
      stmt(db, 'SELECT id FROM sync_records WHERE unit_id = ? LIMIT ?').all(id, RELOCATION_LIMIT + 1) as {
        id: string;
      }[]
    ).map((r) => r.id);
    if (recordIds.length > RELOCATION_LIMIT) {
      throw new HttpError(409, 'too_many_records', `该单位的记录超过一次可迁移的 ${RELOCATION_LIMIT} 条`);
    }
    const households = (
      stmt(db, "SELECT id FROM sync_records WHERE unit_id = ? AND type = 'household' AND deleted = 0").all(
        id,
      ) as {
        id: string;
      }[]
    ).map((r) => r.id);
    const users = stmt(db, 'SELECT id, username FROM users WHERE unit_id = ?').all(id) as {
      id: string;
      username: string;
    }[];
    const target = request.targetUnitId ? loadTransferTarget(db, actor.unitPath, request.targetUnitId) : null;
    if (!target && (recordIds.length > 0 || users.length > 0)) {
      throw new HttpError(
        409,
        'unit_has_cases',
        `${row.name}还有 ${households.length} 户家庭档案和 ${users.length} 个账号，请选择转入的单位后再停用`,
      );
    }
    if (target) {
      if (target.id === id) throw new HttpError(400, 'invalid_target', '转入单位不能是要停用的单位本身');
      if (target.level !== row.level) {
        throw new HttpError(
          400,
          'invalid_target',
          '转入单位应与停用的单位同级（账号的角色要与单位级别相符）',
        );
      }
      const reason = `${row.name}停用：${request.reason}`;
      for (const householdId of households) {
        moveHousehold(db, actor, { householdId, target, reason, deactivatedUnitId: id });
      }
      // What is left at the unit: records of no household (trainings, visit rounds…) and dead households.
      const rest = (
        stmt(db, 'SELECT id FROM sync_records WHERE unit_id = ?').all(id) as { id: string }[]
      ).map((r) => r.id);
      relocateRecords(db, records(db, rest), { unitId: target.id, path: target.path }, actor.id);
      const now = new Date().toISOString();
      const move = stmt(db, 'UPDATE users SET unit_id = ?, updated_at = ? WHERE id = ?');
      for (const user of users) {
        move.run(target.id, now, user.id);
        appendAudit(db, {
          ...actorOf(actor),
          action: 'user.transfer',
          entityType: 'user',
          entityId: user.id,
          detail: { username: user.username, fromUnitId: id, toUnitId: target.id, reason },
        });
      }
    }
    stmt(db, 'UPDATE units SET active = 0, deactivated_at = ? WHERE id = ?').run(
      new Date().toISOString(),
      id,
    );
    appendAudit(db, {
      ...actorOf(actor),
      action: 'unit.deactivate',
      entityType: 'unit',
      entityId: id,
      detail: {
        reason: request.reason,
        targetUnitId: target?.id ?? null,
        households: households.length,
        users: users.length,
      },
    });
    const unit = getOrgUnit(db, id);
    if (!unit) throw new HttpError(500, 'internal_error', '单位停用后读取失败');
    return { unit, movedHouseholds: households.length, movedUsers: users.length };
  })();
}
