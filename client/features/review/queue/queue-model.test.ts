import { describe, expect, it } from 'vitest';
import {
  ageText,
  dueDatesOf,
  filtersFromSearch,
  filtersToSearch,
  groupByStage,
  listQuery,
} from './queue-model';

describe('queue filters in the address bar', () => {
  it('round-trips the filters and drops malformed values', () => {
    const filters = filtersFromSearch(
      new URLSearchParams('view=all&stage=public_notice&category=deep&unitId=341602001&q=%20张三%20'),
    );
    expect(filters).toEqual({
      view: 'all',
      stage: 'public_notice',
      category: 'deep',
      unitId: '341602001',
      q: '张三',
    });
    expect(filtersFromSearch(filtersToSearch(filters))).toEqual(filters);
    expect(filtersFromSearch(new URLSearchParams('view=x&stage=nope&category=rich&unitId=a/b'))).toEqual({
      view: 'queue',
      stage: null,
      category: null,
      unitId: null,
      q: '',
    });
  });

  it('sends only the filters that are set, with the page cursor', () => {
    const query = listQuery({ view: 'queue', stage: null, category: 'relative', unitId: null, q: '' }, 'c2');
    expect(query).toEqual({
      view: 'queue',
      stage: undefined,
      category: 'relative',
      unitId: undefined,
      q: undefined,
      limit: 20,
      cursor: 'c2',
    });
  });
});

describe('due dates', () => {
  it('marks a date overdue only after it has passed', () => {
    const notice = {
      stage: 'public_notice' as const,
      dueDates: { noticeEndDate: '2026-11-18', phaseOutUntil: null },
    };
    expect(dueDatesOf(notice, '2026-11-18')).toEqual([
      { label: '公示截止', date: '2026-11-18', overdue: false },
    ]);
    expect(dueDatesOf(notice, '2026-11-19')[0]?.overdue).toBe(true);
    const phaseOut = {
      stage: 'phase_out' as const,
      dueDates: { noticeEndDate: '2026-01-10', phaseOutUntil: '2027-05-31' },
    };
    expect(dueDatesOf(phaseOut, '2026-11-19')).toEqual([
      { label: '渐退期截止', date: '2027-05-31', overdue: false },
    ]);
    expect(
      dueDatesOf({ stage: 'entry', dueDates: { noticeEndDate: null, phaseOutUntil: null } }, '2026-11-19'),
    ).toEqual([]);
  });

  it('shows no notice deadline (red or not) once the case has moved past the notice', () => {
    const filed = {
      stage: 'managed' as const,
      dueDates: { noticeEndDate: '2026-01-10', phaseOutUntil: null },
    };
    expect(dueDatesOf(filed, '2026-11-19')).toEqual([]);
    const exited = {
      stage: 'exited' as const,
      dueDates: { noticeEndDate: '2026-01-10', phaseOutUntil: '2026-07-31' },
    };
    expect(dueDatesOf(exited, '2026-11-19')).toEqual([]);
  });

  it('says how long a case has waited', () => {
    expect(ageText(0)).toBe('今天');
    expect(ageText(12)).toBe('12 天');
  });
});

describe('groupByStage', () => {
  it('groups rows in the order of the loop, leaving out empty steps', () => {
    const rows = [
      { id: 'a', stage: 'plan' as const, stageLabel: '帮扶方案与集体审批' },
      { id: 'b', stage: 'county_review' as const, stageLabel: '县总审核' },
      { id: 'c', stage: 'plan' as const, stageLabel: '帮扶方案与集体审批' },
    ];
    const groups = groupByStage(rows, ['county_review', 'comparison', 'plan']);
    expect(groups.map((g) => [g.stage, g.items.map((i) => i.id)])).toEqual([
      ['county_review', ['b']],
      ['plan', ['a', 'c']],
    ]);
  });
});
