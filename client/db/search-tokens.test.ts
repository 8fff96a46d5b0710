import { describe, expect, it } from 'vitest';
import { addressTokenStarts, householdSearchTokens, normalizeSearchQuery } from './search-tokens';

function matches(address: string, query: string): boolean {
  const wanted = normalizeSearchQuery(query);
  return householdSearchTokens({ address }).some((token) => token.startsWith(wanted));
}

describe('household search tokens', () => {
  const address = '安徽省亳州市谯城区花戏楼街道花园小区3栋';

  it('finds a household by any part of the address after the shared division prefix', () => {
    expect(matches(address, '花园小区')).toBe(true);
    expect(matches(address, '花戏楼')).toBe(true);
    expect(matches(address, '3栋')).toBe(true);
    expect(matches(address, '谯城区花戏楼')).toBe(true);
    expect(matches(address, '亳州')).toBe(true);
    expect(matches(address, '安徽省')).toBe(true);
  });

  it('does not index positions inside the province, city and county names', () => {
    expect(matches(address, '徽省')).toBe(false);
    expect(matches(address, '城区花')).toBe(false);
    expect(addressTokenStarts(address).slice(0, 4)).toEqual([0, 3, 6, 9]);
  });

  it('indexes every position of an address without a division prefix', () => {
    expect(addressTokenStarts('城关镇东街12号')).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(matches('涡阳县城关镇东街12号', '东街')).toBe(true);
    expect(matches('涡阳县城关镇东街12号', '涡阳')).toBe(true);
    expect(matches('花园小区3栋', '小区')).toBe(true);
  });
});
