import { describe, expect, it } from 'vitest';
import { changeIdSchema, recordIdSchema } from './protocol';
import { newId } from './ids';

describe('newId', () => {
  it('makes UUIDs the protocol accepts, unique and in the order they were made', () => {
    const ids = Array.from({ length: 2000 }, () => newId());
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids.slice(0, 20)) {
      expect(recordIdSchema.safeParse(id).success).toBe(true);
      expect(changeIdSchema.safeParse(id).success).toBe(true);
      expect(id[14]).toBe('7');
    }
    expect([...ids].sort()).toEqual(ids);
  });
});
