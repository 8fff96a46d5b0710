import { describe, expect, it } from 'vitest';
import { filterHouseholds, toggleAll } from './round-form-model';

const HOUSEHOLDS = [
  { id: '1', headName: '张三', address: '花戏楼街道一号', unitId: 'g1' },
  { id: '2', headName: '李四', address: '花戏楼街道二号', unitId: 'g1' },
  { id: '3', headName: '张五', address: '薛阁街道', unitId: 'g2' },
];

describe('choosing households for a round', () => {
  it('finds households by every word of the query in name or address', () => {
    expect(filterHouseholds(HOUSEHOLDS, '张').map((h) => h.id)).toEqual(['1', '3']);
    expect(filterHouseholds(HOUSEHOLDS, '张 花戏楼').map((h) => h.id)).toEqual(['1']);
    expect(filterHouseholds(HOUSEHOLDS, '  ')).toHaveLength(3);
  });

  it('selects and unselects many at once', () => {
    const some = toggleAll(new Set(['2']), ['1', '3'], true);
    expect([...some].sort()).toEqual(['1', '2', '3']);
    expect([...toggleAll(some, ['1', '2'], false)]).toEqual(['3']);
  });
});
