import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { SyncedRecord } from '../../shared/sync/protocol';
import { db } from './database';
import { getMeta, setMeta } from './meta';
import { liveHouseholdCount } from './summary';
import { saveFields } from './records';
import { SyncOwnerChangedError, emptyRecordTypes, type FreshTables } from './sync-apply';
import { applyPulledPage } from './sync-pull';
import type { LocalRecord } from './types';

const UNIT = '341602001001';
const HH = '11111111-1111-4111-8111-111111111111';
const MEMBER = '33333333-3333-4333-8333-333333333333';

const OWNER = 'u-grid';

beforeEach(async () => {
  await Promise.all(db.tables.map((table) => table.clear()));
  await setMeta('owner', { userId: OWNER, username: 'grid', displayName: '刘网格' });
});

async function pull(records: SyncedRecord[], cursor: string): Promise<void> {
  await applyPulledPage(records, cursor, OWNER);
}

function record(partial: Partial<SyncedRecord> & Pick<SyncedRecord, 'type' | 'id' | 'rev'>): SyncedRecord {
  return { unitId: UNIT, deleted: false, data: {}, updatedAt: '2026-02-01T00:00:00.000Z', ...partial };
}

async function putSynced(id: string, data: Record<string, unknown>, rev = 7): Promise<void> {
  const row: LocalRecord = {
    id,
    rev,
    unitId: UNIT,
    deleted: 0,
    data,
    updatedAt: '2026-01-01T00:00:00.000Z',
    pending: 0,
  };
  await db.households.put(row);
}

describe('applyPulledPage', () => {
  it('writes nothing into the data of another account (signed out or switched during the pull)', async () => {
    await setMeta('owner', { userId: 'u-other', username: 'grid2', displayName: '周网格' });
    await expect(
      pull([record({ type: 'household', id: HH, rev: 41, data: { headName: '张三' } })], '41'),
    ).rejects.toThrow(SyncOwnerChangedError);
    expect(await db.households.count()).toBe(0);
    expect(await getMeta('syncCursor')).toBeUndefined();
  });

  it('stores records in their tables with the cursor, findable and filed under their household', async () => {
    await pull(
      [
        record({ type: 'household', id: HH, rev: 41, data: { headName: '张三', mobile: '13912345678' } }),
        record({ type: 'member', id: MEMBER, rev: 42, data: { householdId: HH, name: '李四' } }),
        record({ type: 'futureThing', id: 'x', rev: 43, data: { anything: 1 } }),
      ],
      '43',
    );
    expect(await db.households.get(HH)).toMatchObject({ rev: 41, pending: 0, deleted: 0 });
    expect(await db.households.where('searchTokens').startsWith('张三').count()).toBe(1);
    expect(await db.members.get(MEMBER)).toMatchObject({ householdId: HH, rev: 42 });
    expect(await getMeta('syncCursor')).toBe('43');
  });

  it('lays local waiting edits over the pulled version (server values for the other fields)', async () => {
    await putSynced(HH, { headName: '张三', mobile: '13912345678', address: '旧地址' });
    await saveFields('household', HH, UNIT, { mobile: '13800000000' });
    await pull(
      [
        record({
          type: 'household',
          id: HH,
          rev: 50,
          data: { headName: '张叁', mobile: '13912345678', address: '新地址' },
        }),
      ],
      '50',
    );
    expect(await db.households.get(HH)).toMatchObject({
      rev: 50,
      pending: 1,
      data: { headName: '张叁', mobile: '13800000000', address: '新地址' },
    });
    // The edit still says what the user saw, so the server can merge it three ways.
    const [change] = await db.outbox.toArray();
    expect(change?.kind === 'record' && change.fields).toEqual({
      mobile: { from: '13912345678', to: '13800000000' },
    });
  });

  it('deletes on a tombstone, unless the tablet still holds an edit of the record', async () => {
    const OTHER = '44444444-4444-4444-8444-444444444444';
    await putSynced(HH, { headName: '张三' });
    await putSynced(OTHER, { headName: '王五' });
    await saveFields('household', OTHER, UNIT, { headName: '王伍' });
    await pull(
      [
        record({ type: 'household', id: HH, rev: 60, deleted: true }),
        record({ type: 'household', id: OTHER, rev: 61, deleted: true }),
      ],
      '61',
    );
    expect(await db.households.get(HH)).toBeUndefined();
    expect(await db.households.get(OTHER)).toMatchObject({
      deleted: 0,
      pending: 1,
      data: { headName: '王伍' },
    });
  });

  it('ignores a version older than the one the tablet already has', async () => {
    await putSynced(HH, { headName: '新' }, 70);
    await pull([record({ type: 'household', id: HH, rev: 65, data: { headName: '旧' } })], '70');
    expect((await db.households.get(HH))?.data.headName).toBe('新');
  });

  it('files conflicts, comments and case events, and removes their tombstones', async () => {
    const conflictId = '55555555-5555-4555-8555-555555555555';
    await pull(
      [
        record({
          type: 'conflict',
          id: conflictId,
          rev: 80,
          data: {
            recordType: 'household',
            recordId: HH,
            householdId: HH,
            field: 'headName',
            baseValue: '张三',
            serverValue: '张叁',
            clientValue: '张珊',
            clientUserId: 'u-grid',
            clientUserName: '刘网格',
            deviceId: null,
            changeId: null,
            createdAt: '2026-02-02T03:04:05.000Z',
            status: 'open',
          },
        }),
        record({
          type: 'comment',
          id: 'c1',
          rev: 81,
          data: { householdId: HH, title: '退回补正', createdAt: '2026-02-03T00:00:00.000Z' },
        }),
        record({
          type: 'caseEvent',
          id: 'e1',
          rev: 82,
          data: { householdId: HH, at: '2026-02-04T00:00:00.000Z' },
        }),
      ],
      '82',
    );
    expect(await db.conflicts.get(conflictId)).toMatchObject({
      type: 'household',
      recordId: HH,
      householdId: HH,
    });
    expect(await db.comments.get('c1')).toMatchObject({
      householdId: HH,
      createdAt: '2026-02-03T00:00:00.000Z',
    });
    expect(await db.caseEvents.get('e1')).toMatchObject({ createdAt: '2026-02-04T00:00:00.000Z' });
    await pull([record({ type: 'comment', id: 'c1', rev: 90, deleted: true })], '90');
    expect(await db.comments.get('c1')).toBeUndefined();
  });

  it('stores the cursor of an empty page: the first one, and one that moved past out-of-scope changes', async () => {
    // A tablet whose first pull finds nothing has still synced (the wiped-tablet check looks for this).
    await applyPulledPage([], '0', OWNER, undefined);
    expect(await getMeta('syncCursor')).toBe('0');
    await applyPulledPage([], '0', OWNER, '0');
    expect(await getMeta('syncCursor')).toBe('0');
    await applyPulledPage([], '95', OWNER, '0');
    expect(await getMeta('syncCursor')).toBe('95');
    await setMeta('owner', { userId: 'u-other', username: 'grid2', displayName: '周网格' });
    await expect(applyPulledPage([], '99', OWNER, '95')).rejects.toThrow(SyncOwnerChangedError);
    expect(await getMeta('syncCursor')).toBe('95');
  });
});

describe("a tablet's first pull", () => {
  async function firstPull(): Promise<FreshTables> {
    return { types: await emptyRecordTypes(), written: new Set() };
  }

  /** One page holding the household HH at `rev`, pulled by the first pull `fresh`. */
  async function pullHousehold(fresh: FreshTables, rev: number, headName: string, since?: string) {
    await applyPulledPage(
      [record({ type: 'household', id: HH, rev, data: { headName } })],
      String(rev),
      OWNER,
      since,
      fresh,
    );
  }

  it('adds what it pulls into empty tables, and takes a newer version of a record it already added', async () => {
    const fresh = await firstPull();
    expect(fresh.types.has('household')).toBe(true);
    await pullHousehold(fresh, 41, '张三');
    // The record changed on the server while the pull went on: a later page carries it again.
    await pullHousehold(fresh, 45, '张叁', '41');
    expect(await db.households.get(HH)).toMatchObject({ rev: 45, data: { headName: '张叁' }, pending: 0 });
    expect(await liveHouseholdCount()).toBe(1);
    expect(await getMeta('syncCursor')).toBe('45');
  });

  it('keeps a household the worker created during the pull, and its waiting change', async () => {
    const fresh = await firstPull();
    await saveFields('household', MEMBER, UNIT, { headName: '王五' });
    await pullHousehold(fresh, 41, '张三');
    expect(await db.households.get(MEMBER)).toMatchObject({
      rev: null,
      pending: 1,
      data: { headName: '王五' },
    });
    expect(await db.outbox.count()).toBe(1);
    expect(await liveHouseholdCount()).toBe(2);
  });

  it('looks for local copies in a table that was not empty', async () => {
    await putSynced(HH, { headName: '张三' }, 50);
    const fresh = await firstPull();
    expect(fresh.types.has('household')).toBe(false);
    await pullHousehold(fresh, 41, '旧名字');
    expect(await db.households.get(HH)).toMatchObject({ rev: 50, data: { headName: '张三' } });
  });
});
