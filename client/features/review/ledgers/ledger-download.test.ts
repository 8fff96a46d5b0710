import { describe, expect, it } from 'vitest';
import { fileNameOf } from './ledger-download';

describe('fileNameOf', () => {
  it('reads the UTF-8 name Express writes for Chinese file names', () => {
    const header = `attachment; filename="???.xlsx"; filename*=UTF-8''${encodeURIComponent('困难职工档案台账-谯城区-2026.xlsx')}`;
    expect(fileNameOf(header, 'households')).toBe('困难职工档案台账-谯城区-2026.xlsx');
  });
  it('falls back to the plain name, then to the ledger’s name', () => {
    expect(fileNameOf('attachment; filename="a.xlsx"', 'households')).toBe('a.xlsx');
    expect(fileNameOf(null, 'five-ones')).toBe('五个一工作台账.xlsx');
  });
});
