import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { db } from './database';
import { deviceId, getMeta, setMeta } from './meta';
import { countUnsynced } from './outbox';
import { createRecord, deleteRecord, queueCommand, RecordDeletedError, saveFields } from './records';
import { normalizeSearchQuery } from './search-tokens';
import { clearLocalStorage, saveSession, wipeLocalData } from './session';
import type { LocalRecord, OutboxRow, RecordChange } from './types';

const UNIT = '341602001001';

beforeEach(async () => {
  await Promise.all(db.tables.map((table) => table.clear()));
});

async function outbox(): Promise<OutboxRow[]> {
  return db.outbox.orderBy('seq').toArray();
}

async function onlyChange(): Promise<RecordChange> {
  const rows = await outbox();
  expect(rows).toHaveLength(1);
  const row = rows[0];
  if (row?.kind !== 'record') throw new Error('expected one record change');
  return row;
}

/** A household as the sync engine stores it after a pull: synced, nothing pending. */
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

describe('saveFields', () => {
  it('creates a record and queues its creation with from = null', async () => {
    const row = await saveFields('household', 'h1', UNIT, { name: '张三', mobile: '13912345678' });
    expect(row).toMatchObject({ id: 'h1', rev: null, unitId: UNIT, deleted: 0, pending: 1 });
    const change = await onlyChange();
    expect(change).toMatchObject({
      kind: 'record',
      type: 'household',
      recordId: 'h1',
      op: 'upsert',
      baseRev: null,
    });
    expect(change.state).toBe('pending');
    expect(change.fields).toEqual({
      name: { from: null, to: '张三' },
      mobile: { from: null, to: '13912345678' },
    });
  });

  it('coalesces edits into one change: the first from, the newest to', async () => {
    await putSynced('h1', { name: '张三', address: '花戏楼街道' });
    await saveFields('household', 'h1', UNIT, { name: '张' });
    await saveFields('household', 'h1', UNIT, { name: '张四' });
    await saveFields('household', 'h1', UNIT, { address: '花戏楼街道1号' });
    const change = await onlyChange();
    expect(change.baseRev).toBe(7);
    expect(change.fields).toEqual({
      name: { from: '张三', to: '张四' },
      address: { from: '花戏楼街道', to: '花戏楼街道1号' },
    });
    expect((await db.households.get('h1'))?.data).toEqual({ name: '张四', address: '花戏楼街道1号' });
  });

  it('drops a field edited back, and the whole change when nothing is left', async () => {
    await putSynced('h1', { name: '张三', mobile: '13912345678' });
    await saveFields('household', 'h1', UNIT, { name: '李四', mobile: '13800000000' });
    await saveFields('household', 'h1', UNIT, { name: '张三' });
    expect((await onlyChange()).fields).toEqual({ mobile: { from: '13912345678', to: '13800000000' } });
    await saveFields('household', 'h1', UNIT, { mobile: '13912345678' });
    expect(await outbox()).toEqual([]);
    expect((await db.households.get('h1'))?.pending).toBe(0);
  });

  it('keeps the creation of a never-synced record even when its fields are edited back', async () => {
    await saveFields('household', 'h1', UNIT, { name: '张三' });
    await saveFields('household', 'h1', UNIT, { name: null });
    const change = await onlyChange();
    expect(change.fields).toEqual({});
    expect((await db.households.get('h1'))?.pending).toBe(1);
  });

  it('never merges into a change that is being sent', async () => {
    await putSynced('h1', { name: '张三' });
    await saveFields('household', 'h1', UNIT, { name: '李四' });
    const first = await onlyChange();
    await db.outbox.update(first.seq, { state: 'inflight' });
    await saveFields('household', 'h1', UNIT, { name: '王五' });
    const rows = await outbox();
    expect(rows.map((row) => row.state)).toEqual(['inflight', 'pending']);
    expect(rows[1]?.kind === 'record' && rows[1].fields).toEqual({ name: { from: '李四', to: '王五' } });
  });

  it('writes nothing when the edit changes nothing', async () => {
    await putSynced('h1', { name: '张三' });
    await saveFields('household', 'h1', UNIT, { name: '张三', idNumber: undefined });
    expect(await outbox()).toEqual([]);
    expect((await db.households.get('h1'))?.updatedAt).toBe('2026-01-01T00:00:00.000Z');
  });

  it('refuses to edit a deleted record and leaves the outbox as it was', async () => {
    await putSynced('h1', { name: '张三' });
    await deleteRecord('household', 'h1');
    const before = await outbox();
    await expect(saveFields('household', 'h1', UNIT, { name: '李四' })).rejects.toBeInstanceOf(
      RecordDeletedError,
    );
    expect(await outbox()).toEqual(before);
  });

  it('files members under their household', async () => {
    const member = await createRecord('member', UNIT, { householdId: 'h1', name: '张小三' });
    expect(member.householdId).toBe('h1');
    expect(await db.members.where('householdId').equals('h1').count()).toBe(1);
  });

  it('keeps households findable by name, ID number tail, phone and a piece of the address', async () => {
    await saveFields('household', 'h1', UNIT, {
      headName: '张三丰',
      headIdNumber: '34160219800101001X',
      mobile: '13912345678',
      address: '花戏楼街道 花园小区3栋',
    });
    await saveFields('household', 'h2', UNIT, { headName: '李四', address: '涡阳县城关镇' });
    const find = async (query: string) =>
      (
        await db.households
          .where('searchTokens')
          .startsWith(normalizeSearchQuery(query))
          .distinct()
          .primaryKeys()
      ).sort();
    expect(await find('张三')).toEqual(['h1']);
    expect(await find('三丰')).toEqual(['h1']);
    expect(await find('01001x')).toEqual(['h1']);
    expect(await find('5678')).toEqual(['h1']);
    expect(await find('花园小区')).toEqual(['h1']);
    expect(await find('城关')).toEqual(['h2']);
    expect(await find('王')).toEqual([]);
    await saveFields('household', 'h1', UNIT, { headName: '王五' });
    expect(await find('张三')).toEqual([]);
    expect(await find('王')).toEqual(['h1']);
  });

  it('describes exactly the difference between the server copy and the local copy (property)', async () => {
    const keys = ['name', 'mobile', 'stage'] as const;
    const value = fc.oneof(fc.constant(null), fc.constantFrom('甲', '乙', '丙'));
    const edit = fc.record({ key: fc.constantFrom(...keys), value });
    await fc.assert(
      fc.asyncProperty(
        fc.record({ name: value, mobile: value, stage: value }),
        fc.array(edit, { maxLength: 12 }),
        async (base, edits) => {
          await Promise.all(db.tables.map((table) => table.clear()));
          await putSynced('h1', base);
          for (const { key, value: to } of edits) await saveFields('household', 'h1', UNIT, { [key]: to });
          const local = (await db.households.get('h1'))?.data ?? {};
          const rows = await outbox();
          expect(rows.length).toBeLessThanOrEqual(1);
          const fields = rows[0]?.kind === 'record' ? rows[0].fields : {};
          for (const key of keys) {
            const change = fields[key];
            if (change) {
              expect(change.from).toEqual(base[key]);
              expect(change.to).toEqual(local[key]);
              expect(change.to).not.toEqual(change.from);
            } else {
              expect(local[key]).toEqual(base[key]);
            }
          }
          expect((await db.households.get('h1'))?.pending).toBe(rows.length > 0 ? 1 : 0);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('deleteRecord', () => {
  it('lets a never-synced record vanish with its queued changes', async () => {
    const row = await createRecord('visit', UNIT, { householdId: 'h1', findings: '家中有病人' });
    await deleteRecord('visit', row.id);
    expect(await db.visits.get(row.id)).toBeUndefined();
    expect(await outbox()).toEqual([]);
  });

  it('replaces the waiting edits of a synced record with one delete', async () => {
    await putSynced('h1', { name: '张三' }, 3);
    await saveFields('household', 'h1', UNIT, { name: '李四' });
    await deleteRecord('household', 'h1');
    const change = await onlyChange();
    expect(change).toMatchObject({ op: 'delete', baseRev: 3, fields: {}, recordId: 'h1' });
    expect(await db.households.get('h1')).toMatchObject({ deleted: 1, pending: 1 });
  });
});

describe('queueCommand', () => {
  it('queues every command separately, after the edits made before it', async () => {
    await putSynced('h1', { name: '张三' }, 4);
    await saveFields('household', 'h1', UNIT, { name: '李四' });
    await queueCommand('h1', 'submitVisit', { visitId: 'v1' });
    await queueCommand('h1', 'submitVisit', { visitId: 'v2' });
    const rows = await outbox();
    expect(rows.map((row) => row.kind)).toEqual(['record', 'command', 'command']);
    expect(rows[1]).toMatchObject({
      type: 'submitVisit',
      recordId: 'h1',
      unitId: UNIT,
      baseRev: 4,
      payload: { visitId: 'v1' },
    });
    expect(new Set(rows.map((row) => row.changeId)).size).toBe(3);
    expect(await countUnsynced()).toBe(3);
  });
});

describe('device and wipe', () => {
  it('keeps one device id', async () => {
    const first = await deviceId();
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(await deviceId()).toBe(first);
  });

  it('wipes every table but keeps the device id', async () => {
    const id = await deviceId();
    await saveFields('household', 'h1', UNIT, { name: '张三' });
    await setMeta('syncCursor', 'c1');
    await saveSession({
      token: 't',
      expiresAt: '2026-12-01T00:00:00.000Z',
      user: {
        id: 'u1',
        username: 'grid',
        displayName: '网格员',
        role: 'grid_worker',
        unitId: UNIT,
        unitName: '花戏楼社区第一网格',
        unitLevel: 'grid',
        unitPath: '341600/341602/341602001/341602001001',
      },
      deviceId: id,
      pin: { salt: 's', hash: 'h', iterations: 1 },
      pinFailures: 0,
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    expect(await getMeta('owner')).toMatchObject({ userId: 'u1' });
    await wipeLocalData();
    for (const table of db.tables) {
      if (table.name !== 'meta') expect(await table.count(), table.name).toBe(0);
    }
    expect(await db.meta.toArray()).toEqual([{ key: 'deviceId', value: id }]);
  });

  it('removes the app’s localStorage keys (the autosave journal) and leaves other sites’ keys', () => {
    const items = new Map<string, string>([
      ['bangfu:autosave-journal:1', '[{"patch":{"headName":"张三"}}]'],
      ['bangfu:autosave-journal:2', '[]'],
      ['other-app', 'keep'],
    ]);
    const storage = {
      get length() {
        return items.size;
      },
      key: (i: number) => [...items.keys()][i] ?? null,
      getItem: (key: string) => items.get(key) ?? null,
      setItem: (key: string, value: string) => void items.set(key, value),
      removeItem: (key: string) => void items.delete(key),
      clear: () => items.clear(),
    } satisfies Storage;
    clearLocalStorage(storage);
    expect([...items.keys()]).toEqual(['other-app']);
  });
});
