import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { beforeEach, describe, expect, it } from 'vitest';
import type { SyncedRecord } from '../../shared/sync/protocol';
import { BangfuDatabase, db } from './database';
import { householdFindings, householdsHoldingIds, householdsWithOpenFindings } from './identity';
import { setMeta } from './meta';
import { createRecord, deleteRecord, saveFields } from './records';
import { applyPulledPage } from './sync-pull';

const UNIT = '341602001001';
const OWNER = 'u-grid';
const HEAD_ID = '34160219800101123X';
const MEMBER_ID = '341602198501011236';
const HH_A = '11111111-1111-4111-8111-111111111111';
const HH_B = '22222222-2222-4222-8222-222222222222';

beforeEach(async () => {
  await Promise.all(db.tables.map((table) => table.clear()));
  await setMeta('owner', { userId: OWNER, username: 'grid', displayName: '刘网格' });
});

function record(partial: Partial<SyncedRecord> & Pick<SyncedRecord, 'type' | 'id' | 'rev'>): SyncedRecord {
  return { unitId: UNIT, deleted: false, data: {}, updatedAt: '2026-02-01T00:00:00.000Z', ...partial };
}

function findingData(status: 'open' | 'merged' | 'not_duplicate', householdId = HH_A) {
  return {
    householdId,
    kind: 'same_id',
    evidence: ['id_number'],
    status,
    message: '户主身份证号 3416…123X 已在涡阳县城关街道建档（县总审核中）：本户暂停办理，待县总核实',
    createdAt: '2026-02-03T00:00:00.000Z',
    resolvedAt: status === 'open' ? null : '2026-02-04T00:00:00.000Z',
    resolutionText: status === 'open' ? null : '不是重复：同名不同人',
    survivorId: null,
  };
}

describe('householdsHoldingIds', () => {
  it('finds another household’s head and member by the normalised number, never the household itself', async () => {
    await saveFields('household', HH_A, UNIT, {
      headName: '张建国',
      headIdNumber: HEAD_ID,
      address: '花戏楼街道花园小区3栋',
    });
    await saveFields('household', HH_B, UNIT, { headName: '李梅' });
    await createRecord(
      'member',
      UNIT,
      { householdId: HH_B, name: '李小', idNumber: MEMBER_ID },
      { householdId: HH_B },
    );

    const found = await householdsHoldingIds([` ${HEAD_ID.toLowerCase()} `, MEMBER_ID, null], HH_B);
    expect(found.get(HEAD_ID)).toEqual([
      {
        householdId: HH_A,
        role: 'head',
        personName: '张建国',
        headName: '张建国',
        address: '花戏楼街道花园小区3栋',
      },
    ]);
    // The member is in the household being edited: not a match.
    expect(found.get(MEMBER_ID)).toBeUndefined();

    // A household whose member repeats its head's number is named once, as the head's.
    await createRecord('member', UNIT, { householdId: HH_A, idNumber: HEAD_ID }, { householdId: HH_A });
    expect((await householdsHoldingIds([HEAD_ID], HH_B)).get(HEAD_ID)).toHaveLength(1);

    const fromA = await householdsHoldingIds([MEMBER_ID], HH_A);
    expect(fromA.get(MEMBER_ID)).toEqual([
      { householdId: HH_B, role: 'member', personName: '李小', headName: '李梅', address: null },
    ]);
  });

  it('follows edits and deletes, and indexes pulled records', async () => {
    await saveFields('household', HH_A, UNIT, { headName: '张建国', headIdNumber: HEAD_ID });
    expect((await householdsHoldingIds([HEAD_ID], HH_B)).size).toBe(1);
    await saveFields('household', HH_A, UNIT, { headIdNumber: null });
    expect((await householdsHoldingIds([HEAD_ID], HH_B)).size).toBe(0);
    await saveFields('household', HH_A, UNIT, { headIdNumber: HEAD_ID });
    await deleteRecord('household', HH_A);
    expect((await householdsHoldingIds([HEAD_ID], HH_B)).size).toBe(0);

    await applyPulledPage(
      [
        record({ type: 'household', id: HH_B, rev: 5, data: { headName: '李梅' } }),
        record({ type: 'member', id: 'm-1', rev: 6, data: { householdId: HH_B, idNumber: MEMBER_ID } }),
      ],
      '6',
      OWNER,
    );
    expect((await householdsHoldingIds([MEMBER_ID], 'elsewhere')).get(MEMBER_ID)?.[0]).toMatchObject({
      householdId: HH_B,
      role: 'member',
    });
  });
});

describe('duplicate findings', () => {
  it('are pulled into their table, open first, and leave with their tombstone', async () => {
    await applyPulledPage(
      [
        record({ type: 'duplicateFinding', id: 'f-old', rev: 1, data: findingData('not_duplicate') }),
        record({ type: 'duplicateFinding', id: 'f-open', rev: 2, data: findingData('open') }),
        record({ type: 'duplicateFinding', id: 'f-bad', rev: 3, data: { householdId: HH_A } }),
      ],
      '3',
      OWNER,
    );
    expect((await householdFindings(HH_A)).map((f) => [f.id, f.status])).toEqual([
      ['f-open', 'open'],
      ['f-old', 'not_duplicate'],
    ]);
    expect(await householdsWithOpenFindings()).toEqual(new Set([HH_A]));

    await applyPulledPage(
      [record({ type: 'duplicateFinding', id: 'f-open', rev: 4, data: findingData('merged') })],
      '4',
      OWNER,
    );
    expect(await householdsWithOpenFindings()).toEqual(new Set());
    await applyPulledPage(
      [record({ type: 'duplicateFinding', id: 'f-open', rev: 5, deleted: true })],
      '5',
      OWNER,
    );
    expect((await householdFindings(HH_A)).map((f) => f.id)).toEqual(['f-old']);
  });
});

describe('a tablet database from before the ID number index', () => {
  it('indexes the ID numbers of its households and members when it is upgraded', async () => {
    const name = `bangfu-identity-${crypto.randomUUID()}`;
    const old = new Dexie(name);
    old.version(3).stores({
      meta: 'key',
      households: 'id, *searchTokens, [deleted+updatedAt]',
      members: 'id, householdId',
    });
    const row = (id: string, data: Record<string, unknown>, householdId: string | null = null) => ({
      id,
      rev: 1,
      unitId: UNIT,
      householdId,
      deleted: 0,
      pending: 0,
      updatedAt: '2026-01-01T00:00:00.000Z',
      data,
    });
    await old
      .table('households')
      .bulkPut([row(HH_A, { headName: '张建国', headIdNumber: HEAD_ID }), row(HH_B, {})]);
    await old
      .table('members')
      .put(row('m-1', { householdId: HH_B, idNumber: MEMBER_ID.toLowerCase() }, HH_B));
    old.close();

    const upgraded = new BangfuDatabase(name);
    expect(await upgraded.households.where('idKey').equals(HEAD_ID).primaryKeys()).toEqual([HH_A]);
    expect(await upgraded.members.where('idKey').equals(MEMBER_ID).primaryKeys()).toEqual(['m-1']);
    expect(await upgraded.duplicateFindings.count()).toBe(0);
    upgraded.close();
    await Dexie.delete(name);
  });
});
