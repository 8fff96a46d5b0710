import { describe, expect, it } from 'vitest';
import { EMPTY_VALUE, fieldName, formatFieldValue, isReadableField, recordTitle } from './value-format';

describe('formatFieldValue', () => {
  it('reads codes, amounts, flags and lists in plain Chinese', () => {
    expect(formatFieldValue('household', 'headSex', 'female')).toBe('女');
    expect(formatFieldValue('member', 'sex', 'male')).toBe('男');
    expect(formatFieldValue('household', 'secondaryCauses', [6, 9])).toBe('因病、因子女就学');
    expect(formatFieldValue('household', 'headMonthlyIncomeFen', 123450)).toBe('¥1,234.50');
    expect(formatFieldValue('household', 'singleParent', true)).toBe('是');
    expect(formatFieldValue('household', 'headName', '张三')).toBe('张三');
  });

  it('says plainly when a value is empty, and what a delete conflict is about', () => {
    expect(formatFieldValue('household', 'mobile', null)).toBe(EMPTY_VALUE);
    expect(formatFieldValue('household', 'secondaryCauses', [])).toBe(EMPTY_VALUE);
    expect(formatFieldValue('member', '$deleted', true)).toBe('已删除');
    expect(fieldName('member', '$deleted')).toBe('是否删除此记录');
    expect(fieldName('household', 'headName')).toBe('户主姓名');
  });

  it('leaves record links and unit codes out of what a worker reads', () => {
    expect(isReadableField('householdId', '6f1c0000-0000-4000-8000-0000000000aa')).toBe(false);
    expect(isReadableField('unitId', '341602001001')).toBe(false);
    expect(isReadableField('headName', '张三')).toBe(true);
    expect(formatFieldValue('visit', 'status', 'draft')).toBe('草稿');
  });

  it('names records the way lists do', () => {
    expect(recordTitle('household', { headName: '张三' })).toBe('张三户');
    expect(recordTitle('member', { name: '李四' })).toBe('家庭成员 李四');
    expect(recordTitle('household', {})).toBe('（未填写户主姓名的家庭）');
  });
});
