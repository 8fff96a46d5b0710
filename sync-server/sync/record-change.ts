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

/** Type, role and scope checks; returns the stored record (if any) and the unit path the change lands in. */
function checkAccess(db: Db, change: RecordChange, ctx: PushContext): { existing: StoredRecord | null } {
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
    if (!isWithinScope(existing.unitPath, actor.unitPath)) reject('out_of_scope');
    if (existing.type !== change.type) reject('type_mismatch');
    if (existing.unitId !== change.unitId) reject('unit_mismatch');
    return { existing };
  }
  const unitPath = unitPathOf(db, change.unitId);
  if (unitPath === null) reject('unknown_unit');
  if (!isWithinScope(unitPath, actor.unitPath)) reject('out_of_scope');
  if (change.op === 'upsert' && change.baseRev !== null) reject('record_not_found');
  return { existing: null };
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

/** The merged data must be a valid draft and belong where the record belongs. */
function checkData(db: Db, type: RecordType, unitId: string, data: JsonObject): string | null {
  const verdict = validateDraft(type, data);
  if (!verdict.ok) {
    const summary = verdict.issues
      .slice(0, 5)
      .map((issue) => issue.message)
      .join('；');
    reject('invalid_data', verdict.issues, `数据不符合要求：${summary}`);
  }
  if (typeof data.unitId === 'string' && data.unitId !== unitId) reject('unit_mismatch');
  if (type === 'household') return null;
  if (!isChildType(type)) return null;
  const householdId = householdIdOf(type, data);
  if (!householdId) reject('missing_household');
  const household = getRecordHead(db, householdId);
  if (!household || household.type !== 'household') reject('unknown_household');
  if (household.unitId !== unitId) reject('unit_mismatch');
  return householdId;
}

function householdColumn(type: string, id: string, data: JsonObject, fallback: string | null): string | null {
  if (type === 'household') return id;
  if (isRecordType(type) && isChildType(type)) return householdIdOf(type, data) ?? fallback;
  return fallback;
}

/** One record change: checks, per-field three-way merge, write with a new rev, conflicts, audit. */
export function applyRecordChange(db: Db, change: RecordChange, ctx: PushContext): StoredResult {
  const { actor, deviceId } = ctx;
  const { existing } = checkAccess(db, change, ctx);
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
      checkData(db, type, change.unitId, outcome.data);
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
      unitId: change.unitId,
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
