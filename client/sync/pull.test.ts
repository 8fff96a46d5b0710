import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PullReply, SyncedRecord } from '../../shared/sync/protocol';
import { db } from '../db/database';
import { getMeta, setMeta } from '../db/meta';
import { buildSearchIndex, searchIndexPending } from '../db/search-index';
import { pullAll } from './pull';
import { TEST_UNIT, testSyncContext } from './test-context';

const UNIT = TEST_UNIT;

const ctx = testSyncContext;

const household = (n: number, rev: number): SyncedRecord => ({
  type: 'household',
  id: `0199a000-0000-7000-8000-${String(n).padStart(12, '0')}`,
  unitId: UNIT,
  rev,
  deleted: false,
  data: { headName: `户主${n}` },
  updatedAt: '2026-02-01T00:00:00.000Z',
});

/** A pull endpoint serving fixed pages by cursor, remembering what each request asked for. */
function fakePull(pages: Record<string, PullReply>) {
  const asked: URLSearchParams[] = [];
  const fetch = (url: string | URL | Request) => {
    const query = new URL(String(url), 'http://tablet').searchParams;
    asked.push(query);
    const page = pages[query.get('since') ?? ''];
    if (!page) return Promise.resolve(new Response('{}', { status: 500 }));
    return Promise.resolve(
      new Response(JSON.stringify(page), { status: 200, headers: { 'Content-Type': 'application/json' } }),
    );
  };
  return { asked, fetch };
}

beforeEach(async () => {
  await Promise.all(db.tables.map((table) => table.clear()));
  await setMeta('owner', { userId: ctx.user.id, username: 'grid', displayName: '刘网格' });
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('pullAll', () => {
  it('walks the pages in order, and leaves out its own push answers only after one pull reached the end', async () => {
    const first = fakePull({
      '0': { records: [household(1, 4), household(2, 5)], cursor: '5', hasMore: true },
      '5': { records: [household(3, 9)], cursor: '9', hasMore: false },
    });
    vi.stubGlobal('fetch', first.fetch);
    expect(await pullAll(ctx)).toBe(3);
    expect(first.asked.map((q) => [q.get('since'), q.get('omitOwnPushes')])).toEqual([
      ['0', '0'],
      ['5', '0'],
    ]);
    expect(await db.households.count()).toBe(3);
    expect(await getMeta('syncCursor')).toBe('9');
    expect(await getMeta('pulledToEnd')).toBe(true);

    const next = fakePull({ '9': { records: [household(1, 12)], cursor: '12', hasMore: false } });
    vi.stubGlobal('fetch', next.fetch);
    expect(await pullAll(ctx)).toBe(1);
    expect(next.asked.map((q) => [q.get('since'), q.get('omitOwnPushes')])).toEqual([['9', '1']]);
    expect(await db.households.get(household(1, 12).id)).toMatchObject({ rev: 12 });
  });

  it('keeps asking for everything when a first pull is cut and resumed', async () => {
    const cut = fakePull({ '0': { records: [household(1, 4)], cursor: '4', hasMore: true } });
    vi.stubGlobal('fetch', cut.fetch);
    await expect(pullAll(ctx)).rejects.toThrow();
    expect(await getMeta('syncCursor')).toBe('4');
    expect(await getMeta('pulledToEnd')).toBeUndefined();

    const resumed = fakePull({ '4': { records: [household(2, 7)], cursor: '7', hasMore: false } });
    vi.stubGlobal('fetch', resumed.fetch);
    await pullAll(ctx);
    expect(resumed.asked.map((q) => q.get('omitOwnPushes'))).toEqual(['0']);
    expect(await db.households.count()).toBe(2);
  });

  it("adds a first pull's households without search tokens and builds them after the pull", async () => {
    const fetch = fakePull({
      '0': { records: [household(1, 4), household(2, 5)], cursor: '5', hasMore: false },
    }).fetch;
    vi.stubGlobal('fetch', fetch);
    await pullAll(ctx);
    const rows = await db.households.toArray();
    // The build runs in the background once the sync run is over (run.ts).
    expect(rows).toHaveLength(2);
    await buildSearchIndex();
    expect(await searchIndexPending()).toBe(false);
    expect(await db.households.where('searchTokens').startsWith('户主2').count()).toBe(1);
  });
});
