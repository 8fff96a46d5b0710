import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SYNC_LIMITS } from '../../shared/sync/protocol';
import { ApiFailure } from '../api/http';
import { attachBlob } from '../db/blobs';
import { db } from '../db/database';
import { queueUploadsOf, uploadQueue } from '../db/upload-queue';
import type { SyncState } from './sync-state';
import { TEST_UNIT, testSyncContext } from './test-context';
import { RateMeter, uploadAttachments } from './uploads';

const TARGET = {
  householdId: 'hh-1',
  visitId: 'visit-1',
  unitId: TEST_UNIT,
  checklistItemId: 'labor_contract',
};

/** The attachment endpoints with resumable uploads; it can drop the connection on a chosen PUT. */
class FakeFiles {
  stored = new Map<string, number>();
  puts = 0;
  cutPut: number | null = null;

  fetch = async (url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const sha = String(url).split('/').pop() ?? '';
    const offset = this.stored.get(sha) ?? 0;
    const headers = new Headers(init?.headers);
    if (init?.method === 'HEAD')
      return new Response(null, { status: 404, headers: { 'Upload-Offset': String(offset) } });
    this.puts++;
    if (this.puts === this.cutPut) throw new TypeError('Failed to fetch');
    const chunk = init?.body as Blob;
    const next = Number(headers.get('Upload-Offset')) + chunk.size;
    this.stored.set(sha, next);
    if (next === Number(headers.get('Upload-Length'))) return new Response('{}', { status: 201 });
    return new Response(null, { status: 204, headers: { 'Upload-Offset': String(next) } });
  };
}

let files: FakeFiles;
let reports: Partial<SyncState>[];
const ctx = { ...testSyncContext, report: (patch: Partial<SyncState>) => reports.push(patch) };

beforeEach(async () => {
  await Promise.all(db.tables.map((table) => table.clear()));
  files = new FakeFiles();
  reports = [];
  vi.stubGlobal('fetch', files.fetch);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

/** Two photos whose records were already pushed (the outbox no longer names them). */
async function sentPhotos() {
  const big = new Uint8Array(SYNC_LIMITS.maxChunkBytes + 5_000).fill(7);
  const first = await attachBlob(new Blob([big], { type: 'image/jpeg' }), 'photo', TARGET);
  const second = await attachBlob(new Blob(['small'], { type: 'image/jpeg' }), 'photo', {
    ...TARGET,
    checklistItemId: 'id_card',
  });
  await queueUploadsOf(await db.outbox.toArray());
  await db.outbox.clear();
  return { first, second };
}

describe('uploadAttachments', () => {
  it('uploads the queued files one at a time, reporting files and bytes, and empties the queue', async () => {
    const { first, second } = await sentPhotos();
    expect(await uploadAttachments(ctx, new RateMeter())).toEqual([]);
    expect(files.stored.get(first.sha256)).toBe(first.bytes);
    expect(files.stored.get(second.sha256)).toBe(second.bytes);
    expect(await uploadQueue()).toEqual([]);
    const total = first.bytes + second.bytes;
    const bytes = reports.flatMap((r) => (r.uploadBytes ? [r.uploadBytes] : []));
    expect(bytes[0]).toEqual({ done: 0, total });
    expect(bytes.at(-1)).toEqual({ done: total, total });
    // Never backwards.
    for (let i = 1; i < bytes.length; i++)
      expect(bytes[i]?.done).toBeGreaterThanOrEqual(bytes[i - 1]?.done ?? 0);
    expect(reports.at(-1)?.upload).toEqual({ done: 2, total: 2 });
    expect(reports.some((r) => typeof r.uploadRate === 'number' && r.uploadRate > 0)).toBe(true);
  });

  it('keeps what was not uploaded when the link dies, and resumes where the server stopped', async () => {
    const { first, second } = await sentPhotos();
    // The first file is two chunks: the second chunk never arrives.
    files.cutPut = 2;
    await expect(uploadAttachments(ctx, new RateMeter())).rejects.toBeInstanceOf(ApiFailure);
    expect(files.stored.get(first.sha256)).toBe(SYNC_LIMITS.maxChunkBytes);
    expect((await uploadQueue()).map((f) => f.sha256)).toEqual([first.sha256, second.sha256]);

    files.cutPut = null;
    const putsBefore = files.puts;
    await uploadAttachments(ctx, new RateMeter());
    // One chunk for the rest of the first file, one for the second: nothing sent twice.
    expect(files.puts - putsBefore).toBe(2);
    expect(await uploadQueue()).toEqual([]);
  });
});

describe('RateMeter', () => {
  it('weights the last chunks by their bytes and forgets older ones', () => {
    const meter = new RateMeter(2);
    expect(meter.rate()).toBeNull();
    meter.record(40_000, 1_000);
    expect(meter.rate()).toBe(40_000);
    // A tiny signature that took a round trip hardly moves it.
    meter.record(2_000, 500);
    expect(meter.rate()).toBeCloseTo(42_000 / 1.5, 0);
    meter.record(80_000, 1_000);
    expect(meter.rate()).toBeCloseTo(82_000 / 1.5, 0);
    meter.record(0, 100);
    expect(meter.rate()).toBeCloseTo(82_000 / 1.5, 0);
  });
});
