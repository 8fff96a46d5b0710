import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, type JsonObject, type JsonValue } from './canonical-json';
import { mergeField, mergeRecordChange, type FieldEdit, type StoredState } from './merge';
import { DELETED_FIELD } from './protocol';

const FIELDS = ['headName', 'mobile', 'address', 'causes', 'incomeFen', 'gps'] as const;
const value: fc.Arbitrary<JsonValue> = fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<JsonValue>;
const data = fc.dictionary(fc.constantFrom(...FIELDS), value, {
  maxKeys: FIELDS.length,
}) as fc.Arbitrary<JsonObject>;
const edit: fc.Arbitrary<FieldEdit> = fc.record({ from: value, to: value });
const edits = fc.dictionary(fc.constantFrom(...FIELDS), edit, { maxKeys: FIELDS.length });
const live = data.map((d): StoredState => ({ data: d, deleted: false }));

const upsert = (fields: Record<string, FieldEdit>) => ({
  op: 'upsert' as const,
  fields,
  changedByOthersSinceBase: false,
});
const canon = (v: unknown) => canonicalJson(v);

describe('mergeField', () => {
  it('takes the new value when the server still has what the tablet saw', () => {
    expect(mergeField('张三', { from: '张三', to: '张叁' })).toBe('take');
  });

  it('does nothing when the server already has the new value', () => {
    expect(mergeField('张叁', { from: '张三', to: '张叁' })).toBe('same');
  });

  it('is a conflict when the server has a third value', () => {
    expect(mergeField('张珊', { from: '张三', to: '张叁' })).toBe('conflict');
  });

  it('compares objects regardless of key order, and an absent value as null', () => {
    expect(mergeField({ lat: 33.8, lng: 115.7 }, { from: { lng: 115.7, lat: 33.8 }, to: null })).toBe('take');
    expect(mergeField(undefined, { from: null, to: '13912345678' })).toBe('take');
  });
});

describe('mergeRecordChange', () => {
  it('creates a record the server does not have with every value it is given', () => {
    const outcome = mergeRecordChange(null, upsert({ headName: { from: '旧', to: '张三' } }));
    expect(outcome).toMatchObject({ created: true, write: true, deleted: false, data: { headName: '张三' } });
    expect(outcome.conflicts).toEqual([]);
  });

  it('merges the changed fields and keeps the server value of a conflicting one', () => {
    const stored = { data: { headName: '张叁', mobile: '13912345678' }, deleted: false };
    const outcome = mergeRecordChange(
      stored,
      upsert({ headName: { from: '张三', to: '张珊' }, mobile: { from: '13912345678', to: '13800000000' } }),
    );
    expect(outcome.data).toEqual({ headName: '张叁', mobile: '13800000000' });
    expect(outcome.conflicts).toEqual([
      { field: 'headName', baseValue: '张三', serverValue: '张叁', clientValue: '张珊' },
    ]);
    expect(outcome.write).toBe(true);
  });

  it('deletes a record nobody else changed since the base, and refuses silently to delete twice', () => {
    const stored = { data: { headName: '张三' }, deleted: false };
    const first = mergeRecordChange(stored, { op: 'delete', fields: {}, changedByOthersSinceBase: false });
    expect(first).toMatchObject({ deleted: true, write: true, conflicts: [] });
    const again = mergeRecordChange(
      { data: first.data, deleted: true },
      { op: 'delete', fields: {}, changedByOthersSinceBase: true },
    );
    expect(again).toMatchObject({ write: false, conflicts: [] });
  });

  it('turns a delete of a record someone else changed into a conflict and keeps the record', () => {
    const outcome = mergeRecordChange(
      { data: { headName: '张三' }, deleted: false },
      { op: 'delete', fields: {}, changedByOthersSinceBase: true },
    );
    expect(outcome.deleted).toBe(false);
    expect(outcome.write).toBe(false);
    expect(outcome.conflicts).toEqual([
      { field: DELETED_FIELD, baseValue: false, serverValue: false, clientValue: true },
    ]);
  });

  it('keeps an edit of a deleted record in the tombstone and asks whether to restore it', () => {
    const outcome = mergeRecordChange(
      { data: { name: '李四' }, deleted: true },
      upsert({ name: { from: '李四', to: '李思' } }),
    );
    expect(outcome.deleted).toBe(true);
    expect(outcome.data).toEqual({ name: '李思' });
    expect(outcome.conflicts[0]).toEqual({
      field: DELETED_FIELD,
      baseValue: false,
      serverValue: true,
      clientValue: false,
    });
  });

  it('treats a delete of an unknown record as nothing to do', () => {
    expect(mergeRecordChange(null, { op: 'delete', fields: {}, changedByOthersSinceBase: false }).write).toBe(
      false,
    );
  });
});

describe('merge properties', () => {
  it('is deterministic and never mutates its inputs', () => {
    fc.assert(
      fc.property(fc.option(live, { nil: null }), edits, (stored, fields) => {
        const before = canon({ stored, fields });
        const a = mergeRecordChange(stored, upsert(fields));
        const b = mergeRecordChange(stored, upsert(fields));
        expect(canon(a)).toBe(canon(b));
        expect(canon({ stored, fields })).toBe(before);
      }),
    );
  });

  it('does not depend on the key order of the change', () => {
    fc.assert(
      fc.property(live, edits, (stored, fields) => {
        const reversed = Object.fromEntries(Object.entries(fields).reverse());
        expect(canon(mergeRecordChange(stored, upsert(reversed)))).toBe(
          canon(mergeRecordChange(stored, upsert(fields))),
        );
      }),
    );
  });

  it('makes a replay a no-op: applying the same change again writes nothing', () => {
    fc.assert(
      fc.property(fc.option(live, { nil: null }), edits, (stored, fields) => {
        const first = mergeRecordChange(stored, upsert(fields));
        const second = mergeRecordChange({ data: first.data, deleted: first.deleted }, upsert(fields));
        expect(second.write).toBe(false);
        expect(second.changes).toEqual([]);
        expect(canon(second.data)).toBe(canon(first.data));
        // A conflict stays a conflict (same values), it is never silently turned into a write.
        expect(canon(second.conflicts)).toBe(canon(first.conflicts));
      }),
    );
  });

  it('commutes for changes to disjoint fields, whatever their base values', () => {
    fc.assert(
      fc.property(live, edits, edits, (stored, left, right) => {
        const rightOnly = Object.fromEntries(Object.entries(right).filter(([field]) => !(field in left)));
        const apply = (state: StoredState, fields: Record<string, FieldEdit>) => {
          const outcome = mergeRecordChange(state, upsert(fields));
          return { state: { data: outcome.data, deleted: outcome.deleted }, conflicts: outcome.conflicts };
        };
        const ab1 = apply(stored, left);
        const ab2 = apply(ab1.state, rightOnly);
        const ba1 = apply(stored, rightOnly);
        const ba2 = apply(ba1.state, left);
        expect(canon(ab2.state)).toBe(canon(ba2.state));
        const sorted = (list: unknown[]) => list.map(canon).sort();
        expect(sorted([...ab1.conflicts, ...ab2.conflicts])).toEqual(
          sorted([...ba1.conflicts, ...ba2.conflicts]),
        );
      }),
    );
  });

  it('merges two tablets editing different fields from the same base without any conflict', () => {
    fc.assert(
      fc.property(live, edits, edits, (stored, left, right) => {
        // Both tablets started from the server's values.
        const based = (fields: Record<string, FieldEdit>) =>
          Object.fromEntries(
            Object.entries(fields).map(([f, e]) => [f, { from: stored.data[f] ?? null, to: e.to }]),
          );
        const a = based(left);
        const b = based(Object.fromEntries(Object.entries(right).filter(([field]) => !(field in left))));
        const first = mergeRecordChange(stored, upsert(a));
        const second = mergeRecordChange({ data: first.data, deleted: false }, upsert(b));
        expect(first.conflicts).toEqual([]);
        expect(second.conflicts).toEqual([]);
        for (const [field, e] of Object.entries({ ...a, ...b })) {
          expect(canon(second.data[field] ?? null)).toBe(canon(e.to));
        }
      }),
    );
  });
});
