import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { db } from './database';
import { createRecord, queueCommand } from './records';
import { outboxRowsOf } from './sync-apply';

const UNIT = '341602001001';

beforeEach(async () => {
  await Promise.all(db.tables.map((table) => table.clear()));
});

async function seqsOf(ids: string[]): Promise<number[]> {
  return (await outboxRowsOf(ids)).map((row) => row.seq).sort((a, b) => a - b);
}

describe('outboxRowsOf', () => {
  it('finds every row of the records asked for, in a short outbox and in a long one', async () => {
    const a = await createRecord('household', UNIT, { headName: '张三' });
    await queueCommand(a.id, 'submitVisit', { visitId: 'v1' });
    const b = await createRecord('household', UNIT, { headName: '李四' });
    const absent = '99999999-9999-4999-8999-999999999999';
    const rowsOfA = (await db.outbox.where('recordId').equals(a.id).primaryKeys()).sort((x, y) => x - y);
    expect(rowsOfA).toHaveLength(2);

    // Three rows, four ids: the outbox is read whole.
    expect(await seqsOf([a.id, absent, '88888888-8888-4888-8888-888888888888', b.id])).toEqual(
      (await db.outbox.toCollection().primaryKeys()).sort((x, y) => x - y),
    );
    // Three rows, one id: one range read per id.
    expect(await seqsOf([a.id])).toEqual(rowsOfA);
    expect(await seqsOf([absent])).toEqual([]);
    for (let i = 0; i < 5; i++) await createRecord('household', UNIT, { headName: `户主${i}` });
    expect(await seqsOf([a.id, absent])).toEqual(rowsOfA);
    expect(await seqsOf([])).toEqual([]);
  });
});
