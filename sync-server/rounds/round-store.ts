import type { Db } from '../db/database';
import { appendAudit, type AuditActor } from '../audit/audit';
import { registerRecordIndexer } from '../sync/record-indexes';
import { stmt } from '../sync/statements';
import { RECORD_COLUMNS, rowToRecord, writeRecord, type StoredRecord } from '../sync/store';
import { newId } from '../../shared/sync/ids';
import {
  DUE_STAGES,
  ROUND_CALENDAR_TYPE,
  roundCalendarDataSchema,
  roundsAt,
  type DueRound,
  type RoundCalendarData,
} from '../../shared/domain/round-calendar';

/**
 * Storage of the year's visit rounds (docs/dynamic-management.md, "Visit rounds"): the calendars as
 * server-authored `roundCalendar` sync records, and `round_visits` (migration 20261207-0004), the final
 * visits by household and date that coverage counts from. Nothing here reads a record's JSON except the
 * handful of calendar records of one unit's ancestors.
 */

/** `round_visits`: one row per live, final visit with a household and a date; none otherwise. */
export function indexRoundVisit(db: Db, record: StoredRecord): void {
  if (record.type !== 'visit') return;
  const householdId =
    record.householdId ?? (typeof record.data.householdId === 'string' ? record.data.householdId : null);
  const visitDate = record.data.visitDate;
  if (record.deleted || record.data.status !== 'final' || typeof visitDate !== 'string' || !householdId) {
    stmt(db, 'DELETE FROM round_visits WHERE visit_id = ?').run(record.id);
    return;
  }
  stmt(
    db,
    `INSERT INTO round_visits (visit_id, household_id, unit_path, visit_date) VALUES (?, ?, ?, ?)
     ON CONFLICT(visit_id) DO UPDATE SET household_id = excluded.household_id,
       unit_path = excluded.unit_path, visit_date = excluded.visit_date`,
  ).run(record.id, householdId, record.unitPath, visitDate);
}

export function installRoundIndexers(): void {
  registerRecordIndexer('rounds.round_visits', indexRoundVisit);
}

/** The paths of the unit at `unitPath` and every unit above it. */
function selfAndAncestors(unitPath: string): string[] {
  const ids = unitPath.split('/');
  return ids.map((_, i) => ids.slice(0, i + 1).join('/'));
}

export interface StoredCalendar extends RoundCalendarData {
  id: string;
}

function toCalendar(record: StoredRecord): StoredCalendar | null {
  if (record.deleted) return null;
  const parsed = roundCalendarDataSchema.safeParse(record.data);
  return parsed.success ? { id: record.id, ...parsed.data } : null;
}

/** Every calendar (any year, or `year`) set at `unitPath` or above it. */
export function calendarsAt(db: Db, unitPath: string, year?: number): StoredCalendar[] {
  const paths = selfAndAncestors(unitPath);
  const rows = stmt(
    db,
    `SELECT ${RECORD_COLUMNS} FROM sync_records
      WHERE type = '${ROUND_CALENDAR_TYPE}' AND unit_path IN (${paths.map(() => '?').join(', ')})`,
  ).all(...paths) as Parameters<typeof rowToRecord>[0][];
  return rows
    .map((row) => toCalendar(rowToRecord(row)))
    .filter((c): c is StoredCalendar => c !== null && (year === undefined || c.year === year))
    .sort((a, b) => a.unitPath.length - b.unitPath.length);
}

/** Every calendar set at or below `unitPath` (a county's own rounds, seen by the city). */
function calendarsWithin(db: Db, unitPath: string): StoredCalendar[] {
  const rows = stmt(
    db,
    `SELECT ${RECORD_COLUMNS} FROM sync_records
      WHERE type = '${ROUND_CALENDAR_TYPE}' AND (unit_path = ? OR (unit_path >= ? AND unit_path < ?))`,
  ).all(unitPath, `${unitPath}/`, `${unitPath}0`) as Parameters<typeof rowToRecord>[0][];
  return rows.map((row) => toCalendar(rowToRecord(row))).filter((c): c is StoredCalendar => c !== null);
}

/**
 * The rounds of `year` at `unitPath`: the calendars set there and above, with the city's defaults while
 * the city has not set the year's calendar (the defaults are never stored: tablets compute the same).
 */
export function roundsAtUnit(db: Db, unitPath: string, year: number): DueRound[] {
  return roundsAt(calendarsAt(db, unitPath, year), unitPath, year);
}

/**
 * The round with `roundId` that a user at `unitPath` may see: set at or above their unit (or a default
 * round of the city) in the year the id names or around `thisYear`, or a round a unit below them set.
 */
export function findRound(db: Db, unitPath: string, roundId: string, thisYear: number): DueRound | null {
  const named = /-(\d{4})-/.exec(roundId)?.[1];
  const years = new Set([thisYear - 1, thisYear, thisYear + 1, ...(named ? [Number(named)] : [])]);
  for (const year of years) {
    const round = roundsAtUnit(db, unitPath, year).find((r) => r.id === roundId);
    if (round) return round;
  }
  for (const calendar of calendarsWithin(db, unitPath)) {
    const round = calendar.rounds.find((r) => r.id === roundId);
    if (round) return round;
  }
  return null;
}

function calendarRecordAt(db: Db, unitPath: string, year: number): StoredCalendar | null {
  return calendarsAt(db, unitPath, year).find((c) => c.unitPath === unitPath) ?? null;
}

/**
 * Writes a unit's calendar for a year (a new rev, so every tablet below the unit pulls it) and audits it.
 * Call inside a transaction.
 */
export function writeCalendar(
  db: Db,
  input: { unitId: string; unitPath: string; year: number; rounds: DueRound[] },
  actor: AuditActor,
): StoredCalendar {
  const existing = calendarRecordAt(db, input.unitPath, input.year);
  const data: RoundCalendarData = {
    unitId: input.unitId,
    unitPath: input.unitPath,
    year: input.year,
    rounds: input.rounds,
    updatedBy: actor.userId,
  };
  const id = existing?.id ?? newId();
  writeRecord(db, {
    id,
    type: ROUND_CALENDAR_TYPE,
    unitId: input.unitId,
    householdId: null,
    data: { ...data, updatedBy: actor.userId },
    deleted: false,
    userId: actor.userId,
    deviceId: null,
  });
  appendAudit(db, {
    ...actor,
    action: existing ? 'roundCalendar.update' : 'roundCalendar.create',
    entityType: ROUND_CALENDAR_TYPE,
    entityId: id,
    detail: { year: input.year, before: existing?.rounds ?? null, after: input.rounds },
  });
  return { id, ...data };
}

export interface CoverageCounts {
  due: number;
  visited: number;
}

const DUE_STAGE_LIST = DUE_STAGES.map((s) => `'${s}'`).join(', ');
const VISITED = `EXISTS (SELECT 1 FROM round_visits rv
                          WHERE rv.household_id = due.id AND rv.visit_date >= ? AND rv.visit_date <= ?)`;
const IN_SCOPE = (column: string) => `(${column} = ? OR (${column} >= ? AND ${column} < ?))`;

/**
 * The households due in every round within a scope (`dueInRound`, shared): the filed ones (`DUE_STAGES`),
 * read through the `case_index_scope` index, and the others that are on the monitoring register now,
 * read through the register's partial index of active entries by unit (migration
 * 20261207-0006-monitoring-register-scope) and joined to `case_index` by key, so a household deleted or
 * merged away is not counted. Takes the scope's three parameters twice. No record JSON.
 */
const DUE_HOUSEHOLDS = `
  SELECT ci.id, ci.head_name, ci.unit_id, ci.stage, ci.stage_entered_at FROM case_index ci
   WHERE ${IN_SCOPE('ci.unit_path')} AND ci.stage IN (${DUE_STAGE_LIST})
  UNION ALL
  SELECT ci.id, ci.head_name, ci.unit_id, ci.stage, ci.stage_entered_at
    FROM monitoring_register mr
    JOIN case_index ci ON ci.id = mr.household_id
   WHERE mr.removed_at IS NULL AND ${IN_SCOPE('mr.unit_path')} AND ci.stage NOT IN (${DUE_STAGE_LIST})`;

function scopeParams(scopePath: string): string[] {
  const range = [scopePath, `${scopePath}/`, `${scopePath}0`];
  return [...range, ...range];
}

/**
 * Households due in the round within `scopePath` (filed, or on the monitoring register) and how many of
 * them have a final visit inside it. Probes `round_visits` once per due household; no record JSON.
 */
export function coverageCounts(db: Db, scopePath: string, round: DueRound): CoverageCounts {
  const row = stmt(
    db,
    `WITH due AS (${DUE_HOUSEHOLDS})
     SELECT count(*) AS due, coalesce(sum(${VISITED}), 0) AS visited FROM due`,
  ).get(...scopeParams(scopePath), round.startDate, round.endDate) as CoverageCounts;
  return { due: row.due, visited: row.visited };
}

export interface NotVisitedRow {
  id: string;
  headName: string | null;
  unitId: string;
  stage: string;
}

/** Households due in the round within `scopePath` and not yet visited in it, oldest file first. */
export function notVisited(db: Db, scopePath: string, round: DueRound, limit: number): NotVisitedRow[] {
  return stmt(
    db,
    `WITH due AS (${DUE_HOUSEHOLDS})
     SELECT due.id, due.head_name AS headName, due.unit_id AS unitId, due.stage FROM due
      WHERE NOT ${VISITED}
      ORDER BY due.stage_entered_at, due.id LIMIT ?`,
  ).all(...scopeParams(scopePath), round.startDate, round.endDate, limit) as NotVisitedRow[];
}
