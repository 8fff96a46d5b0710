import { newId } from '../../../shared/sync/ids';
import { NEW_HOUSEHOLD_DEFAULTS } from '../../../shared/domain/household';
import type { ApplicantKind } from '../../../shared/domain/checklist';
import { loopStageSchema, type LoopStage } from '../../../shared/loop/stages';
import { db } from '../../db/database';
import { createRecord } from '../../db/records';
import type { RecordData } from '../../db/types';

/** Stages of a household that has been filed (建档): a new visit is an already-filed applicant's. */
const FILED_STAGES: readonly LoopStage[] = ['managed', 'phase_out', 'exited'];

/** 新建档申请人 or 已在档申请人: filed households bring only what changed (附件1). */
export function applicantKindFor(household: RecordData): ApplicantKind {
  const stage = loopStageSchema.safeParse(household.stage);
  const filed = typeof household.filedAt === 'string' || (stage.success && FILED_STAGES.includes(stage.data));
  return filed ? 'filed' : 'new';
}

function newVisitData(input: {
  householdId: string;
  unitId: string;
  visitorName: string;
  applicantKind: ApplicantKind;
  today: string;
}): RecordData {
  return {
    householdId: input.householdId,
    unitId: input.unitId,
    visitDate: input.today,
    visitorName: input.visitorName,
    applicantKind: input.applicantKind,
    checklist: [],
    signatures: [],
    status: 'draft',
  };
}

/**
 * A household the worker found on a visit (基层工会走访发现), registered on the spot in the worker's grid,
 * with its first visit form opened at once. Both records and their outbox changes are written together.
 */
export async function createHouseholdOnTheSpot(input: {
  unitId: string;
  headName: string;
  visitorName: string;
  today: string;
}): Promise<{ householdId: string; visitId: string }> {
  const householdId = newId();
  const visitId = newId();
  await db.transaction('rw', db.households, db.visits, db.outbox, db.meta, async () => {
    await createRecord(
      'household',
      input.unitId,
      {
        ...NEW_HOUSEHOLD_DEFAULTS,
        secondaryCauses: [],
        headName: input.headName.trim(),
        unitId: input.unitId,
        entryChannel: 'grassroots_found',
      },
      { id: householdId },
    );
    await createRecord('visit', input.unitId, newVisitData({ householdId, applicantKind: 'new', ...input }), {
      id: visitId,
      householdId,
    });
  });
  return { householdId, visitId };
}

/**
 * Opens a follow-up visit (动态管理回访) of a filed household: the form shows the file's sections, pre-filled
 * from the file itself (the form edits the household record), and the trend and findings of the visit.
 */
export async function startFollowUpVisit(input: {
  householdId: string;
  unitId: string;
  visitorName: string;
  today: string;
}): Promise<string> {
  const visitId = newId();
  await createRecord(
    'visit',
    input.unitId,
    { ...newVisitData({ ...input, applicantKind: 'filed' }), purpose: 'followUp' },
    { id: visitId, householdId: input.householdId },
  );
  return visitId;
}

/** Opens a new visit form for a household; returns the visit's id. */
export async function startNewVisit(input: {
  householdId: string;
  household: RecordData;
  unitId: string;
  visitorName: string;
  today: string;
}): Promise<string> {
  const visitId = newId();
  await createRecord(
    'visit',
    input.unitId,
    { ...newVisitData({ ...input, applicantKind: applicantKindFor(input.household) }), purpose: 'apply' },
    { id: visitId, householdId: input.householdId },
  );
  return visitId;
}
