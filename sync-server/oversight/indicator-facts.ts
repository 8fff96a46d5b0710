import type { Db } from '../db/database';
import { caseSettings } from '../cases/context';
import { caseStateOf } from '../cases/case-state';
import { countyOfPath, settingsOn } from '../monitoring/county-settings';
import { registerRecordIndexer } from '../sync/record-indexes';
import { stmt } from '../sync/statements';
import { RECORD_COLUMNS, rowToRecord, type StoredRecord } from '../sync/store';
import { CAUSE_CODES, type Cause } from '../../shared/domain/household-codes';
import { caseFacts, exitHeld, type CaseFact, type IncomeMeasure } from '../../shared/indicators';
import { todayInChina } from '../../shared/validation/clock';

/**
 * Keeps `indicator_facts` (migration 20261207-0012-indicators; its triggers keep `indicator_counts`) in
 * step with every household write, inside the writer's transaction, like `case_index`. The facts come from
 * the case state alone (`caseFacts`, shared); what the state no longer shows stays as it was recorded:
 * - the first filing and first payment of a cycle are kept when a new round clears the round's fields;
 * - an exit whose case left the phase-out (取消渐退) or came back in a later cycle (返困) gets the day it
 *   came back, and holds only if that was after the county's `exitStableMonths`.
 */

function mainCauseOf(record: StoredRecord): Cause | null {
  const value = record.data.mainCause;
  return typeof value === 'number' && (CAUSE_CODES as readonly number[]).includes(value)
    ? (value as Cause)
    : null;
}

function incomeOn(db: Db, householdId: string, day: string): IncomeMeasure | null {
  const row = stmt(
    db,
    `SELECT per_capita_fen AS perCapitaFen, standard_fen AS standardFen FROM monitoring_income
      WHERE household_id = ? AND observed_on <= ? ORDER BY observed_on DESC LIMIT 1`,
  ).get(householdId, day) as IncomeMeasure | undefined;
  return row ?? null;
}

interface ExitRow {
  cycle: number;
  day: string;
  evidenced: number;
  returned_on: string | null;
  ok: number;
}

function stableMonths(db: Db, unitPath: string, day: string): number {
  return settingsOn(db, countyOfPath(db, unitPath), day).exitStableMonths;
}

/** Derives and stores the facts of one household record (a tombstone removes them). */
export function indexIndicatorFacts(db: Db, record: StoredRecord): void {
  if (record.type !== 'household') return;
  if (record.deleted) {
    stmt(db, 'DELETE FROM indicator_facts WHERE household_id = ?').run(record.id);
    return;
  }
  const state = caseStateOf(record);
  const exiting = state.stage === 'phase_out' || state.stage === 'exited';
  const facts: CaseFact[] = caseFacts({
    stage: state.stage,
    cityFiledOn: state.cityFiledOn,
    disbursed: state.disbursed,
    lastDisbursedOn: state.lastDisbursedOn,
    planApproved: state.planApproved,
    planApprovedOn: state.planApprovedOn,
    planMeasures: state.planMeasures,
    mainCause: mainCauseOf(record),
    exitReason: state.exitReason,
    exitNoticeDate: state.exitNoticeDate,
    exitedOn: state.exitedOn,
    incomeAtExit:
      exiting && state.exitReason === 'lifted_out' && state.exitNoticeDate
        ? incomeOn(db, record.id, state.exitNoticeDate)
        : null,
  });
  const id = record.id;
  const cycle = state.cycle;
  // The household moved: its facts follow it (the triggers move the counts).
  stmt(db, 'UPDATE indicator_facts SET unit_path = ? WHERE household_id = ? AND unit_path <> ?').run(
    record.unitPath,
    id,
    record.unitPath,
  );
  const insert = stmt(
    db,
    `INSERT INTO indicator_facts (household_id, cycle, kind, day, ym, unit_path, ok, evidenced)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (household_id, cycle, kind, day) DO UPDATE SET ok = excluded.ok, evidenced = excluded.evidenced`,
  );
  const firstOf = stmt(db, 'SELECT 1 FROM indicator_facts WHERE household_id = ? AND cycle = ? AND kind = ?');
  let exitDay: string | null = null;
  for (const fact of facts) {
    if (fact.kind === 'filed' || fact.kind === 'paid' || fact.kind === 'closed') {
      if (firstOf.get(id, cycle, fact.kind)) {
        if (fact.kind === 'filed') {
          stmt(
            db,
            "UPDATE indicator_facts SET ok = ? WHERE household_id = ? AND cycle = ? AND kind = 'filed'",
          ).run(fact.ok, id, cycle);
        }
        continue;
      }
      insert.run(id, cycle, fact.kind, fact.day, fact.day.slice(0, 7), record.unitPath, fact.ok, 1);
    } else if (fact.kind === 'plan') {
      insert.run(id, cycle, fact.kind, fact.day, fact.day.slice(0, 7), record.unitPath, fact.ok, 1);
    } else {
      exitDay = fact.day;
      const existing = stmt(
        db,
        "SELECT returned_on FROM indicator_facts WHERE household_id = ? AND cycle = ? AND kind = 'exit' AND day = ?",
      ).get(id, cycle, fact.day) as { returned_on: string | null } | undefined;
      const ok = exitHeld(
        fact.ok === 1,
        fact.day,
        existing?.returned_on ?? null,
        stableMonths(db, record.unitPath, fact.day),
      );
      insert.run(id, cycle, 'exit', fact.day, fact.day.slice(0, 7), record.unitPath, ok ? 1 : 0, fact.ok);
    }
  }
  // Exits the case no longer shows: an earlier cycle's (返困) or this cycle's other than the current one
  // (取消渐退). They came back on the day the case entered its current stage.
  const open = stmt(
    db,
    `SELECT cycle, day, evidenced, returned_on, ok FROM indicator_facts
      WHERE household_id = ? AND kind = 'exit' AND returned_on IS NULL`,
  ).all(id) as ExitRow[];
  const back = todayInChina(new Date(state.stageEnteredAt));
  for (const row of open) {
    if (row.cycle === cycle && row.day === exitDay) continue;
    if (row.cycle > cycle) continue;
    const ok = exitHeld(row.evidenced === 1, row.day, back, stableMonths(db, record.unitPath, row.day));
    stmt(
      db,
      "UPDATE indicator_facts SET returned_on = ?, ok = ? WHERE household_id = ? AND cycle = ? AND kind = 'exit' AND day = ?",
    ).run(back, ok ? 1 : 0, id, row.cycle, row.day);
  }
}

export function installIndicatorIndexer(): void {
  registerRecordIndexer('oversight.indicator_facts', indexIndicatorFacts);
}

/**
 * Derives the facts of the households stored before the migration (or written straight into the
 * database), `chunk` households per transaction, then removes the marker. Called at the server's start
 * (a no-op afterwards: one probe of an empty table). Returns how many households it read.
 */
export function fillIndicatorFacts(db: Db, chunk = 2000): number {
  let total = 0;
  for (;;) {
    const marker = db.prepare('SELECT after_id AS afterId FROM indicator_backfill LIMIT 1').get() as
      { afterId: string } | undefined;
    if (!marker) return total;
    const rows = db
      .prepare(
        `SELECT ${RECORD_COLUMNS} FROM sync_records
          WHERE id IN (SELECT id FROM case_index WHERE id > ? ORDER BY id LIMIT ?) ORDER BY id`,
      )
      .all(marker.afterId, chunk) as Parameters<typeof rowToRecord>[0][];
    db.transaction(() => {
      for (const row of rows) indexIndicatorFacts(db, rowToRecord(row));
      const last = rows.at(-1);
      if (rows.length < chunk || !last) db.prepare('DELETE FROM indicator_backfill').run();
      else db.prepare('UPDATE indicator_backfill SET after_id = ?').run(last.id);
    })();
    total += rows.length;
  }
}

/** Today's date as the oversight reads it (the server's clock, China). */
export function oversightToday(db: Db): string {
  return todayInChina(caseSettings(db).clock());
}
