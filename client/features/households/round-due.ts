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
import { monitoredHouseholdIds } from '../../db/monitoring';
import { householdIdsAtStages, householdsVisitedBetween, roundCalendars } from '../../db/round-calendars';
import { readSession } from '../../db/session';
import type { LocalRecord } from '../../db/types';

/**
 * The visit round on the tablet (docs/dynamic-management.md, "Visit rounds"): which round the worker is in
 * today, and which of the grid's filed and monitored households are due, overdue or done in it (a
 * CommCare-like due list).
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

export interface DueHouseholds {
  /** Filed households first (index order), then the monitored ones that are not filed. */
  ids: string[];
  /** The due households on the monitoring register. */
  monitored: Set<string>;
}

/**
 * The live households of this tablet due in every round (`dueInRound`, shared): the filed ones
 * (`DUE_STAGES`, from index keys) and the ones on the monitoring register (the server's `monitoringEntry`
 * records), whatever their stage. A register entry of a household this tablet does not hold, or holds
 * deleted, is left out.
 */
export async function dueHouseholds(): Promise<DueHouseholds> {
  const [filed, onRegister] = await Promise.all([householdIdsAtStages(DUE_STAGES), monitoredHouseholdIds()]);
  const filedSet = new Set(filed);
  const monitored = new Set([...onRegister].filter((id) => filedSet.has(id)));
  const others = [...onRegister].filter((id) => !filedSet.has(id));
  if (others.length === 0) return { ids: filed, monitored };
  const rows = await db.households.bulkGet(others);
  const live = rows.filter((row): row is LocalRecord => row !== undefined && row.deleted === 0);
  for (const row of live) monitored.add(row.id);
  return { ids: [...filed, ...live.map((row) => row.id)], monitored };
}

/**
 * Households due in the round and not yet visited in it (the list filter 本期待走访): filed or monitored
 * households (`dueHouseholds`) without a final visit dated inside the round. Read from index keys, and
 * the few monitored households that are not filed by key.
 */
export async function dueNotVisitedIds(round: DueRound): Promise<Set<string>> {
  const [due, visited] = await Promise.all([
    dueHouseholds(),
    householdsVisitedBetween(round.startDate, round.endDate),
  ]);
  return new Set(due.ids.filter((id) => !visited.has(id)));
}

export interface DueListEntry {
  household: LocalRecord;
  status: RoundStatus;
  /** On the monitoring register (due whatever its stage). */
  monitored: boolean;
}

export interface RoundDueList {
  round: DueRound | null;
  today: string;
  /** Not yet visited (due, or overdue once the round has ended; upcoming before it starts). */
  open: DueListEntry[];
  done: DueListEntry[];
}

/**
 * The due list of the home page: every filed or monitored household of the tablet and where it stands in
 * the round.
 */
export async function loadRoundDueList(today: string): Promise<RoundDueList> {
  const round = await currentRoundOnTablet(today);
  if (round === null) return { round, today, open: [], done: [] };
  const [due, visited] = await Promise.all([
    dueHouseholds(),
    householdsVisitedBetween(round.startDate, round.endDate),
  ]);
  const rows = (await db.households.bulkGet(due.ids)).filter((row): row is LocalRecord => row !== undefined);
  const entries = rows.map((household) => ({
    household,
    status: roundStatus({ due: true, visited: visited.has(household.id), round, today }),
    monitored: due.monitored.has(household.id),
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
