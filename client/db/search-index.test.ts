import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { SyncedRecord } from '../../shared/sync/protocol';
import { db } from './database';
import { householdsHoldingIds } from './identity';
import { getMeta, setMeta } from './meta';
import { saveFields } from './records';
import { buildSearchIndex, searchIndexPending } from './search-index';
import { householdSearchTokens } from './search-tokens';
import { localSummary } from './summary';
import { emptyRecordTypes, type FreshTables } from './sync-apply';
import { applyPulledPage } from './sync-pull';

const UNIT = '341602001001';
const OWNER = 'u-grid';

beforeEach(async () => {
  await Promise.all(db.tables.map((table) => table.clear()));
  await setMeta('owner', { userId: OWNER, username: 'grid', displayName: '刘网格' });
});

function household(n: number): SyncedRecord {
  return {
    type: 'household',
    id: `hh-${String(n).padStart(3, '0')}`,
    unitId: UNIT,
    rev: n,
    deleted: false,
    data: {
      headName: `张${n}`,
      headIdNumber: `3416021980031200${String(n).padStart(2, '0')}`,
      address: `安徽省亳州市谯城区花戏楼街道花园小区${n}栋`,
      stage: 'managed',
    },
    updatedAt: '2026-02-01T00:00:00.000Z',
  };
}

async function firstPull(count: number): Promise<FreshTables> {
  const fresh: FreshTables = { types: await emptyRecordTypes(), written: new Set(), deferSearchTokens: true };
  const records = Array.from({ length: count }, (_, i) => household(i + 1));
  await applyPulledPage(records.slice(0, 5), '5', OWNER, undefined, fresh);
  await applyPulledPage(records.slice(5), String(count), OWNER, '5', fresh);
  return fresh;
}

describe('the search index of a first pull', () => {
  it('is left to build after the pull, and built completely a chunk at a time', async () => {
    await firstPull(12);
    expect(await searchIndexPending()).toBe(true);
    expect(await db.households.where('searchTokens').startsWith('张').count()).toBe(0);
    // The list's counts are there at once.
    expect((await localSummary()).households).toBe(12);

    await buildSearchIndex(5);
    expect(await searchIndexPending()).toBe(false);
    const rows = await db.households.toArray();
    expect(rows).toHaveLength(12);
    for (const row of rows) expect(row.searchTokens).toEqual(householdSearchTokens(row.data));
    expect(await db.households.where('searchTokens').startsWith('花园小区12栋').primaryKeys()).toEqual([
      'hh-012',
    ]);
    expect((await localSummary()).households).toBe(12);
    expect(await getMeta('householdCounts')).toEqual({ all: 12, 'stage:managed': 12 });
  });

  it('keeps the ID number index during the pull: a number already on the tablet is found at once', async () => {
    await firstPull(3);
    const found = await householdsHoldingIds(['341602198003120002'], 'another');
    expect([...found.values()].flat().map((match) => match.householdId)).toEqual(['hh-002']);
  });

  it('keeps what was edited meanwhile, and a household edited during the build has its tokens', async () => {
    await firstPull(12);
    await saveFields('household', 'hh-011', UNIT, { headName: '李四' });
    await buildSearchIndex(5);
    const edited = await db.households.get('hh-011');
    expect(edited?.data.headName).toBe('李四');
    expect(edited?.pending).toBe(1);
    expect(await db.households.where('searchTokens').equals('李四').primaryKeys()).toEqual(['hh-011']);
  });

  it('starts again from the first key when a later first pull adds households without tokens', async () => {
    const fresh = await firstPull(6);
    await setMeta('searchTokensPending', { after: 'hh-004' });
    await applyPulledPage(
      [household(1)].map((r) => ({ ...r, id: 'hh-000', rev: 7 })),
      '7',
      OWNER,
      '6',
      fresh,
    );
    expect(await getMeta('searchTokensPending')).toEqual({ after: '' });
    await buildSearchIndex();
    expect(await db.households.filter((row) => row.searchTokens === undefined).count()).toBe(0);
  });

  it('is not deferred by a pull into a tablet that already holds households', async () => {
    await db.households.put({
      id: 'mine',
      rev: 1,
      unitId: UNIT,
      deleted: 0,
      data: { headName: '王五' },
      updatedAt: '2026-01-01T00:00:00.000Z',
      pending: 0,
    });
    await firstPull(3);
    expect(await searchIndexPending()).toBe(false);
    expect(await db.households.where('searchTokens').startsWith('张').count()).toBe(3);
  });
});
