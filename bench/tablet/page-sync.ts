import { newVisits, type BenchRecord } from '../data/generate';
import type { ClientApi, LocalRow, SyncCtx, SyncSummary, TabletDb } from './client-api';

/**
 * Runs in the tablet's page (bundled by tablet/bundle.ts): the sync engine's runs, timed from inside the
 * page so no Playwright round trip is counted, and the raw IndexedDB write they are compared with.
 */

export interface PhaseMark {
  phase: string;
  atMs: number;
}

export interface TimedSync {
  summary: SyncSummary;
  totalMs: number;
  /** When the engine entered each phase (checking, uploading, pushing, pulling), ms from the start. */
  phases: PhaseMark[];
  /** Records received, sampled at each page the engine applied: [ms from start, records so far]. */
  pulledAt: [number, number][];
  /** Time spent in requests to /api/sync (Resource Timing): the rest of `totalMs` is the tablet's own work. */
  network: NetworkShare;
}

export interface NetworkShare {
  requests: number;
  /** Sum of request durations (send to last byte), ms. */
  requestMs: number;
  /** Sum of the waits for the first byte of each answer (mostly the server's work), ms. */
  waitMs: number;
  /** Bytes of the answers' bodies. */
  bytes: number;
}

function networkShare(since: number): NetworkShare {
  const entries = performance
    .getEntriesByType('resource')
    .filter((e): e is PerformanceResourceTiming => e instanceof PerformanceResourceTiming)
    .filter((e) => e.startTime >= since && new URL(e.name).pathname.startsWith('/api/'));
  return {
    requests: entries.length,
    requestMs: entries.reduce((sum, e) => sum + e.duration, 0),
    waitMs: entries.reduce((sum, e) => sum + Math.max(0, e.responseStart - e.requestStart), 0),
    bytes: entries.reduce((sum, e) => sum + e.encodedBodySize, 0),
  };
}

/** One sync as the engine runs it (client/sync/run.ts), as the signed-in user of the stored session. */
export async function timedSync(client: ClientApi): Promise<TimedSync> {
  const session = await client.readSession();
  if (!session) throw new Error('bench: no stored session on this tablet');
  const phases: PhaseMark[] = [];
  const pulledAt: [number, number][] = [];
  performance.setResourceTimingBufferSize(5000);
  performance.clearResourceTimings();
  const t0 = performance.now();
  const ctx: SyncCtx = {
    token: () => session.token,
    deviceId: await client.deviceId(),
    user: session.user,
    report(patch) {
      const atMs = performance.now() - t0;
      if (patch.phase && phases.at(-1)?.phase !== patch.phase) phases.push({ phase: patch.phase, atMs });
      if (patch.pulled !== undefined && patch.pulled > 0) pulledAt.push([atMs, patch.pulled]);
    },
  };
  const summary = await client.runSync(ctx);
  const totalMs = performance.now() - t0;
  return { summary, totalMs, phases, pulledAt, network: networkShare(t0) };
}

const TABLES = ['households', 'members', 'visits'] as const;

/** Rows of the record tables the initial sync filled. */
export async function countRecords(client: ClientApi): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) counts[table] = await client.db[table].count();
  return counts;
}

export interface RawWrite {
  records: number;
  writeMs: number;
  chunks: number;
}

/**
 * The same rows the sync stored, written again with plain `bulkPut` into a scratch database with the
 * tablet's schema (same indexes), in chunks of the pull page size. Only the writes are timed: this is
 * the IndexedDB floor the sync engine cannot beat. The scratch database is deleted afterwards.
 */
export async function rawBulkWrite(client: ClientApi, chunk = 1000): Promise<RawWrite> {
  const scratch: TabletDb = client.openScratch(`bangfu-bench-raw-${Date.now()}`);
  let records = 0;
  let writeMs = 0;
  let chunks = 0;
  try {
    for (const table of TABLES) {
      let after = '';
      for (;;) {
        const rows: LocalRow[] = await client.db[table].where('id').above(after).limit(chunk).toArray();
        if (rows.length === 0) break;
        after = rows[rows.length - 1]?.id ?? after;
        const t0 = performance.now();
        await scratch[table].bulkPut(rows);
        writeMs += performance.now() - t0;
        records += rows.length;
        chunks++;
      }
    }
  } finally {
    scratch.close();
    await scratch.delete();
  }
  return { records, writeMs, chunks };
}

/**
 * Fills the outbox with `count` finalised visits of the tablet's households, written through
 * `saveFields` as the visit form's autosave writes them (500 per transaction, so setting up is quick).
 */
export async function queueFinalVisits(client: ClientApi, count: number, seed: number): Promise<number> {
  const locals = await client.db.households.limit(count).toArray();
  const households: BenchRecord[] = locals.map((row) => ({
    type: 'household',
    id: row.id,
    unitId: row.unitId,
    data: row.data as BenchRecord['data'],
  }));
  const visits = newVisits(seed, households, count);
  for (let i = 0; i < visits.length; i += 500) {
    const slice = visits.slice(i, i + 500);
    await client.db.transaction('rw', client.db.visits, client.db.outbox, async () => {
      for (const visit of slice) {
        await client.saveFields('visit', visit.id, visit.unitId, visit.data, {
          householdId: String(visit.data.householdId),
        });
      }
    });
  }
  return client.db.outbox.where('state').equals('pending').count();
}
