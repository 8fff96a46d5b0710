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
  type LoopStage,
} from '../../shared/loop';
import type { Role } from '../../shared/roles';
import type { z } from 'zod';
import type { StoredRecord } from '../sync/store';
import { caseStateOf } from './case-state';
import { caseSettings } from './context';
import { findHouseholds, listingScope, openConflictCounts, unitMap, unitsAlong } from './case-queries';

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
function queueStages(role: Role): LoopStage[] {
  const stages = new Set<LoopStage>();
  for (const name of LOOP_COMMAND_NAMES) {
    const def = LOOP_COMMANDS[name];
    if (STANDING_COMMANDS.includes(name) || !def.roles.includes(role)) continue;
    def.from.forEach((stage) => stages.add(stage));
  }
  return [...stages];
}

const DAY_MS = 24 * 60 * 60 * 1000;

interface Candidate {
  record: StoredRecord;
  state: CaseState;
  allowed: LoopCommandName[];
}

function encodeCursor(state: CaseState, id: string): string {
  return Buffer.from(JSON.stringify([state.stageEnteredAt, id])).toString('base64url');
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

function compare(a: Candidate, b: Candidate): number {
  const at = a.state.stageEnteredAt.localeCompare(b.state.stageEnteredAt);
  return at !== 0 ? at : a.record.id.localeCompare(b.record.id);
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

export function listCases(db: Db, actor: SessionUser, query: CaseListQuery): CaseListReply {
  const scopePath = listingScope(db, actor, query.unitId);
  const { clock, loopConfig } = caseSettings(db);
  const now = clock();
  const candidates: Candidate[] = [];
  const stages = query.view === 'queue' ? queueStages(actor.role) : undefined;
  for (const record of findHouseholds(db, { scopePath, ...query, ...(stages ? { stages } : {}) })) {
    const state = caseStateOf(record);
    const allowed = allowedCommands(state, actor.role, now, loopConfig);
    if (query.view === 'queue' && !allowed.some((command) => !STANDING_COMMANDS.includes(command))) continue;
    candidates.push({ record, state, allowed });
  }
  candidates.sort(compare);

  let start = 0;
  if (query.cursor) {
    const [at, id] = decodeCursor(query.cursor);
    start = candidates.findIndex(
      (c) => c.state.stageEnteredAt > at || (c.state.stageEnteredAt === at && c.record.id > id),
    );
    if (start < 0) start = candidates.length;
  }
  const page = candidates.slice(start, start + query.limit);
  const last = page.at(-1);
  const hasMore = start + query.limit < candidates.length;

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
    nextCursor: hasMore && last ? encodeCursor(last.state, last.record.id) : null,
    total: candidates.length,
  };
}
