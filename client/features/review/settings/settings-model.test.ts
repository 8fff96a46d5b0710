import { describe, expect, it } from 'vitest';
import {
  formatSettingValue,
  keyViews,
  parseDateList,
  parseSettingInput,
  workCalendarOfYear,
} from './settings-model';

const history = [
  {
    key: 'dibaoMonthlyFen' as const,
    value: 85_000,
    effectiveFrom: '2026-01-01',
    setByName: null,
    setAt: 'a',
  },
  {
    key: 'dibaoMonthlyFen' as const,
    value: 90_000,
    effectiveFrom: '2027-01-01',
    setByName: '王县总',
    setAt: 'b',
  },
  {
    key: 'dibaoMonthlyFen' as const,
    value: 92_000,
    effectiveFrom: '2027-01-01',
    setByName: '王县总',
    setAt: 'c',
  },
  {
    key: 'workCalendar' as const,
    value: { holidays: ['2027-10-01'], adjustedWorkdays: ['2027-09-26'] },
    effectiveFrom: '2027-01-01',
    setByName: '王县总',
    setAt: 'd',
  },
];

describe('the county settings screen', () => {
  it('shows today’s value and the upcoming one (the last written for its date)', () => {
    const dibao = keyViews({ history, today: '2026-12-10' }).find((view) => view.key === 'dibaoMonthlyFen');
    expect(dibao?.current?.value).toBe(85_000);
    expect(dibao?.upcoming.map((row) => [row.effectiveFrom, row.value])).toEqual([['2027-01-01', 92_000]]);
    const later = keyViews({ history, today: '2027-01-01' }).find((view) => view.key === 'dibaoMonthlyFen');
    expect(later?.current?.value).toBe(92_000);
    expect(later?.upcoming).toEqual([]);
  });

  it('reads typed values in the units people use, with the shared checks in Chinese', () => {
    expect(parseSettingInput('dibaoMonthlyFen', '900')).toEqual({ ok: true, value: 90_000 });
    expect(parseSettingInput('dibaoMonthlyFen', '-5')).toEqual({
      ok: false,
      message: '当地低保标准（元/人·月）：不能为负数',
    });
    expect(parseSettingInput('dibaoMonthlyFen', '0')).toEqual({
      ok: false,
      message: '当地低保标准（元/人·月）：低保标准必须大于0',
    });
    expect(parseSettingInput('noticeWorkingDays', '5.5')).toEqual({
      ok: false,
      message: '公示期（工作日）：必须是整数',
    });
    expect(parseSettingInput('phaseOutMonths', '')).toEqual({ ok: false, message: '渐退期（月）：必须填写' });
    expect(formatSettingValue('dibaoMonthlyFen', 88_000)).toBe('880.00 元/人·月');
    expect(formatSettingValue('laggingTimelyRate', 0.9)).toBe('90%');
  });

  it('reads a date list and finds a year’s calendar', () => {
    expect(parseDateList('节假日', '2027-10-02\n2027-10-01、2027-10-01')).toEqual({
      ok: true,
      value: ['2027-10-01', '2027-10-02'],
    });
    expect(parseDateList('节假日', '10月1日')).toEqual({
      ok: false,
      message: '节假日：“10月1日”不是有效的日期，格式应为“年-月-日”，例如 2027-10-01',
    });
    expect(workCalendarOfYear({ history }, 2027)).toEqual({
      holidays: ['2027-10-01'],
      adjustedWorkdays: ['2027-09-26'],
      setByName: '王县总',
    });
    expect(workCalendarOfYear({ history }, 2026).holidays).toEqual([]);
  });
});
