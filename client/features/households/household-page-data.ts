import { db } from '../../db/database';
import type { ConflictRow, LocalRecord, ServerRow } from '../../db/types';
import {
  householdComments,
  householdConflicts,
  householdMembers,
  householdVisits,
  submitStateOf,
} from '../visit-form/visit-data';
import type { SubmitState } from '../visit-form/editability';

export interface HouseholdPageRecords {
  household: LocalRecord;
  members: LocalRecord[];
  /** Latest first. */
  visits: LocalRecord[];
  /** Submission of the latest visit. */
  latestSubmit: SubmitState;
  comments: ServerRow[];
  conflicts: ConflictRow[];
}

/** Everything the household page shows (read it through `useLiveQuery`); null when not on this tablet. */
export async function loadHouseholdPage(householdId: string): Promise<HouseholdPageRecords | null> {
  const household = await db.households.get(householdId);
  if (!household || household.deleted === 1) return null;
  const [members, visits, comments, conflicts] = await Promise.all([
    householdMembers(householdId),
    householdVisits(householdId),
    householdComments(householdId),
    householdConflicts(householdId),
  ]);
  const latest = visits[0];
  const latestSubmit = latest ? await submitStateOf(householdId, latest.id) : ({ kind: 'none' } as const);
  return { household, members, visits, latestSubmit, comments, conflicts };
}
