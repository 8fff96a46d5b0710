import type { Db } from '../db/database';
import type { SessionUser } from '../auth/sessions';
import { appendAudit } from '../audit/audit';
import { caseStateOf } from '../cases/case-state';
import { HttpError } from '../http/errors';
import { getRecord, writeRecord } from '../sync/store';
import { stmt } from '../sync/statements';
import {
  householdFile,
  relocateHouseholdSummaries,
  relocateRecords,
  type RelocationTarget,
} from './relocate';
import { isWithinScope } from '../../shared/org';
import type { CaseEventData } from '../../shared/cases/records';
import type { TransferCaseReply } from '../../shared/org/api';
import { ROLES, type Role } from '../../shared/roles';
import type { JsonObject } from '../../shared/sync/canonical-json';
import { newId } from '../../shared/sync/ids';

/** Who transfers a case between units: the county or township within their scope, and the administrator. */
export const TRANSFER_ROLES: readonly Role[] = [ROLES.countyStaff, ROLES.townshipStaff, ROLES.admin];

interface TargetRow {
  id: string;
  name: string;
  level: string;
  path: string;
  active: number;
}

/** The unit a household may be filed at: within `scopePath`, active, not the city itself. */
export function loadTransferTarget(db: Db, scopePath: string, id: string): TargetRow {
  const row = stmt(db, 'SELECT id, name, level, path, active FROM units WHERE id = ?').get(id) as
    TargetRow | undefined;
  if (!row) throw new HttpError(400, 'unknown_unit', `转入单位不存在：${id}`);
  if (!isWithinScope(row.path, scopePath)) {
    throw new HttpError(403, 'out_of_scope', '转入单位不在您的管辖范围内：跨乡镇转移由县（区）办理');
  }
  if (row.active !== 1) throw new HttpError(409, 'unit_inactive', `${row.name}已停用，不能转入`);
  if (row.level === 'city') throw new HttpError(400, 'invalid_target', '家庭不能直接建档在市级单位');
  return row;
}

export interface TransferInput {
  householdId: string;
  target: TargetRow;
  reason: string;
  /** Set when the transfer is part of deactivating the household's unit. */
  deactivatedUnitId?: string;
}

/**
 * Moves one household with its whole file (members, visits, photos, timeline, comments) to `target`, as a
 * recorded transfer: a timeline entry (caseEvent `transfer`) and an audit entry. Runs in the caller's
 * transaction; the caller has checked the role and the scopes.
 */
export function moveHousehold(db: Db, actor: SessionUser, input: TransferInput): TransferCaseReply {
  const household = getRecord(db, input.householdId);
  if (!household || household.type !== 'household' || household.deleted) {
    throw new HttpError(404, 'case_not_found', '没有这户家庭');
  }
  const from = stmt(db, 'SELECT id, name FROM units WHERE id = ?').get(household.unitId) as
    { id: string; name: string } | undefined;
  const target: RelocationTarget = { unitId: input.target.id, path: input.target.path };
  const moved = relocateRecords(db, householdFile(db, household.id), target, actor.id);
  relocateHouseholdSummaries(db, household.id, target);
  const state = caseStateOf(household);
  const fromName = from?.name ?? household.unitId;
  const at = new Date().toISOString();
  const event: CaseEventData = {
    householdId: household.id,
    command: 'transfer',
    commandLabel: '转移',
    fromStage: state.stage,
    toStage: state.stage,
    summary: `从${fromName}转移至${input.target.name}：${input.reason}`,
    payload: { fromUnitId: household.unitId, toUnitId: input.target.id, reason: input.reason },
    cycle: state.cycle,
    at,
    via: 'rest',
    actorId: actor.id,
    actorName: actor.displayName,
    actorRole: actor.role,
    actorUnitId: actor.unitId,
    actorUnitName: actor.unitName,
  };
  writeRecord(db, {
    id: newId(),
    type: 'caseEvent',
    unitId: input.target.id,
    householdId: household.id,
    data: event as unknown as JsonObject,
    deleted: false,
    userId: actor.id,
    deviceId: null,
  });
  appendAudit(db, {
    userId: actor.id,
    role: actor.role,
    unitId: actor.unitId,
    action: 'case.transfer',
    entityType: 'household',
    entityId: household.id,
    caseId: household.id,
    detail: {
      fromUnitId: household.unitId,
      fromUnitName: fromName,
      toUnitId: input.target.id,
      toUnitName: input.target.name,
      reason: input.reason,
      records: moved.length,
      ...(input.deactivatedUnitId ? { deactivatedUnitId: input.deactivatedUnitId } : {}),
    },
  });
  return {
    householdId: household.id,
    fromUnitId: household.unitId,
    toUnitId: input.target.id,
    toUnitName: input.target.name,
    movedRecords: moved.length,
  };
}

/** POST /api/cases/:id/transfer: checks role and both scopes, then moves the household in one transaction. */
export function transferCase(
  db: Db,
  actor: SessionUser,
  householdId: string,
  request: { targetUnitId: string; reason: string },
): TransferCaseReply {
  if (!TRANSFER_ROLES.includes(actor.role)) {
    throw new HttpError(403, 'forbidden_role', '您的角色无权转移家庭档案');
  }
  return db.transaction(() => {
    const household = getRecord(db, householdId);
    if (!household || household.type !== 'household' || household.deleted) {
      throw new HttpError(404, 'case_not_found', '没有这户家庭');
    }
    if (!isWithinScope(household.unitPath, actor.unitPath)) {
      throw new HttpError(403, 'out_of_scope', '无权访问其他单位的数据');
    }
    const target = loadTransferTarget(db, actor.unitPath, request.targetUnitId);
    if (target.id === household.unitId) {
      throw new HttpError(400, 'same_unit', `这户家庭已在${target.name}`);
    }
    return moveHousehold(db, actor, { householdId, target, reason: request.reason });
  })();
}
