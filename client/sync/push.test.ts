import 'fake-indexeddb/auto';
import { liveQuery } from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Change, ChangeResult, PushRequest } from '../../shared/sync/changes';
import { ApiFailure } from '../api/http';
import { db } from '../db/database';
import { getMeta, setMeta } from '../db/meta';
import { outboxWithStates } from '../db/outbox';
import { foldAcknowledgements } from '../db/acked-fold';
import { attachBlob } from '../db/blobs';
import { saveFields } from '../db/records';
import { uploadQueue } from '../db/upload-queue';
import { pushOutbox } from './push';
import { resetBodyEncoding } from './transport';
import { TEST_UNIT, testSyncContext } from './test-context';

const UNIT = TEST_UNIT;

/**
 * A stand-in for the push endpoint with the server's idempotency rule: a change id is applied once and
 * answered the same way afterwards. It can lose its reply after applying a batch, as a cut network does.
 */
class FakeServer {
  seq = 0;
  records = new Map<string, Record<string, unknown>>();
  answered = new Map<string, ChangeResult>();
  requests: PushRequest[] = [];
  replays = 0;
  loseReplyOfRequest: number | null = null;

  handle(body: PushRequest): ChangeResult[] {
    this.requests.push(body);
    return body.changes.map((change: Change) => {
      const seen = this.answered.get(change.changeId);
      if (seen) {
        this.replays++;
        return seen;
      }
      if (change.kind !== 'record') throw new Error('records only');
      const data = { ...this.records.get(change.id) };
      for (const [field, edit] of Object.entries(change.fields)) data[field] = edit.to;
      this.records.set(change.id, data);
      const rev = ++this.seq;
      const result: ChangeResult = {
        changeId: change.changeId,
        status: 'applied',
        rev,
        record: {
          type: change.type,
          id: change.id,
          unitId: change.unitId,
          rev,
          deleted: false,
          data: data as never,
          updatedAt: new Date().toISOString(),
        },
      };
      this.answered.set(change.changeId, result);
      return result;
    });
  }

  encodings: (string | null)[] = [];

  fetch = async (_url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    // The app sends its JSON as a Blob, gzipped when it is worth it (client/sync/compress.ts).
    const raw = init?.body;
    const encoding = new Headers(init?.headers).get('Content-Encoding');
    this.encodings.push(encoding);
    const blob = raw instanceof Blob ? raw : new Blob([String(raw)]);
    const text =
      encoding === 'gzip'
        ? await new Response(blob.stream().pipeThrough(new DecompressionStream('gzip'))).text()
        : await blob.text();
    const body = JSON.parse(text) as PushRequest;
    const results = this.handle(body);
    if (this.loseReplyOfRequest === this.requests.length) throw new TypeError('Failed to fetch');
    return new Response(JSON.stringify({ results, serverSeq: this.seq }), {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
    });
  };
}

const ctx = testSyncContext;

let server: FakeServer;

/** `count` new households with their creation changes, written in one go (as 1,200 autosaves would). */
/** `count` new visits of one household, saved as the visit form saves them. */
async function queueVisitsOfOneHousehold(count: number): Promise<{ household: string; ids: string[] }> {
  const household = crypto.randomUUID();
  const ids = Array.from({ length: count }, () => crypto.randomUUID());
  for (const [i, id] of ids.entries()) {
    await saveFields('visit', id, UNIT, { householdId: household, notes: `走访${i}` });
  }
  return { household, ids };
}

async function queueHouseholds(count: number): Promise<void> {
  const now = new Date().toISOString();
  const ids = Array.from({ length: count }, () => crypto.randomUUID());
  await db.transaction('rw', db.households, db.outbox, async () => {
    await db.households.bulkAdd(
      ids.map((id, i) => ({
        id,
        rev: null,
        unitId: UNIT,
        deleted: 0 as const,
        data: { headName: `户主${i}` },
        updatedAt: now,
        pending: 1 as const,
      })),
    );
    await db.outbox.bulkAdd(
      ids.map((id, i) => ({
        kind: 'record' as const,
        changeId: crypto.randomUUID(),
        type: 'household' as const,
        recordId: id,
        op: 'upsert' as const,
        unitId: UNIT,
        baseRev: null,
        fields: { headName: { from: null, to: `户主${i}` } },
        state: 'pending' as const,
        createdAt: now,
      })),
    );
  });
}

beforeEach(async () => {
  await Promise.all(db.tables.map((table) => table.clear()));
  await setMeta('owner', { userId: 'u-grid', username: 'grid', displayName: '刘网格' });
  server = new FakeServer();
  vi.stubGlobal('fetch', server.fetch);
  resetBodyEncoding();
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('pushOutbox', () => {
  it('pushes a long outbox in bounded batches and reports what is left after each', async () => {
    await queueHouseholds(1_200);
    const outcome = await pushOutbox(ctx);
    expect(outcome.acknowledged).toBe(1_200);
    expect(server.requests.map((request) => request.changes.length)).toEqual([500, 500, 200]);
    expect(server.requests.map((request) => request.pendingCount)).toEqual([700, 200, 0]);
    expect(await db.outbox.count()).toBe(0);
    expect((await db.households.toArray()).filter((row) => row.pending === 1)).toEqual([]);
    expect(await getMeta('reportedPending')).toBe(0);
  }, 60_000);

  it('resumes after a cut with the same change ids, without duplicates', async () => {
    await queueHouseholds(1_200);
    // The server applies the second batch, but its answer never reaches the tablet.
    server.loseReplyOfRequest = 2;
    await expect(pushOutbox(ctx)).rejects.toBeInstanceOf(ApiFailure);
    expect(await db.outbox.count()).toBe(700);
    const lost = server.requests[1]?.changes.map((change) => change.changeId);

    // The worker keeps working before the network returns: a lost-answer record gets a new edit.
    const edited = server.requests[1]?.changes[0];
    if (edited?.kind !== 'record') throw new Error('expected a record change');
    await saveFields('household', edited.id, UNIT, { mobile: '13912345678' });

    await pushOutbox(ctx);
    expect(server.requests[2]?.changes.slice(0, 500).map((change) => change.changeId)).toEqual(lost);
    expect(server.replays).toBe(500);
    expect(server.records.size).toBe(1_200);
    expect(server.records.get(edited.id)).toMatchObject({
      headName: expect.any(String),
      mobile: '13912345678',
    });
    expect(await db.outbox.count()).toBe(0);
  }, 60_000);

  it('sends an edit of a record still waiting for its answer only after that answer, from the new rev', async () => {
    await queueHouseholds(600);
    // The server applies the first batch, but its answer is lost.
    server.loseReplyOfRequest = 1;
    await expect(pushOutbox(ctx)).rejects.toBeInstanceOf(ApiFailure);
    // Only the batch that left is marked as sent; the one taken meanwhile merges with edits again.
    const states = (await outboxWithStates()).map((row) => row.state);
    expect(states.filter((state) => state === 'inflight')).toHaveLength(500);
    expect(states.slice(500)).toEqual(Array.from({ length: 100 }, () => 'pending'));
    const first = server.requests[0]?.changes[0];
    if (first?.kind !== 'record') throw new Error('expected a record change');
    await saveFields('household', first.id, UNIT, { mobile: '13912345678' });

    server.loseReplyOfRequest = null;
    const outcome = await pushOutbox(ctx);
    expect(outcome.acknowledged).toBe(601);
    const resent = server.requests.slice(1);
    // The lost batch again, the rest of the creations, then the edit once the record has its rev.
    expect(resent.map((request) => request.changes.length)).toEqual([500, 100, 1]);
    const edit = resent[2]?.changes[0];
    const created = server.answered.get(first.changeId);
    expect(edit).toMatchObject({ kind: 'record', id: first.id, baseRev: created?.rev });
    expect(server.records.get(first.id)).toMatchObject({ mobile: '13912345678' });
    expect(await db.outbox.count()).toBe(0);
    expect(await db.households.get(first.id)).toMatchObject({ pending: 0, data: { mobile: '13912345678' } });
  }, 60_000);

  it('acknowledges visits without rewriting them: every read shows the new rev and nothing waiting', async () => {
    const { household, ids } = await queueVisitsOfOneHousehold(30);
    // The server adds a field of its own to one visit: that copy must take the server's data.
    const changedByServer = ids[3] ?? '';
    const handle = server.handle.bind(server);
    server.handle = (body) =>
      handle(body).map((result) =>
        result.record?.id === changedByServer
          ? { ...result, record: { ...result.record, data: { ...result.record.data, extra: 'server' } } }
          : result,
      );
    // A list on screen (a live query) follows the answers without a visit being rewritten.
    let shown: { pending: 0 | 1 }[] = [];
    const subscription = liveQuery(() =>
      db.visits.where('householdId').equals(household).toArray(),
    ).subscribe((rows) => {
      shown = rows;
    });
    await vi.waitFor(() => expect(shown.filter((row) => row.pending === 1)).toHaveLength(30));
    const outcome = await pushOutbox(ctx, { maxCount: 10, maxBytes: 1_000_000 });
    expect(outcome.acknowledged).toBe(30);
    await vi.waitFor(() => expect(shown.filter((row) => row.pending === 0)).toHaveLength(30));
    subscription.unsubscribe();
    expect(await db.outbox.count()).toBe(0);

    const revs = new Map(
      [...server.answered.values()].map((result) => [result.record?.id ?? '', result.record?.rev]),
    );
    // However they are read (by key, by index, with a cursor), the visits carry the server's rev.
    const byKey = await db.visits.bulkGet(ids);
    const byIndex = await db.visits.where('householdId').equals(household).toArray();
    const byCursor = await db.visits.filter((row) => row.householdId === household).toArray();
    for (const rows of [byKey, byIndex, byCursor]) {
      expect(rows).toHaveLength(30);
      for (const row of rows) {
        expect(row).toMatchObject({ rev: revs.get(row?.id ?? ''), pending: 0 });
      }
    }
    expect(await db.visits.get(changedByServer)).toMatchObject({ data: { extra: 'server' } });
    // Most answers wrote a small acknowledgement instead of the visit (the first batch is folded in
    // after its own take, which read the visits too).
    const ackedIds = async () => (await db.acked.toArray()).flatMap((row) => Object.keys(row.entries));
    expect((await ackedIds()).length).toBeGreaterThan(0);
    expect(await ackedIds()).not.toContain(changedByServer);

    // The next edit starts from the acknowledged rev, and the visit's own row is the truth again.
    const edited = ids[0] ?? '';
    await saveFields('visit', edited, UNIT, { notes: '改过' });
    expect(await ackedIds()).not.toContain(edited);
    expect(await db.visits.get(edited)).toMatchObject({ rev: revs.get(edited), pending: 1 });
    const [change] = await db.outbox.toArray();
    expect(change).toMatchObject({ recordId: edited, baseRev: revs.get(edited) });
  }, 60_000);

  it('folds acknowledgements back into their visits later, leaving the newest rows and what every read shows', async () => {
    const { ids } = await queueVisitsOfOneHousehold(30);
    await pushOutbox(ctx, { maxCount: 5, maxBytes: 1_000_000 });
    const before = await db.visits.bulkGet(ids);
    const rows = await db.acked.count();
    expect(rows).toBeGreaterThan(2);

    // The newest row stays; the others are written into their visits and leave the table.
    const folded = await foldAcknowledgements(1);
    expect(folded).toBeGreaterThan(0);
    expect(await db.acked.count()).toBe(1);
    expect(await db.visits.bulkGet(ids)).toEqual(before);

    await foldAcknowledgements();
    expect(await db.acked.count()).toBe(0);
    // Read without the overlay: the stored rows themselves now carry the server's rev and nothing waiting.
    expect(await db.visits.bulkGet(ids)).toEqual(before);
    for (const row of before) expect(row).toMatchObject({ pending: 0 });
  }, 60_000);

  it('gzips the batches it sends and, when the other end refuses that, sends them plain', async () => {
    await queueHouseholds(30);
    const refusing = server.fetch;
    let refused = 0;
    vi.stubGlobal('fetch', async (url: string | URL | Request, init?: RequestInit) => {
      if (new Headers(init?.headers).get('Content-Encoding') === 'gzip' && refused === 0) {
        refused++;
        return new Response(JSON.stringify({ error: { code: 'unsupported_encoding', message: '不支持' } }), {
          status: 415,
          headers: { 'Content-Type': 'application/json' },
        });
      }
      return refusing(url, init);
    });
    const outcome = await pushOutbox(ctx);
    expect(outcome.acknowledged).toBe(30);
    expect(refused).toBe(1);
    // The refused gzip request never reached the fake server; the plain resend did.
    expect(server.encodings).toEqual([null]);
  });

  it('sends its batches gzipped', async () => {
    await queueHouseholds(30);
    await pushOutbox(ctx);
    expect(server.encodings).toEqual(['gzip']);
  });

  it('queues the photos of the records in a batch before the batch leaves', async () => {
    const photo = await attachBlob(new Blob(['jpeg bytes'], { type: 'image/jpeg' }), 'photo', {
      householdId: 'hh-1',
      visitId: 'visit-1',
      unitId: UNIT,
      checklistItemId: 'labor_contract',
    });
    // The answer of the batch is lost: the records may be on the server, so the photo must be queued.
    server.loseReplyOfRequest = 1;
    await expect(pushOutbox(ctx)).rejects.toBeInstanceOf(ApiFailure);
    expect(await getMeta('uploadQueue')).toEqual([photo.sha256]);
    server.loseReplyOfRequest = null;
    await pushOutbox(ctx);
    expect(await db.outbox.count()).toBe(0);
    // The outbox no longer names it; the queue still does, until its upload.
    expect(await uploadQueue()).toEqual([{ sha256: photo.sha256, bytes: photo.bytes }]);
  });
});
