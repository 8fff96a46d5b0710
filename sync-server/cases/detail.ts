import type { Db } from '../db/database';
import type { SessionUser } from '../auth/sessions';
import { listConflicts } from '../sync/conflicts';
import { redactRecord } from '../sync/redaction';
import { toSyncedRecord, type StoredRecord } from '../sync/store';
import {
  caseCommentSchema,
  caseEventSchema,
  type CaseCommentRecord,
  type CaseDetailReply,
  type CaseEventRecord,
  type ComparisonSourceResult,
} from '../../shared/cases/api';
import {
  COMPARISON_SOURCES,
  COMPARISON_SOURCE_LABELS,
  LOOP_STAGE_LABELS,
  commandAvailability,
  comparisonEntryModeSchema,
  comparisonResultSchema,
  comparisonSourceSchema,
  type CaseState,
} from '../../shared/loop';
import { isJsonObject } from '../../shared/sync/canonical-json';
import { caseStateOf } from './case-state';
import { caseSettings } from './context';
import { countySettingsOfPath } from '../monitoring/county-settings';
import { householdRecords, loadCaseInScope, unitMap, unitsAlong } from './case-queries';

/** The case page (案件详情): everything a reviewer needs about one household, in one reply. */

function parsed<T>(records: StoredRecord[], parse: (value: unknown) => T | null): T[] {
  return records.flatMap((record) => {
    const value = parse(toSyncedRecord(record));
    return value === null ? [] : [value];
  });
}

const asEvent = (value: unknown): CaseEventRecord | null => {
  const result = caseEventSchema.safeParse(value);
  return result.success ? result.data : null;
};
const asComment = (value: unknown): CaseCommentRecord | null => {
  const result = caseCommentSchema.safeParse(value);
  return result.success ? result.data : null;
};

/**
 * The comparison results of the current round: the `recordComparison` steps of this cycle since the last
 * review acceptance, a later result for a source replacing an earlier one.
 */
export function comparisonResults(timeline: CaseEventRecord[], state: CaseState): ComparisonSourceResult[] {
  const cycle = timeline.filter((event) => event.data.cycle === state.cycle);
  const lastAccept = cycle.findLastIndex((event) => event.data.command === 'acceptReview');
  const round = lastAccept >= 0 ? cycle.slice(lastAccept + 1) : cycle;
  const results = new Map<string, ComparisonSourceResult>();
  for (const event of round) {
    if (event.data.command !== 'recordComparison' || !isJsonObject(event.data.payload)) continue;
    const payload = event.data.payload;
    const via = comparisonEntryModeSchema.safeParse(payload.via);
    const entries = Array.isArray(payload.results) ? payload.results : [];
    for (const entry of entries) {
      if (!isJsonObject(entry)) continue;
      const source = comparisonSourceSchema.safeParse(entry.source);
      const result = comparisonResultSchema.safeParse(entry.result);
      if (!source.success || !result.success) continue;
      results.set(source.data, {
        source: source.data,
        label: COMPARISON_SOURCE_LABELS[source.data],
        result: result.data,
        note: typeof entry.note === 'string' ? entry.note : '',
        via: via.success ? via.data : null,
        batchId: typeof payload.batchId === 'string' ? payload.batchId : null,
        recordedAt: event.data.at,
        recordedBy: event.data.actorName,
      });
    }
  }
  return COMPARISON_SOURCES.map(
    (source) =>
      (state.comparedSources.includes(source) ? results.get(source) : undefined) ?? {
        source,
        label: COMPARISON_SOURCE_LABELS[source],
        result: null,
        note: '',
        via: null,
        batchId: null,
        recordedAt: null,
        recordedBy: null,
      },
  );
}

export function caseDetail(db: Db, actor: SessionUser, caseId: string): CaseDetailReply {
  const household = loadCaseInScope(db, actor, caseId);
  const { clock, loopConfig } = caseSettings(db);
  const now = clock();
  const state = caseStateOf(household);
  const timeline = parsed(householdRecords(db, caseId, 'caseEvent'), asEvent);
  const comments = parsed(householdRecords(db, caseId, 'comment'), asComment).reverse();
  const availability = commandAvailability(state, actor.role, now, loopConfig);
  return {
    household: redactRecord(actor.role, toSyncedRecord(household)),
    state,
    stageLabel: LOOP_STAGE_LABELS[state.stage],
    units: unitsAlong(unitMap(db), household.unitPath),
    members: householdRecords(db, caseId, 'member').map(toSyncedRecord),
    visits: householdRecords(db, caseId, 'visit').map(toSyncedRecord),
    attachments: householdRecords(db, caseId, 'attachment').map(toSyncedRecord),
    timeline,
    comments,
    conflicts: listConflicts(db, { scopePath: actor.unitPath, status: 'all', householdId: caseId }).map(
      toSyncedRecord,
    ),
    comparison: comparisonResults(timeline, state),
    availability,
    allowedCommands: availability.filter((entry) => entry.allowed).map((entry) => entry.command),
    serverNow: now.toISOString(),
    countySettings: countySettingsOfPath(db, household.unitPath),
  };
}
