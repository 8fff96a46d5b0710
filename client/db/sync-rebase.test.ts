import { describe, expect, it } from 'vitest';
import { rebaseData, rebaseRecord, type ServerVersion } from './sync-rebase';
import type { LocalRecord, OutboxRow } from './types';

const UNIT = '341602001001';
let seq = 0;

function edit(fields: Record<string, [unknown, unknown]>, state: OutboxRow['state'] = 'pending'): OutboxRow {
  seq++;
  return {
    seq,
    kind: 'record',
    changeId: `c${seq}`,
    type: 'household',
    recordId: 'h1',
    unitId: UNIT,
    baseRev: 7,
    op: 'upsert',
    fields: Object.fromEntries(Object.entries(fields).map(([key, [from, to]]) => [key, { from, to }])),
    state,
    createdAt: '2026-03-01T00:00:00.000Z',
  };
}

function decision(field: string, value: unknown, state: OutboxRow['state']): OutboxRow {
  seq++;
  return {
    seq,
    kind: 'resolveConflict',
    changeId: `c${seq}`,
    type: 'household',
    recordId: 'h1',
    unitId: UNIT,
    baseRev: 7,
    conflictId: 'k1',
    field,
    value,
    state,
    createdAt: '2026-03-01T00:00:00.000Z',
  };
}

const server = (data: Record<string, unknown>, rev = 9, deleted = false): ServerVersion => ({
  id: 'h1',
  unitId: UNIT,
  rev,
  deleted,
  data,
  updatedAt: '2026-03-02T00:00:00.000Z',
});

describe('rebaseData', () => {
  it('takes server values, then lays waiting, sent and refused edits on top in the order they were made', () => {
    const rows = [
      edit({ mobile: ['1', '2'] }, 'inflight'),
      edit({ mobile: ['2', '3'], address: [null, '甲'] }),
      edit({ headName: ['张三', '张'] }, 'rejected'),
    ];
    expect(
      rebaseData({ headName: '张三', mobile: '1', address: '乙', bank: '工行' }, rows.reverse()),
    ).toEqual({
      headName: '张',
      mobile: '3',
      address: '甲',
      bank: '工行',
    });
  });

  it('shows a queued conflict decision, but not one the server refused', () => {
    expect(rebaseData({ headName: '张叁' }, [decision('headName', '张珊', 'pending')])).toEqual({
      headName: '张珊',
    });
    expect(rebaseData({ headName: '张叁' }, [decision('headName', '张珊', 'rejected')])).toEqual({
      headName: '张叁',
    });
  });
});

describe('rebaseRecord', () => {
  const local: LocalRecord = {
    id: 'h1',
    rev: 7,
    unitId: UNIT,
    deleted: 0,
    data: { headName: '张三' },
    updatedAt: '2026-03-01T08:00:00.000Z',
    pending: 1,
  };

  it('keeps a copy newer than the version offered', () => {
    expect(rebaseRecord('household', server({ headName: '旧' }, 5), local, [])).toEqual({ kind: 'keep' });
  });

  it('deletes on a tombstone, keeps the copy while a local edit waits', () => {
    expect(rebaseRecord('household', server({}, 9, true), local, [])).toEqual({ kind: 'delete' });
    expect(rebaseRecord('household', server({}, 9, true), local, [edit({ mobile: [null, '1'] })])).toEqual({
      kind: 'keep',
    });
  });

  it('stays deleted while a local delete waits, and keeps the time of local work', () => {
    const deletion: OutboxRow = { ...edit({}), kind: 'record', op: 'delete', fields: {} } as OutboxRow;
    const action = rebaseRecord('household', server({ headName: '张三' }), local, [deletion]);
    expect(action).toMatchObject({
      kind: 'put',
      row: { deleted: 1, pending: 1, rev: 9, updatedAt: local.updatedAt },
    });
  });
});
