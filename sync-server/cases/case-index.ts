import type { Db } from '../db/database';
import { registerRecordIndexer } from '../sync/record-indexes';
import { stmt } from '../sync/statements';
import { getRecord, type StoredRecord } from '../sync/store';
import type { CaseState } from '../../shared/loop';
import { caseSettings } from './context';
import { queueRolesOf } from './queue';
import { caseStateOf } from './case-state';

/**
 * The case summaries (`person_ids`, `case_index`; created and backfilled by migration
 * 20261207-0002-case-index), kept up to date by record indexers that `writeRecord` runs inside every
 * writer's transaction — pushes, conflict resolutions, commands, comments alike. Each indexer makes its
 * table agree with the record just written: a row when the record is live and carries what the table
 * holds, no row otherwise (deleted, or the number removed).
 */

/** ID numbers as the summaries hold them: ASCII whitespace and ideographic spaces removed, upper-case X. */
export function normaliseIdNumber(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const normalised = value.replace(/[ \t\n\r\u3000]/g, '').toUpperCase();
  return normalised === '' ? null : normalised;
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

interface PersonRow {
  idNumber: string;
  householdId: string | null;
  role: 'head' | 'member';
  name: string | null;
}

function personOf(record: StoredRecord): PersonRow | null {
  if (record.deleted) return null;
  if (record.type === 'household') {
    const idNumber = normaliseIdNumber(record.data.headIdNumber);
    return idNumber === null
      ? null
      : { idNumber, householdId: record.id, role: 'head', name: text(record.data.headName) };
  }
  if (record.type === 'member') {
    const idNumber = normaliseIdNumber(record.data.idNumber);
    return idNumber === null
      ? null
      : {
          idNumber,
          householdId: record.householdId ?? text(record.data.householdId),
          role: 'member',
          name: text(record.data.name),
        };
  }
  return null;
}

/** `person_ids`: one row per live head or member record with an ID number. */
export function indexPerson(db: Db, record: StoredRecord): void {
  const person = personOf(record);
  if (person === null) {
    stmt(db, 'DELETE FROM person_ids WHERE record_id = ?').run(record.id);
    return;
  }
  stmt(
    db,
    `INSERT INTO person_ids (record_id, id_number, household_id, unit_path, role, name)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(record_id) DO UPDATE SET id_number = excluded.id_number,
       household_id = excluded.household_id, unit_path = excluded.unit_path, role = excluded.role,
       name = excluded.name`,
  ).run(record.id, person.idNumber, person.householdId, record.unitPath, person.role, person.name);
}

/** `case_index`: one row per live household, with the case state as `caseStateOf` reads it. */
export function indexCase(db: Db, record: StoredRecord): void {
  if (record.type !== 'household' || record.deleted) {
    // A tombstone (or a record that is not a household) has no row: one key probe, nothing to delete for
    // the visits and members that make up most writes.
    stmt(db, 'DELETE FROM case_index WHERE id = ?').run(record.id);
    return;
  }
  const state = caseStateOf(record);
  const headName = text(record.data.headName);
  stmt(
    db,
    `INSERT INTO case_index (id, unit_id, unit_path, stage, category, stage_entered_at, head_name,
                             head_id_number, rev, updated_at, queue_roles)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET unit_id = excluded.unit_id, unit_path = excluded.unit_path,
       stage = excluded.stage, category = excluded.category, stage_entered_at = excluded.stage_entered_at,
       head_name = excluded.head_name, head_id_number = excluded.head_id_number, rev = excluded.rev,
       updated_at = excluded.updated_at, queue_roles = excluded.queue_roles`,
  ).run(
    record.id,
    record.unitId,
    record.unitPath,
    state.stage,
    state.category,
    state.stageEnteredAt,
    headName === '' ? null : headName,
    normaliseIdNumber(record.data.headIdNumber),
    record.rev,
    record.updatedAt,
    queueRolesNow(db, state),
  );
}

function queueRolesNow(db: Db, state: CaseState): string {
  const { clock, loopConfig } = caseSettings(db);
  return queueRolesOf(state, clock(), loopConfig);
}

/**
 * Computes `queue_roles` where it is missing (after the migration's backfill, which cannot run the loop's
 * rules in SQL). Called once at start, before the server listens; a no-op afterwards.
 */
export function fillQueueRoles(db: Db): number {
  const ids = db.prepare('SELECT id FROM case_index WHERE queue_roles IS NULL').pluck().all() as string[];
  const update = db.prepare('UPDATE case_index SET queue_roles = ? WHERE id = ?');
  db.transaction(() => {
    for (const id of ids) {
      const record = getRecord(db, id);
      if (record && record.type === 'household' && !record.deleted) {
        update.run(queueRolesNow(db, caseStateOf(record)), id);
      }
    }
  })();
  return ids.length;
}

/** Registers both indexers (idempotent: registering again replaces them with themselves). */
export function installCaseIndexers(): void {
  registerRecordIndexer('case.person_ids', indexPerson);
  registerRecordIndexer('case.case_index', indexCase);
}
