import { newId } from '../../shared/sync/ids';
import type { Db } from '../db/database';
import type { SessionUser } from '../auth/sessions';
import { appendAudit } from '../audit/audit';
import { getRecord, writeRecord, type StoredRecord } from '../sync/store';
import {
  LOOP_COMMAND_LABELS,
  LOOP_STAGE_LABELS,
  applyCommand,
  type CaseEvent,
  type CaseState,
  type LoopCommandInput,
  type LoopErrorCode,
} from '../../shared/loop';
import type { CaseCommentData, CaseEventData } from '../../shared/cases/records';
import { isWithinScope } from '../../shared/org';
import type { JsonObject, JsonValue } from '../../shared/sync/canonical-json';
import { caseFieldsOf, caseStateOf, changedFields } from './case-state';
import { caseSettings } from './context';
import { countyRulesFor } from './county-rules';
import { todayInChina } from '../../shared/validation/clock';
import { commentFor } from './comments';
import { prepareRegistration, type Registration } from './registration';
import { householdRecords } from './case-queries';
import { holdingFinding } from '../identity/identity-store';
import { repeatedIdsInHousehold } from '../../shared/identity/household-ids';
import { bookDisbursementStep } from '../funds/booking';

/**
 * The one way a case moves through the closed loop on the server. REST (`POST /api/cases/:id/commands`,
 * `POST /api/cases`), the sync push's `command` changes and the comparison CSV import all call
 * `executeCaseCommand`. It loads the household, builds the case state, runs the shared state machine with
 * the actor and the server's clock, and on success writes — as normal server writes with new revs, so
 * tablets pull them — the household's case fields, a `caseEvent` record (the timeline), a `comment` record
 * when the step tells the grid worker something (退回补正, 已发放), and one audit row with old → new of
 * every changed field. A refusal writes nothing.
 */

export type CaseCommandVia = CaseEventData['via'];

export interface CaseCommandRequest {
  caseId: string;
  command: string;
  payload: unknown;
  actor: SessionUser;
  via: CaseCommandVia;
  deviceId?: string | null;
  changeId?: string | null;
  /** `register` only: the household's unit (otherwise `payload.unitId`, `payload.unitPath` or the actor's unit). */
  unitId?: string;
  /** `register` only: household file fields known at registration (head's name, ID number…). */
  household?: JsonObject;
}

export type CaseRefusalCode =
  | LoopErrorCode
  | 'case_not_found'
  | 'unknown_unit'
  | 'unit_inactive'
  | 'duplicate_identity'
  | 'identity_hold';

export type CaseCommandOutcome =
  | { ok: true; household: StoredRecord; event: StoredRecord; comment: StoredRecord | null }
  | { ok: false; code: CaseRefusalCode; reason: string; details?: unknown };

function toJson(value: unknown): JsonValue {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as JsonValue);
}

function refusal(code: CaseRefusalCode, reason: string, details?: unknown): CaseCommandOutcome {
  return details === undefined ? { ok: false, code, reason } : { ok: false, code, reason, details };
}

/** Why a held case waits, or null when no open same-ID finding holds it. */
function identityHold(db: Db, caseId: string): string | null {
  const finding = holdingFinding(db, caseId);
  if (!finding) return null;
  return '该家庭存在待核实的重复建档（身份证号已在其他家庭建档）：县总帮扶中心核实（合并或确认不是重复）之前，不能办理后续环节';
}

/** A visit is submitted only when no member repeats the head's or another member's ID number. */
function repeatedMembers(db: Db, household: StoredRecord | null): string | null {
  if (!household) return null;
  const members = householdRecords(db, household.id, 'member').map((member) => ({
    memberId: member.id,
    name: typeof member.data.name === 'string' ? member.data.name : null,
    idNumber: typeof member.data.idNumber === 'string' ? member.data.idNumber : null,
  }));
  const head = {
    name: typeof household.data.headName === 'string' ? household.data.headName : null,
    idNumber: typeof household.data.headIdNumber === 'string' ? household.data.headIdNumber : null,
  };
  const first = repeatedIdsInHousehold(head, members)[0];
  return first ? `当前环节「${LOOP_STAGE_LABELS[caseStateOf(household).stage]}」：${first.message}` : null;
}

/** Steps that name a visit must name one of this household's visits, already on the server. */
function visitRefusal(db: Db, caseId: string, state: CaseState | null, event: CaseEvent): string | null {
  const payload = event.payload as { visitId?: unknown };
  if (typeof payload.visitId !== 'string') return null;
  const visit = getRecord(db, payload.visitId);
  if (visit && visit.type === 'visit' && !visit.deleted && visit.householdId === caseId) return null;
  const where = state ? LOOP_STAGE_LABELS[state.stage] : '尚未登记';
  return `当前环节「${where}」：走访记录不存在或不属于该家庭，请先同步走访记录后再提交`;
}

function eventData(caseId: string, event: CaseEvent, actor: SessionUser, via: CaseCommandVia): CaseEventData {
  return {
    householdId: caseId,
    command: event.command,
    commandLabel: LOOP_COMMAND_LABELS[event.command],
    fromStage: event.fromStage,
    toStage: event.toStage,
    summary: event.summary,
    payload: toJson(event.payload),
    cycle: event.cycle,
    at: event.at,
    via,
    actorId: actor.id,
    actorName: actor.displayName,
    actorRole: actor.role,
    actorUnitId: actor.unitId,
    actorUnitName: actor.unitName,
  };
}

/**
 * Applies one closed-loop step. Runs in its own (nested) transaction, so a caller may batch several and
 * a failure part-way leaves nothing behind.
 */
export function executeCaseCommand(db: Db, request: CaseCommandRequest): CaseCommandOutcome {
  return db.transaction((): CaseCommandOutcome => {
    const { actor, caseId } = request;
    const settings = caseSettings(db);
    const now = settings.clock();
    const existing = getRecord(db, caseId);
    if (existing && (existing.type !== 'household' || existing.deleted)) {
      return refusal('case_not_found', '案件不存在或已删除');
    }
    if (!existing && request.command !== 'register') return refusal('case_not_found', '案件不存在');
    // Scope before anything else, so another unit's staff learn nothing about the case (not even its stage).
    if (existing && !isWithinScope(existing.unitPath, actor.unitPath)) {
      return refusal('out_of_scope', '该案件不属于您所在单位的管辖范围');
    }

    // One person, one file: a case held by an open same-ID finding waits for the county (docs/identity.md).
    const hold = existing ? identityHold(db, caseId) : null;
    if (hold) return refusal('identity_hold', hold);
    const repeated = request.command === 'submitVisit' ? repeatedMembers(db, existing) : null;
    if (repeated) return refusal('guard_failed', repeated);

    let registration: Registration | null = null;
    let payload: unknown = request.payload;
    if (!existing) {
      const prepared = prepareRegistration(db, request);
      if (!prepared.ok) return refusal(prepared.code, prepared.reason, prepared.details);
      registration = prepared.registration;
      payload = prepared.registration.payload;
    }

    const state = existing ? caseStateOf(existing) : null;
    const rules = countyRulesFor(db, {
      command: request.command,
      payload,
      unitPath: existing?.unitPath ?? registration?.unitPath ?? actor.unitPath,
      today: todayInChina(now),
      base: settings.loopConfig,
    });
    if (!rules.ok) return refusal('guard_failed', rules.reason);
    const command = { command: request.command, payload: rules.payload } as LoopCommandInput;
    const result = applyCommand(
      state,
      command,
      { role: actor.role, unitPath: actor.unitPath },
      now,
      rules.loopConfig,
    );
    if (!result.ok) return refusal(result.code, result.reason);
    const visitProblem = visitRefusal(db, caseId, state, result.event);
    if (visitProblem) return refusal('guard_failed', visitProblem);

    const before: JsonObject = existing ? existing.data : {};
    const unitId = existing ? existing.unitId : (registration?.unitId ?? actor.unitId);
    const data: JsonObject = {
      ...before,
      ...(registration ? { ...registration.householdFields, unitId } : {}),
      ...caseFieldsOf(result.state),
    };
    const household = writeRecord(db, {
      id: caseId,
      type: 'household',
      unitId,
      householdId: caseId,
      data,
      deleted: false,
      userId: actor.id,
      deviceId: null,
    });
    const eventRecord = writeRecord(db, {
      id: newId(),
      type: 'caseEvent',
      unitId,
      householdId: caseId,
      data: eventData(caseId, result.event, actor, request.via) as unknown as JsonObject,
      deleted: false,
      userId: actor.id,
      deviceId: null,
    });
    bookDisbursementStep(db, { state, event: result.event, eventRecord, household });
    const commentData: CaseCommentData | null = commentFor(result.event, eventRecord.id, caseId, actor);
    const comment = commentData
      ? writeRecord(db, {
          id: newId(),
          type: 'comment',
          unitId,
          householdId: caseId,
          data: commentData as unknown as JsonObject,
          deleted: false,
          userId: actor.id,
          deviceId: null,
        })
      : null;

    const changes = changedFields(before, data);
    appendAudit(db, {
      userId: actor.id,
      role: actor.role,
      unitId: actor.unitId,
      action: existing ? 'case.command' : 'case.register',
      entityType: 'household',
      entityId: caseId,
      caseId,
      detail: {
        command: result.event.command,
        commandLabel: LOOP_COMMAND_LABELS[result.event.command],
        fromStage: result.event.fromStage,
        toStage: result.event.toStage,
        summary: result.event.summary,
        payload: toJson(result.event.payload),
        changes: Object.fromEntries(changes.map((c) => [c.field, { from: c.from, to: c.to }])),
        rev: household.rev,
        eventId: eventRecord.id,
        commentId: comment?.id ?? null,
        via: request.via,
        deviceId: request.deviceId ?? null,
        changeId: request.changeId ?? null,
        at: result.event.at,
      },
    });
    return { ok: true, household, event: eventRecord, comment };
  })();
}
