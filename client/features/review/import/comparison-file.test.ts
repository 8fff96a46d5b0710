import { describe, expect, it } from 'vitest';
import { parseComparisonCsv } from '../../../../shared/cases/comparison-csv';
import { decodeCsv, templateCsv, TEMPLATE_HEADER } from './comparison-file';

describe('the comparison CSV template', () => {
  it('is a header the shared reader accepts, with a BOM for Excel', () => {
    expect(TEMPLATE_HEADER).toBe('身份证号,数据来源,结果,备注');
    expect(templateCsv().startsWith('\uFEFF')).toBe(true);
    const filled = `${templateCsv()}34160219900101123X,车辆,不一致,名下有车\r\n`;
    expect(parseComparisonCsv(filled)).toEqual({
      rows: [
        {
          line: 2,
          idNumber: '34160219900101123X',
          source: 'vehicles',
          result: 'inconsistent',
          note: '名下有车',
        },
      ],
      errors: [],
    });
  });
});

describe('decodeCsv', () => {
  it('reads UTF-8, and GBK as Excel saves it on a Chinese PC', () => {
    const text = '身份证号,数据来源,结果,备注';
    expect(decodeCsv(new TextEncoder().encode(text))).toBe(text);
    // "身份证号" in GBK.
    const gbk = new Uint8Array([0xc9, 0xed, 0xb7, 0xdd, 0xd6, 0xa4, 0xba, 0xc5]);
    expect(decodeCsv(gbk)).toBe('身份证号');
  });
});
