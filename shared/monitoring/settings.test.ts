import { describe, expect, it } from 'vitest';
import { defaultNoticeEndDate } from '../loop/commands-notice';
import { newCaseState } from '../loop/case-state';
import { loopConfigOn, workCalendarsByYear } from './loop-settings';
import {
  countySettingWriteSchema,
  dibaoStandardOn,
  effectiveSettings,
  knownSettingRows,
  type CountySettingRow,
} from './settings';

const dibao = (value: number, effectiveFrom: string): CountySettingRow => ({
  key: 'dibaoMonthlyFen',
  value,
  effectiveFrom,
});

describe('county settings by date', () => {
  const rows: CountySettingRow[] = [
    dibao(85_000, '2026-01-01'),
    dibao(90_000, '2027-01-01'),
    dibao(86_000, '2026-07-01'),
    { key: 'visitOverdueMonths', value: 'x', effectiveFrom: '2026-01-01' },
  ];

  it('the value in force is the latest effective row not after the day', () => {
    expect(effectiveSettings(rows, '2025-12-31').dibaoMonthlyFen).toBe(null);
    expect(effectiveSettings(rows, '2026-06-30').dibaoMonthlyFen).toBe(85_000);
    expect(effectiveSettings(rows, '2026-07-01').dibaoMonthlyFen).toBe(86_000);
    expect(effectiveSettings(rows, '2026-12-31').dibaoMonthlyFen).toBe(86_000);
    expect(effectiveSettings(rows, '2027-03-01').dibaoMonthlyFen).toBe(90_000);
  });

  it('says which value it used, with the day it took effect', () => {
    expect(dibaoStandardOn(rows, '2026-12-31')).toEqual({ monthlyFen: 86_000, effectiveFrom: '2026-07-01' });
    expect(dibaoStandardOn(rows, '2027-01-01')).toEqual({ monthlyFen: 90_000, effectiveFrom: '2027-01-01' });
    expect(dibaoStandardOn([], '2027-01-01')).toBe(null);
  });

  it('a later write for the same date replaces the earlier in force; both stay in the list', () => {
    const corrected = [...rows, dibao(91_000, '2027-01-01')];
    expect(effectiveSettings(corrected, '2027-01-01').dibaoMonthlyFen).toBe(91_000);
    expect(effectiveSettings(corrected, '2026-12-31').dibaoMonthlyFen).toBe(86_000);
  });

  it('skips values that do not parse and keeps defaults for keys never set', () => {
    expect(effectiveSettings(rows, '2026-07-01').visitOverdueMonths).toBe(6);
    expect(effectiveSettings(rows, '2026-07-01').noticeWorkingDays).toBe(5);
    expect(effectiveSettings(rows, '2026-07-01').phaseOutMonths).toBe(6);
  });

  it('leaves out keys it does not know', () => {
    expect(
      knownSettingRows([
        { key: 'somethingNew', value: 1, effectiveFrom: '2026-01-01' },
        { key: 'phaseOutMonths', value: 3, effectiveFrom: '2026-01-01' },
      ]).map((r) => r.key),
    ).toEqual(['phaseOutMonths']);
  });
});

describe('the loop configuration of a county', () => {
  const rows: CountySettingRow[] = [
    { key: 'noticeWorkingDays', value: 7, effectiveFrom: '2027-01-01' },
    { key: 'phaseOutMonths', value: 3, effectiveFrom: '2026-06-01' },
    {
      key: 'workCalendar',
      value: { holidays: ['2026-12-31'], adjustedWorkdays: [] },
      effectiveFrom: '2026-01-01',
    },
    {
      key: 'workCalendar',
      value: { holidays: ['2027-01-01'], adjustedWorkdays: ['2027-01-03'] },
      effectiveFrom: '2027-01-01',
    },
  ];

  it('takes the values in force on the day and every year’s holidays', () => {
    const late2026 = loopConfigOn(rows, '2026-12-28');
    expect(late2026.noticeWorkingDays).toBe(5);
    expect(late2026.phaseOutMonths).toBe(3);
    expect(late2026.holidays).toEqual(['2026-12-31', '2027-01-01']);
    expect(loopConfigOn(rows, '2027-01-04').noticeWorkingDays).toBe(7);
    expect(loopConfigOn(rows, '2026-05-01').phaseOutMonths).toBe(6);
  });

  it('a notice across the new year skips both years’ holidays and counts the 调休 Sunday', () => {
    const state = newCaseState({
      entryChannel: 'worker_applied',
      unitPath: '341600/341602',
      enteredOn: '2026-12-01',
      at: '2026-12-01T00:00:00Z',
    });
    // Mon 12-28 + 5 working days: Tue 29, Wed 30, (Thu 31 holiday, Fri 01 holiday), Sun 03 worked, Mon 04, Tue 05.
    expect(defaultNoticeEndDate(state, '2026-12-28', { config: loopConfigOn(rows, '2026-12-28') })).toBe(
      '2027-01-05',
    );
    expect(defaultNoticeEndDate(state, '2026-12-28', { config: loopConfigOn([], '2026-12-28') })).toBe(
      '2027-01-04',
    );
  });

  it('a later write of a year replaces that year’s lists', () => {
    const again = [
      ...rows,
      {
        key: 'workCalendar' as const,
        value: { holidays: [], adjustedWorkdays: [] },
        effectiveFrom: '2026-01-01',
      },
    ];
    expect(workCalendarsByYear(again).get('2026')).toEqual({ holidays: [], adjustedWorkdays: [] });
    expect(loopConfigOn(again, '2026-12-28').holidays).toEqual(['2027-01-01']);
  });
});

describe('writing a setting', () => {
  const write = (key: string, value: unknown, effectiveFrom = '2027-01-01') =>
    countySettingWriteSchema.safeParse({ countyId: '341602', key, value, effectiveFrom });
  const message = (result: ReturnType<typeof write>) => result.error?.issues[0]?.message;

  it('checks the value against its key, in Chinese', () => {
    expect(message(write('marginalMultiplier', 5))).toBe('边缘易致困户上限（低保标准的倍数）：不能大于3');
    expect(message(write('dibaoMonthlyFen', 0))).toBe('当地低保标准（元/人·月）：低保标准必须大于0');
    expect(message(write('noticeWorkingDays', 2.5))).toBe('公示期（工作日）：必须是整数');
    expect(message(write('noticeWorkingDays', 40))).toBe('公示期（工作日）：不能超过30个工作日');
    expect(message(write('unknownKey', 1))).toBe('未知的参数名称');
    expect(write('phaseOutMonths', 0).success).toBe(true);
    expect(write('dibaoMonthlyFen', 90_000).success).toBe(true);
  });

  it('a year’s holidays lie in that year and start on 1 January; 调休 days are weekends', () => {
    const calendar = (holidays: string[], adjustedWorkdays: string[] = [], from = '2027-01-01') =>
      write('workCalendar', { holidays, adjustedWorkdays }, from);
    expect(calendar(['2027-10-01'], ['2027-09-26']).success).toBe(true);
    expect(message(calendar(['2027-10-01'], [], '2027-02-01'))).toBe(
      '节假日与调休按年设置，生效日期应为2027-01-01',
    );
    expect(message(calendar(['2026-10-01']))).toBe('节假日2026-10-01不在2027年内');
    expect(message(calendar(['2027-10-01'], ['2027-09-27']))).toBe('调休上班日2027-09-27不是周六或周日');
    expect(message(calendar(['2027-10-02'], ['2027-10-02']))).toBe(
      '日期2027-10-02重复或同时列为节假日和调休上班日',
    );
    expect(message(calendar(['2027-13-01']))).toContain('不是有效的日期');
  });
});
