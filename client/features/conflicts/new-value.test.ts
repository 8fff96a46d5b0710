import { describe, expect, it } from 'vitest';
import { editorFor, parseNewValue } from './new-value';

describe('typing a new value for a conflict', () => {
  it('offers the right editor for the field', () => {
    expect(editorFor('household', 'headName', ['张三', '张叁'])).toEqual({ kind: 'text' });
    expect(editorFor('household', 'headMonthlyIncomeFen', [100, 200])).toEqual({ kind: 'yuan' });
    expect(editorFor('household', 'headSex', ['male', 'female']).kind).toBe('choice');
    expect(editorFor('household', 'secondaryCauses', [[1], [2]])).toEqual({ kind: 'none' });
    expect(editorFor('member', '$deleted', [true, false])).toEqual({ kind: 'none' });
  });

  it('checks the value with the shared schema and explains a problem in Chinese', () => {
    expect(parseNewValue('household', 'headName', { kind: 'text' }, ' 张珊 ')).toEqual({
      ok: true,
      value: '张珊',
    });
    const mobile = parseNewValue('household', 'mobile', { kind: 'text' }, '12345');
    expect(mobile.ok).toBe(false);
    expect(!mobile.ok && mobile.message).toContain('联系电话');
    expect(parseNewValue('household', 'headMonthlyIncomeFen', { kind: 'yuan' }, '1,234.5')).toEqual({
      ok: true,
      value: 123450,
    });
    const money = parseNewValue('household', 'headMonthlyIncomeFen', { kind: 'yuan' }, '1.234');
    expect(!money.ok && money.message).toBe('户主月收入最多保留两位小数');
  });
});
