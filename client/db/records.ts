import { newId } from '../../shared/sync/ids';
import { householdIdOf, type RecordType } from '../../shared/domain/records';
import { db, recordTable } from './database';
import { diffFields, mergeFieldChanges } from './field-changes';
import { recordHold, withHold } from './held-changes';
import { setDerivedKeys } from './identity-keys';
import { isInflight, isMergeable, sentThrough } from './outbox';
import type { LocalRecord, RecordChange, RecordData } from './types';

/** Where a record hangs in the case tree, when the data does not already say it (`data.householdId`). */
export interface SaveExtra {
  householdId?: string | null;
}

export class RecordDeletedError extends Error {
  constructor(type: RecordType, id: string) {
    super(`${type} ${id} has been deleted and cannot be edited`);
    this.name = 'RecordDeletedError';
  }
}

function nowIso(): string {
  return new Date().toISOString();
}

/** A cleared field is stored as null, never undefined, so it syncs and compares like any other value. */
function withoutUndefined(patch: RecordData): RecordData {
  return Object.fromEntries(Object.entries(patch).map(([key, value]) => [key, value ?? null]));
}

async function queuedUpsert(type: RecordType, id: string): Promise<RecordChange | undefined> {
  // A record has a change or two in the outbox: reading them whole (getAll) beats a filtered cursor.
  const [rows, mark] = await Promise.all([
    db.outbox.where('[type+recordId]').equals([type, id]).toArray(),
    sentThrough(),
  ]);
  // A held change (待修正) takes later edits too: the worker's fix lands in it. A change a push has taken
  // (at or below the sent-through mark) never does.
  const row = rows.find((change) => change.kind === 'record' && isMergeable(change, mark));
  return row?.kind === 'record' ? row : undefined;
}

async function hasOutboxRows(id: string): Promise<boolean> {
  return (await db.outbox.where('recordId').equals(id).count()) > 0;
}

/**
 * Saves an edit of some fields of one record (creating the record if it does not exist yet) and records it
 * in the outbox, in one transaction: either both happen or neither. Consecutive edits while the change is
 * still waiting are coalesced into one outbox row per record, so autosaving every keystroke sends one change.
 */
export async function saveFields(
  type: RecordType,
  id: string,
  unitId: string,
  patch: RecordData,
  extra: SaveExtra = {},
): Promise<LocalRecord> {
  const table = recordTable(type);
  return db.transaction('rw', table, db.outbox, db.meta, async () => {
    // Both reads at once, and below both writes at once: autosave runs this on every pause in typing.
    const [before, queued] = await Promise.all([table.get(id), queuedUpsert(type, id)]);
    if (before?.deleted === 1) throw new RecordDeletedError(type, id);
    const changes = diffFields(before?.data ?? {}, patch);
    const data = { ...before?.data, ...withoutUndefined(patch) };
    const householdId = extra.householdId ?? before?.householdId ?? householdIdOf(type, data) ?? null;
    const nothingChanged =
      before !== undefined &&
      Object.keys(changes).length === 0 &&
      before.unitId === unitId &&
      (before.householdId ?? null) === householdId;
    if (nothingChanged) return before;

    const now = nowIso();
    const rev = before?.rev ?? null;
    // Whether the outbox holds a change of this record afterwards; only a cancelled edit needs a look.
    let waiting = true;
    let outboxWrite: Promise<unknown> = Promise.resolve();
    if (queued) {
      const fields = mergeFieldChanges(queued.fields, changes);
      // A record the server has never seen keeps its (possibly empty) creation change.
      if (Object.keys(fields).length === 0 && queued.baseRev !== null) {
        await db.outbox.delete(queued.seq);
        waiting = await hasOutboxRows(id);
      } else {
        const merged: RecordChange = { ...queued, fields, unitId };
        // A held change is checked again at once, so the sync page shows at once whether the fix did it.
        outboxWrite = db.outbox.put(
          queued.state === 'held' ? withHold(merged, recordHold(type, data)) : merged,
        );
      }
    } else if (Object.keys(changes).length > 0 || before === undefined) {
      outboxWrite = db.outbox.add({
        kind: 'record',
        changeId: newId(),
        type,
        recordId: id,
        op: 'upsert',
        unitId,
        baseRev: rev,
        fields: changes,
        state: 'pending',
        createdAt: now,
      });
    } else {
      waiting = await hasOutboxRows(id);
    }

    const row: LocalRecord = {
      id,
      rev,
      unitId,
      householdId,
      deleted: 0,
      data,
      updatedAt: now,
      pending: waiting ? 1 : 0,
    };
    setDerivedKeys(type, row);
    await Promise.all([outboxWrite, table.put(row)]);
    return row;
  });
}

/** Creates a record with a new UUID (or the given id) and queues its creation. */
export async function createRecord(
  type: RecordType,
  unitId: string,
  data: RecordData,
  extra: SaveExtra & { id?: string } = {},
): Promise<LocalRecord> {
  const id = extra.id ?? newId();
  if (extra.id && (await recordTable(type).get(id))) throw new Error(`${type} ${id} already exists`);
  return saveFields(type, id, unitId, data, extra);
}

/**
 * Deletes a record. One the server has never seen (and is not being sent right now) simply disappears with
 * its queued changes; otherwise its waiting edits are replaced by one delete change and the row stays, marked
 * deleted, until the server confirms.
 */
export async function deleteRecord(type: RecordType, id: string): Promise<void> {
  const table = recordTable(type);
  await db.transaction('rw', table, db.outbox, db.meta, async () => {
    const before = await table.get(id);
    if (!before || before.deleted === 1) return;
    const mark = await sentThrough();
    const changes = await db.outbox
      .where('[type+recordId]')
      .equals([type, id])
      .filter((change) => change.kind === 'record')
      .toArray();
    const inflight = changes.some((change) => isInflight(change, mark));
    if (before.rev === null && !inflight) {
      await db.outbox.bulkDelete(changes.map((change) => change.seq));
      await table.delete(id);
      return;
    }
    await db.outbox.bulkDelete(
      changes.filter((change) => isMergeable(change, mark)).map((change) => change.seq),
    );
    const now = nowIso();
    await db.outbox.add({
      kind: 'record',
      changeId: newId(),
      type,
      recordId: id,
      op: 'delete',
      unitId: before.unitId,
      baseRev: before.rev,
      fields: {},
      state: 'pending',
      createdAt: now,
    });
    await table.put({ ...before, deleted: 1, pending: 1, updatedAt: now });
  });
}

/**
 * Queues a closed-loop command on a case (e.g. submitting a visit for review). Commands are never merged:
 * each one is sent once, in order, after the record changes queued before it.
 */
export async function queueCommand(caseId: string, command: string, payload: unknown): Promise<number> {
  return db.transaction('rw', db.households, db.outbox, async () => {
    const household = await db.households.get(caseId);
    const seq = await db.outbox.add({
      kind: 'command',
      changeId: newId(),
      type: command,
      recordId: caseId,
      unitId: household?.unitId ?? null,
      baseRev: household?.rev ?? null,
      payload,
      state: 'pending',
      createdAt: nowIso(),
    });
    if (household && household.pending === 0) await db.households.put({ ...household, pending: 1 });
    return seq;
  });
}

/** Re-derives a record's `pending` flag from the outbox (for the sync engine after the server answered). */
export async function refreshPending(type: RecordType, id: string): Promise<void> {
  const table = recordTable(type);
  await db.transaction('rw', table, db.outbox, async () => {
    const row = await table.get(id);
    if (!row) return;
    const pending = (await hasOutboxRows(id)) ? 1 : 0;
    if (row.pending !== pending) await table.put({ ...row, pending });
  });
}
