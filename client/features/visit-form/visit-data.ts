import { newId } from '../../../shared/sync/ids';
import { loopStageSchema, type LoopStage } from '../../../shared/loop/stages';
import { db, recordTable } from '../../db/database';
import { createRecord, deleteRecord, queueCommand, saveFields } from '../../db/records';
import type { ConflictRow, LocalRecord, OutboxRow, RecordData, ServerRow } from '../../db/types';
import type { SubmitState } from './editability';
import type { RecordTarget } from './form-model';

/** Reads and writes of the visit form and the household page; components call these, never the tables. */

function byIdAscending(a: LocalRecord, b: LocalRecord): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function visitDateOf(row: LocalRecord): string {
  return typeof row.data.visitDate === 'string' ? row.data.visitDate : '';
}

/** Members of a household in the order they were added (their ids are time-ordered on the tablet). */
export async function householdMembers(householdId: string): Promise<LocalRecord[]> {
  const rows = await db.members.where('householdId').equals(householdId).toArray();
  return rows.filter((row) => row.deleted === 0).sort(byIdAscending);
}

/** Visits of a household, the latest first (by visit date, then by when the form was opened). */
export async function householdVisits(householdId: string): Promise<LocalRecord[]> {
  const rows = await db.visits.where('householdId').equals(householdId).toArray();
  return rows
    .filter((row) => row.deleted === 0)
    .sort((a, b) => visitDateOf(b).localeCompare(visitDateOf(a)) || byIdAscending(b, a));
}

export async function householdComments(householdId: string): Promise<ServerRow[]> {
  return db.comments.where('householdId').equals(householdId).sortBy('createdAt');
}

export async function householdConflicts(householdId: string): Promise<ConflictRow[]> {
  const rows = await db.conflicts.where('householdId').equals(householdId).sortBy('createdAt');
  return rows.filter((row) => row.data.status !== 'resolved');
}

function isSubmitOf(row: OutboxRow, visitId: string | null): boolean {
  // A visit is submitted by `submitVisit` (an application) or `recordFollowUpVisit` (a follow-up).
  if (row.kind !== 'command' || (row.type !== 'submitVisit' && row.type !== 'recordFollowUpVisit'))
    return false;
  if (visitId === null) return true;
  const payload = row.payload;
  return (
    typeof payload === 'object' && payload !== null && 'visitId' in payload && payload.visitId === visitId
  );
}

/** Where the submission of a visit (or of any visit, with null) of a household stands in the outbox. */
export async function submitStateOf(householdId: string, visitId: string | null): Promise<SubmitState> {
  const rows = await db.outbox.where('recordId').equals(householdId).toArray();
  const submits = rows.filter((row) => isSubmitOf(row, visitId));
  if (submits.some((row) => row.state !== 'rejected')) return { kind: 'pending' };
  const rejected = submits.at(-1);
  if (rejected) return { kind: 'rejected', reason: rejected.error ?? '服务器拒绝了提交' };
  return { kind: 'none' };
}

export function stageOf(data: RecordData | undefined): LoopStage | null {
  const stage = loopStageSchema.safeParse(data?.stage);
  return stage.success ? stage.data : null;
}

export interface VisitFormRecords {
  visit: LocalRecord;
  household: LocalRecord | null;
  members: LocalRecord[];
  latestVisitId: string | null;
  submit: SubmitState;
  comments: ServerRow[];
}

/** Everything the visit form shows, read in one go (use it through `useLiveQuery`); null when not found. */
export async function loadVisitForm(visitId: string): Promise<VisitFormRecords | null> {
  const visit = await db.visits.get(visitId);
  if (!visit || visit.deleted === 1) return null;
  const householdId =
    visit.householdId ?? (typeof visit.data.householdId === 'string' ? visit.data.householdId : null);
  if (!householdId)
    return {
      visit,
      household: null,
      members: [],
      latestVisitId: null,
      submit: { kind: 'none' },
      comments: [],
    };
  const [household, members, visits, submit, comments] = await Promise.all([
    db.households.get(householdId),
    householdMembers(householdId),
    householdVisits(householdId),
    submitStateOf(householdId, visitId),
    householdComments(householdId),
  ]);
  return {
    visit,
    household: household && household.deleted === 0 ? household : null,
    members,
    latestVisitId: visits[0]?.id ?? null,
    submit,
    comments,
  };
}

/** The autosave's write: one record's changed fields, into the record and the outbox together. */
export async function saveRecordPatch(target: RecordTarget, patch: RecordData): Promise<void> {
  await saveFields(target.type, target.id, target.unitId, patch, { householdId: target.householdId });
}

/** True while the record is on this tablet and not deleted (a journal edit may only go to such a record). */
export async function recordExists(target: RecordTarget): Promise<boolean> {
  const row = await recordTable(target.type).get(target.id);
  return row !== undefined && row.deleted === 0;
}

export async function addMember(householdId: string, unitId: string): Promise<string> {
  const id = newId();
  await createRecord('member', unitId, { householdId }, { id, householdId });
  return id;
}

export async function removeMember(memberId: string): Promise<void> {
  await deleteRecord('member', memberId);
}

/**
 * Finalises a visit: its status and figures are saved and the preliminary review is submitted (the
 * `submitVisit` command), in one transaction so a visit is never final without its submission.
 */
export async function finaliseVisit(input: {
  target: RecordTarget;
  householdId: string;
  fields: RecordData;
  submitPayload: Record<string, unknown>;
}): Promise<void> {
  await db.transaction('rw', db.visits, db.households, db.outbox, db.meta, async () => {
    await saveRecordPatch(input.target, { ...input.fields, status: 'final' });
    await queueCommand(input.householdId, 'submitVisit', input.submitPayload);
  });
}

/**
 * Finalises a follow-up visit of a filed household (动态管理回访): its status and figures are saved and
 * `recordFollowUpVisit` is queued, in one transaction. The file's fields the worker updated are already
 * in the outbox as the household's own per-field changes; the case's stage does not move.
 */
export async function finaliseFollowUpVisit(input: {
  target: RecordTarget;
  householdId: string;
  fields: RecordData;
  payload: Record<string, unknown>;
  /**
   * Whether the case records the follow-up as a step (`managed`, `phase_out`); a monitoring visit of a
   * household at another stage (an exit being watched, a case under review) is the visit record alone.
   */
  recordStep: boolean;
}): Promise<void> {
  await db.transaction('rw', db.visits, db.households, db.outbox, db.meta, async () => {
    await saveRecordPatch(input.target, { ...input.fields, status: 'final' });
    if (input.recordStep) await queueCommand(input.householdId, 'recordFollowUpVisit', input.payload);
  });
}
