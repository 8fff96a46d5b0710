import { changeSchema, pushReplySchema, type Change, type PushReply } from '../../shared/sync/changes';
import type { JsonObject, JsonValue } from '../../shared/sync/canonical-json';
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
  /** Bytes of the answers' bodies as they crossed the wire (compressed). */
  bytes: number;
  /** The same bodies decoded: what they would weigh uncompressed. */
  decodedBytes: number;
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
    decodedBytes: entries.reduce((sum, e) => sum + e.decodedBodySize, 0),
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

/**
 * Waits for the search index a first pull leaves to build in the background (client/db/search-index.ts):
 * ms from the call (made right after the sync returned) until it is complete, and whether it was still
 * being built then; null when the client has no such build (it indexes during the pull).
 */
export async function timedSearchIndex(
  client: ClientApi,
): Promise<{ ms: number; wasPending: boolean } | null> {
  if (!client.buildSearchIndex) return null;
  const t0 = performance.now();
  const wasPending = (await client.db.table('meta').get('searchTokensPending')) !== undefined;
  await client.buildSearchIndex();
  return { ms: performance.now() - t0, wasPending };
}

const TABLES = ['households', 'members', 'visits'] as const;

/** Acknowledgements kept beside their records instead of rewriting them (client/db/acked.ts). */
export async function countAcked(client: ClientApi): Promise<number> {
  const rows = await client.db.acked.toArray();
  return rows.reduce((sum, row) => sum + Object.keys(row.entries).length, 0);
}

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
  /** Records and write milliseconds per table (households carry the most indexes). */
  tables: Record<string, { records: number; writeMs: number }>;
}

/**
 * The same rows the sync stored, written again with plain `bulkAdd` into a scratch database with the
 * tablet's schema (same indexes, and the household counts, which an add spares reading the row it
 * replaces: the cheapest way to fill empty tables), in chunks of the pull page size. Only the writes are
 * timed: this is the IndexedDB floor the sync engine cannot beat. The scratch database is deleted
 * afterwards.
 */
export async function rawBulkWrite(client: ClientApi, chunk = 1000): Promise<RawWrite> {
  const scratch: TabletDb = client.openScratch(`bangfu-bench-raw-${Date.now()}`);
  let records = 0;
  let writeMs = 0;
  let chunks = 0;
  const tables: RawWrite['tables'] = {};
  try {
    for (const table of TABLES) {
      const share = { records: 0, writeMs: 0 };
      tables[table] = share;
      let after = '';
      for (;;) {
        const rows: LocalRow[] = await client.db[table].where('id').above(after).limit(chunk).toArray();
        if (rows.length === 0) break;
        after = rows[rows.length - 1]?.id ?? after;
        const t0 = performance.now();
        await scratch[table].bulkAdd(rows);
        const ms = performance.now() - t0;
        writeMs += ms;
        records += rows.length;
        share.writeMs += ms;
        share.records += rows.length;
        chunks++;
      }
    }
  } finally {
    scratch.close();
    await scratch.delete();
  }
  return { records, writeMs, chunks, tables };
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
    await client.db.transaction('rw', client.db.visits, client.db.outbox, client.db.meta, async () => {
      for (const visit of slice) {
        await client.saveFields('visit', visit.id, visit.unitId, visit.data, {
          householdId: String(visit.data.householdId),
        });
      }
    });
  }
  return client.db.outbox.where('state').equals('pending').count();
}

export interface PushBreakdown {
  outboxRows: number;
  batch: number;
  /** `outbox.count()` (the engine counts the outbox twice per batch). */
  countAllMs: number;
  /** Counting the rows still to send (`state` pending or inflight). */
  countSendableMs: number;
  /** Reading one batch in seq order, 100 rows at a time (as takeBatch does). */
  readBatchMs: number;
  /** `outbox.where('recordId').anyOf(<the batch's record ids>)` (as rebaseBatch does after the answer). */
  anyOfMs: number;
  /** Checking each change of the batch with the protocol's zod schema (as encodeRow does), in the page. */
  checkChangesMs: number;
  /** Parsing a reply to the batch (every result carries its record) with the protocol's zod schema. */
  parseReplyMs: number;
}

async function timed<T>(work: () => Promise<T> | T): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await work();
  return [value, performance.now() - t0];
}

/**
 * Where a push batch can spend its time on the tablet, measured on the real outbox before it is sent:
 * the IndexedDB reads the engine makes per batch and the zod checks of the batch and of its reply.
 */
export async function pushBreakdown(client: ClientApi, batch = 435): Promise<PushBreakdown> {
  const outbox = client.db.outbox;
  const [outboxRows, countAllMs] = await timed(() => outbox.count());
  const [, countSendableMs] = await timed(() => outbox.where('state').anyOf('pending', 'inflight').count());
  const [rows, readBatchMs] = await timed(async () => {
    const read = [];
    let after = 0;
    while (read.length < batch) {
      const chunk = await outbox.where('seq').above(after).limit(100).toArray();
      if (chunk.length === 0) break;
      read.push(...chunk);
      after = chunk[chunk.length - 1]?.seq ?? after;
    }
    return read.slice(0, batch);
  });
  const [, anyOfMs] = await timed(() =>
    outbox
      .where('recordId')
      .anyOf(rows.map((row) => row.recordId))
      .toArray(),
  );
  const changes: Change[] = rows.map((row) => ({
    kind: 'record',
    changeId: row.changeId,
    type: row.type,
    id: row.recordId,
    op: row.op ?? 'upsert',
    unitId: row.unitId ?? '',
    baseRev: row.baseRev,
    fields: (row.fields ?? {}) as Record<string, { from: JsonValue; to: JsonValue }>,
  }));
  const [, checkChangesMs] = await timed(() => changes.forEach((change) => changeSchema.safeParse(change)));
  const reply: PushReply = {
    results: changes.map((change, i) => ({
      changeId: change.changeId,
      status: 'applied',
      rev: i + 1,
      record: {
        type: change.kind === 'record' ? change.type : 'visit',
        id: change.kind === 'record' ? change.id : '',
        unitId: change.kind === 'record' ? change.unitId : '',
        rev: i + 1,
        deleted: false,
        data: Object.fromEntries(
          Object.entries(change.kind === 'record' ? change.fields : {}).map(([key, edit]) => [key, edit.to]),
        ) as JsonObject,
        updatedAt: new Date().toISOString(),
      },
    })),
    serverSeq: changes.length,
  };
  const text = JSON.stringify(reply);
  const [, parseReplyMs] = await timed(() => pushReplySchema.parse(JSON.parse(text)));
  return {
    outboxRows,
    batch: rows.length,
    countAllMs,
    countSendableMs,
    readBatchMs,
    anyOfMs,
    checkChangesMs,
    parseReplyMs,
  };
}

export interface RawPush {
  visits: number;
  batches: number;
  /** The timed transactions together. */
  totalMs: number;
  /** Milliseconds per step over all batches. */
  steps: { read: number; readRecords: number; mark: number; remove: number; acknowledge: number };
}

/**
 * The IndexedDB work the push of these visits cannot do without in the tablet's design, on copies of the
 * queued outbox rows and of their visits in a scratch database with the tablet's schema, batch by batch
 * as the engine sends them. Taking a batch: read its rows in seq order, read their visits (the record
 * check every row passes before it leaves, client/db/held-changes.ts) and move the sent-through
 * watermark to its last row (one meta row); one transaction. Once answered: delete the batch's rows with
 * one range delete and write one `acked` row with the batch's new revs (client/db/acked.ts: the visits
 * themselves are not rewritten); another. No request, no checks, no rebase rules: the floor of
 * `push.tablet`.
 */
export async function rawPushFloor(client: ClientApi, batch = 435): Promise<RawPush> {
  const scratch: TabletDb = client.openScratch(`bangfu-bench-push-${Date.now()}`);
  const steps = { read: 0, readRecords: 0, mark: 0, remove: 0, acknowledge: 0 };
  let visits = 0;
  let batches = 0;
  let totalMs = 0;
  const time = async <T>(step: keyof typeof steps, work: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const value = await work();
    steps[step] += performance.now() - t0;
    return value;
  };
  try {
    const queued = await client.db.outbox.toArray();
    const locals = await client.db.visits.bulkGet(queued.map((row) => row.recordId));
    await scratch.outbox.bulkAdd(queued);
    await scratch.visits.bulkAdd(locals.filter((row): row is LocalRow => row !== undefined));
    for (let i = 0; i < queued.length; i += batch) {
      const first = queued[i]?.seq ?? 0;
      const last = queued[Math.min(i + batch, queued.length) - 1]?.seq ?? first;
      const t0 = performance.now();
      const rows = await scratch.transaction('rw', scratch.outbox, scratch.meta, scratch.visits, async () => {
        const taken = await time('read', () =>
          scratch.outbox.where('seq').between(first, last, true, true).toArray(),
        );
        await time('readRecords', () => scratch.visits.bulkGet(taken.map((row) => row.recordId)));
        // The batch is marked as being sent by the sent-through watermark: one meta row, no row rewritten.
        await time('mark', () => scratch.meta.put({ key: 'sentThrough', value: last }));
        return taken;
      });
      await scratch.transaction('rw', scratch.outbox, scratch.acked, async () => {
        await time('remove', () => scratch.outbox.where('seq').between(first, last, true, true).delete());
        const updatedAt = new Date().toISOString();
        await time('acknowledge', () =>
          scratch.acked.add({
            entries: Object.fromEntries(rows.map((row, k) => [row.recordId, [first + k, updatedAt]])),
          }),
        );
      });
      totalMs += performance.now() - t0;
      visits += rows.length;
      batches++;
    }
  } finally {
    scratch.close();
    await scratch.delete();
  }
  return { visits, batches, totalMs, steps };
}
