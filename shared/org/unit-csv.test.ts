import { describe, expect, it } from 'vitest';
import { parseUnitCsv, parseUnitLevel } from './unit-csv';

describe('unit list CSV', () => {
  it('reads the columns by their Chinese headers, in any order', () => {
    const parsed = parseUnitCsv(
      '\uFEFF名称,级别,编码,上级编码\r\n汤陵街道,乡镇,341602003,341602\r\n汤陵社区,社区/网格,341602003001,\r\n',
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows).toEqual([
      expect.objectContaining({
        line: 2,
        code: '341602003',
        name: '汤陵街道',
        level: 'township',
        parentCode: '341602',
      }),
      expect.objectContaining({ line: 3, code: '341602003001', level: 'grid', parentCode: '' }),
    ]);
  });

  it('says which columns are missing', () => {
    expect(parseUnitCsv('编码,名称\r\n1,2\r\n').errors[0]?.message).toBe('表头缺少列：级别');
  });

  it('knows the spellings of the levels', () => {
    expect(parseUnitLevel('县（区）')).toBe('county');
    expect(parseUnitLevel('街道')).toBe('township');
    expect(parseUnitLevel('村')).toBe('grid');
    expect(parseUnitLevel('企业工会')).toBe('enterprise');
    expect(parseUnitLevel('省')).toBeNull();
  });
});
