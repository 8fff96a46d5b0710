import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { db } from './database';
import { setMeta } from './meta';
import { withCheckChar } from '../../shared/domain/test-fixtures';
import { createRecord, saveFields } from './records';
import { applyPushResults, takeBatch } from './sync-store';
import { discardRejected, listRejected, queueConflictResolution, resendRejected } from './sync-review';
import type { ConflictRow, LocalRecord, OutboxRow, RecordChange } from './types';

const UNIT = '341602001001';
const HH = '11111111-1111-4111-8111-111111111111';
const AUTHOR = { userId: 'u-grid', userName: '刘网格', deviceId: '00000000-0000-4000-8000-000000000001' };

beforeEach(async () => {
  await Promise.all(db.tables.map((table) => table.clear()));
  await setMeta('owner', { userId: 'u-grid', username: 'grid', displayName: '刘网格' });
});

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

/** A well-formed ID number the server refuses for a reason the tablet cannot know (already filed). */
const FILED_ELSEWHERE = withCheckChar('34160219800101002');

/** Sends everything and has the server refuse it all. */
async function refuseAll(message = '户主身份证号已在其他家庭建档'): Promise<void> {
  const batch = await takeBatch(0, { maxCount: 500, maxBytes: 1e6 }, (row) => ({
    ok: true,
    change: row,
    bytes: 1,
  }));
  await applyPushResults(
    batch.rows,
    batch.rows.map((row) => ({
      changeId: row.changeId,
      status: 'rejected',
      error: { code: 'invalid_data', message },
    })),
    AUTHOR,
  );
}

async function outbox(): Promise<OutboxRow[]> {
  return db.outbox.orderBy('seq').toArray();
}

describe('refused changes', () => {
  it('lists them with their record and reason', async () => {
    await putSynced(HH, { headName: '张三' });
    await saveFields('household', HH, UNIT, { headIdNumber: FILED_ELSEWHERE });
    await refuseAll();
    const [refused] = await listRejected();
    expect(refused?.row.error).toBe('户主身份证号已在其他家庭建档');
    expect(refused?.record?.data.headName).toBe('张三');
  });

  it('resends after a fix as one new change from the server value to the corrected one', async () => {
    await putSynced(HH, { headName: '张三', headIdNumber: null });
    await saveFields('household', HH, UNIT, { headIdNumber: FILED_ELSEWHERE });
    await refuseAll();
    const [before] = await outbox();
    // The user corrects the field in the form: a new waiting change, separate from the refused one.
    await saveFields('household', HH, UNIT, { headIdNumber: '34160219800101001X' });
    expect(await outbox()).toHaveLength(2);
    if (!before) throw new Error('no refused row');
    await resendRejected(before.seq);
    const rows = await outbox();
    expect(rows).toHaveLength(1);
    const change = rows[0] as RecordChange;
    expect(change.state).toBe('pending');
    expect(change.error).toBeUndefined();
    expect(change.changeId).not.toBe(before.changeId);
    expect(change.fields).toEqual({ headIdNumber: { from: null, to: '34160219800101001X' } });
    // Later edits go into this change again.
    await saveFields('household', HH, UNIT, { headName: '张叁' });
    expect(await outbox()).toHaveLength(1);
  });

  it('discards: the fields return to the value before the change, a never-accepted record disappears', async () => {
    await putSynced(HH, { headName: '张三', mobile: '13912345678' });
    await saveFields('household', HH, UNIT, { mobile: '13800000000', headName: '张叁' });
    const created = await createRecord('household', UNIT, { headName: '新户' });
    await refuseAll();
    const [first, second] = await outbox();
    if (!first || !second) throw new Error('rows missing');
    await saveFields('household', HH, UNIT, { headName: '张珊' });
    await discardRejected(first.seq);
    await discardRejected(second.seq);
    // headName has a later waiting edit: it stays; mobile goes back.
    expect((await db.households.get(HH))?.data).toEqual({ headName: '张珊', mobile: '13912345678' });
    expect(await db.households.get(created.id)).toBeUndefined();
    expect((await outbox()).map((row) => row.state)).toEqual(['pending']);
  });
});

describe('conflict decisions', () => {
  const conflictId = '22222222-2222-4222-8222-222222222222';
  async function putConflict(field = 'headName'): Promise<void> {
    const row: ConflictRow = {
      id: conflictId,
      type: 'household',
      recordId: HH,
      householdId: HH,
      unitId: UNIT,
      createdAt: '2026-02-01T00:00:00.000Z',
      data: { field, status: 'open', baseValue: '张三', serverValue: '张叁', clientValue: '张珊' },
    };
    await db.conflicts.put(row);
  }

  it('queues the decision as a change and shows the chosen value at once', async () => {
    await putSynced(HH, { headName: '张叁' }, 45);
    await putConflict();
    await queueConflictResolution(conflictId, '张珊');
    await queueConflictResolution(conflictId, '张杉');
    const rows = await outbox();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      kind: 'resolveConflict',
      conflictId,
      field: 'headName',
      value: '张杉',
      baseRev: 45,
    });
    expect(await db.households.get(HH)).toMatchObject({ pending: 1, data: { headName: '张杉' } });
  });

  it('deletes or keeps the record for an edit-against-delete conflict', async () => {
    await putSynced(HH, { headName: '张三' }, 45);
    await putConflict('$deleted');
    await queueConflictResolution(conflictId, true);
    expect((await db.households.get(HH))?.deleted).toBe(1);
    await queueConflictResolution(conflictId, false);
    expect((await db.households.get(HH))?.deleted).toBe(0);
  });
});
