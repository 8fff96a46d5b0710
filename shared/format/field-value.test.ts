import { describe, expect, it } from 'vitest';
import {
  fieldLabelOf,
  formatChinaDateTime,
  formatFieldValue,
  formatPlain,
  isOpaqueId,
  recordTitle,
} from './field-value';

const SHA = 'c'.repeat(64);

describe('formatFieldValue (the one formatter of stored values)', () => {
  it('writes values as the forms show them: codes, money, flags, dates in China time', () => {
    expect(formatFieldValue('household', 'headSex', 'female')).toBe('女');
    expect(formatFieldValue(null, 'secondaryCauses', [6, 9])).toBe('因病、因子女就学');
    expect(formatFieldValue(null, 'headMonthlyIncomeFen', 123_450)).toBe('¥1,234.50');
    expect(formatFieldValue('visit', 'status', 'final')).toBe('已定稿');
    expect(formatFieldValue(null, 'capturedAt', '2026-03-09T16:30:00.000Z')).toBe('2026-03-10 00:30');
    expect(formatChinaDateTime('not a time')).toBe('not a time');
  });

  it('masks ID numbers unless revealed and bank cards always', () => {
    expect(formatFieldValue(null, 'idNumber', '341602198003120018')).toBe('341602********0018');
    expect(formatFieldValue(null, 'idNumber', '341602198003120018', { reveal: true })).toBe(
      '341602198003120018',
    );
    expect(formatFieldValue(null, 'bankCardNumber', '6222021234567890123', { reveal: true })).toBe(
      '**** **** **** 0123',
    );
  });

  it('summarises the GPS fix, photos, checklist and signatures instead of printing them', () => {
    expect(
      formatFieldValue('visit', 'gps', { lat: 33.8, lng: 115.7, accuracyM: 8.6, at: '2026-03-09T02:00:00Z' }),
    ).toBe('已记录 ±9 米（2026-03-09 10:00）');
    expect(formatFieldValue(null, 'attachmentShas', [SHA, SHA, SHA])).toBe('照片 3 张');
    expect(
      formatFieldValue('visit', 'checklist', [
        { itemId: 'id_cards', ticked: true, attachmentShas: [SHA] },
        { itemId: 'household_register', ticked: false, attachmentShas: [] },
      ]),
    ).toBe('已提供 1 项，照片 1 张：申请人及家庭成员身份证复印件');
    expect(
      formatFieldValue('visit', 'signatures', [
        {
          memberId: null,
          signerName: '张建国',
          role: 'head',
          signedAt: '2026-03-09T02:00:00Z',
          attachmentSha: SHA,
        },
      ]),
    ).toBe('1 人签名：张建国（户主）');
  });

  it('never prints JSON or a record id: nested values read label：value, ids are left out', () => {
    const text = formatPlain(
      { headName: '张三', householdId: '6f1c0000-0000-4000-8000-0000000000aa' },
      {},
      'member',
    );
    expect(text).toBe('户主姓名：张三');
    expect(formatPlain('6f1c0000-0000-4000-8000-0000000000aa')).toBe('（内部编号）');
    expect(isOpaqueId(SHA)).toBe(true);
    expect(isOpaqueId('张三')).toBe(false);
  });

  it('labels fields from the record definitions and names records as lists do', () => {
    expect(fieldLabelOf('visit', 'gps')).toBe('GPS 位置');
    expect(fieldLabelOf('visit', 'signerName')).toBe('签名人姓名');
    expect(fieldLabelOf(null, 'headName')).toBe('户主姓名');
    expect(fieldLabelOf('household', 'noSuchField')).toBe('noSuchField');
    expect(recordTitle('household', { headName: '张建国' })).toBe('张建国户');
    expect(recordTitle('visit', { visitDate: '2026-03-09' })).toBe('走访调查表 2026-03-09');
  });
});
