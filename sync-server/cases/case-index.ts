import type { Db } from '../db/database';
import { registerRecordIndexer } from '../sync/record-indexes';
import { stmt } from '../sync/statements';
import { getRecord, type StoredRecord } from '../sync/store';
import { caseSettings } from './context';
import { queueSummaryOf } from './queue';
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
  const { clock, loopConfig } = caseSettings(db);
  const queue = queueSummaryOf(state, clock(), loopConfig);
  stmt(
    db,
    `INSERT INTO case_index (id, unit_id, unit_path, stage, category, stage_entered_at, head_name,
                             head_id_number, rev, updated_at, notice_end_date, phase_out_until, queue_roles,
                             queue_roles_due)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET unit_id = excluded.unit_id, unit_path = excluded.unit_path,
       stage = excluded.stage, category = excluded.category, stage_entered_at = excluded.stage_entered_at,
       head_name = excluded.head_name, head_id_number = excluded.head_id_number, rev = excluded.rev,
       updated_at = excluded.updated_at, notice_end_date = excluded.notice_end_date,
       phase_out_until = excluded.phase_out_until, queue_roles = excluded.queue_roles,
       queue_roles_due = excluded.queue_roles_due`,
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
    state.noticeEndDate,
    state.phaseOutUntil,
    queue.roles,
    queue.dueRoles,
  );
}

/**
 * Computes the queue summaries where they are missing (after the migration's backfill, which cannot run
 * the loop's rules in SQL), with the due dates as `caseStateOf` reads them; a row whose stage the backfill
 * read otherwise (a malformed record) is written whole, as `indexCase` would. Called once at start, before
 * the server listens; a no-op afterwards (one probe of the partial index `case_index_unsummarised`).
 */
export function fillQueueRoles(db: Db): number {
  const rows = db
    .prepare(
      `SELECT id, stage, category, stage_entered_at AS stageEnteredAt FROM case_index
        WHERE queue_roles IS NULL`,
    )
    .all() as { id: string; stage: string; category: string; stageEnteredAt: string }[];
  const update = db.prepare(
    `UPDATE case_index SET notice_end_date = ?, phase_out_until = ?, queue_roles = ?, queue_roles_due = ?
      WHERE id = ?`,
  );
  const { clock, loopConfig } = caseSettings(db);
  const now = clock();
  db.transaction(() => {
    for (const row of rows) {
      const record = getRecord(db, row.id);
      if (!record || record.type !== 'household' || record.deleted) {
        db.prepare('DELETE FROM case_index WHERE id = ?').run(row.id);
        continue;
      }
      const state = caseStateOf(record);
      if (
        state.stage !== row.stage ||
        state.category !== row.category ||
        state.stageEnteredAt !== row.stageEnteredAt
      ) {
        indexCase(db, record);
        continue;
      }
      const queue = queueSummaryOf(state, now, loopConfig);
      update.run(state.noticeEndDate, state.phaseOutUntil, queue.roles, queue.dueRoles, row.id);
    }
  })();
  return rows.length;
}

/** Registers both indexers (idempotent: registering again replaces them with themselves). */
export function installCaseIndexers(): void {
  registerRecordIndexer('case.person_ids', indexPerson);
  registerRecordIndexer('case.case_index', indexCase);
}
