import { describe, expect, it } from 'vitest';
import {
  currentRound,
  defaultRounds,
  dueInRound,
  putRoundCalendarRequestSchema,
  roundStatus,
  roundsAt,
  visitedInRound,
  type RoundCalendarData,
} from './round-calendar';

const spring = { startDate: '2027-03-01', endDate: '2027-04-30' };

describe('round calendar', () => {
  it('defaults to March–April and September–October', () => {
    const [a, b] = defaultRounds('341600', 2027);
    expect(a).toMatchObject({ id: '341600-2027-1', name: '在档走访', ...spring });
    expect(b).toMatchObject({ startDate: '2027-09-01', endDate: '2027-10-31', name: '档案更新' });
  });

  it('makes filed and monitored households due, nobody else', () => {
    expect(dueInRound({ stage: 'managed' }, spring)).toBe(true);
    expect(dueInRound({ stage: 'phase_out' }, spring)).toBe(true);
    expect(dueInRound({ stage: 'exited' }, spring)).toBe(false);
    expect(dueInRound({ stage: 'county_review' }, spring)).toBe(false);
    expect(dueInRound({ stage: 'exited' }, spring, { monitored: true })).toBe(true);
  });

  it('counts only final visits dated inside the round', () => {
    expect(visitedInRound(spring, [{ visitDate: '2027-02-28', status: 'final' }])).toBe(false);
    expect(visitedInRound(spring, [{ visitDate: '2027-03-10', status: 'draft' }])).toBe(false);
    expect(visitedInRound(spring, [{ visitDate: '2027-04-30', status: 'final' }])).toBe(true);
  });

  it('tells due, overdue, done, upcoming and not due apart', () => {
    const at = (today: string, due = true, visited = false) =>
      roundStatus({ due, visited, round: spring, today });
    expect(at('2027-03-15')).toBe('due');
    expect(at('2027-05-01')).toBe('overdue');
    expect(at('2027-02-01')).toBe('upcoming');
    expect(at('2027-03-15', true, true)).toBe('done');
    expect(at('2027-03-15', false)).toBe('not_due');
  });

  it('merges the city and county calendars that apply, and falls back to the defaults', () => {
    const city: RoundCalendarData = {
      unitId: '341600',
      unitPath: '341600',
      year: 2027,
      rounds: defaultRounds('341600', 2027),
    };
    const county: RoundCalendarData = {
      unitId: '341602',
      unitPath: '341600/341602',
      year: 2027,
      rounds: [{ id: '341602-2027-x', name: '汛期走访', startDate: '2027-06-01', endDate: '2027-06-30' }],
    };
    const grid = '341600/341602/341602001/341602001001';
    expect(roundsAt([city, county], grid, 2027).map((r) => r.name)).toEqual([
      '在档走访',
      '汛期走访',
      '档案更新',
    ]);
    expect(roundsAt([city, county], '341600/341621', 2027)).toHaveLength(2);
    expect(roundsAt([], grid, 2028)[0]?.id).toBe('341600-2028-1');
  });

  it('picks the open round, else the last ended one', () => {
    const rounds = defaultRounds('341600', 2027);
    expect(currentRound(rounds, '2027-03-20')?.name).toBe('在档走访');
    expect(currentRound(rounds, '2027-06-20')?.name).toBe('在档走访');
    expect(currentRound(rounds, '2027-12-20')?.name).toBe('档案更新');
    expect(currentRound(rounds, '2027-01-20')).toBeNull();
  });

  it('refuses a round that ends before it starts and repeated ids', () => {
    const round = { id: '341602-2027-1', name: 'x', startDate: '2027-05-01', endDate: '2027-04-01' };
    expect(
      putRoundCalendarRequestSchema.safeParse({ unitId: '341602', year: 2027, rounds: [round] }).success,
    ).toBe(false);
    const ok = { ...round, endDate: '2027-05-02' };
    expect(
      putRoundCalendarRequestSchema.safeParse({ unitId: '341602', year: 2027, rounds: [ok, ok] }).success,
    ).toBe(false);
  });

  it('explains every rule of a unit’s calendar in Chinese, at the round and field it concerns', () => {
    const issues = (rounds: object[], unitId = '341602') => {
      const parsed = putRoundCalendarRequestSchema.safeParse({ unitId, year: 2027, rounds });
      return parsed.success ? [] : parsed.error.issues.map((i) => [i.path.join('.'), i.message]);
    };
    const spring = { id: '341602-2027-1', name: '春季走访', startDate: '2027-03-01', endDate: '2027-04-30' };
    expect(issues([spring])).toEqual([]);
    expect(issues([])).toEqual([]);
    expect(
      issues([
        spring,
        { id: '341602-2027-2', name: ' ', startDate: '2027-04-15', endDate: '2027-05-10' },
        { id: '341602-2027-3', name: '冬季走访', startDate: '2027-12-01', endDate: '2028-01-15' },
        { id: '341600-2027-1', name: '借用编号', startDate: '2026-06-01', endDate: '2026-06-30' },
      ]),
    ).toEqual([
      ['rounds.1.name', '必须填写轮次名称'],
      ['rounds.1.startDate', '与“春季走访”（2027-03-01 至 2027-04-30）日期重叠'],
      ['rounds.2.endDate', '结束日期须在 2027 年内'],
      ['rounds.3.id', '轮次编号须以“341602-2027-”开头'],
      ['rounds.3.startDate', '开始日期须在 2027 年内'],
      ['rounds.3.endDate', '结束日期须在 2027 年内'],
    ]);
    // A bad date is reported once, as a date, not as an ordering or overlap problem too.
    expect(issues([{ ...spring, endDate: '2027-02-30' }])).toEqual([['rounds.0.endDate', '不是有效的日期']]);
    // Rounds that touch on one day overlap; the next day does not.
    expect(
      issues([spring, { ...spring, id: '341602-2027-2', startDate: '2027-04-30', endDate: '2027-05-31' }]),
    ).toHaveLength(1);
    expect(
      issues([spring, { ...spring, id: '341602-2027-2', startDate: '2027-05-01', endDate: '2027-05-31' }]),
    ).toEqual([]);
  });
});
