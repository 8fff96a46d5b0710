import { describe, expect, it } from 'vitest';
import { countyCodeOf, householdSummary, maskIdNumber, UNNAMED_HEAD } from './household-display';

describe('masked ID number', () => {
  it('shows the first 6 and the last 4 characters only', () => {
    expect(maskIdNumber('34160219800312001X')).toBe('341602********001X');
  });

  it('never reveals the birth date of a short or partial number', () => {
    expect(maskIdNumber('3416021980')).toBe('******1980');
    expect(maskIdNumber('341')).toBe('341');
  });
});

describe('household summary', () => {
  it('labels stage and category in Chinese and masks the ID number', () => {
    expect(
      householdSummary({
        headName: '张建国',
        headIdNumber: '34160219800312001X',
        address: '花戏楼街道',
        stage: 'returned',
        category: 'deep',
      }),
    ).toEqual({
      headName: '张建国',
      maskedIdNumber: '341602********001X',
      address: '花戏楼街道',
      stageLabel: '退回补正',
      categoryLabel: '深度困难',
    });
  });

  it('says plainly when the head is not named yet', () => {
    const summary = householdSummary({ headName: '  ' });
    expect(summary.headName).toBe(UNNAMED_HEAD);
    expect(summary.maskedIdNumber).toBeNull();
    expect(summary.categoryLabel).toBe('未分类');
  });
});

describe('county of a unit', () => {
  it('finds the county on a grid path', () => {
    expect(countyCodeOf('341600/341602/341602001/341602001001')).toBe('341602');
    expect(countyCodeOf('341600/341621')).toBe('341621');
  });

  it('has no county at city level', () => {
    expect(countyCodeOf('341600')).toBeNull();
  });
});
