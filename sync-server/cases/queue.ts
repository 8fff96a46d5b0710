import type { Db } from '../db/database';
import { HttpError } from '../http/errors';
import type { SessionUser } from '../auth/sessions';
import type { CaseListItem, CaseListReply, caseListQuerySchema } from '../../shared/cases/api';
import { maskIdNumber } from '../../shared/cases/masks';
import {
  LOOP_COMMANDS,
  LOOP_COMMAND_NAMES,
  LOOP_STAGE_LABELS,
  allowedCommands,
  type CaseState,
  type LoopCommandName,
  type LoopConfig,
  type LoopStage,
} from '../../shared/loop';
import { ROLES, type Role } from '../../shared/roles';
import type { z } from 'zod';
import type { StoredRecord } from '../sync/store';
import { caseStateOf } from './case-state';
import { caseSettings } from './context';
import {
  countHouseholds,
  findIndexedCases,
  listingScope,
  loadHouseholds,
  openConflictCounts,
  unitMap,
  unitsAlong,
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
 * that second argument. Whether such a case is in the queue can change without a write, so it is worked
 * out at every listing; for the other stages `case_index.queue_roles`, computed when the case was
 * written, decides in SQL.
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

const ALL_ROLES = Object.values(ROLES) as Role[];

/**
 * `case_index.queue_roles` of a case: `|role|…|` for every role with a queue step on it now. Only trusted
 * for stages outside `clockStages(role)`.
 */
export function queueRolesOf(state: CaseState, now: Date, config: LoopConfig): string {
  const roles = ALL_ROLES.filter(
    (role) => queueStages(role).includes(state.stage) && inQueue(allowedCommands(state, role, now, config)),
  );
  return `|${roles.map((role) => `${role}|`).join('')}`;
}

const DAY_MS = 24 * 60 * 60 * 1000;

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
 * `view=queue` depends on the clock (a notice period running out opens a step), so the index cannot hold
 * it: the stages at which the role has any step are pre-filtered in SQL, and only those in-flight cases —
 * a small share of a city's households; managed and exited cases never qualify — are loaded to compute
 * their allowed steps. `total` is then the number that qualify.
 */
export function listCases(db: Db, actor: SessionUser, query: CaseListQuery): CaseListReply {
  const scopePath = listingScope(db, actor, query.unitId);
  const { clock, loopConfig } = caseSettings(db);
  const now = clock();
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  const filter = {
    scopePath,
    stage: query.stage,
    category: query.category,
    q: query.q,
    ...(query.view === 'queue' ? { stages: queueStages(actor.role) } : {}),
  };

  let page: Candidate[];
  let hasMore: boolean;
  let total: number;
  /** The keyset of the page's last case, as the index orders it. */
  let cursorAt: [string, string] | null;
  if (query.view === 'queue') {
    // Cases whose place in the queue reads the clock (or is not summarised yet): worked out now.
    const clock = { role: actor.role, clockStages: clockStages(actor.role) };
    const evaluate = findIndexedCases(db, { ...filter, queueRole: { ...clock, mode: 'evaluate' } });
    const atOf = new Map(evaluate.map((row) => [row.id, row.stageEnteredAt]));
    const evaluated: { at: string; id: string; candidate: Candidate }[] = [];
    for (const record of loadHouseholds(
      db,
      evaluate.map((row) => row.id),
    )) {
      const state = caseStateOf(record);
      const allowed = allowedCommands(state, actor.role, now, loopConfig);
      if (!inQueue(allowed)) continue;
      evaluated.push({ at: atOf.get(record.id) ?? '', id: record.id, candidate: { record, state, allowed } });
    }
    // The rest: in the queue by their summary, paged in SQL.
    const summarised = { ...filter, queueRole: { ...clock, mode: 'summarised' as const } };
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
      const candidate = known.get(id);
      if (candidate) return [candidate];
      return loadHouseholds(db, [id]).map((record) => {
        const state = caseStateOf(record);
        return { record, state, allowed: allowedCommands(state, actor.role, now, loopConfig) };
      });
    });
  } else {
    total = countHouseholds(db, filter);
    const rows = findIndexedCases(db, filter, {
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
    ).map((record) => {
      const state = caseStateOf(record);
      return { record, state, allowed: allowedCommands(state, actor.role, now, loopConfig) };
    });
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
