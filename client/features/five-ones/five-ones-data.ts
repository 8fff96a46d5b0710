import { db } from '../../db/database';
import type { LocalRecord } from '../../db/types';
import { householdsByDeleted } from '../../db/summary';
import { roundFacts, roundProgress, visitFacts, type RoundFacts, type VisitFacts } from './round-progress';

/**
 * The reads behind the five-ones pages. Writes go through client/db (saveFields, createRecord,
 * deleteRecord, blobs); these only read, and components follow them with `useLiveQuery`.
 */

function byNewest(key: string) {
  return (a: LocalRecord, b: LocalRecord) => {
    const left = String(a.data[key] ?? '');
    const right = String(b.data[key] ?? '');
    return left === right ? b.updatedAt.localeCompare(a.updatedAt) : right.localeCompare(left);
  };
}

export async function listTrainings(): Promise<LocalRecord[]> {
  const rows = await db.trainings.where('deleted').equals(0).toArray();
  return rows.sort(byNewest('date'));
}

export async function listSelfAssessments(): Promise<LocalRecord[]> {
  const rows = await db.selfAssessments.where('deleted').equals(0).toArray();
  return rows.sort(byNewest('period'));
}

/** One record of a five-ones table, or null when it does not exist here (deleted, or another tablet's). */
export async function fiveOnesRecord(
  table: 'trainings' | 'selfAssessments' | 'visitRounds',
  id: string,
): Promise<LocalRecord | null> {
  const row = await db[table].get(id);
  return row && row.deleted === 0 ? row : null;
}

export interface FiveOnesCounts {
  trainings: number;
  selfAssessments: number;
  visitRounds: number;
}

export async function fiveOnesCounts(): Promise<FiveOnesCounts> {
  const [trainings, selfAssessments, visitRounds] = await Promise.all([
    db.trainings.where('deleted').equals(0).count(),
    db.selfAssessments.where('deleted').equals(0).count(),
    db.visitRounds.where('deleted').equals(0).count(),
  ]);
  return { trainings, selfAssessments, visitRounds };
}

export interface HouseholdBrief {
  id: string;
  headName: string;
  address: string;
  unitId: string;
}

function brief(row: LocalRecord): HouseholdBrief {
  const text = (key: string) => (typeof row.data[key] === 'string' ? String(row.data[key]) : '');
  return { id: row.id, headName: text('headName'), address: text('address'), unitId: row.unitId };
}

/** Every household on this tablet, for choosing the households of a new round. */
export async function householdChoices(): Promise<HouseholdBrief[]> {
  const rows = await householdsByDeleted(0).toArray();
  return rows.map(brief).sort((a, b) => a.headName.localeCompare(b.headName, 'zh-CN'));
}

async function finalVisitsOf(householdIds: readonly string[]): Promise<VisitFacts[]> {
  if (householdIds.length === 0) return [];
  const rows = await db.visits
    .where('householdId')
    .anyOf([...householdIds])
    .toArray();
  return rows
    .filter((row) => row.deleted === 0)
    .map((row) => visitFacts(row.data))
    .filter((v) => v.status === 'final');
}

export interface RoundSummary {
  row: LocalRecord;
  facts: RoundFacts | null;
  visited: number;
  /** Households of the round this tablet holds (a grid's tablet holds only its own grid). */
  onTablet: number;
}

export async function listVisitRounds(): Promise<RoundSummary[]> {
  const rows = await db.visitRounds.where('deleted').equals(0).toArray();
  rows.sort(byNewest('startDate'));
  return Promise.all(
    rows.map(async (row) => {
      const facts = roundFacts(row.id, row.data);
      if (!facts) return { row, facts, visited: 0, onTablet: 0 };
      const present = (await db.households.bulkGet([...facts.householdIds])).filter(
        (h): h is LocalRecord => h !== undefined && h.deleted === 0,
      );
      const ids = present.map((h) => h.id);
      const progress = roundProgress({ ...facts, householdIds: ids }, await finalVisitsOf(ids));
      return { row, facts, visited: progress.visited.length, onTablet: ids.length };
    }),
  );
}

export interface RoundHousehold extends HouseholdBrief {
  /** Date of the visit that counts for this round, if any. */
  visitDate: string | null;
}

export interface RoundDetails {
  row: LocalRecord;
  facts: RoundFacts;
  visited: RoundHousehold[];
  pending: RoundHousehold[];
  /** Households of the round this tablet does not hold (other grids'). */
  elsewhere: number;
}

export async function visitRoundDetails(id: string): Promise<RoundDetails | null> {
  const row = await fiveOnesRecord('visitRounds', id);
  if (!row) return null;
  const facts = roundFacts(row.id, row.data);
  if (!facts) return null;
  const present = (await db.households.bulkGet([...facts.householdIds])).filter(
    (h): h is LocalRecord => h !== undefined && h.deleted === 0,
  );
  const ids = present.map((h) => h.id);
  const visits = await finalVisitsOf(ids);
  const progress = roundProgress({ ...facts, householdIds: ids }, visits);
  const countingDate = (householdId: string): string | null => {
    const dates = visits
      .filter(
        (v) =>
          v.householdId === householdId &&
          (v.visitRoundId === facts.id ||
            (v.visitDate != null && v.visitDate >= facts.startDate && v.visitDate <= facts.endDate)),
      )
      .map((v) => v.visitDate ?? '')
      .sort();
    return dates.at(-1) || null;
  };
  const byId = new Map(present.map((h) => [h.id, brief(h)]));
  const entry = (householdId: string): RoundHousehold[] => {
    const found = byId.get(householdId);
    return found ? [{ ...found, visitDate: countingDate(householdId) }] : [];
  };
  return {
    row,
    facts,
    visited: progress.visited.flatMap(entry),
    pending: progress.pending.flatMap(entry),
    elsewhere: facts.householdIds.length - ids.length,
  };
}
