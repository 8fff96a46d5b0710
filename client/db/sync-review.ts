import { newId } from '../../shared/sync/ids';
import type { RecordType } from '../../shared/domain/records';
import { DELETED_FIELD } from '../../shared/sync/protocol';
import { db, RECORD_TABLES, recordTable } from './database';
import { mergeFieldChanges } from './field-changes';
import { setDerivedKeys } from './identity-keys';
import { effectiveState, isMergeable, sentThrough } from './outbox';
import { ALL_RECORD_TABLES } from './sync-apply';
import type { ConflictRow, LocalRecord, OutboxRow, ResolveConflictChange } from './types';

/**
 * What a person does about sync problems: refused changes (resend after fixing, or discard) and
 * conflicts (choose a value). Each decision is an ordinary outbox change that syncs like any other.
 */

/**
 * A refused (or held) change with the record it concerns and its household (null when the tablet lacks
 * them).
 */
export interface RejectedChange {
  row: OutboxRow;
  record: LocalRecord | null;
  household: LocalRecord | null;
  /** The household's latest visit on this tablet (where its file and members are edited), or null. */
  latestVisitId: string | null;
}

/** The latest visit of a household (by visit date, then id), as the visit form and household page order them. */
async function latestVisitOf(householdId: string | undefined): Promise<string | null> {
  if (!householdId) return null;
  const visits = (await db.visits.where('householdId').equals(householdId).toArray()).filter(
    (v) => v.deleted === 0,
  );
  const dateOf = (v: LocalRecord) => (typeof v.data.visitDate === 'string' ? v.data.visitDate : '');
  visits.sort((a, b) => dateOf(b).localeCompare(dateOf(a)) || b.id.localeCompare(a.id));
  return visits[0]?.id ?? null;
}

function isKnownType(type: string): type is RecordType {
  return Object.hasOwn(RECORD_TABLES, type);
}

async function recordOf(row: OutboxRow): Promise<LocalRecord | null> {
  const type = row.kind === 'command' ? 'household' : row.type;
  if (!isKnownType(type)) return null;
  return (await recordTable(type).get(row.recordId)) ?? null;
}

async function householdOf(type: string, record: LocalRecord | null): Promise<LocalRecord | null> {
  if (!record) return null;
  if (type === 'household') return record;
  return record.householdId ? ((await db.households.get(record.householdId)) ?? null) : null;
}

/** Every refused change, oldest first. */
export async function listRejected(): Promise<RejectedChange[]> {
  return listInState('rejected');
}

/** Every change held on the tablet until a field is fixed (待修正, client/db/held-changes.ts), oldest first. */
export async function listHeld(): Promise<RejectedChange[]> {
  return listInState('held');
}

async function listInState(state: 'rejected' | 'held'): Promise<RejectedChange[]> {
  const rows = await db.outbox.where('state').equals(state).sortBy('seq');
  return Promise.all(
    rows.map(async (row) => {
      const record = await recordOf(row);
      const household = await householdOf(row.kind === 'command' ? 'household' : row.type, record);
      return { row, record, household, latestVisitId: await latestVisitOf(household?.id) };
    }),
  );
}

async function recomputePending(type: RecordType, id: string): Promise<void> {
  const table = recordTable(type);
  const local = await table.get(id);
  if (!local) return;
  const pending = (await db.outbox.where('recordId').equals(id).count()) > 0 ? 1 : 0;
  if (local.pending !== pending) await table.put({ ...local, pending });
}

/**
 * Puts a resent change back in the queue. A seq at or below the sent-through watermark reads as being
 * sent (client/db/outbox.ts), so there the change takes a new seq, at the end of the queue (it is a new
 * change, made now); above it, it keeps its place.
 */
async function requeue(row: OutboxRow, mark: number): Promise<void> {
  if (row.seq > mark) {
    await db.outbox.put(row);
    return;
  }
  const { seq, ...rest } = row;
  await db.outbox.delete(seq);
  await db.outbox.add(rest);
}

/**
 * Sends a refused change again, as a NEW change (the server answers a change id once and for all). When
 * the user has edited the record since, those waiting edits are folded into it: one change going from
 * what the server last had to what the form shows now. Later edits merge into it until a push takes it.
 */
export async function resendRejected(seq: number): Promise<void> {
  await db.transaction('rw', [db.outbox, db.meta, ...ALL_RECORD_TABLES], async () => {
    const row = await db.outbox.get(seq);
    if (!row || row.state !== 'rejected') return;
    const mark = await sentThrough();
    const local = await recordOf(row);
    const fresh = { changeId: newId(), state: 'pending' as const, error: undefined };
    if (row.kind !== 'record' || row.op !== 'upsert') {
      await requeue({ ...row, ...fresh, baseRev: local?.rev ?? row.baseRev }, mark);
      return;
    }
    const later = await db.outbox
      .where('[type+recordId]')
      .equals([row.type, row.recordId])
      .filter((other) => other.kind === 'record' && other.op === 'upsert' && isMergeable(other, mark))
      .first();
    const fields = later?.kind === 'record' ? mergeFieldChanges(row.fields, later.fields) : row.fields;
    if (later) await db.outbox.delete(later.seq);
    const baseRev = local?.rev ?? row.baseRev;
    if (Object.keys(fields).length === 0 && baseRev !== null) {
      // The user has put every field back to what the server has: nothing is left to send.
      await db.outbox.delete(seq);
      await recomputePending(row.type, row.recordId);
      return;
    }
    await requeue({ ...row, ...fresh, fields, baseRev }, mark);
  });
}

/**
 * Gives up a refused change. Its fields go back to the value they had before it (unless a later change
 * edits them too); a refused delete brings the record back; a record the server never accepted, with
 * nothing else waiting, disappears from the tablet.
 */
export async function discardRejected(seq: number): Promise<void> {
  await db.transaction('rw', [db.outbox, ...ALL_RECORD_TABLES], async () => {
    const row = await db.outbox.get(seq);
    if (!row || row.state !== 'rejected') return;
    await db.outbox.delete(seq);
    const type = row.kind === 'command' ? 'household' : row.type;
    const table = recordTable(type);
    const local = await table.get(row.recordId);
    const rest = await db.outbox.where('recordId').equals(row.recordId).toArray();
    if (!local) return;
    if (row.kind !== 'record') {
      await recomputePending(type, row.recordId);
      return;
    }
    if (local.rev === null && !rest.some((other) => other.kind === 'record')) {
      await table.delete(row.recordId);
      return;
    }
    const data = { ...local.data };
    if (row.op === 'upsert') {
      const stillEdited = new Set(
        rest.flatMap((other) => (other.kind === 'record' ? Object.keys(other.fields) : [])),
      );
      for (const [field, change] of Object.entries(row.fields)) {
        if (!stillEdited.has(field)) data[field] = change.from ?? null;
      }
    }
    const next: LocalRecord = {
      ...local,
      data,
      deleted:
        row.op === 'delete' && !rest.some((o) => o.kind === 'record' && o.op === 'delete')
          ? 0
          : local.deleted,
      pending: rest.length > 0 ? 1 : 0,
    };
    setDerivedKeys(type, next);
    await table.put(next);
  });
}

/** An open conflict with its record, household, and the decision queued on this tablet, if any. */
export interface ConflictView {
  conflict: ConflictRow;
  record: LocalRecord | null;
  household: LocalRecord | null;
  /** The latest decision taken on this tablet and not yet confirmed by the server. */
  queued: ResolveConflictChange | null;
}

/** Open conflicts, newest first. */
export async function listOpenConflicts(): Promise<ConflictView[]> {
  const rows = (await db.conflicts.orderBy('createdAt').reverse().toArray()).filter(
    (row) => row.data.status === 'open',
  );
  const decisions = await db.outbox
    .where('recordId')
    .anyOf(rows.map((row) => row.recordId))
    .filter((row) => row.kind === 'resolveConflict' && row.state !== 'rejected')
    .sortBy('seq');
  const queuedFor = new Map<string, ResolveConflictChange>();
  // A decision a push has taken reads as being sent ('inflight') on the card.
  const mark = await sentThrough();
  for (const row of decisions)
    if (row.kind === 'resolveConflict')
      queuedFor.set(row.conflictId, { ...row, state: effectiveState(row, mark) });
  return Promise.all(
    rows.map(async (conflict) => {
      const record = isKnownType(conflict.type)
        ? ((await recordTable(conflict.type).get(conflict.recordId)) ?? null)
        : null;
      const household =
        conflict.householdId !== null ? ((await db.households.get(conflict.householdId)) ?? null) : null;
      return { conflict, record, household, queued: queuedFor.get(conflict.id) ?? null };
    }),
  );
}

/**
 * Queues a person's decision on a conflict and shows it on the tablet at once (the chosen value, or the
 * record deleted or kept for an edit-against-delete conflict). A decision not yet sent is replaced by a
 * newer one; once sent it stands, and a later different choice is a new change.
 */
export async function queueConflictResolution(conflictId: string, value: unknown): Promise<void> {
  await db.transaction('rw', [db.outbox, db.conflicts, db.meta, ...ALL_RECORD_TABLES], async () => {
    const conflict = await db.conflicts.get(conflictId);
    if (!conflict || conflict.data.status !== 'open') return;
    const mark = await sentThrough();
    const table = recordTable(conflict.type);
    const local = await table.get(conflict.recordId);
    const waiting = await db.outbox
      .where('recordId')
      .equals(conflict.recordId)
      .filter(
        (row) =>
          row.kind === 'resolveConflict' &&
          row.conflictId === conflictId &&
          row.state === 'pending' &&
          isMergeable(row, mark),
      )
      .first();
    const field = typeof conflict.data.field === 'string' ? conflict.data.field : '';
    if (waiting?.kind === 'resolveConflict') {
      await db.outbox.put({ ...waiting, value });
    } else {
      await db.outbox.add({
        kind: 'resolveConflict',
        changeId: newId(),
        type: conflict.type,
        recordId: conflict.recordId,
        unitId: conflict.unitId,
        baseRev: local?.rev ?? null,
        conflictId,
        field,
        value,
        state: 'pending',
        createdAt: new Date().toISOString(),
      });
    }
    if (!local) return;
    const next: LocalRecord = { ...local, pending: 1, updatedAt: new Date().toISOString() };
    if (field === DELETED_FIELD) next.deleted = value === true ? 1 : 0;
    else next.data = { ...local.data, [field]: value ?? null };
    setDerivedKeys(conflict.type, next);
    await table.put(next);
  });
}
