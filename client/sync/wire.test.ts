import fc from 'fast-check';
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
  it('counts bytes as UTF-8, exactly as the text will be sent', () => {
    expect(utf8Length('张三')).toBe(6);
    const encoder = new TextEncoder();
    // ASCII, Latin, Chinese, an emoji (a surrogate pair) and lone surrogates (sent as U+FFFD).
    for (const text of ['', 'abc', 'é', '张三 13800000000', '𠀋😀', '\ud800', 'a\udc00b', '\ud83d']) {
      expect(utf8Length(text)).toBe(encoder.encode(text).length);
    }
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => utf8Length(text) === encoder.encode(text).length),
    );
    const row: OutboxRow = {
      ...base,
      kind: 'record',
      type: 'household',
      op: 'upsert',
      fields: { headName: { from: null, to: '张三' } },
    };
    const encoded = encodeRow(row);
    expect(encoded.ok && encoded.bytes).toBe(utf8Length(JSON.stringify(toWireChange(row))) + 1);
    // A hundred random strings: on a loaded machine this outlasts the 5 s default.
  }, 30_000);

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

  it('leaves the last word on values the quick check does not take to the protocol schema', () => {
    const row = (to: unknown): OutboxRow => ({
      ...base,
      kind: 'record',
      type: 'household',
      op: 'upsert',
      fields: { note: { from: null, to } },
    });
    expect(encodeRow(row(Number.NaN)).ok).toBe(false);
    expect(encodeRow(row({ when: new Date('2026-03-01T00:00:00.000Z') })).ok).toBe(false);
    // An own "__proto__" key (JSON.parse makes one) is refused by the walk, accepted by the schema.
    expect(encodeRow(row(JSON.parse('{"__proto__": 1, "a": [1, "二"]}'))).ok).toBe(true);
    expect(encodeRow(row({ a: [1, '二', null, { b: true }] })).ok).toBe(true);
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
