import type { Db } from '../db/database';
import { HttpError } from '../http/errors';
import type { SessionUser } from '../auth/sessions';
import type { CaseListItem, CaseListReply, caseListQuerySchema } from '../../shared/cases/api';
import { maskIdNumber } from '../../shared/cases/masks';
import {
  LOOP_COMMANDS,
  LOOP_COMMAND_NAMES,
  LOOP_STAGE_LABELS,
  LOOP_STAGES,
  allowedCommands,
  type CaseState,
  type LoopCommandName,
  type LoopConfig,
  type LoopStage,
} from '../../shared/loop';
import { ROLES, type Role } from '../../shared/roles';
import { todayInChina } from '../../shared/validation/clock';
import type { z } from 'zod';
import type { StoredRecord } from '../sync/store';
import { caseStateOf } from './case-state';
import { caseSettings } from './context';
import {
  countHouseholds,
  findIndexedCases,
  hasUnsummarisedCases,
  listingScope,
  loadHouseholds,
  openConflictCounts,
  unitMap,
  unitsAlong,
  type HouseholdFilter,
} from './case-queries';

/**
 * The work queue (待办): cases on which the caller's role has a step to take now. Steps that are always
 * open on a long-running stage — a follow-up visit or an exit in dynamic management, an objection during
 * a notice, re-filing an exited case — do not by themselves put a case in the queue, or every managed
 * household would sit there for years.
 */
export const STANDING_COMMANDS: readonly LoopCommandName[] = [
  'recordFollowUpVisit',
  'exit',
  'cancelPhaseOut',
  'recordObjection',
  'refile',
];

type CaseListQuery = z.output<typeof caseListQuerySchema>;

/** Stages at which `role` has a step that can put a case in its queue (a cheap pre-filter in SQL). */
export function queueStages(role: Role): LoopStage[] {
  const stages = new Set<LoopStage>();
  for (const name of LOOP_COMMAND_NAMES) {
    const def = LOOP_COMMANDS[name];
    if (STANDING_COMMANDS.includes(name) || !def.roles.includes(role)) continue;
    def.from.forEach((stage) => stages.add(stage));
  }
  return [...stages];
}

/**
 * Stages at which one of `role`'s queue steps has a rule that reads the step's context — today's date (a
 * notice period, a phase-out running out) or the loop settings — recognised by its precondition taking
 * that second argument. Whether such a case is in the queue can change without a write.
 */
export function clockStages(role: Role): LoopStage[] {
  const stages = new Set<LoopStage>();
  for (const name of LOOP_COMMAND_NAMES) {
    const def = LOOP_COMMANDS[name] as {
      roles: readonly Role[];
      from: readonly LoopStage[];
      precondition?: unknown;
    };
    if (STANDING_COMMANDS.includes(name) || !def.roles.includes(role)) continue;
    if (typeof def.precondition === 'function' && def.precondition.length >= 2) {
      def.from.forEach((stage) => stages.add(stage));
    }
  }
  return [...stages];
}

/**
 * The due date that the queue steps of a clock stage compare today with, as the loop's rules read it: at
 * 公示 `completeNotice` opens once today (China) is past `noticeEndDate`; in 渐退期 `completeExit` once
 * today is past `phaseOutUntil`. Nothing else at these stages reads the clock, and both rules are closed up
 * to and including their date and open after it. So a case's queue roles are one set on any day up to its
 * due date and another on any day after it: `queueSummaryOf` works out both when the case is written
 * (`case_index.queue_roles`, `queue_roles_due`), `case_index` keeps the date (`column`), and the queue
 * compares it with today in SQL.
 *
 * A stage whose queue step reads the clock (or the settings) in any other way must not be listed: the
 * queue then works such cases out with the loop's rules at every listing (`evaluatedStages`).
 */
export const QUEUE_DUE_DATES: Partial<
  Record<
    LoopStage,
    { field: 'noticeEndDate' | 'phaseOutUntil'; column: 'notice_end_date' | 'phase_out_until' }
  >
> = {
  public_notice: { field: 'noticeEndDate', column: 'notice_end_date' },
  phase_out: { field: 'phaseOutUntil', column: 'phase_out_until' },
};

/** `role`'s clock stages whose queue steps `QUEUE_DUE_DATES` does not cover (none today). */
export function evaluatedStages(role: Role): LoopStage[] {
  return clockStages(role).filter((stage) => QUEUE_DUE_DATES[stage] === undefined);
}

/** The SQL for the due date of a `case_index` row's stage (NULL at a stage without one). */
export function queueDueSql(): string {
  const whens = Object.entries(QUEUE_DUE_DATES).map(([stage, due]) => `WHEN '${stage}' THEN ${due.column}`);
  return `CASE stage ${whens.join(' ')} END`;
}

const ALL_ROLES = Object.values(ROLES) as Role[];
const DAY_MS = 24 * 60 * 60 * 1000;

/** `queueStages` of every role, worked out once (the indexer runs on every household write). */
let rolesByQueueStage: Map<LoopStage, Role[]> | null = null;

function queueRolesAt(state: CaseState, now: Date, config: LoopConfig): string {
  rolesByQueueStage ??= new Map(
    LOOP_STAGES.map((stage) => [stage, ALL_ROLES.filter((role) => queueStages(role).includes(stage))]),
  );
  const candidates = rolesByQueueStage.get(state.stage) ?? [];
  const roles = candidates.filter((role) => inQueue(allowedCommands(state, role, now, config)));
  return `|${roles.map((role) => `${role}|`).join('')}`;
}

export interface QueueSummary {
  /**
   * `|role|…|` for every role with a queue step on the case now — at a stage with a due date, on any day
   * up to and including it. Only trusted outside `evaluatedStages(role)`.
   */
  roles: string;
  /** At a stage with a due date (set): the roles with a queue step on any day after it; else null. */
  dueRoles: string | null;
}

/** What `case_index` keeps of a case's queue (see `QUEUE_DUE_DATES`). */
export function queueSummaryOf(state: CaseState, now: Date, config: LoopConfig): QueueSummary {
  const due = QUEUE_DUE_DATES[state.stage];
  const date = due ? state[due.field] : null;
  // The instant "today" (China, UTC+8) turns to the due date; the rules see only that day.
  const onDue = date === null ? NaN : Date.parse(`${date}T00:00:00+08:00`);
  if (Number.isNaN(onDue)) return { roles: queueRolesAt(state, now, config), dueRoles: null };
  return {
    roles: queueRolesAt(state, new Date(onDue), config),
    dueRoles: queueRolesAt(state, new Date(onDue + DAY_MS), config),
  };
}

interface Candidate {
  record: StoredRecord;
  state: CaseState;
  allowed: LoopCommandName[];
}

function encodeCursor(stageEnteredAt: string, id: string): string {
  return Buffer.from(JSON.stringify([stageEnteredAt, id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && typeof value[0] === 'string' && typeof value[1] === 'string') {
      return [value[0], value[1]];
    }
  } catch {
    // fall through to the refusal below
  }
  throw new HttpError(400, 'invalid_request', '翻页游标不正确，请从第一页重新查询');
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Whether a case belongs in the queue: the caller has a step on it other than the standing ones. */
function inQueue(allowed: readonly LoopCommandName[]): boolean {
  return allowed.some((command) => !STANDING_COMMANDS.includes(command));
}

/**
 * The case list, paged in SQL on `case_index` (keyset on (stage_entered_at, id)); only the page's households
 * are loaded and parsed.
 *
 * `view=queue` is decided in SQL too: `queue_roles` names the roles with a queue step on the case, and at a
 * stage whose step waits for a date (`QUEUE_DUE_DATES`) `queue_roles_due` those with one once the date has
 * passed — compared with today (China) in the query. So one call counts index rows and loads one page,
 * whatever the scope's size. Only cases not summarised yet (before the server's start has filled them) or
 * at a clock stage no due date covers are worked out with the loop's rules at the listing.
 */
export function listCases(db: Db, actor: SessionUser, query: CaseListQuery): CaseListReply {
  const scopePath = listingScope(db, actor, query.unitId);
  const { clock, loopConfig } = caseSettings(db);
  const now = clock();
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  const filter: HouseholdFilter = {
    scopePath,
    stage: query.stage,
    category: query.category,
    q: query.q,
    ...(query.view === 'queue' ? { stages: queueStages(actor.role) } : {}),
  };
  const candidate = (record: StoredRecord): Candidate => {
    const state = caseStateOf(record);
    return { record, state, allowed: allowedCommands(state, actor.role, now, loopConfig) };
  };

  let page: Candidate[];
  let hasMore: boolean;
  let total: number;
  /** The keyset of the page's last case, as the index orders it. */
  let cursorAt: [string, string] | null;
  const evaluateStages = query.view === 'queue' ? evaluatedStages(actor.role) : [];
  const queueFilter = (mode: 'summarised' | 'evaluate'): HouseholdFilter => ({
    ...filter,
    queueRole: { role: actor.role, mode, evaluateStages, today: todayInChina(now) },
  });
  if (query.view === 'queue' && (evaluateStages.length > 0 || hasUnsummarisedCases(db))) {
    // Cases whose place in the queue the summaries cannot tell: worked out now.
    const evaluate = findIndexedCases(db, queueFilter('evaluate'));
    const atOf = new Map(evaluate.map((row) => [row.id, row.stageEnteredAt]));
    const evaluated: { at: string; id: string; candidate: Candidate }[] = [];
    for (const record of loadHouseholds(
      db,
      evaluate.map((row) => row.id),
    )) {
      const found = candidate(record);
      if (!inQueue(found.allowed)) continue;
      evaluated.push({ at: atOf.get(record.id) ?? '', id: record.id, candidate: found });
    }
    // The rest: in the queue by their summary, paged in SQL.
    const summarised = queueFilter('summarised');
    total = evaluated.length + countHouseholds(db, summarised);
    const isAfter = (at: string, id: string) => !after || at > after[0] || (at === after[0] && id > after[1]);
    const merged = [
      ...evaluated.filter((e) => isAfter(e.at, e.id)).map((e) => ({ at: e.at, id: e.id })),
      ...findIndexedCases(db, summarised, {
        ...(after ? { after } : {}),
        limit: query.limit + 1,
        expected: total,
      }).map((row) => ({ at: row.stageEnteredAt, id: row.id })),
    ].sort((a, b) => (a.at === b.at ? (a.id < b.id ? -1 : 1) : a.at < b.at ? -1 : 1));
    hasMore = merged.length > query.limit;
    const pageKeys = merged.slice(0, query.limit);
    const lastKey = pageKeys.at(-1);
    cursorAt = lastKey ? [lastKey.at, lastKey.id] : null;
    const known = new Map(evaluated.map((e) => [e.id, e.candidate]));
    page = pageKeys.flatMap(({ id }) => {
      const found = known.get(id);
      return found ? [found] : loadHouseholds(db, [id]).map(candidate);
    });
  } else {
    const listed = query.view === 'queue' ? queueFilter('summarised') : filter;
    total = countHouseholds(db, listed);
    const rows = findIndexedCases(db, listed, {
      ...(after ? { after } : {}),
      limit: query.limit + 1,
      expected: total,
    });
    hasMore = rows.length > query.limit;
    const pageRows = rows.slice(0, query.limit);
    const lastRow = pageRows.at(-1);
    cursorAt = lastRow ? [lastRow.stageEnteredAt, lastRow.id] : null;
    page = loadHouseholds(
      db,
      pageRows.map((row) => row.id),
    ).map(candidate);
  }

  const units = unitMap(db);
  const conflicts = openConflictCounts(db, scopePath);
  const cases = page.map(({ record, state, allowed }): CaseListItem => {
    const along = unitsAlong(units, record.unitPath);
    const idNumber = text(record.data.headIdNumber);
    return {
      id: record.id,
      rev: record.rev,
      headName: text(record.data.headName),
      headIdNumberMasked: idNumber === null ? null : maskIdNumber(idNumber),
      stage: state.stage,
      stageLabel: LOOP_STAGE_LABELS[state.stage],
      category: state.category,
      entryChannel: state.entryChannel,
      cycle: state.cycle,
      stageEnteredAt: state.stageEnteredAt,
      daysInStage: Math.max(0, Math.floor((now.getTime() - Date.parse(state.stageEnteredAt)) / DAY_MS)),
      dueDates: { noticeEndDate: state.noticeEndDate, phaseOutUntil: state.phaseOutUntil },
      unitId: record.unitId,
      unitName: units.get(record.unitId)?.name ?? record.unitId,
      townshipName: along.find((u) => u.level === 'township')?.name ?? null,
      countyName: along.find((u) => u.level === 'county')?.name ?? null,
      allowedCommands: allowed,
      openConflicts: conflicts.get(record.id) ?? 0,
      updatedAt: record.updatedAt,
    };
  });
  return {
    cases,
    nextCursor: hasMore && cursorAt ? encodeCursor(cursorAt[0], cursorAt[1]) : null,
    total,
  };
}
