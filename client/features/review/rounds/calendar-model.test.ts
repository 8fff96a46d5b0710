import { describe, expect, it } from 'vitest';
import { calendarView, checkCalendar, nextRoundId } from './calendar-model';

const city = { unitId: '341600', unitPath: '341600' };
const county = { unitId: '341602', unitPath: '341600/341602' };
const cityRounds = [
  { id: '341600-2027-2', name: '秋季', startDate: '2027-09-01', endDate: '2027-09-30' },
  { id: '341600-2027-1', name: '春季', startDate: '2027-03-01', endDate: '2027-03-31' },
];
const reply = (calendars: { unitId: string; unitPath: string; rounds: typeof cityRounds }[]) => ({
  year: 2027,
  today: '2027-02-01',
  rounds: [],
  calendars: calendars.map((c) => ({ ...c, id: `cal-${c.unitId}`, year: 2027 })),
});

describe('round calendar screen model', () => {
  it('gives the city its defaults to edit until it saves, then its own rounds by start date', () => {
    const before = calendarView(reply([]), city);
    expect(before).toMatchObject({ defaults: true, above: [] });
    expect(before.own.map((r) => [r.id, r.name])).toEqual([
      ['341600-2027-1', '在档走访'],
      ['341600-2027-2', '档案更新'],
    ]);
    const after = calendarView(reply([{ ...city, rounds: cityRounds }]), city);
    expect(after.defaults).toBe(false);
    expect(after.own.map((r) => r.name)).toEqual(['春季', '秋季']);
  });

  it('shows a county the city’s rounds (or the defaults) read-only and its own to edit', () => {
    const before = calendarView(reply([]), county);
    expect(before.own).toEqual([]);
    expect(before.above).toMatchObject([{ unitId: '341600', defaults: true }]);
    const own = [{ id: '341602-2027-1', name: '汛期', startDate: '2027-06-01', endDate: '2027-06-30' }];
    const after = calendarView(
      reply([
        { ...city, rounds: cityRounds },
        { ...county, rounds: own },
      ]),
      county,
    );
    expect(after.own).toEqual(own);
    expect(after.above.map((g) => [g.unitId, g.defaults, g.rounds.map((r) => r.name)])).toEqual([
      ['341600', false, ['春季', '秋季']],
    ]);
  });

  it('numbers new rounds after every id in use', () => {
    expect(nextRoundId('341602', 2027, [])).toBe('341602-2027-1');
    expect(nextRoundId('341600', 2027, [...cityRounds, { id: '341600-2027-x' }])).toBe('341600-2027-3');
  });

  it('puts the shared schema’s messages on the row and field they concern', () => {
    const first = { id: '341602-2027-1', name: '汛期', startDate: '2027-06-01', endDate: '2027-06-30' };
    const second = { id: '341602-2027-2', name: '', startDate: '2027-06-15', endDate: '' };
    const rows = [first, second];
    const checked = checkCalendar('341602', 2027, rows);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.issues.rows).toEqual([{}, { name: '必须填写轮次名称', endDate: '必须填写结束日期' }]);
    const fixed = checkCalendar('341602', 2027, [
      first,
      { ...second, name: ' 秋汛 ', startDate: '2027-08-01', endDate: '2027-08-31' },
    ]);
    expect(fixed).toMatchObject({ ok: true, request: { unitId: '341602', year: 2027 } });
    if (fixed.ok) expect(fixed.request.rounds[1]?.name).toBe('秋汛');
  });
});
