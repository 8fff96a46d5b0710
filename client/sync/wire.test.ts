import { describe, expect, it } from 'vitest';
import type { OutboxRow } from '../db/types';
import { encodeRow, toWireChange, utf8Length } from './wire';

const base = {
  seq: 1,
  changeId: '6f1c0000-0000-4000-8000-000000000001',
  recordId: '6f1c0000-0000-4000-8000-0000000000aa',
  unitId: '341602001001',
  baseRev: 41,
  state: 'pending' as const,
  createdAt: '2026-03-01T00:00:00.000Z',
};

describe('toWireChange', () => {
  it('writes record edits, commands and conflict decisions as the protocol names them', () => {
    const record: OutboxRow = {
      ...base,
      kind: 'record',
      type: 'household',
      op: 'upsert',
      fields: { mobile: { from: undefined, to: '13800000000' } },
    };
    expect(toWireChange(record)).toEqual({
      kind: 'record',
      changeId: base.changeId,
      type: 'household',
      id: base.recordId,
      op: 'upsert',
      unitId: '341602001001',
      baseRev: 41,
      fields: { mobile: { from: null, to: '13800000000' } },
    });
    const command: OutboxRow = { ...base, kind: 'command', type: 'submitVisit', payload: { visitId: 'v1' } };
    expect(toWireChange(command)).toEqual({
      kind: 'command',
      changeId: base.changeId,
      caseId: base.recordId,
      command: 'submitVisit',
      payload: { visitId: 'v1' },
    });
    const decision: OutboxRow = {
      ...base,
      kind: 'resolveConflict',
      type: 'household',
      conflictId: '6f1c0000-0000-4000-8000-0000000000cc',
      field: 'headName',
      value: '张珊',
    };
    expect(toWireChange(decision)).toEqual({
      kind: 'resolveConflict',
      changeId: base.changeId,
      conflictId: '6f1c0000-0000-4000-8000-0000000000cc',
      value: '张珊',
    });
  });
});

describe('encodeRow', () => {
  it('counts bytes as UTF-8', () => {
    expect(utf8Length('张三')).toBe(6);
    const row: OutboxRow = {
      ...base,
      kind: 'record',
      type: 'household',
      op: 'upsert',
      fields: { headName: { from: null, to: '张三' } },
    };
    const encoded = encodeRow(row);
    expect(encoded.ok && encoded.bytes).toBe(utf8Length(JSON.stringify(toWireChange(row))) + 1);
  });

  it('refuses a change the protocol would refuse, instead of failing the whole batch', () => {
    const badField: OutboxRow = {
      ...base,
      kind: 'record',
      type: 'household',
      op: 'upsert',
      fields: { 'bad field': { from: null, to: 1 } },
    };
    const noUnit: OutboxRow = {
      ...base,
      unitId: null,
      kind: 'record',
      type: 'household',
      op: 'upsert',
      fields: {},
    };
    for (const row of [badField, noUnit]) {
      const encoded = encodeRow(row);
      expect(encoded.ok).toBe(false);
      expect(!encoded.ok && encoded.reason).toMatch(/^此修改的格式不正确，无法同步/);
    }
  });

  it('refuses a change larger than one push', () => {
    const huge: OutboxRow = {
      ...base,
      kind: 'record',
      type: 'visit',
      op: 'upsert',
      fields: { findings: { from: null, to: '情况'.repeat(200_000) } },
    };
    const encoded = encodeRow(huge);
    expect(!encoded.ok && encoded.reason).toContain('超过 1 MB');
  });
});
