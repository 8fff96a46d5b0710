import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { Dexie } from 'dexie';
import { beforeEach, describe, expect, it } from 'vitest';
import { BangfuDatabase, db } from './database';
import { addToCounts } from './household-counts';
import { getMeta } from './meta';
import { liveHouseholdCount } from './summary';
import type { HouseholdCounts, LocalRecord } from './types';

const STAGES = ['applied', 'returned', 'managed', 'exited'] as const;
const CATEGORIES = ['deep', 'relative', 'accident'] as const;

function household(id: string, stage: string, category: string, pending: 0 | 1, deleted: 0 | 1): LocalRecord {
  return {
    id,
    rev: 1,
    unitId: '341602001001',
    householdId: id,
    deleted,
    pending,
    data: { headName: `户${id}`, stage, category },
    updatedAt: '2026-11-01T08:00:00.000Z',
    searchTokens: [],
  };
}

async function countsFromScratch(): Promise<HouseholdCounts> {
  const counts: HouseholdCounts = {};
  await db.households.each((row) => addToCounts(counts, row));
  return counts;
}

async function keptCounts(): Promise<HouseholdCounts> {
  return (await getMeta('householdCounts')) ?? {};
}

const row = fc
  .record({
    id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
    stage: fc.constantFrom(...STAGES),
    category: fc.constantFrom(...CATEGORIES),
    pending: fc.constantFrom<0 | 1>(0, 1),
    deleted: fc.constantFrom<0 | 1>(0, 0, 0, 1),
  })
  .map((r) => household(r.id, r.stage, r.category, r.pending, r.deleted));

const operation = fc.oneof(
  fc.record({ op: fc.constant('put' as const), rows: fc.array(row, { minLength: 1, maxLength: 4 }) }),
  fc.record({ op: fc.constant('add' as const), row }),
  fc.record({ op: fc.constant('delete' as const), ids: fc.array(fc.constantFrom('a', 'b', 'c', 'x')) }),
  fc.record({ op: fc.constant('modify' as const), stage: fc.constantFrom(...STAGES) }),
  fc.record({ op: fc.constant('rollback' as const), row }),
  fc.record({ op: fc.constant('clear' as const) }),
);
type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;

async function apply(step: Operation): Promise<void> {
  switch (step.op) {
    case 'put':
      await db.households.bulkPut(step.rows);
      return;
    case 'add':
      // An add of an existing id fails and must count nothing.
      await db.households.add(step.row).catch(() => undefined);
      return;
    case 'delete':
      await db.households.bulkDelete(step.ids);
      return;
    case 'modify':
      await db.households
        .filter((r) => r.data.category === 'deep')
        .modify((r) => {
          r.data = { ...r.data, stage: step.stage };
          r.pending = 1;
        });
      return;
    case 'rollback':
      await db
        .transaction('rw', db.households, async () => {
          await db.households.put(step.row);
          throw new Error('the transaction fails after the write');
        })
        .catch(() => undefined);
      return;
    case 'clear':
      await db.households.clear();
      return;
  }
}

beforeEach(async () => {
  await Promise.all(db.tables.map((table) => table.clear()));
});

describe('household counts kept with every write', () => {
  it('always equal the counts of the rows, whatever mix of writes, failures and rollbacks', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { maxLength: 12 }), async (steps) => {
        await db.households.clear();
        for (const step of steps) await apply(step);
        expect(await keptCounts()).toEqual(await countsFromScratch());
      }),
      { numRuns: 60 },
    );
  });

  it('count live households by stage, category and unsynced flag, and leave no row after a wipe', async () => {
    await db.households.bulkPut([
      household('a', 'managed', 'deep', 0, 0),
      household('b', 'returned', 'deep', 1, 0),
      household('c', 'returned', 'relative', 0, 1),
    ]);
    expect(await keptCounts()).toEqual({
      all: 2,
      'stage:managed': 1,
      'stage:returned': 1,
      'category:deep': 2,
      'pending:1': 1,
      deleted: 1,
    });
    expect(await liveHouseholdCount()).toBe(2);
    await db.households.clear();
    expect(await getMeta('householdCounts')).toBeUndefined();
    expect(await liveHouseholdCount()).toBe(0);
  });
});

describe('a tablet database from before the kept counts', () => {
  it('counts its households once when it is upgraded', async () => {
    const name = `bangfu-counts-${crypto.randomUUID()}`;
    const old = new Dexie(name);
    old.version(2).stores({
      meta: 'key',
      households: 'id, unitId, householdId, pending, deleted, updatedAt, *searchTokens, [deleted+updatedAt]',
    });
    await old
      .table('households')
      .bulkPut([household('a', 'managed', 'deep', 0, 0), household('b', 'exited', 'deep', 1, 1)]);
    old.close();

    const upgraded = new BangfuDatabase(name);
    expect((await upgraded.meta.get('householdCounts'))?.value).toEqual({
      all: 1,
      'stage:managed': 1,
      'category:deep': 1,
      deleted: 1,
    });
    upgraded.close();
    await Dexie.delete(name);
  });
});
