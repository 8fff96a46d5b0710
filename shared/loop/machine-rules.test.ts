import { describe, expect, it } from 'vitest';
import type { CaseState } from './case-state';
import { DEFAULT_LOOP_CONFIG } from './config';
import { allowedCommands, applyCommand } from './machine';
import { ACTORS, chinaMorning, commandFor, step, walkEveryStage } from './test-fixtures';

const { snapshots } = walkEveryStage();
function at(stage: Parameters<typeof snapshots.get>[0]): { state: CaseState; today: string } {
  const snapshot = snapshots.get(stage);
  if (!snapshot) throw new Error(`no snapshot at ${stage}`);
  return snapshot;
}

describe('return for correction', () => {
  it('goes back to the grid worker with comments and comes back through the township', () => {
    const { state, today } = at('township_check');
    const back = step(state, 'returnToGrid', 'township_staff', today, {
      comments: '授权书缺少配偶签名',
      itemsToFix: ['配偶补签授权书', '补充户口簿'],
    }).state;
    expect(back).toMatchObject({
      stage: 'returned',
      returnedBy: 'township_staff',
      returnComments: '授权书缺少配偶签名',
      returnItems: ['配偶补签授权书', '补充户口簿'],
    });
    expect(allowedCommands(back, 'grid_worker', chinaMorning(today))).toEqual(['submitVisit']);

    const again = step(back, 'submitVisit', 'grid_worker', today, { missingMaterials: ['户口簿'] }).state;
    expect(again).toMatchObject({
      stage: 'township_check',
      returnComments: null,
      returnItems: [],
      returnCount: 1,
    });

    const noNote = applyCommand(
      again,
      commandFor('forwardToCounty', again, today),
      ACTORS.township_staff,
      chinaMorning(today),
    );
    expect(noNote).toMatchObject({ ok: false, code: 'guard_failed' });
    if (!noNote.ok) expect(noNote.reason).toContain('户口簿');
    const forwarded = step(again, 'forwardToCounty', 'township_staff', today, {
      materialsComplete: false,
      gapNote: '户口簿原件遗失，已开具派出所证明',
    });
    expect(forwarded.state.stage).toBe('county_review');
    expect(forwarded.event.summary).toContain('材料缺口说明');
  });

  it('needs comments and at least one item to fix', () => {
    const { state, today } = at('county_review');
    const result = applyCommand(
      state,
      commandFor('returnForCorrection', state, today, { itemsToFix: [] }),
      ACTORS.county_staff,
      chinaMorning(today),
    );
    expect(result).toMatchObject({ ok: false, code: 'invalid_payload' });
  });

  it('refuses a visit without the signed verification authorization', () => {
    const { state, today } = at('visit');
    const result = applyCommand(
      state,
      commandFor('submitVisit', state, today, { authorizationSigned: false }),
      ACTORS.grid_worker,
      chinaMorning(today),
    );
    expect(result).toMatchObject({ ok: false, code: 'guard_failed' });
    if (!result.ok) expect(result.reason).toContain('核对承诺授权书');
  });
});

describe('sudden hardship fast track', () => {
  const description = '2026年3月4日厂房火灾，户主烧伤住院';

  it('needs the incident described and skips the township check', () => {
    const undescribed = applyCommand(
      null,
      commandFor('register', null, '2026-03-05', { entryChannel: 'sudden_hardship' }),
      ACTORS.county_staff,
      chinaMorning('2026-03-05'),
    );
    expect(undescribed).toMatchObject({ ok: false, code: 'guard_failed' });

    const opened = step(null, 'register', 'county_staff', '2026-03-05', {
      entryChannel: 'sudden_hardship',
      description,
    });
    expect(opened.state).toMatchObject({ stage: 'entry', entryChannel: 'sudden_hardship' });
    const submitted = step(opened.state, 'submitVisit', 'grid_worker', '2026-03-05');
    expect(submitted.state.stage).toBe('county_review');
    expect(submitted.event.summary).toContain('快速通道');
  });

  it('uses the shorter notice period, and both rules follow the configuration', () => {
    let state = step(null, 'register', 'grid_worker', '2026-03-05', {
      entryChannel: 'sudden_hardship',
      description,
    }).state;
    state = step(state, 'submitVisit', 'grid_worker', '2026-03-05').state;
    for (const name of ['acceptReview', 'recordComparison', 'completeComparison'] as const) {
      state = step(state, name, 'county_staff', '2026-03-05').state;
    }
    state = step(state, 'classify', 'county_staff', '2026-03-05', {
      category: 'sudden',
      suggestedCategory: 'sudden',
    }).state;
    state = step(state, 'proposePlan', 'county_staff', '2026-03-05').state;
    state = step(state, 'approvePlan', 'county_staff', '2026-03-05').state;
    // Thursday + 3 working days = next Tuesday.
    expect(step(state, 'startNotice', 'county_staff', '2026-03-05').state.noticeEndDate).toBe('2026-03-10');

    const slow = { ...DEFAULT_LOOP_CONFIG, suddenSkipsTownshipCheck: false, suddenNoticeWorkingDays: 5 };
    expect(step(state, 'startNotice', 'county_staff', '2026-03-05', {}, slow).state.noticeEndDate).toBe(
      '2026-03-12',
    );
    const reopened = step(null, 'register', 'grid_worker', '2026-03-05', {
      entryChannel: 'sudden_hardship',
      description,
    });
    expect(step(reopened.state, 'submitVisit', 'grid_worker', '2026-03-05', {}, slow).state.stage).toBe(
      'township_check',
    );
  });

  it('keeps the normal path for other channels', () => {
    const opened = step(null, 'register', 'grid_worker', '2026-03-05', { entryChannel: 'grassroots_found' });
    expect(step(opened.state, 'submitVisit', 'grid_worker', '2026-03-05').state.stage).toBe('township_check');
  });

  it('lets only the county register a case it identified', () => {
    const result = applyCommand(
      null,
      commandFor('register', null, '2026-03-05', { entryChannel: 'county_identified' }),
      ACTORS.grid_worker,
      chinaMorning('2026-03-05'),
    );
    expect(result).toMatchObject({ ok: false, code: 'guard_failed' });
  });
});

describe('public notice and objections', () => {
  const { state: approved, today: approvedOn } = at('public_notice');
  const noticed = step(approved, 'startNotice', 'county_staff', approvedOn).state;

  it('ends five working days after the start by default and never earlier', () => {
    expect(noticed).toMatchObject({ noticeStartDate: '2026-03-10', noticeEndDate: '2026-03-17' });
    const short = applyCommand(
      approved,
      commandFor('startNotice', approved, approvedOn, { endDate: '2026-03-13' }),
      ACTORS.county_staff,
      chinaMorning(approvedOn),
    );
    expect(short).toMatchObject({ ok: false, code: 'guard_failed' });
    expect(
      step(approved, 'startNotice', 'county_staff', approvedOn, { endDate: '2026-03-20' }).state
        .noticeEndDate,
    ).toBe('2026-03-20');
  });

  it('cannot complete before the end date has passed', () => {
    const early = applyCommand(
      noticed,
      commandFor('completeNotice', noticed, '2026-03-17'),
      ACTORS.county_staff,
      chinaMorning('2026-03-17'),
    );
    expect(early).toMatchObject({ ok: false, code: 'guard_failed' });
    if (!early.ok) expect(early.reason).toContain('当前环节「公示」：公示期至2026-03-17');
    expect(allowedCommands(noticed, 'county_staff', chinaMorning('2026-03-17'))).not.toContain(
      'completeNotice',
    );
    expect(step(noticed, 'completeNotice', 'county_staff', '2026-03-18').state.stage).toBe('filing');
  });

  it('is blocked by an open objection until it is settled', () => {
    const objected = step(noticed, 'recordObjection', 'county_staff', '2026-03-12').state;
    expect(objected).toMatchObject({
      openObjections: 1,
      openObjectionIds: ['objection-1'],
      objectionCount: 1,
    });
    const blocked = applyCommand(
      objected,
      commandFor('completeNotice', objected, '2026-03-20'),
      ACTORS.county_staff,
      chinaMorning('2026-03-20'),
    );
    expect(blocked).toMatchObject({ ok: false, code: 'guard_failed' });
    if (!blocked.ok) expect(blocked.reason).toContain('尚有1件异议未处理');
    expect(allowedCommands(objected, 'county_staff', chinaMorning('2026-03-20'))).toEqual([
      'recordObjection',
      'settleObjection',
    ]);

    const settled = step(objected, 'settleObjection', 'county_staff', '2026-03-13').state;
    expect(settled).toMatchObject({ stage: 'public_notice', openObjections: 0, openObjectionIds: [] });
    const done = step(settled, 'completeNotice', 'county_staff', '2026-03-20');
    expect(done.state.stage).toBe('filing');
    expect(done.event.summary).toContain('1件异议均已处理');
  });

  it('sends the case back when an objection is upheld', () => {
    const objected = step(noticed, 'recordObjection', 'county_staff', '2026-03-12').state;
    const missingTarget = applyCommand(
      objected,
      commandFor('settleObjection', objected, '2026-03-13', { outcome: 'upheld' }),
      ACTORS.county_staff,
      chinaMorning('2026-03-13'),
    );
    expect(missingTarget).toMatchObject({ ok: false, code: 'invalid_payload' });
    const reopened = step(objected, 'settleObjection', 'county_staff', '2026-03-13', {
      outcome: 'upheld',
      reopenAt: 'classification',
    }).state;
    expect(reopened).toMatchObject({
      stage: 'classification',
      noticeStartDate: null,
      openObjections: 0,
      planApproved: false,
      planProposedOn: null,
      classifiedOn: null,
      comparisonCompletedOn: '2026-03-06',
    });
  });

  it('refuses an objection dated before the notice started', () => {
    const result = applyCommand(
      noticed,
      commandFor('recordObjection', noticed, '2026-03-12', { receivedOn: '2026-03-09' }),
      ACTORS.county_staff,
      chinaMorning('2026-03-12'),
    );
    expect(result).toMatchObject({ ok: false, code: 'guard_failed' });
  });
});

describe('classification, plan and disbursement rules', () => {
  it('needs a written reason to differ from the suggestion', () => {
    const { state, today } = at('classification');
    const bare = applyCommand(
      state,
      commandFor('classify', state, today, { category: 'relative', suggestedCategory: 'deep' }),
      ACTORS.county_staff,
      chinaMorning(today),
    );
    expect(bare).toMatchObject({ ok: false, code: 'guard_failed' });
    if (!bare.ok) expect(bare.reason).toContain('须填写书面理由');
    const reasoned = step(state, 'classify', 'county_staff', today, {
      category: 'relative',
      suggestedCategory: 'deep',
      reason: '低保标准调整后家庭收入已超过低保线',
    });
    expect(reasoned.state).toMatchObject({ category: 'relative', suggestedCategory: 'deep' });
  });

  it('needs at least three distinct attendees, and a rejection withdraws the plan', () => {
    const { state, today } = at('plan');
    const proposed = step(state, 'proposePlan', 'county_staff', today).state;
    const thin = applyCommand(
      proposed,
      commandFor('approvePlan', proposed, today, { attendees: ['王主任', '王主任', '李科长'] }),
      ACTORS.county_staff,
      chinaMorning(today),
    );
    expect(thin).toMatchObject({ ok: false, code: 'guard_failed' });
    const rejected = step(proposed, 'approvePlan', 'county_staff', today, { decision: 'rejected' }).state;
    expect(rejected).toMatchObject({
      stage: 'plan',
      planApproved: false,
      planProposedOn: null,
      planTotalFen: 0,
    });
    expect(allowedCommands(rejected, 'county_staff', chinaMorning(today))).toEqual(['proposePlan']);
  });

  it('refuses a plan without money and a payment beyond the approved plan', () => {
    const { state, today } = at('plan');
    const noMoney = applyCommand(
      state,
      commandFor('proposePlan', state, today, { measures: [{ measure: 'skills_training', amountFen: 0 }] }),
      ACTORS.county_staff,
      chinaMorning(today),
    );
    expect(noMoney).toMatchObject({ ok: false, code: 'guard_failed' });

    const { state: filed, today: filedOn } = at('disbursement');
    const tooMuch = applyCommand(
      filed,
      commandFor('disburse', filed, filedOn, { amountFen: 500_001 }),
      ACTORS.county_staff,
      chinaMorning(filedOn),
    );
    expect(tooMuch).toMatchObject({ ok: false, code: 'guard_failed' });
    const zero = applyCommand(
      filed,
      commandFor('disburse', filed, filedOn, { amountFen: 0 }),
      ACTORS.county_staff,
      chinaMorning(filedOn),
    );
    expect(zero).toMatchObject({ ok: false, code: 'invalid_payload' });
    const paid = step(filed, 'disburse', 'county_staff', filedOn, { amountFen: 500_000 }).state;
    expect(allowedCommands(paid, 'county_staff', chinaMorning(filedOn))).not.toContain('disburse');
  });

  it('refuses dates in the future', () => {
    const { state, today } = at('filing');
    const result = applyCommand(
      state,
      commandFor('fileRecord', state, today, { filedOn: '2026-12-31' }),
      ACTORS.city_staff,
      chinaMorning(today),
    );
    expect(result).toMatchObject({ ok: false, code: 'guard_failed' });
  });
});

describe('exit and phase-out', () => {
  const { state: managed } = at('managed');

  it('gives a deep-difficulty case that is lifted out six months of phase-out', () => {
    const phasing = step(managed, 'exit', 'county_staff', '2026-08-31').state;
    expect(phasing).toMatchObject({
      stage: 'phase_out',
      phaseOutStartDate: '2026-08-31',
      phaseOutUntil: '2027-02-28',
    });
    // Assistance continues during the phase-out.
    expect(step(phasing, 'disburse', 'county_staff', '2026-09-30').state.stage).toBe('phase_out');
    expect(step(phasing, 'recordFollowUpVisit', 'grid_worker', '2026-10-10').state.stage).toBe('phase_out');

    const early = applyCommand(
      phasing,
      commandFor('completeExit', phasing, '2027-02-28'),
      ACTORS.county_staff,
      chinaMorning('2027-02-28'),
    );
    expect(early).toMatchObject({ ok: false, code: 'guard_failed' });
    if (!early.ok) expect(early.reason).toContain('渐退期至2027-02-28');
    expect(allowedCommands(phasing, 'county_staff', chinaMorning('2027-02-28'))).not.toContain(
      'completeExit',
    );
    const exited = step(phasing, 'completeExit', 'county_staff', '2027-03-01').state;
    expect(exited).toMatchObject({ stage: 'exited', exitedOn: '2027-03-01', exitReason: 'lifted_out' });
  });

  it('exits other categories and other reasons directly', () => {
    const relative = { ...managed, category: 'relative' as const };
    expect(step(relative, 'exit', 'county_staff', '2026-08-31').state.stage).toBe('exited');
    expect(step(managed, 'exit', 'county_staff', '2026-08-31', { reason: 'relocated' }).state.stage).toBe(
      'exited',
    );
    const noPhaseOut = { ...DEFAULT_LOOP_CONFIG, phaseOutMonths: 0 };
    expect(step(managed, 'exit', 'county_staff', '2026-08-31', {}, noPhaseOut).state.stage).toBe('exited');
  });

  it('can call off the phase-out when the household falls back', () => {
    const phasing = step(managed, 'exit', 'county_staff', '2026-08-31').state;
    const back = step(phasing, 'cancelPhaseOut', 'county_staff', '2026-10-01').state;
    expect(back).toMatchObject({ stage: 'managed', phaseOutUntil: null, exitReason: null });
  });

  it('re-files an exited household from the visit, and only the county may skip to review', () => {
    const { state: exited, today } = at('exited');
    const byGrid = step(exited, 'refile', 'grid_worker', today).state;
    expect(byGrid).toMatchObject({ stage: 'entry', cycle: 2 });
    const skip = applyCommand(
      exited,
      commandFor('refile', exited, today, { restartAt: 'county_review' }),
      ACTORS.grid_worker,
      chinaMorning(today),
    );
    expect(skip).toMatchObject({ ok: false, code: 'guard_failed' });
  });

  it('starts a new round when a filed household applies again', () => {
    const again = step(managed, 'submitVisit', 'grid_worker', '2026-04-01').state;
    expect(again).toMatchObject({
      stage: 'township_check',
      category: 'deep',
      planApproved: false,
      cityFiled: false,
      disbursed: false,
      comparedSources: [],
      cycle: 1,
    });
  });
});
