import { describe, expect, it } from 'vitest';
import { checkCodeShape, checkUnitCode, codePrefix, renumberedCode } from './codes';

describe('unit codes (GB/T 2260, GB/T 10114)', () => {
  it('checks the structure of each level', () => {
    expect(checkCodeShape('city', '341600').ok).toBe(true);
    expect(checkCodeShape('city', '341602').ok).toBe(false);
    expect(checkCodeShape('county', '341602').ok).toBe(true);
    expect(checkCodeShape('county', '341600').ok).toBe(false);
    expect(checkCodeShape('county', '991602').ok).toBe(false);
    expect(checkCodeShape('township', '341602001').ok).toBe(true);
    expect(checkCodeShape('township', '341602000').ok).toBe(false);
    expect(checkCodeShape('township', '34160201').ok).toBe(false);
    expect(checkCodeShape('grid', '341602001001').ok).toBe(true);
    expect(checkCodeShape('grid', '341602001001002').ok).toBe(true);
    expect(checkCodeShape('grid', '3416020010011').ok).toBe(false);
    expect(checkCodeShape('enterprise', '341602').ok).toBe(false);
  });

  it("requires a child's code to extend its parent's, retired codes included", () => {
    expect(codePrefix('341600')).toBe('3416');
    expect(codePrefix('110000')).toBe('11');
    expect(checkUnitCode('county', '341602', 'city', '341600').ok).toBe(true);
    // 341603 is no county today; structure alone decides.
    expect(checkUnitCode('county', '341699', 'city', '341600').ok).toBe(true);
    expect(checkUnitCode('county', '341702', 'city', '341600').ok).toBe(false);
    expect(checkUnitCode('county', '110101', 'city', '110000').ok).toBe(true);
    expect(checkUnitCode('township', '341602003', 'county', '341602').ok).toBe(true);
    expect(checkUnitCode('township', '341621003', 'county', '341602').ok).toBe(false);
    expect(checkUnitCode('grid', '341602003001', 'township', '341602003').ok).toBe(true);
    expect(checkUnitCode('grid', '341602004001', 'township', '341602003').ok).toBe(false);
    // A parent without a code (created before codes were kept): the shape alone.
    expect(checkUnitCode('grid', '341602004001', 'township', null).ok).toBe(true);
  });

  it('renumbers descendants with their ancestor', () => {
    expect(renumberedCode('341602001002', '341602001', '341621003')).toBe('341621003002');
    expect(renumberedCode('341602002002', '341602001', '341621003')).toBeNull();
  });
});
