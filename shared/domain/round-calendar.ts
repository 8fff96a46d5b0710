import { z } from 'zod';
import { unitIdSchema } from '../org';
import { dateSchema, isRealDate } from '../validation/dates';

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

/** Longest round name (a select option and a table cell on the office screens). */
export const ROUND_NAME_MAX = 40;
/** Most rounds one unit sets for one year. */
export const ROUNDS_PER_CALENDAR_MAX = 20;

/** One visit round: every household due in it should have a final visit dated inside it. */
export const dueRoundSchema = z
  .object({
    /** Stable id, unique across units and years (`<unitId>-<year>-<n>` for the defaults). */
    id: z.string().regex(/^[0-9A-Za-z-]{3,64}$/, '轮次编号格式不正确'),
    name: z
      .string()
      .trim()
      .min(1, '必须填写轮次名称')
      .max(ROUND_NAME_MAX, `轮次名称不能超过 ${ROUND_NAME_MAX} 个字`),
    startDate: dateSchema,
    endDate: dateSchema,
  })
  .refine((r) => !isRealDate(r.startDate) || !isRealDate(r.endDate) || r.endDate >= r.startDate, {
    message: '结束日期不能早于开始日期',
    path: ['endDate'],
  });
export type DueRound = z.infer<typeof dueRoundSchema>;

/** `data` of a `roundCalendar` record. */
export const roundCalendarDataSchema = z.object({
  unitId: unitIdSchema,
  /** The unit's path (city → …), so a tablet can tell which calendars apply to a household. */
  unitPath: z.string().min(1).max(300),
  year: z.number().int().min(2000).max(2100),
  rounds: z.array(dueRoundSchema).max(ROUNDS_PER_CALENDAR_MAX),
  updatedBy: z.string().nullable().optional(),
});
export type RoundCalendarData = z.infer<typeof roundCalendarDataSchema>;

/** The id prefix of a unit's rounds for a year: `<unitId>-<year>-` (the defaults' ids have it too). */
export function roundIdPrefix(unitId: string, year: number): string {
  return `${unitId}-${year}-`;
}

/**
 * The body of `PUT /api/rounds/calendar`: a unit's own rounds for a year (the city's replace the defaults).
 * The server and the office screen 走访轮次安排 validate with this one schema, so the screen shows the
 * server's rules before saving: names required, dates inside the year, start ≤ end, no two rounds of the
 * unit overlapping (a county's rounds may overlap the city's), ids `<unitId>-<year>-…` and unique (so a
 * round id names one unit's round of one year, as coverage links expect). Issues point at
 * `rounds.<i>.<field>`.
 */
export const putRoundCalendarRequestSchema = z
  .object({
    unitId: unitIdSchema,
    year: z.number().int().min(2000).max(2100),
    rounds: z
      .array(dueRoundSchema)
      .max(ROUNDS_PER_CALENDAR_MAX, `每年最多设置 ${ROUNDS_PER_CALENDAR_MAX} 个走访轮次`),
  })
  .superRefine((body, ctx) => {
    const prefix = roundIdPrefix(body.unitId, body.year);
    const seen = new Set<string>();
    body.rounds.forEach((round, i) => {
      if (!round.id.startsWith(prefix) || round.id.length === prefix.length) {
        ctx.addIssue({ code: 'custom', message: `轮次编号须以“${prefix}”开头`, path: ['rounds', i, 'id'] });
      } else if (seen.has(round.id)) {
        ctx.addIssue({ code: 'custom', message: '轮次编号重复', path: ['rounds', i, 'id'] });
      }
      seen.add(round.id);
      for (const field of ['startDate', 'endDate'] as const) {
        const date = round[field];
        if (isRealDate(date) && date.slice(0, 4) !== String(body.year)) {
          ctx.addIssue({
            code: 'custom',
            message: `${field === 'startDate' ? '开始' : '结束'}日期须在 ${body.year} 年内`,
            path: ['rounds', i, field],
          });
        }
      }
      const dated = (r: DueRound) =>
        isRealDate(r.startDate) && isRealDate(r.endDate) && r.startDate <= r.endDate;
      if (!dated(round)) return;
      const earlier = body.rounds
        .slice(0, i)
        .find(
          (other) => dated(other) && other.startDate <= round.endDate && round.startDate <= other.endDate,
        );
      if (earlier) {
        ctx.addIssue({
          code: 'custom',
          message: `与“${earlier.name.trim() || '未命名轮次'}”（${earlier.startDate} 至 ${earlier.endDate}）日期重叠`,
          path: ['rounds', i, 'startDate'],
        });
      }
    });
  });
export type PutRoundCalendarRequest = z.infer<typeof putRoundCalendarRequestSchema>;

/** A stored calendar as the API returns it: the sync record's id and its data. */
export const storedRoundCalendarSchema = roundCalendarDataSchema.extend({ id: z.string() });

/** The reply of `PUT /api/rounds/calendar`: the unit's calendar as stored (rounds by start date). */
export const putRoundCalendarReplySchema = z.object({ calendar: storedRoundCalendarSchema });
export type PutRoundCalendarReply = z.infer<typeof putRoundCalendarReplySchema>;

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
  calendars: z.array(storedRoundCalendarSchema),
  rounds: z.array(dueRoundSchema),
});
export type RoundCalendarsReply = z.infer<typeof roundCalendarsReplySchema>;
