import { describe, expect, it } from 'vitest';
import { monthCell, monthsWithData, timelyText, warningSteps } from './monitoring-model';
import type { UnitMonitoring } from '../../../../shared/monitoring';

const zero = () => Array.from({ length: 12 }, () => 0);

function unit(filedInMay: number): UnitMonitoring {
  const months = {
    filed: zero(),
    adjusted: zero(),
    exited: zero(),
    refiled: zero(),
    relief_on_time: zero(),
    relief_late: zero(),
  };
  months.filed[4] = filedInMay;
  months.relief_late[6] = 1;
  return {
    unitId: 'u',
    unitName: '甲',
    months,
    totals: { filed: filedInMay, adjusted: 0, exited: 0, refiled: 0, relief_on_time: 0, relief_late: 1 },
    timelyRate: 0,
    openOverdueWarnings: 0,
    lagging: true,
    lagReasons: [],
  };
}

describe('monitoring screens', () => {
  it('offers the steps that fit each warning', () => {
    expect(warningSteps({ rule: 'income_below_standard', householdId: 'h' }).map((s) => s.action)).toEqual([
      'start_visit',
      'open_case',
    ]);
    expect(warningSteps({ rule: 'suggest_refile', householdId: 'h' })[0]).toEqual({
      action: 'refile',
      label: '返困重新建档',
      to: '/review/cases/h',
    });
    expect(warningSteps({ rule: 'phase_out_ending', householdId: 'h' }).map((s) => s.action)).toEqual([
      'open_case',
    ]);
  });

  it('lists the months with data and writes a month cell', () => {
    expect(monthsWithData([unit(2), unit(0)])).toEqual([4, 6]);
    expect(monthCell(unit(2), 4)).toBe('本年建档 2');
    expect(monthCell(unit(2), 6)).toBe('超期发放 1');
    expect(monthCell(unit(2), 0)).toBe('—');
    expect(timelyText(0.5)).toBe('50%');
    expect(timelyText(null)).toBe('—');
  });
});
