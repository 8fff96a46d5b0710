import { z } from 'zod';
import { unitIdSchema } from '../org';
import { dateSchema } from '../validation/dates';

/**
 * The year of dynamic management (动态管理): the rounds in which every filed household is visited and its
 * file updated. The source plan asks for a visit to every filed household in March–April (在档走访) and a
 * file update in September–October (档案更新); the city sets the year's calendar and a county may add rounds
 * of its own. docs/dynamic-management.md ("Visit rounds") is the prose version of this file.
 *
 * A calendar travels to tablets as a server-authored record of type `roundCalendar` (one per unit and
 * year, `SERVER_RECORD_TYPES`); it is pulled by every user at or below its unit.
 */

/** The server record type of a unit's calendar for one year. */
export const ROUND_CALENDAR_TYPE = 'roundCalendar';

/** One visit round: every household due in it should have a final visit dated inside it. */
export const dueRoundSchema = z
  .object({
    /** Stable id, unique across units and years (`<unitId>-<year>-<n>` for the defaults). */
    id: z.string().regex(/^[0-9A-Za-z-]{3,64}$/, '轮次编号格式不正确'),
    name: z.string().trim().min(1, '必须填写轮次名称').max(40),
    startDate: dateSchema,
    endDate: dateSchema,
  })
  .refine((r) => r.endDate >= r.startDate, { message: '结束日期不能早于开始日期', path: ['endDate'] });
export type DueRound = z.infer<typeof dueRoundSchema>;

/** `data` of a `roundCalendar` record. */
export const roundCalendarDataSchema = z.object({
  unitId: unitIdSchema,
  /** The unit's path (city → …), so a tablet can tell which calendars apply to a household. */
  unitPath: z.string().min(1).max(300),
  year: z.number().int().min(2000).max(2100),
  rounds: z.array(dueRoundSchema).max(20),
  updatedBy: z.string().nullable().optional(),
});
export type RoundCalendarData = z.infer<typeof roundCalendarDataSchema>;

/** The body of `PUT /api/rounds/calendar`: a unit's own rounds for a year (the city's replace the defaults). */
export const putRoundCalendarRequestSchema = z.object({
  unitId: unitIdSchema,
  year: z.number().int().min(2000).max(2100),
  rounds: z
    .array(dueRoundSchema)
    .max(20)
    .refine((rounds) => new Set(rounds.map((r) => r.id)).size === rounds.length, '轮次编号重复'),
});
export type PutRoundCalendarRequest = z.infer<typeof putRoundCalendarRequestSchema>;

/** The city's default rounds for a year: 03-01–04-30 在档走访 and 09-01–10-31 档案更新. */
export function defaultRounds(cityUnitId: string, year: number): DueRound[] {
  return [
    { id: `${cityUnitId}-${year}-1`, name: '在档走访', startDate: `${year}-03-01`, endDate: `${year}-04-30` },
    { id: `${cityUnitId}-${year}-2`, name: '档案更新', startDate: `${year}-09-01`, endDate: `${year}-10-31` },
  ];
}

/** Stages of a filed household, visited in every round (在档: managed, and the phase-out 渐退期). */
export const DUE_STAGES = ['managed', 'phase_out'] as const;

/**
 * Whether a household is due a visit in a round: it is filed (`managed` or `phase_out`), or it is on the
 * monitoring register (`monitored`, kept by the monitoring feature). The round is not needed today, but is
 * part of the signature so a rule per round (e.g. only households filed before it started) fits later.
 */
export function dueInRound(
  household: { stage?: unknown },
  _round: Pick<DueRound, 'startDate' | 'endDate'>,
  options: { monitored?: boolean } = {},
): boolean {
  if (options.monitored === true) return true;
  return (DUE_STAGES as readonly unknown[]).includes(household.stage);
}

/** A final visit dated inside the round (any visit: a follow-up or an application while filed). */
export function visitedInRound(
  round: Pick<DueRound, 'startDate' | 'endDate'>,
  visits: readonly { visitDate?: unknown; status?: unknown }[],
): boolean {
  return visits.some(
    (v) =>
      v.status === 'final' &&
      typeof v.visitDate === 'string' &&
      v.visitDate >= round.startDate &&
      v.visitDate <= round.endDate,
  );
}

export const ROUND_STATUSES = ['not_due', 'upcoming', 'due', 'overdue', 'done'] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];
export const ROUND_STATUS_LABELS: Record<RoundStatus, string> = {
  not_due: '本轮无需走访',
  upcoming: '本轮尚未开始',
  due: '本期待走访',
  overdue: '逾期未走访',
  done: '本轮已走访',
};

/** Where one household stands in a round on `today`: done once visited; overdue after the round ended. */
export function roundStatus(input: {
  due: boolean;
  visited: boolean;
  round: Pick<DueRound, 'startDate' | 'endDate'>;
  today: string;
}): RoundStatus {
  if (!input.due) return 'not_due';
  if (input.visited) return 'done';
  if (input.today < input.round.startDate) return 'upcoming';
  return input.today > input.round.endDate ? 'overdue' : 'due';
}

/** Whether a calendar set at `calendarUnitPath` applies to a household or user at `unitPath`. */
export function calendarApplies(calendarUnitPath: string, unitPath: string): boolean {
  return unitPath === calendarUnitPath || unitPath.startsWith(`${calendarUnitPath}/`);
}

/**
 * Every round of `year` that applies at `unitPath` (the city's and the county's own), by start date.
 * While the city's calendar of the year is not known (not synced yet), its defaults stand in for it.
 */
export function roundsAt(
  calendars: readonly RoundCalendarData[],
  unitPath: string,
  year: number,
): DueRound[] {
  const applying = calendars.filter((c) => c.year === year && calendarApplies(c.unitPath, unitPath));
  const root = unitPath.split('/')[0] ?? unitPath;
  const rounds = applying.flatMap((c) => c.rounds);
  if (!applying.some((c) => c.unitPath === root)) rounds.push(...defaultRounds(root, year));
  return [...rounds].sort((a, b) => a.startDate.localeCompare(b.startDate) || a.id.localeCompare(b.id));
}

/**
 * The round a worker works in on `today`: the one that contains today (the earliest-ending if several
 * overlap); else the latest round that has ended this year (its unvisited households are overdue); else
 * null (before the year's first round).
 */
export function currentRound(rounds: readonly DueRound[], today: string): DueRound | null {
  const open = rounds
    .filter((r) => r.startDate <= today && today <= r.endDate)
    .sort((a, b) => a.endDate.localeCompare(b.endDate));
  if (open[0]) return open[0];
  const ended = rounds.filter((r) => r.endDate < today).sort((a, b) => b.endDate.localeCompare(a.endDate));
  return ended[0] ?? null;
}

/** Coverage figures of one unit in one round. */
export const roundCoverageRowSchema = z.object({
  unitId: z.string(),
  unitName: z.string(),
  due: z.number().int().min(0),
  visited: z.number().int().min(0),
  overdue: z.number().int().min(0),
});
export type RoundCoverageRow = z.infer<typeof roundCoverageRowSchema>;

export const roundCoverageQuerySchema = z.object({
  roundId: z.string().regex(/^[0-9A-Za-z-]{3,64}$/, '轮次编号格式不正确'),
  unitId: unitIdSchema.optional(),
});

/** The reply of `GET /api/rounds/coverage`. */
export const roundCoverageReplySchema = z.object({
  round: dueRoundSchema,
  today: dateSchema,
  unit: z.object({ id: z.string(), name: z.string() }),
  total: roundCoverageRowSchema,
  /** One row per child unit (a county per row for the city, a township for a county, …). */
  units: z.array(roundCoverageRowSchema),
  /** Households due and not yet visited in the unit (at most 200, oldest file first). */
  notVisited: z.array(
    z.object({ id: z.string(), headName: z.string().nullable(), unitId: z.string(), stage: z.string() }),
  ),
  notVisitedTotal: z.number().int().min(0),
});
export type RoundCoverageReply = z.infer<typeof roundCoverageReplySchema>;

export const roundCalendarsReplySchema = z.object({
  year: z.number().int(),
  /** The server's today (China): the office picks the current round by it, not by the PC's clock. */
  today: dateSchema,
  calendars: z.array(roundCalendarDataSchema.extend({ id: z.string() })),
  rounds: z.array(dueRoundSchema),
});
export type RoundCalendarsReply = z.infer<typeof roundCalendarsReplySchema>;
