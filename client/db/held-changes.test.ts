import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { sampleMember, withCheckChar } from '../../shared/domain/test-fixtures';
import { db } from './database';
import { recordHold, WAITS_FOR_HOUSEHOLD } from './held-changes';
import { setMeta } from './meta';
import { outboxWithStates } from './outbox';
import { createRecord, queueCommand, saveFields } from './records';
import { outboxCounts } from './outbox';
import { takeBatch, type EncodedRow } from './sync-store';
import { sealOutboxForBundle } from './sync-bundle';
import type { OutboxRow } from './types';

const UNIT = '341602001001';
const HH = '11111111-1111-4111-8111-111111111111';
const HEAD_ID = withCheckChar('34160219800312001');
const LIMITS = { maxCount: 500, maxBytes: 1_000_000 };
const anySize = (row: OutboxRow): EncodedRow<string> => ({ ok: true, change: row.changeId, bytes: 100 });

beforeEach(async () => {
  await Promise.all(db.tables.map((table) => table.clear()));
  await setMeta('owner', { userId: 'u-grid', username: 'grid', displayName: '刘网格' });
});

/** The outbox in seq order, each row with the state it has in effect (under the watermark: 'inflight'). */
async function outbox(): Promise<OutboxRow[]> {
  return outboxWithStates();
}

describe('recordHold: the server’s record check, run on the tablet', () => {
  it('names the field and says why in Chinese, for a birth date that disagrees with the ID number', () => {
    const member = sampleMember({ householdId: HH, birthDate: '2012-06-02' });
    expect(recordHold('member', { ...member })).toEqual({
      reason: '成员出生日期与身份证号中的出生日期（2012-06-01）不一致',
      field: 'birthDate',
    });
    expect(recordHold('member', { ...member, birthDate: '2012-06-01' })).toBeNull();
  });

  it('holds nothing for a draft that is merely incomplete, or for fields a newer server added', () => {
    expect(recordHold('household', { headName: '张建国' })).toBeNull();
    expect(recordHold('household', { headName: '张建国', fieldOfANewerServer: 1 })).toBeNull();
  });

  it('checks dates against the day it is given, as the server checks against its own', () => {
    expect(recordHold('visit', { visitDate: '2026-12-08' }, '2026-12-07')?.field).toBe('visitDate');
    expect(recordHold('visit', { visitDate: '2026-12-08' }, '2026-12-08')).toBeNull();
  });
});

describe('holding a change on the tablet when a push batch is taken', () => {
  it('keeps a change the server would refuse as 待修正 and sends the rest', async () => {
    await createRecord('household', UNIT, { headName: '张建国' }, { id: HH });
    const member = await createRecord('member', UNIT, {
      householdId: HH,
      name: '张小明',
      idNumber: withCheckChar('34160220120601003'),
      birthDate: '2012-07-01',
    });
    const batch = await takeBatch(0, LIMITS, anySize);
    expect(batch.rows.map((row) => row.recordId)).toEqual([HH]);
    expect(batch.onHold).toBe(1);
    const held = (await outbox()).find((row) => row.recordId === member.id);
    expect(held).toMatchObject({
      state: 'held',
      error: '成员出生日期与身份证号中的出生日期（2012-06-01）不一致',
      errorField: 'birthDate',
    });
    expect(await outboxCounts()).toEqual({ waiting: 1, held: 1, rejected: 0 });
  });

  it('sends the held change with the next take once the worker fixes the field, with no other step', async () => {
    const member = await createRecord('member', UNIT, {
      householdId: HH,
      idNumber: withCheckChar('34160220120601003'),
      birthDate: '2012-07-01',
    });
    await takeBatch(0, LIMITS, anySize);
    expect((await outbox())[0]?.state).toBe('held');
    // The fix lands in the held change (one change, not two) and clears the hold at once.
    await saveFields('member', member.id, UNIT, { birthDate: '2012-06-01' });
    const [row] = await outbox();
    expect(await outbox()).toHaveLength(1);
    expect(row).toMatchObject({ state: 'pending', fields: { birthDate: { from: null, to: '2012-06-01' } } });
    expect(row?.error).toBeUndefined();
    const next = await takeBatch(0, LIMITS, anySize);
    expect(next.rows.map((r) => r.recordId)).toEqual([member.id]);
    expect(next.onHold).toBe(0);
  });

  it('keeps the hold with the new reason when the edit does not fix it', async () => {
    const member = await createRecord('member', UNIT, {
      householdId: HH,
      idNumber: withCheckChar('34160220120601003'),
      birthDate: '2012-07-01',
    });
    await takeBatch(0, LIMITS, anySize);
    await saveFields('member', member.id, UNIT, { sex: 'female' });
    expect((await outbox())[0]).toMatchObject({ state: 'held', errorField: 'birthDate' });
    expect((await outbox())[0]?.error).toContain('性别不一致');
  });

  it('holds what depends on a held household: its members, visits and case steps wait with it', async () => {
    await createRecord('household', UNIT, { headIdNumber: HEAD_ID, headBirthDate: '1980-03-13' }, { id: HH });
    await createRecord('member', UNIT, { householdId: HH, name: '李秀英' });
    await queueCommand(HH, 'submitVisit', { visitId: 'v1' });
    const other = await createRecord('household', UNIT, { headName: '王海' });
    const batch = await takeBatch(0, LIMITS, anySize);
    expect(batch.rows.map((row) => row.recordId)).toEqual([other.id]);
    expect(batch.onHold).toBe(3);
    const rows = await outbox();
    expect(rows.map((row) => [row.state, row.error])).toEqual([
      ['held', '户主出生日期与身份证号中的出生日期（1980-03-12）不一致'],
      ['held', WAITS_FOR_HOUSEHOLD],
      ['held', WAITS_FOR_HOUSEHOLD],
      ['inflight', undefined],
    ]);
    // A later take of the same push (after the first batch) still knows the household is held.
    const later = await takeBatch(rows[0]?.seq ?? 0, LIMITS, anySize);
    expect(later.onHold).toBe(2);
    expect(later.rows.map((row) => row.recordId)).toEqual([other.id]);

    await saveFields('household', HH, UNIT, { headBirthDate: '1980-03-12' });
    const again = await takeBatch(0, LIMITS, anySize);
    expect(again.onHold).toBe(0);
    // The household, its member and the case step, then 王海's change (cut by no answer: sent again).
    expect(again.rows.map((row) => row.recordId)).toEqual([HH, rows[1]?.recordId, HH, other.id]);
  });

  it('never holds a change already being sent: a cut send goes again unchanged', async () => {
    const member = await createRecord('member', UNIT, { householdId: HH, birthDate: '2012-07-01' });
    await db.outbox.toCollection().modify({ state: 'inflight' });
    await db.members.update(member.id, {
      data: { ...member.data, idNumber: withCheckChar('34160220120601003') },
    });
    const batch = await takeBatch(0, LIMITS, anySize);
    expect(batch.rows).toHaveLength(1);
    expect(batch.onHold).toBe(0);
  });

  it('never holds a change a push took and whose answer was lost, in a push or in a bundle file', async () => {
    const member = await createRecord('member', UNIT, { householdId: HH, birthDate: '2012-07-01' });
    const sent = await takeBatch(0, LIMITS, anySize);
    expect(sent.rows).toHaveLength(1);
    // The answer never comes; meanwhile the member's local copy turns into one the check would refuse.
    await db.members.update(member.id, {
      data: { ...member.data, idNumber: withCheckChar('34160220120601003') },
    });
    const again = await takeBatch(0, LIMITS, anySize);
    expect(again.rows.map((row) => row.changeId)).toEqual(sent.rows.map((row) => row.changeId));
    expect(again.onHold).toBe(0);
    const sealed = await sealOutboxForBundle();
    expect(sealed.count).toBe(1);
    expect((await outbox()).map((row) => row.state)).toEqual(['inflight']);
  });

  it('leaves held changes out of a bundle file too', async () => {
    await createRecord('member', UNIT, {
      householdId: HH,
      idNumber: withCheckChar('34160220120601003'),
      birthDate: '2012-07-01',
    });
    await createRecord('household', UNIT, { headName: '王海' });
    const sealed = await sealOutboxForBundle();
    expect(sealed.count).toBe(1);
    expect((await outbox()).map((row) => row.state)).toEqual(['held', 'inflight']);
  });
});
