import {
  DUE_STAGES,
  currentRound,
  roundStatus,
  roundsAt,
  type DueRound,
  type RoundCalendarData,
  type RoundStatus,
} from '../../../shared/domain/round-calendar';
import { db } from '../../db/database';
import { householdIdsAtStages, householdsVisitedBetween, roundCalendars } from '../../db/round-calendars';
import { readSession } from '../../db/session';
import type { LocalRecord } from '../../db/types';

/**
 * The visit round on the tablet (docs/dynamic-management.md, "Visit rounds"): which round the worker is in
 * today, and which of the grid's filed households are due, overdue or done in it (a CommCare-like due list).
 */

/**
 * The round of `today` for a user at `unitPath`, from the calendars on the tablet: the open round, else the
 * latest one that has ended (this year's or last year's), else null.
 */
export function roundOnTablet(
  calendars: readonly RoundCalendarData[],
  unitPath: string,
  today: string,
): DueRound | null {
  const year = Number(today.slice(0, 4));
  return currentRound(
    [...roundsAt(calendars, unitPath, year - 1), ...roundsAt(calendars, unitPath, year)],
    today,
  );
}

/** The current round for the signed-in user on this tablet. */
export async function currentRoundOnTablet(today: string): Promise<DueRound | null> {
  const [calendars, session] = await Promise.all([roundCalendars(), readSession()]);
  // Without a session (never on a screen), the city's calendar or its defaults.
  const unitPath = session?.user.unitPath ?? calendars.find((c) => !c.unitPath.includes('/'))?.unitPath ?? '';
  return roundOnTablet(calendars, unitPath, today);
}

/**
 * Households due in the round and not yet visited in it (the list filter 本期待走访): filed households
 * (`DUE_STAGES`) without a final visit dated inside the round. Read from index keys only.
 */
export async function dueNotVisitedIds(round: DueRound): Promise<Set<string>> {
  const [due, visited] = await Promise.all([
    householdIdsAtStages(DUE_STAGES),
    householdsVisitedBetween(round.startDate, round.endDate),
  ]);
  return new Set(due.filter((id) => !visited.has(id)));
}

export interface DueListEntry {
  household: LocalRecord;
  status: RoundStatus;
}

export interface RoundDueList {
  round: DueRound | null;
  today: string;
  /** Not yet visited (due, or overdue once the round has ended; upcoming before it starts). */
  open: DueListEntry[];
  done: DueListEntry[];
}

/** The due list of the home page: every filed household of the tablet and where it stands in the round. */
export async function loadRoundDueList(today: string): Promise<RoundDueList> {
  const round = await currentRoundOnTablet(today);
  if (round === null) return { round, today, open: [], done: [] };
  const [ids, visited] = await Promise.all([
    householdIdsAtStages(DUE_STAGES),
    householdsVisitedBetween(round.startDate, round.endDate),
  ]);
  const rows = (await db.households.bulkGet(ids)).filter((row): row is LocalRecord => row !== undefined);
  const entries = rows.map((household) => ({
    household,
    status: roundStatus({ due: true, visited: visited.has(household.id), round, today }),
  }));
  const name = (e: DueListEntry) =>
    typeof e.household.data.headName === 'string' ? e.household.data.headName : '';
  entries.sort((a, b) => name(a).localeCompare(name(b), 'zh-CN'));
  return {
    round,
    today,
    open: entries.filter((e) => e.status !== 'done'),
    done: entries.filter((e) => e.status === 'done'),
  };
}
