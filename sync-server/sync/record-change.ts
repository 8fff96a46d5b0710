import type { Db } from '../db/database';
import { appendAudit } from '../audit/audit';
import { isWithinScope } from '../../shared/org';
import { compileRecordValidators } from '../../shared/domain/record-kit';
import {
  CLIENT_RECORD_TYPES,
  RECORD_DEFINITIONS,
  RECORD_TYPES,
  RECORD_TYPE_LABELS,
  householdIdOf,
  validateDraft,
  type RecordType,
} from '../../shared/domain/records';
import type { ChangeResult, RecordChange } from '../../shared/sync/changes';
import type { JsonObject } from '../../shared/sync/canonical-json';
import { mergeRecordChange } from '../../shared/sync/merge';
import { HOUSEHOLD_CHILD_TYPES, SERVER_RECORD_TYPES } from '../../shared/sync/protocol';
import { WRITE_ROLES } from './actor';
import { checkFileReferences } from './attachments';
import { openConflict } from './conflicts';
import { runRecordGuards, runRecordObservers } from './hooks';
import type { PushContext, StoredResult } from './push-service';
import { ChangeRejection, reject } from './rejection';
import { stmt } from './statements';
import {
  changedByOthersSince,
  getRecord,
  getRecordHead,
  unitPathOf,
  writeRecord,
  type StoredRecord,
} from './store';

// Every pushed record is validated here: on the server the field schemas run compiled (same verdicts and
// messages; a visit's checks take a few µs instead of tens).
compileRecordValidators();

const isRecordType = (type: string): type is RecordType => (RECORD_TYPES as readonly string[]).includes(type);
const isChildType = (type: string) => (HOUSEHOLD_CHILD_TYPES as readonly string[]).includes(type);

/**
 * Whether the record left the actor's scope (a case transfer, a unit moved or deactivated) after `baseRev`:
 * the author edited a version they held in scope, so the edit is accepted where the record is now
 * (docs/sync-protocol.md, section 3 "Moved out of your scope"). `baseRev` null: any departure from the scope.
 */
function departedFromScope(db: Db, recordId: string, scopePath: string, baseRev: number | null): boolean {
  return (
    stmt(
      db,
      `SELECT 1 FROM sync_departures WHERE record_id = ? AND rev > ?
          AND (from_path = ? OR (from_path >= ? AND from_path < ?)) LIMIT 1`,
    ).get(recordId, baseRev ?? 0, scopePath, `${scopePath}/`, `${scopePath}0`) !== undefined
  );
}

/**
 * Type, role and scope checks; returns the stored record (if any) and the unit the change lands in: the
 * stored record's, which for a record moved out of the author's scope since their edit is not the unit the
 * tablet names.
 */
function checkAccess(
  db: Db,
  change: RecordChange,
  ctx: PushContext,
): { existing: StoredRecord | null; unitId: string } {
  const { actor } = ctx;
  if (!isRecordType(change.type)) {
    reject(
      (SERVER_RECORD_TYPES as readonly string[]).includes(change.type) ? 'type_not_writable' : 'unknown_type',
    );
  }
  if (!CLIENT_RECORD_TYPES.includes(change.type)) reject('type_not_writable');
  if (!WRITE_ROLES.includes(actor.role)) reject('role_not_allowed');
  const existing = getRecord(db, change.id);
  if (existing) {
    // The stored unit decides, never the body: naming another unit neither reaches nor moves a record.
    if (!isWithinScope(existing.unitPath, actor.unitPath)) {
      if (!departedFromScope(db, existing.id, actor.unitPath, change.baseRev)) reject('out_of_scope');
      if (existing.type !== change.type) reject('type_mismatch');
      return { existing, unitId: existing.unitId };
    }
    if (existing.type !== change.type) reject('type_mismatch');
    if (existing.unitId !== change.unitId) reject('unit_mismatch');
    return { existing, unitId: existing.unitId };
  }
  const unitPath = unitPathOf(db, change.unitId);
  if (unitPath === null) reject('unknown_unit');
  if (!isWithinScope(unitPath, actor.unitPath)) reject('out_of_scope');
  if (change.op === 'upsert' && change.baseRev !== null) reject('record_not_found');
  return { existing: null, unitId: change.unitId };
}

/**
 * A change may only name fields its record type has. Checked before the merge: a field the type does not
 * have could otherwise open a conflict (when its `from` disagrees with the stored nothing) that no value
 * can ever resolve, and one push could open thousands. With this check a change opens at most one conflict
 * per real field of its type.
 */
function checkFieldNames(type: RecordType, fields: Readonly<Record<string, unknown>>): void {
  const known: Readonly<Record<string, unknown>> = RECORD_DEFINITIONS[type].fields;
  const unknown = Object.keys(fields).filter((field) => !Object.hasOwn(known, field));
  if (unknown.length === 0) return;
  const named = unknown.slice(0, 5).map((field) => `「${field.slice(0, 40)}」`);
  reject(
    'invalid_data',
    unknown.slice(0, 20).map((field) => ({ path: field, message: '不是该类记录的字段' })),
    `数据不符合要求：${RECORD_TYPE_LABELS[type]}没有字段${named.join('、')}${unknown.length > 5 ? `等 ${unknown.length} 个` : ''}`,
  );
}

/**
 * The merged data must be a valid draft and belong where the record belongs. Returns the household and the
 * unit the record is filed at: a new record of a household that was moved out of the author's scope (made
 * on the tablet before it learnt of the move) follows the household.
 */
function checkData(
  db: Db,
  type: RecordType,
  unitId: string,
  data: JsonObject,
  actor: PushContext['actor'],
  isNew: boolean,
): { householdId: string | null; unitId: string } {
  const verdict = validateDraft(type, data);
  if (!verdict.ok) {
    const summary = verdict.issues
      .slice(0, 5)
      .map((issue) => issue.message)
      .join('；');
    reject('invalid_data', verdict.issues, `数据不符合要求：${summary}`);
  }
  if (type === 'household' || !isChildType(type)) {
    if (typeof data.unitId === 'string' && data.unitId !== unitId) reject('unit_mismatch');
    return { householdId: null, unitId };
  }
  const householdId = householdIdOf(type, data);
  if (!householdId) reject('missing_household');
  const household = getRecordHead(db, householdId);
  if (!household || household.type !== 'household') reject('unknown_household');
  if (household.unitId !== unitId) {
    const moved = isNew && departedFromScope(db, householdId, actor.unitPath, null);
    if (!moved) reject('unit_mismatch');
    return { householdId, unitId: household.unitId };
  }
  if (typeof data.unitId === 'string' && data.unitId !== unitId) reject('unit_mismatch');
  return { householdId, unitId };
}

function householdColumn(type: string, id: string, data: JsonObject, fallback: string | null): string | null {
  if (type === 'household') return id;
  if (isRecordType(type) && isChildType(type)) return householdIdOf(type, data) ?? fallback;
  return fallback;
}

/** One record change: checks, per-field three-way merge, write with a new rev, conflicts, audit. */
export function applyRecordChange(db: Db, change: RecordChange, ctx: PushContext): StoredResult {
  const { actor, deviceId } = ctx;
  const access = checkAccess(db, change, ctx);
  const { existing } = access;
  let unitId = access.unitId;
  const type = change.type as RecordType;
  checkFieldNames(type, change.fields);

  const guardError = runRecordGuards({ actor, type, existing, fields: change.fields, op: change.op });
  if (guardError) throw new ChangeRejection('field_not_writable', guardError.details, guardError.message);

  const changedByOthers =
    change.op === 'delete' && existing !== null && !existing.deleted
      ? changedByOthersSince(db, change.id, change.baseRev ?? 0, deviceId)
      : false;
  const outcome = mergeRecordChange(existing ? { data: existing.data, deleted: existing.deleted } : null, {
    op: change.op,
    fields: change.fields,
    changedByOthersSinceBase: changedByOthers,
  });

  let written: StoredRecord | null = null;
  if (outcome.write) {
    if (change.op === 'upsert') {
      const filed = checkData(db, type, unitId, outcome.data, actor, existing === null);
      unitId = filed.unitId;
      checkFileReferences(
        db,
        actor,
        type,
        existing && !existing.deleted ? existing.data : null,
        outcome.data,
      );
    }
    written = writeRecord(db, {
      id: change.id,
      type,
      unitId,
      householdId: householdColumn(type, change.id, outcome.data, existing?.householdId ?? null),
      data: outcome.data,
      deleted: outcome.deleted,
      userId: actor.id,
      deviceId,
      answered: ctx.answered === true,
    });
    runRecordObservers(db, actor, written, existing);
    const first = ctx.written?.get(change.id);
    ctx.written?.set(change.id, { record: written, before: first ? first.before : existing });
    appendAudit(db, {
      userId: actor.id,
      role: actor.role,
      unitId: actor.unitId,
      action: outcome.created ? 'record.create' : change.op === 'delete' ? 'record.delete' : 'record.update',
      entityType: type,
      entityId: change.id,
      caseId: written.householdId,
      detail: {
        changes: Object.fromEntries(outcome.changes.map((c) => [c.field, { from: c.from, to: c.to }])),
        rev: written.rev,
        deviceId,
        changeId: change.changeId,
        ...ctx.auditDetail,
      },
    });
  }

  const current = written ?? existing;
  const result: ChangeResult = {
    changeId: change.changeId,
    status: outcome.conflicts.length > 0 ? 'conflict' : outcome.write ? 'applied' : 'noop',
  };
  if (current) result.rev = current.rev;
  if (outcome.conflicts.length > 0 && current) {
    result.conflicts = outcome.conflicts.map((conflict) => ({
      conflictId: openConflict(db, { record: current, conflict, actor, deviceId, changeId: change.changeId }),
      ...conflict,
    }));
  }
  return { result, recordId: current?.id ?? null };
}
