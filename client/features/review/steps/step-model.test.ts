import { describe, expect, it } from 'vitest';
import { commandAvailability } from '../../../../shared/loop/machine';
import { newCaseState } from '../../../../shared/loop/case-state';
import { offeredSteps } from './step-model';

const state = {
  ...newCaseState({
    entryChannel: 'worker_applied',
    unitPath: '341600/341602/341602001/341602001001',
    enteredOn: '2026-11-01',
    at: '2026-11-01T02:00:00.000Z',
  }),
  stage: 'public_notice' as const,
  planApproved: true,
  planApprovedOn: '2026-11-10',
  noticeStartDate: '2026-11-11',
  noticeEndDate: '2026-11-30',
};
const now = new Date('2026-11-25T02:00:00.000Z');

describe('offeredSteps', () => {
  it('offers the steps of the current stage: allowed ones enabled, the others with their reason', () => {
    const steps = offeredSteps(commandAvailability(state, 'county_staff', now), 'public_notice');
    expect(steps.map((s) => [s.command, s.allowed])).toEqual([
      ['startNotice', false],
      ['recordObjection', true],
      ['settleObjection', false],
      ['completeNotice', false],
    ]);
    expect(steps.find((s) => s.command === 'completeNotice')?.reason).toContain('公示期至2026-11-30');
    expect(steps.find((s) => s.command === 'recordObjection')?.reason).toBeNull();
  });

  it("shows another role's step of this stage disabled with who takes it", () => {
    const filing = { ...state, stage: 'filing' as const };
    const steps = offeredSteps(commandAvailability(filing, 'county_staff', now), 'filing');
    expect(steps).toHaveLength(1);
    expect(steps[0]).toMatchObject({ command: 'fileRecord', allowed: false });
    expect(steps[0]?.reason).toContain('市总帮扶中心');
    expect(offeredSteps(commandAvailability(filing, 'city_staff', now), 'filing')[0]?.allowed).toBe(true);
  });

  it('never offers registration on a case page', () => {
    const steps = offeredSteps(commandAvailability(state, 'county_staff', now), 'public_notice');
    expect(steps.some((s) => s.command === 'register')).toBe(false);
  });
});
