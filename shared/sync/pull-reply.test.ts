import { describe, expect, it } from 'vitest';
import { parsedPullReplySchema, pullReplySchema } from './protocol';

const record = {
  type: 'household',
  id: 'hh-1',
  unitId: '341602001001',
  rev: 4,
  deleted: false,
  data: { headName: '张三', members: [{ name: '李四', age: 7 }], note: null, flag: true },
  updatedAt: '2026-02-01T00:00:00.000Z',
};

describe('the quick check of a pull page', () => {
  it('accepts what the full schema accepts, with an equal result', () => {
    const body: unknown = JSON.parse(JSON.stringify({ records: [record], cursor: '4', hasMore: false }));
    const quick = parsedPullReplySchema.safeParse(body);
    expect(quick.success).toBe(true);
    expect(quick.data).toEqual(pullReplySchema.parse(body));
  });

  it('refuses record data that is not a JSON object', () => {
    for (const data of [null, [1, 2], 'text', { value: Number.POSITIVE_INFINITY }]) {
      const body = { records: [{ ...record, data }], cursor: '4', hasMore: false };
      expect(parsedPullReplySchema.safeParse(body).success, JSON.stringify(data)).toBe(false);
      expect(pullReplySchema.safeParse(body).success).toBe(false);
    }
  });
});
