import { describe, expect, it } from 'vitest';
import { currentUpdateWindow, isVisitDue, visitPeriodStart } from './visit-due';

describe('visit period', () => {
  it('starts with the spring window from March to August', () => {
    expect(visitPeriodStart('2026-03-01')).toBe('2026-03-01');
    expect(visitPeriodStart('2026-04-30')).toBe('2026-03-01');
    expect(visitPeriodStart('2026-08-31')).toBe('2026-03-01');
  });

  it('starts with the autumn window from September to February of the next year', () => {
    expect(visitPeriodStart('2026-09-01')).toBe('2026-09-01');
    expect(visitPeriodStart('2026-12-31')).toBe('2026-09-01');
    expect(visitPeriodStart('2027-01-15')).toBe('2026-09-01');
    expect(visitPeriodStart('2027-02-28')).toBe('2026-09-01');
  });

  it('names the update window only inside March–April and September–October', () => {
    expect(currentUpdateWindow('2026-03-10')?.startMonth).toBe(3);
    expect(currentUpdateWindow('2026-10-31')?.startMonth).toBe(9);
    expect(currentUpdateWindow('2026-05-01')).toBeNull();
    expect(currentUpdateWindow('2026-02-28')).toBeNull();
  });
});

describe('visit due', () => {
  it('is due without any final visit', () => {
    expect(isVisitDue({ stage: 'entry', lastFinalVisitDate: null, today: '2026-11-25' })).toBe(true);
  });

  it('is not due after a final visit inside the current period', () => {
    expect(isVisitDue({ stage: 'managed', lastFinalVisitDate: '2026-09-01', today: '2026-11-25' })).toBe(
      false,
    );
    expect(isVisitDue({ stage: 'managed', lastFinalVisitDate: '2026-04-20', today: '2026-08-31' })).toBe(
      false,
    );
  });

  it('is due again once the next window opens', () => {
    expect(isVisitDue({ stage: 'managed', lastFinalVisitDate: '2026-04-20', today: '2026-09-01' })).toBe(
      true,
    );
    // A visit in February belongs to the autumn period and does not cover the spring round.
    expect(isVisitDue({ stage: 'managed', lastFinalVisitDate: '2027-02-27', today: '2027-03-02' })).toBe(
      true,
    );
  });

  it('never lists a household that has exited the loop', () => {
    expect(isVisitDue({ stage: 'exited', lastFinalVisitDate: null, today: '2026-11-25' })).toBe(false);
  });
});
