import type { Db } from '../db/database';
import { stmt } from '../sync/statements';
import { unitPathOf } from '../sync/store';
import { isCaseField } from '../../shared/domain/household';
import { validateDraft } from '../../shared/domain/records';
import { LOOP_COMMANDS } from '../../shared/loop';
import { isWithinScope } from '../../shared/org';
import { isJsonObject, type JsonObject } from '../../shared/sync/canonical-json';
import type { SessionUser } from '../auth/sessions';
import type { CaseCommandRequest, CaseRefusalCode } from './command-service';
import { registrationDuplicate } from '../identity/lookup';

/**
 * Registering (登记) a case creates its household on the server. The household's unit comes from, in
 * order: the REST body's `unitId`, the payload's `unitId`, the payload's `unitPath`, the actor's own unit.
 * Household file fields given at registration are checked like a tablet's draft; case fields are not
 * accepted there (the machine sets them).
 */
export interface Registration {
  unitId: string;
  unitPath: string;
  /** The register payload for the state machine, with `unitPath` filled in. */
  payload: JsonObject;
  householdFields: JsonObject;
}

export type PreparedRegistration =
  | { ok: true; registration: Registration }
  | { ok: false; code: CaseRefusalCode; reason: string; details?: unknown };

const WHERE = '当前环节「尚未登记」';

function unitIdByPath(db: Db, path: string): string | null {
  const row = stmt(db, 'SELECT id FROM units WHERE path = ?').get(path) as { id: string } | undefined;
  return row?.id ?? null;
}

function resolveUnit(
  db: Db,
  request: Pick<CaseCommandRequest, 'actor' | 'unitId'>,
  payload: JsonObject,
): { unitId: string; unitPath: string } | null {
  const named = request.unitId ?? (typeof payload.unitId === 'string' ? payload.unitId : undefined);
  if (named !== undefined) {
    const path = unitPathOf(db, named);
    return path === null ? null : { unitId: named, unitPath: path };
  }
  if (typeof payload.unitPath === 'string') {
    const id = unitIdByPath(db, payload.unitPath.trim());
    return id === null ? null : { unitId: id, unitPath: payload.unitPath.trim() };
  }
  return { unitId: request.actor.unitId, unitPath: request.actor.unitPath };
}

/**
 * The unit path a `register` command would file its household in, from its payload and the actor alone
 * (what a sync command carries), or null when the payload names no existing unit.
 */
export function registrationTargetPath(db: Db, actor: SessionUser, payload: unknown): string | null {
  return resolveUnit(db, { actor }, isJsonObject(payload) ? payload : {})?.unitPath ?? null;
}

/** The household fields as a tablet's draft would store them (blank text → null), or the problems. */
function checkHouseholdFields(
  fields: JsonObject,
): { ok: true; data: JsonObject } | { ok: false; problem: string } {
  const reserved = Object.keys(fields).filter((key) => isCaseField(key) || key === 'unitId');
  if (reserved.length > 0) {
    return { ok: false, problem: `家庭档案字段中不能包含业务流程字段：${reserved.join('、')}` };
  }
  const verdict = validateDraft('household', fields);
  if (verdict.ok) return { ok: true, data: verdict.data as JsonObject };
  const problem = verdict.issues
    .slice(0, 5)
    .map((issue) => issue.message)
    .join('；');
  return { ok: false, problem };
}

export function prepareRegistration(db: Db, request: CaseCommandRequest): PreparedRegistration {
  const payload: JsonObject = isJsonObject(request.payload) ? { ...request.payload } : {};
  const unit = resolveUnit(db, request, payload);
  if (unit === null) {
    return { ok: false, code: 'unknown_unit', reason: `${WHERE}：所选单位不存在` };
  }
  // Scope is checked here (403) rather than by the step's rule, but only for roles that may register at
  // all, so a role that may not gets the machine's forbidden_role first.
  const mayRegister = LOOP_COMMANDS.register.roles.includes(request.actor.role);
  if (mayRegister && !isWithinScope(unit.unitPath, request.actor.unitPath)) {
    return { ok: false, code: 'out_of_scope', reason: `${WHERE}：所选单位不在您的管辖范围内` };
  }
  // A deactivated unit (组织单位 → 停用) keeps its past records but takes no new case.
  const active = stmt(db, 'SELECT active FROM units WHERE id = ?').get(unit.unitId) as
    { active: number } | undefined;
  if (active?.active === 0) {
    return { ok: false, code: 'unit_inactive', reason: `${WHERE}：所选单位已停用，不能登记新案件` };
  }
  const household = checkHouseholdFields(request.household ?? {});
  if (!household.ok) {
    return {
      ok: false,
      code: 'invalid_payload',
      reason: `「登记案件」家庭档案填写有误：${household.problem}`,
    };
  }
  // One person, one file: a head already filed in an active household is not registered again.
  const duplicate = registrationDuplicate(db, request.actor, household.data.headIdNumber);
  if (duplicate) {
    return { ok: false, code: 'duplicate_identity', reason: duplicate.reason, details: duplicate.details };
  }
  delete payload.unitId;
  return {
    ok: true,
    registration: {
      unitId: unit.unitId,
      unitPath: unit.unitPath,
      payload: { ...payload, unitPath: unit.unitPath },
      householdFields: household.data,
    },
  };
}
