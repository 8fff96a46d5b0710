import {
  defaultRounds,
  putRoundCalendarRequestSchema,
  roundIdPrefix,
  type DueRound,
  type PutRoundCalendarRequest,
  type RoundCalendarsReply,
} from '../../../../shared/domain/round-calendar';

/**
 * The model of the office screen 走访轮次安排 (calendar-page.tsx): which rounds a user sees read-only and
 * which they edit, new round ids, and the shared request schema's issues by row and field.
 */

/** One editable row; `id` is kept for rounds that were saved (coverage links name rounds by id). */
export interface RoundRow {
  id: string;
  name: string;
  startDate: string;
  endDate: string;
}

export interface CalendarView {
  /** The user's own rounds as saved, or the city's defaults for city staff before the city saved any. */
  own: DueRound[];
  /** True while the city has no calendar for the year (the defaults apply everywhere). */
  defaults: boolean;
  /** Rounds set above the user's unit (for a county: the city's or its defaults), read-only. */
  above: { unitId: string; rounds: DueRound[]; defaults: boolean }[];
}

const byStart = (a: DueRound, b: DueRound) =>
  a.startDate.localeCompare(b.startDate) || a.id.localeCompare(b.id);

/** Splits a GET /api/rounds/calendar reply for the signed-in unit. */
export function calendarView(
  reply: RoundCalendarsReply,
  user: { unitId: string; unitPath: string },
): CalendarView {
  const root = user.unitPath.split('/')[0] ?? user.unitId;
  const cityCalendar = reply.calendars.find((c) => c.unitPath === root);
  const ownCalendar = reply.calendars.find((c) => c.unitId === user.unitId);
  const defaults = cityCalendar === undefined;
  if (user.unitId === root) {
    return {
      own: [...(ownCalendar?.rounds ?? defaultRounds(root, reply.year))].sort(byStart),
      defaults,
      above: [],
    };
  }
  const above = reply.calendars
    .filter((c) => c.unitId !== user.unitId)
    .map((c) => ({ unitId: c.unitId, rounds: [...c.rounds].sort(byStart), defaults: false }));
  if (defaults) above.unshift({ unitId: root, rounds: defaultRounds(root, reply.year), defaults: true });
  return { own: [...(ownCalendar?.rounds ?? [])].sort(byStart), defaults, above };
}

/** A fresh id `<unitId>-<year>-<n>`, n above every number used by `rows` or the saved rounds. */
export function nextRoundId(unitId: string, year: number, taken: readonly { id: string }[]): string {
  const prefix = roundIdPrefix(unitId, year);
  const used = taken
    .filter((r) => r.id.startsWith(prefix))
    .map((r) => Number(r.id.slice(prefix.length)))
    .filter((n) => Number.isInteger(n));
  return `${prefix}${Math.max(0, ...used) + 1}`;
}

export type RowField = 'name' | 'startDate' | 'endDate' | 'id';
/** Messages by row index and field; `form` holds the ones about the calendar as a whole. */
export interface CalendarIssues {
  rows: Partial<Record<RowField, string>>[];
  form: string[];
}

const EMPTY_MESSAGES: Record<'startDate' | 'endDate', string> = {
  startDate: '必须填写开始日期',
  endDate: '必须填写结束日期',
};

/** The request the rows make, or the shared schema's messages (the server's own) by row and field. */
export function checkCalendar(
  unitId: string,
  year: number,
  rows: readonly RoundRow[],
): { ok: true; request: PutRoundCalendarRequest } | { ok: false; issues: CalendarIssues } {
  const parsed = putRoundCalendarRequestSchema.safeParse({ unitId, year, rounds: rows });
  if (parsed.success) return { ok: true, request: parsed.data };
  const issues: CalendarIssues = { rows: rows.map(() => ({})), form: [] };
  for (const issue of parsed.error.issues) {
    const [key, index, field] = issue.path;
    const row = typeof index === 'number' ? issues.rows[index] : undefined;
    if (key !== 'rounds' || !row || !isRowField(field)) {
      issues.form.push(issue.message);
      continue;
    }
    if (row[field]) continue; // the first message of a field is the one to fix first
    const value = rows[index as number]?.[field];
    row[field] =
      (field === 'startDate' || field === 'endDate') && value === '' ? EMPTY_MESSAGES[field] : issue.message;
  }
  return { ok: false, issues };
}

function isRowField(field: unknown): field is RowField {
  return field === 'name' || field === 'startDate' || field === 'endDate' || field === 'id';
}
