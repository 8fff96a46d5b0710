import { openDatabase } from '../../sync-server/db/database';
import { caseIndex } from '../../sync-server/db/migrations/20261207-0002-case-index';
import { seedDemo } from '../../sync-server/seed/demo';
import { DEMO_UNITS } from '../../sync-server/seed/demo-data';
import { household, member, type BenchRecord } from '../data/generate';
import { createRng, type Rng } from '../data/prng';
import { addMonths } from '../../shared/loop/calendar';
import { todayInChina } from '../../shared/validation/clock';
import { perSecond, stopwatch } from '../lib/measure';

/**
 * The office benchmark's database: a city's households (with about three members each) spread over the
 * demo grids, written straight into `sync_records` / `sync_writes` in one transaction (a push of 400,000
 * records would take minutes and measure nothing new). Case fields are spread over the loop, as after a
 * year of work, with the time each case entered its stage spread over that year — except at 公示 and in
 * 渐退期, whose due dates (notice end, phase-out end) fall on either side of today (`withDueDates`).
 *
 * The case summaries are then left for the server to build the way an existing database gets them: the
 * case-index migration is marked as not applied and its tables dropped, so the server's start runs it
 * (its backfill) over every record — the start time is a figure of its own.
 */

export const OFFICE_GRIDS = DEMO_UNITS.filter((unit) => unit.level === 'grid').map((unit) => unit.id);

export interface OfficeData {
  /** Households by grid (records as generated; members are not kept). */
  householdsByGrid: Map<string, BenchRecord[]>;
  households: number;
  members: number;
  seedMs: number;
  rowsPerSecond: number;
}

const DAY_MS = 24 * 3600 * 1000;
const YEAR_MS = 365 * DAY_MS;

/**
 * The dates a case at 公示 or in 渐退期 waits for, on either side of today: a notice runs about a week
 * (five working days), so those cases entered 公示 within the last three weeks and most have started it;
 * a phase-out runs six months, so those cases entered it within the last eight.
 */
function withDueDates(head: BenchRecord, rng: Rng, now: number): void {
  if (head.data.stage === 'public_notice') {
    const entered = now - rng.int(0, 21 * 24 * 3600) * 1000;
    head.data.stageEnteredAt = new Date(entered).toISOString();
    if (rng.chance(0.8)) {
      const start = todayInChina(new Date(entered));
      head.data.noticeStartDate = start;
      head.data.noticeEndDate = todayInChina(new Date(entered + 7 * DAY_MS));
    }
  } else if (head.data.stage === 'phase_out') {
    const entered = now - rng.int(0, 240 * 24 * 3600) * 1000;
    head.data.stageEnteredAt = new Date(entered).toISOString();
    const start = todayInChina(new Date(entered));
    head.data.phaseOutStartDate = start;
    head.data.phaseOutUntil = addMonths(start, 6);
  }
}

export async function seedOfficeDatabase(
  dataDir: string,
  households: number,
  seed: number,
): Promise<OfficeData> {
  const db = openDatabase(dataDir);
  try {
    await seedDemo(db, { demoPasswordsMustChange: false });
    const paths = new Map(
      (db.prepare('SELECT id, path FROM units').all() as { id: string; path: string }[]).map((u) => [
        u.id,
        u.path,
      ]),
    );
    const rng = createRng(seed);
    // Its own stream, so that the households themselves are the ones earlier runs generated.
    const dueRng = createRng(seed + 1);
    const householdsByGrid = new Map<string, BenchRecord[]>(OFFICE_GRIDS.map((grid) => [grid, []]));
    const watch = stopwatch();
    const writeLog = db.prepare('INSERT INTO sync_writes (record_id, device_id, at) VALUES (?, NULL, ?)');
    const insert = db.prepare(
      `INSERT INTO sync_records (id, type, unit_id, unit_path, household_id, data, rev, deleted, created_by,
                                 updated_by, created_at, updated_at, other_rev)
       VALUES (?, ?, ?, ?, ?, ?, ?, 0, NULL, NULL, ?, ?, 0)`,
    );
    const now = Date.now();
    let members = 0;
    db.transaction(() => {
      const put = (record: BenchRecord, householdId: string | null, at: string) => {
        const rev = Number(writeLog.run(record.id, at).lastInsertRowid);
        const unitPath = paths.get(record.unitId);
        if (!unitPath) throw new Error(`bench: unknown unit ${record.unitId}`);
        insert.run(
          record.id,
          record.type,
          record.unitId,
          unitPath,
          householdId,
          JSON.stringify(record.data),
          rev,
          at,
          at,
        );
      };
      for (let i = 0; i < households; i++) {
        const grid = OFFICE_GRIDS[i % OFFICE_GRIDS.length] ?? '341602001001';
        const head = household(rng, grid, { caseFields: 'spread' });
        const created = new Date(now - YEAR_MS - rng.int(0, 30) * 24 * 3600 * 1000).toISOString();
        head.data.stageEnteredAt = new Date(now - rng.int(0, YEAR_MS / 1000) * 1000).toISOString();
        withDueDates(head, dueRng, now);
        put(head, null, created);
        householdsByGrid.get(grid)?.push(head);
        const family = [
          member(rng, head, 'spouse'),
          member(rng, head, 'child'),
          ...(rng.chance(0.5) ? [member(rng, head, 'child')] : []),
          ...(rng.chance(0.3) ? [member(rng, head, 'parent')] : []),
        ];
        for (const person of family) put(person, head.id, created);
        members += family.length;
      }
    })();
    // Leave the summaries to the server's start, as for an existing database (see above).
    db.exec(`DROP TABLE IF EXISTS case_index; DROP TABLE IF EXISTS person_ids;`);
    db.prepare('DELETE FROM schema_migrations WHERE id = ?').run(caseIndex.id);
    const seedMs = watch.wallMs();
    return {
      householdsByGrid,
      households,
      members,
      seedMs,
      rowsPerSecond: perSecond(households + members, seedMs),
    };
  } finally {
    db.close();
  }
}
