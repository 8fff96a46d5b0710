import type { Db } from '../db/database';
import type { SessionUser } from '../auth/sessions';
import { appendAudit } from '../audit/audit';
import { HttpError } from '../http/errors';
import { caseSettings } from '../cases/context';
import { loadCaseInScope, unitMap } from '../cases/case-queries';
import { stmt } from '../sync/statements';
import { isWithinScope } from '../../shared/org';
import { todayInChina } from '../../shared/validation/clock';
import {
  MONITORING_KINDS,
  unitMonitoring,
  warningSchema,
  type CountRow,
  type DataMonitoringReply,
  type MonitoringKind,
  type RegisterEntry,
  type Warning,
  type WarningAction,
  type WarningStatus,
} from '../../shared/monitoring';
import { countyOfPath, settingsOn } from './county-settings';
import { addToRegister, writeRegisterMirror, type RegisterReasonEntry } from './monitoring-store';

/** What the /api/monitoring routes do, after the route parsed the request and checked the role. */

const SCOPE_SQL = (column: string) => `(${column} = ? OR ${column} LIKE ? || '/%')`;

interface WarningRow {
  id: string;
  household_id: string;
  unit_id: string;
  owner_unit_id: string;
  rule: string;
  reason: string;
  status: string;
  raised_at: string;
  handled_at: string | null;
  handled_by_name: string | null;
  action: string | null;
  note: string | null;
  owner_unit_path: string;
  head_name: string | null;
}

function warningView(units: ReturnType<typeof unitMap>, row: WarningRow): Warning {
  return warningSchema.parse({
    id: row.id,
    householdId: row.household_id,
    headName: row.head_name,
    unitId: row.unit_id,
    unitName: units.get(row.unit_id)?.name ?? row.unit_id,
    ownerUnitId: row.owner_unit_id,
    ownerUnitName: units.get(row.owner_unit_id)?.name ?? row.owner_unit_id,
    rule: row.rule,
    reason: row.reason,
    status: row.status,
    raisedAt: row.raised_at,
    handledAt: row.handled_at,
    handledByName: row.handled_by_name,
    action: row.action,
    note: row.note,
  });
}

const WARNING_SELECT = `SELECT w.*, c.head_name FROM monitoring_warnings w LEFT JOIN case_index c ON c.id = w.household_id`;

/** Warnings owned by the user's unit or a unit below it, newest first. */
export function listWarnings(
  db: Db,
  user: SessionUser,
  query: { status: WarningStatus; rule?: string | undefined; limit: number },
): { warnings: Warning[]; total: number } {
  const where = `${SCOPE_SQL('w.owner_unit_path')} AND w.status = ?${query.rule ? ' AND w.rule = ?' : ''}`;
  const params: (string | number)[] = [user.unitPath, user.unitPath, query.status];
  if (query.rule) params.push(query.rule);
  const rows = db
    .prepare(`${WARNING_SELECT} WHERE ${where} ORDER BY w.raised_at DESC, w.id LIMIT ?`)
    .all(...params, query.limit) as WarningRow[];
  const total = (
    db.prepare(`SELECT count(*) AS n FROM monitoring_warnings w WHERE ${where}`).get(...params) as {
      n: number;
    }
  ).n;
  const units = unitMap(db);
  return { warnings: rows.map((row) => warningView(units, row)), total };
}

/** Acknowledges (已知悉) or records an action on a warning the user's unit owns. */
export function handleWarning(
  db: Db,
  user: SessionUser,
  id: string,
  outcome: { action: WarningAction | null; note: string },
): Warning {
  return db.transaction(() => {
    const row = stmt(db, `${WARNING_SELECT} WHERE w.id = ?`).get(id) as WarningRow | undefined;
    if (!row) throw new HttpError(404, 'warning_not_found', '预警不存在');
    if (!isWithinScope(row.owner_unit_path, user.unitPath)) {
      throw new HttpError(403, 'out_of_scope', '该预警不属于您所在单位处理');
    }
    if (row.status === 'acted') throw new HttpError(409, 'already_handled', '该预警已处理');
    const status: WarningStatus = outcome.action ? 'acted' : 'acknowledged';
    const at = caseSettings(db).clock().toISOString();
    stmt(
      db,
      `UPDATE monitoring_warnings SET status = ?, handled_at = ?, handled_by = ?, handled_by_name = ?, action = ?,
         note = ? WHERE id = ?`,
    ).run(status, at, user.id, user.displayName, outcome.action, outcome.note, id);
    appendAudit(db, {
      userId: user.id,
      role: user.role,
      unitId: user.unitId,
      action: outcome.action ? 'monitoring.warning.act' : 'monitoring.warning.acknowledge',
      entityType: 'monitoringWarning',
      entityId: id,
      caseId: row.household_id,
      detail: { rule: row.rule, action: outcome.action, note: outcome.note },
    });
    return warningView(unitMap(db), {
      ...row,
      status,
      handled_at: at,
      handled_by_name: user.displayName,
      ...outcome,
    });
  })();
}

interface RegisterRow {
  id: string;
  household_id: string;
  unit_path: string;
  reasons_json: string;
  added_at: string;
  added_by_name: string | null;
  removed_at: string | null;
  removed_by_name: string | null;
  removal_reason: string | null;
  head_name: string | null;
  unit_id: string | null;
  stage: string | null;
}

function registerView(units: ReturnType<typeof unitMap>, row: RegisterRow): RegisterEntry {
  const unitId = row.unit_id ?? row.unit_path.split('/').at(-1) ?? '';
  return {
    id: row.id,
    householdId: row.household_id,
    headName: row.head_name,
    unitId,
    unitName: units.get(unitId)?.name ?? unitId,
    stage: row.stage,
    reasons: (JSON.parse(row.reasons_json) as RegisterReasonEntry[]).map(({ reason, note, on }) => ({
      reason,
      note,
      on,
    })),
    addedAt: row.added_at,
    addedByName: row.added_by_name,
    removedAt: row.removed_at,
    removedByName: row.removed_by_name,
    removalReason: row.removal_reason,
  };
}

const REGISTER_SELECT = `SELECT r.*, c.head_name, c.unit_id, c.stage FROM monitoring_register r
  LEFT JOIN case_index c ON c.id = r.household_id`;

export function listRegister(
  db: Db,
  user: SessionUser,
  query: { active: boolean; limit: number },
): { entries: RegisterEntry[]; total: number } {
  const where = `${SCOPE_SQL('r.unit_path')} AND r.removed_at IS ${query.active ? '' : 'NOT '}NULL`;
  const params = [user.unitPath, user.unitPath];
  const rows = db
    .prepare(`${REGISTER_SELECT} WHERE ${where} ORDER BY r.added_at DESC, r.id LIMIT ?`)
    .all(...params, query.limit) as RegisterRow[];
  const total = (
    db.prepare(`SELECT count(*) AS n FROM monitoring_register r WHERE ${where}`).get(...params) as {
      n: number;
    }
  ).n;
  const units = unitMap(db);
  return { entries: rows.map((row) => registerView(units, row)), total };
}

function registerEntry(db: Db, id: string): RegisterRow | undefined {
  return stmt(db, `${REGISTER_SELECT} WHERE r.id = ?`).get(id) as RegisterRow | undefined;
}

/** A person puts a household on the register, with the reason. */
export function addManually(db: Db, user: SessionUser, householdId: string, reason: string): RegisterEntry {
  return db.transaction(() => {
    const household = loadCaseInScope(db, user, householdId);
    const at = caseSettings(db).clock().toISOString();
    const { id } = addToRegister(
      db,
      { id: household.id, unitId: household.unitId, unitPath: household.unitPath },
      { reason: 'manual', note: reason, on: todayInChina(new Date(at)) },
      { userId: user.id, role: user.role, unitId: user.unitId, name: user.displayName },
      at,
    );
    const row = registerEntry(db, id);
    if (!row) throw new HttpError(500, 'internal', '纳入监测失败');
    return registerView(unitMap(db), row);
  })();
}

/** Taking a household off the register is a decision with a reason; the entry is kept. */
export function removeFromRegister(db: Db, user: SessionUser, id: string, reason: string): RegisterEntry {
  return db.transaction(() => {
    const row = registerEntry(db, id);
    if (!row) throw new HttpError(404, 'entry_not_found', '监测名单中没有该条目');
    if (!isWithinScope(row.unit_path, user.unitPath))
      throw new HttpError(403, 'out_of_scope', '无权处理其他单位的监测户');
    if (row.removed_at) throw new HttpError(409, 'already_removed', '该户已移出监测名单');
    const at = caseSettings(db).clock().toISOString();
    stmt(
      db,
      'UPDATE monitoring_register SET removed_at = ?, removed_by = ?, removed_by_name = ?, removal_reason = ? WHERE id = ?',
    ).run(at, user.id, user.displayName, reason, id);
    writeRegisterMirror(db, id, null);
    appendAudit(db, {
      userId: user.id,
      role: user.role,
      unitId: user.unitId,
      action: 'monitoring.register.remove',
      entityType: 'monitoringRegister',
      entityId: id,
      caseId: row.household_id,
      detail: { reason },
    });
    return registerView(unitMap(db), {
      ...row,
      removed_at: at,
      removed_by_name: user.displayName,
      removal_reason: reason,
    });
  })();
}

/**
 * Data monitoring of the user's scope for a year, one row per child unit (a county sees its townships, the
 * city its counties, a township its grids): grouped counts from `monitoring_counts` and open overdue
 * warnings, both read through their indexes.
 */
export function dataMonitoring(db: Db, user: SessionUser, year: number): DataMonitoringReply {
  const units = unitMap(db);
  const children = [...units.values()]
    .filter(
      (u) =>
        u.path.startsWith(`${user.unitPath}/`) &&
        u.path.split('/').length === user.unitPath.split('/').length + 1,
    )
    .sort((a, b) => a.id.localeCompare(b.id));
  const childOf = (path: string): string | null => {
    const id = path.split('/')[user.unitPath.split('/').length];
    return id ?? null;
  };
  const grouped = db
    .prepare(
      `SELECT unit_path AS unitPath, month, kind, count(*) AS n FROM monitoring_counts
        WHERE year = ? AND ${SCOPE_SQL('unit_path')} GROUP BY unit_path, month, kind`,
    )
    .all(year, user.unitPath, user.unitPath) as {
    unitPath: string;
    month: number;
    kind: string;
    n: number;
  }[];
  const counts: CountRow[] = grouped.flatMap((row) => {
    const unitId = childOf(row.unitPath);
    return unitId && (MONITORING_KINDS as readonly string[]).includes(row.kind)
      ? [{ unitId, month: row.month, kind: row.kind as MonitoringKind, n: row.n }]
      : [];
  });
  const overdueRows = db
    .prepare(
      `SELECT unit_path AS unitPath, count(*) AS n FROM monitoring_warnings
        WHERE status = 'open' AND rule IN ('visit_overdue', 'disbursement_overdue') AND ${SCOPE_SQL('unit_path')}
        GROUP BY unit_path`,
    )
    .all(user.unitPath, user.unitPath) as { unitPath: string; n: number }[];
  const overdue = new Map<string, number>();
  for (const row of overdueRows) {
    const unitId = childOf(row.unitPath);
    if (unitId) overdue.set(unitId, (overdue.get(unitId) ?? 0) + row.n);
  }
  const day = todayInChina(caseSettings(db).clock());
  const threshold = settingsOn(db, countyOfPath(db, user.unitPath), day).laggingTimelyRate;
  return { year, units: unitMonitoring(children, counts, overdue, threshold) };
}
