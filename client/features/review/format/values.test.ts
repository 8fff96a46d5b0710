import { describe, expect, it } from 'vitest';
import { EMPTY_VALUE, formatFieldValue, formatPlain, labelOf } from './values';

describe('formatFieldValue', () => {
  it('writes code lists by their Chinese labels, lists joined', () => {
    expect(formatFieldValue('headSex', 'female')).toBe('女');
    expect(formatFieldValue('secondaryCauses', [6, 9])).toBe('因病、因子女就学');
    expect(formatFieldValue('category', 'deep')).toBe('深度困难');
    expect(formatFieldValue('workStatus', 'student')).toBe('在校学生');
  });

  it('writes fen as yuan and flags as 是/否', () => {
    expect(formatFieldValue('headMonthlyIncomeFen', 123_450)).toBe('¥1,234.50');
    expect(formatFieldValue('receivesDibao', true)).toBe('是');
    expect(formatFieldValue('receivesDibao', false)).toBe('否');
  });

  it('masks ID numbers unless revealed, and always masks bank cards', () => {
    expect(formatFieldValue('headIdNumber', '34160219900101123X')).toBe('341602********123X');
    expect(formatFieldValue('headIdNumber', '34160219900101123X', { reveal: true })).toBe(
      '34160219900101123X',
    );
    expect(formatFieldValue('bankCardNumber', '6222021234567890123', { reveal: true })).toBe(
      '**** **** **** 0123',
    );
  });

  it('shows empty values as a dash and keeps unknown codes as they are', () => {
    expect(formatFieldValue('address', null)).toBe(EMPTY_VALUE);
    expect(formatFieldValue('address', '  ')).toBe(EMPTY_VALUE);
    expect(formatFieldValue('secondaryCauses', [])).toBe(EMPTY_VALUE);
    expect(formatFieldValue('headSex', 'unknown')).toBe('unknown');
  });

  it('keeps markup as plain text (React renders it as text)', () => {
    expect(formatFieldValue('address', '<img src=x onerror=alert(1)>')).toBe('<img src=x onerror=alert(1)>');
    // Nested values read as label：value, never as JSON.
    expect(formatPlain({ a: 1 })).toBe('a：1');
    expect(formatPlain({ headName: '张三' })).not.toContain('{');
  });
});

describe('labelOf', () => {
  it('labels fields of the shared record types and keeps unknown ones', () => {
    expect(labelOf('household', 'headName')).toBe('户主姓名');
    expect(labelOf('member', 'relation')).toBe('与户主关系');
    expect(labelOf('household', '$deleted')).toBe('记录是否删除');
    expect(labelOf('household', 'noSuchField')).toBe('noSuchField');
    expect(labelOf('somethingElse', 'x')).toBe('x');
  });
});
