import type { Db } from '../db/database';
import { SYSTEM_ACTOR } from '../audit/audit';
import { caseSettings } from '../cases/context';
import { caseStateOf } from '../cases/case-state';
import { registerDeferredBatchObserver, registerRecordObserver, type WrittenRecord } from '../sync/hooks';
import { registerRecordIndexer } from '../sync/record-indexes';
import { stmt } from '../sync/statements';
import { getRecord, withBatchCache, type StoredRecord } from '../sync/store';
import { todayInChina } from '../../shared/validation/clock';
import {
  HOUSEHOLD_INCOME_FIELDS,
  householdIncomeSummary,
  type HouseholdIncomeField,
} from '../../shared/domain/classification';
import { CAUSE_CODES, CAUSE_LABELS, type Cause } from '../../shared/domain/household-codes';
import { LOOP_COMMAND_NAMES, LOOP_STAGES, type LoopCommandName, type LoopStage } from '../../shared/loop';
import {
  caseRegisterReason,
  countedKind,
  exitSuggestion,
  incomeFinding,
  newCauses,
  refileSuggestion,
  seriousMainCause,
  timeWarnings,
  type Causes,
} from '../../shared/monitoring';
import { countyOfPath, settingsOn } from './county-settings';
import {
  activeRegisterEntry,
  addToRegister,
  countEvent,
  incomeHistory,
  raiseWarning,
  recordIncome,
  setNextDue,
  type HouseholdRef,
} from './monitoring-store';

/**
 * Where the monitoring rules run (docs/dynamic-management.md):
 * - a record indexer on households (every writer: pushes, commands, imports) keeps `monitoring_cases`,
 *   applies the register's case reasons (exit, phase-out) and the date rules due today, and stores the
 *   next day something may fall due;
 * - a record indexer on case events counts the data-monitoring events and measures the income of a
 *   submitted or follow-up visit;
 * - a record observer on pushed records sees what a tablet changed (a new cause, a visit finalised);
 * - `sweepDue` evaluates the households whose `next_due_on` has come, a small batch at a time, on a timer
 *   off the request path (`startMonitoringSweep`).
 */

const SYSTEM = { ...SYSTEM_ACTOR, name: '系统' };

function today(db: Db): string {
  return todayInChina(caseSettings(db).clock());
}

function nowIso(db: Db): string {
  return caseSettings(db).clock().toISOString();
}

function ref(record: StoredRecord): HouseholdRef {
  return { id: record.id, unitId: record.unitId, unitPath: record.unitPath };
}

function later(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}

function earlier(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a < b ? a : b;
}

/** Evaluates one household on `day`: register reasons of the case, date rules, the next due day. */
export function evaluateHousehold(db: Db, record: StoredRecord, day: string): void {
  const state = caseStateOf(record);
  const household = ref(record);
  const countyId = countyOfPath(db, record.unitPath);
  const settings = settingsOn(db, countyId, day);
  const at = nowIso(db);

  const reason = caseRegisterReason(state.stage, state.exitedOn, day);
  if (reason === 'phase_out') {
    addToRegister(
      db,
      household,
      {
        reason,
        note: `渐退期至${state.phaseOutUntil ?? ''}`,
        on: day,
        occasion: `phase_out:${state.phaseOutStartDate ?? state.stageEnteredAt}`,
      },
      SYSTEM,
      at,
    );
  } else if (reason === 'exited_recently') {
    addToRegister(
      db,
      household,
      {
        reason,
        note: `${state.exitedOn ?? ''}脱困退出`,
        on: day,
        occasion: `exited:${state.exitedOn ?? ''}`,
      },
      SYSTEM,
      at,
    );
  }

  const facts = {
    stage: state.stage,
    lastVisitOn: later(state.visitSubmittedOn, state.lastFollowUpOn),
    cityFiledOn: state.cityFiledOn,
    disbursed: state.disbursed,
    phaseOutUntil: state.phaseOutUntil,
  };
  const dated = timeWarnings(facts, settings, day);
  const exit = exitSuggestion(state.stage, incomeHistory(db, record.id), settings.exitAfterMonthsAbove, day);
  for (const warning of [...dated.warnings, ...exit.warnings]) raiseWarning(db, household, warning, at);
  setNextDue(db, household, countyId, earlier(dated.nextDueOn, exit.nextDueOn));
}

function indexHousehold(db: Db, record: StoredRecord): void {
  if (record.type !== 'household') return;
  if (record.deleted) {
    stmt(db, 'DELETE FROM monitoring_cases WHERE household_id = ?').run(record.id);
    return;
  }
  evaluateHousehold(db, record, today(db));
}

/** The household fields the income measure reads (`householdIncomeSummary`). */
const INCOME_FIELDS = HOUSEHOLD_INCOME_FIELDS;
type IncomeField = HouseholdIncomeField;

/** What the income measure needs of a household: where it is, and its income fields that are numbers. */
export interface IncomeHousehold extends HouseholdRef {
  income: Record<IncomeField, number | null>;
}

/** A JSON number field read by SQLite: the number, else null (as `typeof value === 'number'` in JS). */
const sqlNumber = (source: string, field: string) =>
  `CASE WHEN json_type(${source}, '$.${field}') IN ('integer', 'real') THEN json_extract(${source}, '$.${field}') END`;

export function incomeHouseholdOf(record: StoredRecord): IncomeHousehold {
  const fen = (key: IncomeField) => {
    const value = record.data[key];
    return typeof value === 'number' ? value : null;
  };
  return {
    ...ref(record),
    income: Object.fromEntries(INCOME_FIELDS.map((key) => [key, fen(key)])) as IncomeHousehold['income'],
  };
}

/**
 * The live household `id` as the income measure reads it, null when there is none. SQLite picks the
 * few fields out of the stored JSON: one finalised visit per change of a push reads its household, and
 * parsing the whole record here cost more than the visit's own write.
 */
function liveIncomeHousehold(db: Db, id: string): IncomeHousehold | null {
  const row = stmt(
    db,
    `SELECT id, unit_id AS unitId, unit_path AS unitPath, ${INCOME_FIELDS.map((f) => `${sqlNumber('data', f)} AS ${f}`).join(', ')}
       FROM sync_records WHERE id = ? AND type = 'household' AND deleted = 0`,
  ).get(id) as (HouseholdRef & Record<IncomeField, number | null>) | undefined;
  if (!row) return null;
  return {
    id: row.id,
    unitId: row.unitId,
    unitPath: row.unitPath,
    income: Object.fromEntries(INCOME_FIELDS.map((key) => [key, row[key]])) as IncomeHousehold['income'],
  };
}

/** The monthly income of each live member of the household (null when not a number), oldest first. */
function memberIncomes(db: Db, householdId: string): { monthlyIncomeFen: number | null }[] {
  return stmt(
    db,
    `SELECT ${sqlNumber('data', 'monthlyIncomeFen')} AS monthlyIncomeFen FROM sync_records
      WHERE household_id = ? AND type = 'member' AND deleted = 0 ORDER BY rev`,
  ).all(householdId) as { monthlyIncomeFen: number | null }[];
}

/** Measures a visit's income against the standard of its day: a warning below it, the register if marginal. */
export function observeVisitIncome(
  db: Db,
  household: IncomeHousehold,
  visitId: string,
  visitDate: string,
): void {
  const income = householdIncomeSummary(household.income, memberIncomes(db, household.id));
  const settings = settingsOn(db, countyOfPath(db, household.unitPath), visitDate);
  const observation = {
    visitId,
    on: visitDate,
    perCapitaFen: income.perCapitaMonthlyIncomeFen,
    standardFen: settings.dibaoMonthlyFen,
  };
  recordIncome(db, household.id, observation);
  const finding = incomeFinding(observation, settings);
  const at = nowIso(db);
  const where: HouseholdRef = { id: household.id, unitId: household.unitId, unitPath: household.unitPath };
  if (finding.warning) raiseWarning(db, where, finding.warning, at);
  if (finding.marginal) {
    addToRegister(
      db,
      where,
      {
        reason: 'marginal',
        note: `${visitDate}走访测算家庭月人均收入介于低保标准的1倍至${settings.marginalMultiplier}倍之间`,
        on: visitDate,
        occasion: `marginal:${visitId}`,
      },
      SYSTEM,
      at,
    );
  }
}

function isCommand(value: unknown): value is LoopCommandName {
  return typeof value === 'string' && (LOOP_COMMAND_NAMES as readonly string[]).includes(value);
}

function isStage(value: unknown): value is LoopStage {
  return typeof value === 'string' && (LOOP_STAGES as readonly string[]).includes(value);
}

function indexCaseEvent(db: Db, record: StoredRecord): void {
  if (record.type !== 'caseEvent' || record.deleted || !record.householdId) return;
  const data = record.data;
  if (!isCommand(data.command) || !isStage(data.toStage)) return;
  const household = getRecord(db, record.householdId);
  if (!household || household.type !== 'household' || household.deleted) return;
  const payload = (data.payload && typeof data.payload === 'object' ? data.payload : {}) as Record<
    string,
    unknown
  >;
  const day = typeof data.at === 'string' ? todayInChina(new Date(data.at)) : today(db);
  const settings = settingsOn(db, countyOfPath(db, household.unitPath), day);
  const kind = countedKind(
    {
      command: data.command,
      fromStage: isStage(data.fromStage) ? data.fromStage : null,
      toStage: data.toStage,
      on: day,
      paidOn: typeof payload.paidOn === 'string' ? payload.paidOn : null,
      cityFiledOn: typeof household.data.cityFiledOn === 'string' ? household.data.cityFiledOn : null,
    },
    settings.disbursementDays,
  );
  if (kind) countEvent(db, record.id, ref(household), day, kind);
  if (
    (data.command === 'submitVisit' || data.command === 'recordFollowUpVisit') &&
    typeof payload.visitId === 'string'
  ) {
    const visitDate = typeof payload.visitDate === 'string' ? payload.visitDate : day;
    observeVisitIncome(db, incomeHouseholdOf(household), payload.visitId, visitDate);
    evaluateHousehold(db, household, today(db));
  }
}

function causesOf(data: Record<string, unknown> | null): Causes | null {
  if (!data) return null;
  const isCause = (v: unknown): v is Cause =>
    typeof v === 'number' && (CAUSE_CODES as readonly number[]).includes(v);
  return {
    mainCause: isCause(data.mainCause) ? data.mainCause : null,
    secondaryCauses: Array.isArray(data.secondaryCauses) ? data.secondaryCauses.filter(isCause) : [],
  };
}

/** What a tablet changed: a new hardship cause on a household (visits finalised: `observeFinalVisits`). */
function observePushed(db: Db, _actor: unknown, record: StoredRecord, before: StoredRecord | null): void {
  if (record.deleted || record.type !== 'household') return;
  const day = today(db);
  const at = nowIso(db);
  const after = causesOf(record.data);
  if (!after) return;
  const previous = before ? causesOf(before.data) : null;
  const wasMonitored = activeRegisterEntry(db, record.id) !== null;
  const serious = seriousMainCause(previous, after);
  if (serious !== null) {
    addToRegister(
      db,
      ref(record),
      {
        reason: 'serious_cause',
        note: `主要致困原因变为${CAUSE_LABELS[serious]}`,
        on: day,
        occasion: `cause:${serious}:${day}`,
      },
      SYSTEM,
      at,
    );
  }
  // Only a household already monitored before this change is "a monitored household with a new cause".
  if (wasMonitored && previous) {
    const warning = refileSuggestion(newCauses(previous, after), day);
    if (warning) raiseWarning(db, ref(record), warning, at);
  }
}

/** A visit a push batch made final, as the income measure needs it. */
interface FinalVisit {
  visitId: string;
  householdId: string;
  visitDate: string;
}

/**
 * Visits a push batch made final: the income is measured once the whole batch is written. A tablet's
 * follow-up sends the visit before the household fields the worker changed at it (the visit record was
 * created first), so measuring at the visit's own write used the file as it was before the visit, and
 * the warning (one per visit) kept that figure. The measure is not part of the push's answer: the batch
 * names its final visits (inside the push transaction) and the measure runs after the reply
 * (`measureFinalVisits`, sync-server/sync/derived-work.ts), on the household as it stands then.
 */
function finalVisitsOf(db: Db, _actor: unknown, written: readonly WrittenRecord[]): FinalVisit[] | null {
  let day: string | null = null;
  const visits: FinalVisit[] = [];
  for (const { record, before } of written) {
    if (record.type !== 'visit' || record.deleted || record.data.status !== 'final') continue;
    if (before?.data.status === 'final') continue;
    const householdId =
      record.householdId ?? (typeof record.data.householdId === 'string' ? record.data.householdId : null);
    if (!householdId) continue;
    const visitDate = typeof record.data.visitDate === 'string' ? record.data.visitDate : (day ??= today(db));
    visits.push({ visitId: record.id, householdId, visitDate });
  }
  return visits.length > 0 ? visits : null;
}

function measureFinalVisits(db: Db, visits: readonly FinalVisit[]): void {
  withBatchCache(db, () => {
    for (const { visitId, householdId, visitDate } of visits) {
      const household = liveIncomeHousehold(db, householdId);
      if (household) observeVisitIncome(db, household, visitId, visitDate);
    }
  });
}

/** Installs the indexers and the observers (idempotent: registering again replaces them). */
export function installMonitoringHooks(): void {
  registerRecordIndexer('monitoring.households', indexHousehold);
  registerRecordIndexer('monitoring.case_events', indexCaseEvent);
  registerRecordObserver('monitoring.pushed', observePushed);
  registerDeferredBatchObserver('monitoring.final_visits', {
    collect: finalVisitsOf,
    run: measureFinalVisits,
  });
}

/** Evaluates up to `limit` households whose next due day has come; returns how many it looked at. */
export function sweepDue(db: Db, limit = 100): number {
  const day = today(db);
  const rows = stmt(
    db,
    `SELECT household_id AS id FROM monitoring_cases
      WHERE next_due_on IS NOT NULL AND next_due_on <= ? ORDER BY next_due_on LIMIT ?`,
  ).all(day, limit) as { id: string }[];
  db.transaction(() => {
    for (const { id } of rows) {
      const record = getRecord(db, id);
      if (!record || record.type !== 'household' || record.deleted) {
        stmt(db, 'DELETE FROM monitoring_cases WHERE household_id = ?').run(id);
      } else evaluateHousehold(db, record, day);
    }
  })();
  return rows.length;
}

/** Sweeps until nothing is due (tests, and a server asked to catch up at once). */
export function sweepAllDue(db: Db, batch = 100): number {
  let total = 0;
  for (let i = 0; i < 10_000; i += 1) {
    const n = sweepDue(db, batch);
    total += n;
    if (n < batch) break;
  }
  return total;
}

/** Makes every household of a county due now (after its settings changed). */
export function markCountyDue(db: Db, countyId: string): void {
  stmt(db, 'UPDATE monitoring_cases SET next_due_on = ? WHERE county_id = ?').run(today(db), countyId);
}

export interface MonitoringSweep {
  stop(): void;
}

/**
 * Runs `sweepDue` on a timer: one batch of 100 per tick, the next tick soon while a backlog remains (each
 * batch is one short transaction, so pushes and office requests interleave), otherwise after
 * `intervalMs`. The timer never keeps the process alive.
 */
export function startMonitoringSweep(db: Db, intervalMs = 60_000, batch = 100): MonitoringSweep {
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    let n = 0;
    try {
      n = sweepDue(db, batch);
    } catch (err) {
      console.error('[monitoring] sweep failed', err);
    }
    if (stopped) return;
    timer = setTimeout(tick, n >= batch ? 20 : intervalMs);
    timer.unref();
  };
  timer = setTimeout(tick, 1_000);
  timer.unref();
  return {
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
