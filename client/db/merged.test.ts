import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { SyncedRecord } from '../../shared/sync/protocol';
import { db } from './database';
import { mergeTargetOf } from './merged';
import { getMeta, setMeta } from './meta';
import { saveFields } from './records';
import { applyPulledPage } from './sync-pull';
import type { LocalRecord } from './types';

const UNIT = '341602001001';
const OTHER_UNIT = '341621001001';
const OWNER = 'u-grid';
const MERGED = '11111111-1111-4111-8111-111111111111';
const SURVIVOR = '22222222-2222-4222-8222-222222222222';
const UNRELATED = '33333333-3333-4333-8333-333333333333';
const MEMBER = '44444444-4444-4444-8444-444444444444';
const EDITED_MEMBER = '55555555-5555-4555-8555-555555555555';
const VISIT = '66666666-6666-4666-8666-666666666666';
const PHOTO = '77777777-7777-4777-8777-777777777777';
const OTHER_MEMBER = '88888888-8888-4888-8888-888888888888';

beforeEach(async () => {
  await Promise.all(db.tables.map((table) => table.clear()));
  await setMeta('owner', { userId: OWNER, username: 'grid', displayName: '刘网格' });
});

function record(partial: Partial<SyncedRecord> & Pick<SyncedRecord, 'type' | 'id' | 'rev'>): SyncedRecord {
  return { unitId: UNIT, deleted: false, data: {}, updatedAt: '2026-02-01T00:00:00.000Z', ...partial };
}

function tombstone(rev: number, data: SyncedRecord['data'] = { mergedInto: SURVIVOR }): SyncedRecord {
  return record({
    type: 'household',
    id: MERGED,
    rev,
    deleted: true,
    data,
    updatedAt: '2026-03-01T08:00:00.000Z',
  });
}

/** The merged-away household with a member, a visit and a photo, all synced, and an unrelated household. */
async function seedMergedHousehold(): Promise<void> {
  await applyPulledPage(
    [
      record({ type: 'household', id: MERGED, rev: 1, data: { headName: '张建国' } }),
      record({ type: 'member', id: MEMBER, rev: 2, data: { householdId: MERGED, name: '张小' } }),
      record({ type: 'member', id: EDITED_MEMBER, rev: 3, data: { householdId: MERGED, name: '张二' } }),
      record({ type: 'visit', id: VISIT, rev: 4, data: { householdId: MERGED, status: 'final' } }),
      record({ type: 'attachment', id: PHOTO, rev: 5, data: { householdId: MERGED, sha256: 'ab' } }),
      record({ type: 'household', id: UNRELATED, rev: 6, data: { headName: '李梅' } }),
      record({ type: 'member', id: OTHER_MEMBER, rev: 7, data: { householdId: UNRELATED, name: '李小' } }),
    ],
    '7',
    OWNER,
  );
}

async function ids(table: typeof db.members): Promise<string[]> {
  return (await table.toArray()).map((row: LocalRecord) => row.id).sort();
}

describe('a merged household tombstone', () => {
  it('across units: remembers the merge and drops the children nothing waits for', async () => {
    await seedMergedHousehold();
    // An edit of one member is still waiting to be pushed: that member stays.
    await saveFields('member', EDITED_MEMBER, UNIT, { name: '张二妹' }, { householdId: MERGED });

    await applyPulledPage([tombstone(20)], '20', OWNER);

    expect(await db.households.get(MERGED)).toBeUndefined();
    expect(await ids(db.members)).toEqual([EDITED_MEMBER, OTHER_MEMBER].sort());
    expect(await db.visits.count()).toBe(0);
    expect(await db.attachments.count()).toBe(0);
    expect((await db.members.get(EDITED_MEMBER))?.data.name).toBe('张二妹');
    expect(await db.outbox.where('recordId').equals(EDITED_MEMBER).count()).toBe(1);

    expect(await getMeta('mergedHouseholds')).toEqual({
      [MERGED]: { survivorId: SURVIVOR, mergedAt: '2026-03-01T08:00:00.000Z' },
    });
    // The survivor is filed in another unit: not on this tablet.
    expect(await mergeTargetOf(MERGED)).toEqual({
      survivorId: SURVIVOR,
      mergedAt: '2026-03-01T08:00:00.000Z',
      survivor: null,
    });
    expect(await mergeTargetOf(UNRELATED)).toBeNull();
    expect(await mergeTargetOf('constructor')).toBeNull();
  });

  it('within scope: children moved to the survivor arrive as updates and stay', async () => {
    await seedMergedHousehold();
    await applyPulledPage(
      [record({ type: 'household', id: SURVIVOR, rev: 8, data: { headName: '张建国' } })],
      '8',
      OWNER,
    );
    // The merge moved the member and the visit (lower revs than the tombstone, so in the same page or
    // an earlier one); the photo was edited on the survivor's side after the merge and comes later.
    await applyPulledPage(
      [
        record({ type: 'member', id: MEMBER, rev: 10, data: { householdId: SURVIVOR, name: '张小' } }),
        record({ type: 'member', id: EDITED_MEMBER, rev: 11, data: { householdId: SURVIVOR, name: '张二' } }),
        record({ type: 'visit', id: VISIT, rev: 12, data: { householdId: SURVIVOR, status: 'final' } }),
        tombstone(14),
      ],
      '14',
      OWNER,
    );
    expect((await db.members.get(MEMBER))?.householdId).toBe(SURVIVOR);
    expect((await db.members.get(EDITED_MEMBER))?.householdId).toBe(SURVIVOR);
    expect((await db.visits.get(VISIT))?.householdId).toBe(SURVIVOR);
    // Still under the merged-away household when the tombstone came, with nothing waiting: dropped ...
    expect(await db.attachments.get(PHOTO)).toBeUndefined();
    // ... and back, under the survivor, with its newer version.
    await applyPulledPage(
      [
        record({
          type: 'attachment',
          id: PHOTO,
          rev: 15,
          unitId: UNIT,
          data: { householdId: SURVIVOR, sha256: 'ab' },
        }),
      ],
      '15',
      OWNER,
    );
    expect((await db.attachments.get(PHOTO))?.householdId).toBe(SURVIVOR);

    const target = await mergeTargetOf(MERGED);
    expect(target?.survivorId).toBe(SURVIVOR);
    expect(target?.survivor?.data.headName).toBe('张建国');
  });

  it('follows a chain of merges to the household that holds the file now', async () => {
    const third = '99999999-9999-4999-8999-999999999999';
    await applyPulledPage(
      [
        tombstone(20),
        record({ type: 'household', id: SURVIVOR, rev: 21, deleted: true, data: { mergedInto: third } }),
        record({ type: 'household', id: third, rev: 22, unitId: OTHER_UNIT, data: { headName: '王五' } }),
      ],
      '22',
      OWNER,
    );
    const target = await mergeTargetOf(MERGED);
    expect(target?.survivorId).toBe(third);
    expect(target?.survivor?.data.headName).toBe('王五');
  });

  it('an ordinary tombstone keeps nothing and deletes no children', async () => {
    await seedMergedHousehold();
    await applyPulledPage([tombstone(20, {})], '20', OWNER);
    expect(await db.households.get(MERGED)).toBeUndefined();
    expect(await db.members.count()).toBe(3);
    expect(await getMeta('mergedHouseholds')).toBeUndefined();
    expect(await mergeTargetOf(MERGED)).toBeNull();
  });
});
