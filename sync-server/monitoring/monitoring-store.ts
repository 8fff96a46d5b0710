import { newId } from '../../shared/sync/ids';
import type { Db } from '../db/database';
import { appendAudit, SYSTEM_ACTOR, type AuditActor } from '../audit/audit';
import { stmt } from '../sync/statements';
import { batchMemo, writeRecord } from '../sync/store';
import type { JsonObject } from '../../shared/sync/canonical-json';
import {
  MONITORING_ENTRY_TYPE,
  REGISTER_REASON_LABELS,
  type MonitoringEntryData,
  WARNING_OWNER_LEVEL,
  WARNING_RULE_LABELS,
  type IncomeObservation,
  type RaisedWarning,
  type RegisterReason,
} from '../../shared/monitoring';

/**
 * Data access of the monitoring tables (migration 20261207-0005-monitoring): raising warnings once per
 * occasion, the register's entries, income observations and the data-monitoring counts. Every raise and
 * every register change is also an audit row on the household's case.
 */

export interface HouseholdRef {
  id: string;
  unitId: string;
  unitPath: string;
}

/** The unit of `level` along a path (closest to the household), else the county, else the household's unit. */
function ownerUnit(db: Db, unitPath: string, level: 'township' | 'county'): { id: string; path: string } {
  return batchMemo(db, `ownerUnit:${level}:${unitPath}`, () => findOwnerUnit(db, unitPath, level));
}

function findOwnerUnit(db: Db, unitPath: string, level: 'township' | 'county'): { id: string; path: string } {
  const ids = unitPath.split('/');
  const find = stmt(db, 'SELECT id, path, level FROM units WHERE id = ?');
  let county: { id: string; path: string } | null = null;
  for (let i = ids.length - 1; i >= 0; i -= 1) {
    const unit = find.get(ids[i]) as { id: string; path: string; level: string } | undefined;
    if (!unit) continue;
    if (unit.level === level) return unit;
    if (unit.level === 'county' && !county) county = unit;
  }
  return county ?? { id: ids.at(-1) ?? unitPath, path: unitPath };
}

/** Stores a warning unless this (household, rule, occasion) was raised before. True when it is new. */
export function raiseWarning(db: Db, household: HouseholdRef, warning: RaisedWarning, at: string): boolean {
  const owner = ownerUnit(db, household.unitPath, WARNING_OWNER_LEVEL[warning.rule]);
  const id = newId();
  const inserted = stmt(
    db,
    `INSERT OR IGNORE INTO monitoring_warnings (id, household_id, unit_id, unit_path, owner_unit_id,
       owner_unit_path, rule, occasion, reason, status, raised_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?)`,
  ).run(
    id,
    household.id,
    household.unitId,
    household.unitPath,
    owner.id,
    owner.path,
    warning.rule,
    warning.key,
    warning.reason,
    at,
  );
  if (inserted.changes === 0) return false;
  appendAudit(db, {
    ...SYSTEM_ACTOR,
    action: 'monitoring.warning.raise',
    entityType: 'monitoringWarning',
    entityId: id,
    caseId: household.id,
    detail: {
      rule: warning.rule,
      ruleLabel: WARNING_RULE_LABELS[warning.rule],
      reason: warning.reason,
      ownerUnitId: owner.id,
    },
  });
  return true;
}

interface RegisterRow {
  id: string;
  reasons_json: string;
}

export interface RegisterReasonEntry {
  reason: RegisterReason;
  note: string;
  on: string;
  /** Automatic reasons name their occasion (the exit, the visit…): one occasion puts a household on once. */
  occasion?: string;
}

export function activeRegisterEntry(
  db: Db,
  householdId: string,
): { id: string; reasons: RegisterReasonEntry[] } | null {
  const row = stmt(
    db,
    'SELECT id, reasons_json FROM monitoring_register WHERE household_id = ? AND removed_at IS NULL',
  ).get(householdId) as RegisterRow | undefined;
  return row ? { id: row.id, reasons: JSON.parse(row.reasons_json) as RegisterReasonEntry[] } : null;
}

/** True when an entry of the household (active or removed) already carries this occasion. */
function occasionSeen(db: Db, householdId: string, occasion: string): boolean {
  // Looked into by SQLite's JSON functions rather than parsing every entry's reasons here.
  return (
    stmt(
      db,
      `SELECT 1 FROM monitoring_register r, json_each(r.reasons_json) reason
        WHERE r.household_id = ? AND json_extract(reason.value, '$.occasion') = ? LIMIT 1`,
    ).get(householdId, occasion) !== undefined
  );
}

/**
 * Puts a household on the register for `reason` (or adds the reason to its active entry). An automatic
 * reason whose occasion was seen before (even on an entry a person has since removed) is not added again. Returns the entry id,
 * and whether anything changed.
 */
export function addToRegister(
  db: Db,
  household: HouseholdRef,
  entry: RegisterReasonEntry,
  actor: AuditActor & { name: string | null },
  at: string,
): { id: string; changed: boolean } {
  const active = activeRegisterEntry(db, household.id);
  if (entry.occasion && occasionSeen(db, household.id, entry.occasion)) {
    return { id: active?.id ?? '', changed: false };
  }
  let id: string;
  if (active) {
    id = active.id;
    stmt(db, 'UPDATE monitoring_register SET reasons_json = ? WHERE id = ?').run(
      JSON.stringify([...active.reasons, entry]),
      id,
    );
  } else {
    id = newId();
    stmt(
      db,
      `INSERT INTO monitoring_register (id, household_id, unit_path, reasons_json, added_at, added_by, added_by_name)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(id, household.id, household.unitPath, JSON.stringify([entry]), at, actor.userId, actor.name);
  }
  writeRegisterMirror(db, id, household.unitId);
  appendAudit(db, {
    userId: actor.userId,
    role: actor.role,
    unitId: actor.unitId,
    action: 'monitoring.register.add',
    entityType: 'monitoringRegister',
    entityId: id,
    caseId: household.id,
    detail: { reason: entry.reason, reasonLabel: REGISTER_REASON_LABELS[entry.reason], note: entry.note },
  });
  return { id, changed: true };
}

export function recordIncome(db: Db, householdId: string, observation: IncomeObservation): void {
  stmt(
    db,
    `INSERT INTO monitoring_income (household_id, visit_id, observed_on, per_capita_fen, standard_fen)
     VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(household_id, visit_id) DO UPDATE SET observed_on = excluded.observed_on,
       per_capita_fen = excluded.per_capita_fen, standard_fen = excluded.standard_fen`,
  ).run(householdId, observation.visitId, observation.on, observation.perCapitaFen, observation.standardFen);
}

export function incomeHistory(db: Db, householdId: string): IncomeObservation[] {
  return stmt(
    db,
    `SELECT visit_id AS visitId, observed_on AS "on", per_capita_fen AS perCapitaFen, standard_fen AS standardFen
       FROM monitoring_income WHERE household_id = ? ORDER BY observed_on`,
  ).all(householdId) as IncomeObservation[];
}

export function setNextDue(
  db: Db,
  household: HouseholdRef,
  countyId: string | null,
  nextDueOn: string | null,
): void {
  stmt(
    db,
    `INSERT INTO monitoring_cases (household_id, county_id, unit_path, next_due_on) VALUES (?, ?, ?, ?)
     ON CONFLICT(household_id) DO UPDATE SET county_id = excluded.county_id, unit_path = excluded.unit_path,
       next_due_on = excluded.next_due_on`,
  ).run(household.id, countyId, household.unitPath, nextDueOn);
}

export function countEvent(
  db: Db,
  eventId: string,
  household: HouseholdRef,
  day: string,
  kind: string,
): void {
  stmt(
    db,
    `INSERT OR IGNORE INTO monitoring_counts (event_id, household_id, unit_path, year, month, kind)
     VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(eventId, household.id, household.unitPath, Number(day.slice(0, 4)), Number(day.slice(5, 7)), kind);
}

/**
 * Which of these households are on the monitoring register now (an active entry), for other features
 * (the visit rounds count a monitored household as due). One indexed probe per id.
 */
export function monitoredHouseholds(db: Db, householdIds: readonly string[]): Set<string> {
  const probe = stmt(db, 'SELECT 1 FROM monitoring_register WHERE household_id = ? AND removed_at IS NULL');
  return new Set(householdIds.filter((id) => probe.get(id) !== undefined));
}

interface MirroredEntryRow {
  id: string;
  household_id: string;
  reasons_json: string;
  added_at: string;
  removed_at: string | null;
}

/**
 * Writes the tablet's copy of register entry `entryId` (a `monitoringEntry` record in the household's unit
 * `unitId`, shared/monitoring/records.ts): the entry's reasons while it is active, a tombstone in the
 * copy's own unit once it is removed (when a copy was written before; `unitId` may then be null). Every
 * write is a new rev, so the grid's tablets pull it and know offline that the household is due in every
 * visit round. Call inside the register change's transaction.
 */
export function writeRegisterMirror(db: Db, entryId: string, unitId: string | null): void {
  const row = stmt(
    db,
    'SELECT id, household_id, reasons_json, added_at, removed_at FROM monitoring_register WHERE id = ?',
  ).get(entryId) as MirroredEntryRow | undefined;
  if (!row) return;
  if (row.removed_at !== null) {
    // The copy keeps the unit it was written in (a record's unit never changes).
    const mirrored = stmt(db, 'SELECT deleted, unit_id FROM sync_records WHERE id = ?').get(entryId) as
      { deleted: number; unit_id: string } | undefined;
    if (!mirrored || mirrored.deleted === 1) return;
    writeRecord(db, {
      id: entryId,
      type: MONITORING_ENTRY_TYPE,
      unitId: mirrored.unit_id,
      householdId: row.household_id,
      data: { householdId: row.household_id },
      deleted: true,
      userId: null,
      deviceId: null,
    });
    return;
  }
  if (unitId === null) return;
  const data: MonitoringEntryData = {
    householdId: row.household_id,
    reasons: (JSON.parse(row.reasons_json) as RegisterReasonEntry[]).map((r) => ({
      reason: r.reason,
      label: REGISTER_REASON_LABELS[r.reason] ?? r.reason,
      note: r.note,
      on: r.on,
    })),
    createdAt: row.added_at,
  };
  writeRecord(db, {
    id: entryId,
    type: MONITORING_ENTRY_TYPE,
    unitId,
    householdId: row.household_id,
    data: data as unknown as JsonObject,
    deleted: false,
    userId: null,
    deviceId: null,
  });
}

/**
 * Writes the tablet copies of active entries that have none (entries made before copies were written).
 * Called once at start, before the server listens; afterwards one pass over the active entries' index
 * that writes nothing.
 */
export function mirrorUnmirroredEntries(db: Db): number {
  const rows = db
    .prepare(
      `SELECT mr.id, s.unit_id AS unitId FROM monitoring_register mr
         JOIN sync_records s ON s.id = mr.household_id
        WHERE mr.removed_at IS NULL AND NOT EXISTS (SELECT 1 FROM sync_records m WHERE m.id = mr.id)`,
    )
    .all() as { id: string; unitId: string }[];
  if (rows.length === 0) return 0;
  db.transaction(() => {
    for (const row of rows) writeRegisterMirror(db, row.id, row.unitId);
  })();
  return rows.length;
}
