import { describe, expect, it } from 'vitest';
import type { ConflictData } from '../../../../shared/sync/protocol';
import type { SyncedRecord } from '../../../../shared/sync/protocol';
import { caseConflicts, conflictChoices, editKind, parseEditedValue } from './conflict-model';

function conflict(patch: Partial<ConflictData> = {}): ConflictData {
  return {
    recordType: 'household',
    recordId: 'h1',
    householdId: 'h1',
    field: 'headName',
    baseValue: '张三',
    serverValue: '张叁',
    clientValue: '张珊',
    clientUserId: 'u1',
    clientUserName: '刘网格',
    deviceId: null,
    changeId: null,
    createdAt: '2026-11-25T01:00:00.000Z',
    status: 'open',
    ...patch,
  };
}

function record(id: string, data: ConflictData): SyncedRecord {
  return {
    type: 'conflict',
    id,
    unitId: '341602001001',
    rev: 1,
    deleted: false,
    data,
    updatedAt: data.createdAt,
  };
}

describe('caseConflicts', () => {
  it('puts open conflicts first, newest first, and skips records that do not parse', () => {
    const list = caseConflicts([
      record('old-open', conflict({ createdAt: '2026-11-20T00:00:00.000Z' })),
      record('resolved', conflict({ status: 'resolved', resolution: '张叁' })),
      record('new-open', conflict({ createdAt: '2026-11-24T00:00:00.000Z' })),
      { ...record('broken', conflict()), data: { field: 1 } },
    ]);
    expect(list.map((c) => c.id)).toEqual(['new-open', 'old-open', 'resolved']);
  });
});

describe('conflictChoices', () => {
  it('offers server, tablet and base values, each distinct value once', () => {
    expect(conflictChoices(conflict()).map((c) => [c.side, c.value])).toEqual([
      ['server', '张叁'],
      ['client', '张珊'],
      ['base', '张三'],
    ]);
    expect(conflictChoices(conflict({ baseValue: '张叁' })).map((c) => c.side)).toEqual(['server', 'client']);
  });
});

describe('editing a value', () => {
  it('edits text as text and fen fields in yuan; a deletion conflict is only picked', () => {
    expect(editKind(conflict())).toBe('text');
    expect(
      editKind(
        conflict({ field: 'headMonthlyIncomeFen', baseValue: 100, serverValue: 200, clientValue: 300 }),
      ),
    ).toBe('yuan');
    expect(
      editKind(conflict({ field: 'housingAreaM2', baseValue: null, serverValue: 50, clientValue: 60 })),
    ).toBe('number');
    expect(
      editKind(conflict({ field: '$deleted', baseValue: false, serverValue: false, clientValue: true })),
    ).toBeNull();
    expect(
      editKind(conflict({ field: 'secondaryCauses', baseValue: [1], serverValue: [2], clientValue: [3] })),
    ).toBeNull();
  });

  it('parses what was typed, an empty entry clearing the field', () => {
    expect(parseEditedValue('text', ' 张山 ')).toEqual({ ok: true, value: '张山' });
    expect(parseEditedValue('text', '')).toEqual({ ok: true, value: null });
    expect(parseEditedValue('yuan', '1,234.5')).toEqual({ ok: true, value: 123_450 });
    expect(parseEditedValue('yuan', '12.345')).toEqual({ ok: false, message: '金额最多保留两位小数' });
    expect(parseEditedValue('number', 'abc')).toEqual({ ok: false, message: '请输入数字' });
  });
});
