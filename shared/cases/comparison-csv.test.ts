import { describe, expect, it } from 'vitest';
import { maskIdNumber } from './masks';
import { parseComparisonCsv, parseComparisonResult, parseComparisonSource, splitCsv } from './comparison-csv';

describe('comparison CSV reader', () => {
  it('splits RFC 4180 text: BOM, CRLF, quoted commas, quotes and line breaks, blank lines', () => {
    const text = '\uFEFFa,b\r\n"x, y","say ""hi"""\r\n\r\n"two\r\nlines",z';
    expect(splitCsv(text)).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x, y', 'say "hi"'] },
      { line: 4, cells: ['two\r\nlines', 'z'] },
    ]);
  });

  it('knows sources and results by code, Chinese label and common alias', () => {
    expect(['civil_affairs_dibao', '民政低保', '低保'].map(parseComparisonSource)).toEqual([
      'civil_affairs_dibao',
      'civil_affairs_dibao',
      'civil_affairs_dibao',
    ]);
    expect(['公积金', 'BANK_DEPOSITS', '社保卡'].map(parseComparisonSource)).toEqual([
      'provident_fund',
      'bank_deposits',
      null,
    ]);
    expect(['一致', 'Consistent', '不相符', '可能'].map(parseComparisonResult)).toEqual([
      'consistent',
      'consistent',
      'inconsistent',
      null,
    ]);
  });

  it('reads columns in any order and reports rows it cannot read', () => {
    const parsed = parseComparisonCsv(
      '结果,身份证号,备注,数据来源\n一致,34160219800312001x,,车辆\n不一致,341602198003120010,,税务\n',
    );
    expect(parsed.rows).toEqual([
      { line: 2, idNumber: '34160219800312001X', source: 'vehicles', result: 'consistent', note: '' },
    ]);
    expect(parsed.errors).toEqual([{ line: 3, message: '比对不一致时须填写备注' }]);
  });

  it('refuses a file without the required header', () => {
    expect(parseComparisonCsv('身份证号,备注\n1,2').errors[0]?.message).toBe(
      '表头缺少列：数据来源、结果（表头应为“身份证号,数据来源,结果,备注”）',
    );
    expect(parseComparisonCsv('').errors).toEqual([{ line: 1, message: '文件为空，没有表头和数据' }]);
  });

  it('masks ID numbers, keeping the region and the last four characters', () => {
    expect(maskIdNumber('34160219800312001X')).toBe('341602********001X');
    expect(maskIdNumber('1234567')).toBe('***4567');
  });
});
