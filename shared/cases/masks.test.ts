import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskIdNumberForNotice } from './masks';

describe('maskIdNumberForNotice', () => {
  it('keeps only the first 4 and last 4 characters of an 18-digit number', () => {
    expect(maskIdNumberForNotice('34160219800312001X')).toBe('3416**********001X');
  });

  it('gives the same result from a number the list already masked', () => {
    const full = '341602198003120017';
    expect(maskIdNumberForNotice(maskIdNumber(full))).toBe(maskIdNumberForNotice(full));
    expect(maskIdNumberForNotice(maskIdNumber(full))).toBe('3416**********0017');
  });

  it('hides a short value entirely', () => {
    expect(maskIdNumberForNotice('12345678')).toBe('********');
  });
});
