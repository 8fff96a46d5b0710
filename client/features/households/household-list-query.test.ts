import { describe, expect, it } from 'vitest';
import { EMPTY_LIST_QUERY, listQueryParams, parseListQuery } from './household-list-query';

describe('household list query in the address', () => {
  it('reads search, filter, stage and category', () => {
    expect(parseListQuery(new URLSearchParams('q=张&filter=due&stage=returned&category=deep'))).toEqual({
      search: '张',
      filter: 'due',
      stage: 'returned',
      category: 'deep',
    });
  });

  it('ignores values it does not know instead of failing', () => {
    expect(parseListQuery(new URLSearchParams('filter=everything&stage=nowhere&category=x'))).toEqual(
      EMPTY_LIST_QUERY,
    );
  });

  it('writes back only what differs from the full list', () => {
    expect(listQueryParams(EMPTY_LIST_QUERY).toString()).toBe('');
    const query = { ...EMPTY_LIST_QUERY, filter: 'pending' as const };
    expect(parseListQuery(listQueryParams(query))).toEqual(query);
  });
});
