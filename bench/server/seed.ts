import { openDatabase, type Db } from '../../sync-server/db/database';
import { seedDemo } from '../../sync-server/seed/demo';
import { loadActor, type SyncActor } from '../../sync-server/sync/actor';
import { drainDerivedWork } from '../../sync-server/sync/derived-work';
import { applyChanges } from '../../sync-server/sync/push-service';
import type { Change, RecordChange } from '../../shared/sync/changes';
import { SYNC_LIMITS } from '../../shared/sync/protocol';
import { creationChange, type BenchRecord } from '../data/generate';
import type { Rng } from '../data/prng';
import { perSecond, stopwatch } from '../lib/measure';

/** The benchmark's grid worker (a demo account, password `bangfu2026`). */
export const BENCH_USER = 'grid';
/** Room left in a push body for everything around the changes (the tablet keeps the same margin). */
const ENVELOPE_BYTES = 4096;

export function actorOf(db: Db, username: string): SyncActor {
  const row = db.prepare('SELECT id FROM users WHERE username = ?').get(username) as
    { id: string } | undefined;
  const actor = row ? loadActor(db, row.id) : null;
  if (!actor) throw new Error(`bench: no active user ${username}`);
  return actor;
}

/**
 * Splits changes into push batches as the tablet's engine does: at most 500 changes and at most 1 MB of
 * JSON per request (a batch of 500 finalised visits would be larger, so those batches hold about 440).
 */
export function pushBatches<C extends Change>(changes: readonly C[]): C[][] {
  const out: C[][] = [];
  let batch: C[] = [];
  let bytes = 0;
  for (const change of changes) {
    const size = Buffer.byteLength(JSON.stringify(change)) + 1;
    const full =
      batch.length >= SYNC_LIMITS.maxPushChanges || bytes + size > SYNC_LIMITS.maxPushBytes - ENVELOPE_BYTES;
    if (batch.length > 0 && full) {
      out.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(change);
    bytes += size;
  }
  if (batch.length > 0) out.push(batch);
  return out;
}

export interface PushRun {
  changes: number;
  batches: number;
  wallMs: number;
  cpuMs: number;
  perSecond: number;
  perCpuSecond: number;
  batchMs: number[];
  /**
   * The work the pushes left for after their replies (monitoring of finalised visits,
   * sync-server/sync/derived-work.ts): wall ms from the last reply until it was all done, and the
   * changes per second counting it (changes ÷ (push + that)).
   */
  derivedMs?: number;
  withDerivedPerSecond?: number;
}

/**
 * Pushes `changes` through the push service in tablet-sized batches, each in one transaction as the
 * route runs it, and fails loudly if any change is not applied (the data set must be valid).
 */
export function pushInProcess(db: Db, actor: SyncActor, deviceId: string, changes: RecordChange[]): PushRun {
  const batches = pushBatches(changes);
  const batchMs: number[] = [];
  const watch = stopwatch();
  for (const batch of batches) {
    const t0 = performance.now();
    const outcome = applyChanges(db, batch, { actor, deviceId });
    batchMs.push(performance.now() - t0);
    const refused = outcome.results.find((result) => result.status !== 'applied');
    if (refused) throw new Error(`bench: a generated change was not applied: ${JSON.stringify(refused)}`);
  }
  return finishRun(changes.length, batchMs, watch);
}

/** Does the work `run`'s pushes left for after their replies, now, and adds its time to `run`. */
export function withDerivedWork(db: Db, run: PushRun): PushRun {
  const t0 = performance.now();
  drainDerivedWork(db);
  const derivedMs = performance.now() - t0;
  return { ...run, derivedMs, withDerivedPerSecond: perSecond(run.changes, run.wallMs + derivedMs) };
}

/** The figures of a timed run of `changes` in the batches that took `batchMs`, stopped now. */
export function finishRun(changes: number, batchMs: number[], watch: ReturnType<typeof stopwatch>): PushRun {
  const wallMs = watch.wallMs();
  const cpuMs = watch.cpuMs();
  return {
    changes,
    batches: batchMs.length,
    wallMs,
    cpuMs,
    perSecond: perSecond(changes, wallMs),
    perCpuSecond: perSecond(changes, cpuMs),
    batchMs,
  };
}

/**
 * Puts the grid's records into a server data folder as a tablet would have pushed them, through the
 * server's own push service in this process (every record gets its rev, write log entry, stored change
 * result and audit row). Works on the folder of a running server too (SQLite in WAL mode). Seeds the demo
 * organisation first when the folder is new.
 */
export async function seedServerRecords(
  dataDir: string,
  records: readonly BenchRecord[],
  rng: Rng,
): Promise<PushRun> {
  const db = openDatabase(dataDir);
  try {
    const hasUsers = (db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n > 0;
    if (!hasUsers) await seedDemo(db, { demoPasswordsMustChange: false });
    const actor = actorOf(db, BENCH_USER);
    const changes = records.map((record) => creationChange(record, rng.uuid()));
    return withDerivedWork(db, pushInProcess(db, actor, rng.uuid(), changes));
  } finally {
    db.close();
  }
}
