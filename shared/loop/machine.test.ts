import { describe, expect, it } from 'vitest';
import { ROLE_LABELS } from '../roles';
import { roleSchema } from '../role-schema';
import type { CaseState } from './case-state';
import { LOOP_COMMANDS, LOOP_COMMAND_NAMES } from './commands';
import { allowedCommands, applyCommand, commandAvailability } from './machine';
import { LOOP_STAGES, LOOP_STAGE_LABELS } from './stages';
import { ACTORS, UNITS, chinaMorning, commandFor, step, walkEveryStage } from './test-fixtures';

const ROLES = roleSchema.options;

/** Freezes the state and its lists so that any mutation by the machine throws. */
function frozen(state: CaseState): CaseState {
  for (const value of Object.values(state)) if (Array.isArray(value)) Object.freeze(value);
  return Object.freeze(state);
}

describe('one case through the whole loop', () => {
  const { snapshots, events } = walkEveryStage();

  it('reaches every stage by the right roles and records a zh-CN timeline', () => {
    expect([...snapshots.keys()].sort()).toEqual([...LOOP_STAGES].sort());
    expect(events.map((e) => `${e.command}:${e.fromStage ?? '-'}→${e.toStage}`)).toEqual([
      'register:-→entry',
      'startVisit:entry→visit',
      'submitVisit:visit→township_check',
      'forwardToCounty:township_check→county_review',
      'returnForCorrection:county_review→returned',
      'submitVisit:returned→township_check',
      'forwardToCounty:township_check→county_review',
      'acceptReview:county_review→comparison',
      'recordComparison:comparison→comparison',
      'completeComparison:comparison→classification',
      'classify:classification→plan',
      'proposePlan:plan→plan',
      'approvePlan:plan→public_notice',
      'startNotice:public_notice→public_notice',
      'completeNotice:public_notice→filing',
      'fileRecord:filing→disbursement',
      'disburse:disbursement→managed',
      'recordFollowUpVisit:managed→managed',
      'exit:managed→phase_out',
      'completeExit:phase_out→exited',
      'refile:exited→entry',
    ]);
    for (const event of events) expect(event.summary).toMatch(/[\u4e00-\u9fff]/);
    expect(events.find((e) => e.command === 'fileRecord')?.actorRole).toBe('city_staff');
  });

  it('keeps what later steps and screens need in the case state', () => {
    const managed = snapshots.get('managed')?.state;
    expect(managed).toMatchObject({
      category: 'deep',
      planApproved: true,
      planTotalFen: 500_000,
      planMeasures: ['living_relief', 'illness_relief', 'skills_training'],
      noticeStartDate: '2026-03-10',
      noticeEndDate: '2026-03-17',
      cityFiled: true,
      cityFileNumber: 'BZ-2026-001',
      disbursed: true,
      disbursedTotalFen: 250_000,
      returnCount: 1,
      returnComments: null,
    });
    const disbursement = events.find((e) => e.command === 'disburse');
    expect(disbursement?.summary).toContain('¥2,500.00');
    expect(disbursement?.summary).toContain('**** **** **** 1234');
  });

  it('re-filing starts a new cycle and keeps the unit and channel', () => {
    const refiled = events.at(-1);
    expect(refiled?.cycle).toBe(2);
    const { state } = step(snapshots.get('exited')?.state ?? null, 'refile', 'county_staff', '2027-01-05', {
      restartAt: 'county_review',
    });
    expect(state).toMatchObject({
      stage: 'county_review',
      cycle: 2,
      category: 'unclassified',
      planApproved: false,
      disbursed: false,
      exitedOn: null,
      phaseOutUntil: null,
      unitPath: UNITS.grid,
      entryChannel: 'worker_applied',
    });
  });
});

describe('refusals change nothing and say why in Chinese', () => {
  const { snapshots } = walkEveryStage();

  it('refuses every role not named by a step, naming the current stage', () => {
    let checked = 0;
    for (const name of LOOP_COMMAND_NAMES) {
      const def = LOOP_COMMANDS[name];
      const stage = def.from[0];
      const snapshot = stage ? snapshots.get(stage) : undefined;
      const state = snapshot ? frozen({ ...snapshot.state }) : null;
      const today = snapshot?.today ?? '2026-03-02';
      const before = JSON.stringify(state);
      for (const role of ROLES.filter((r) => !def.roles.includes(r))) {
        const result = applyCommand(state, commandFor(name, state, today), ACTORS[role], chinaMorning(today));
        expect(result.ok, `${name} by ${role}`).toBe(false);
        if (result.ok) continue;
        expect(result.code).toBe('forbidden_role');
        const label = state ? LOOP_STAGE_LABELS[state.stage] : '尚未登记';
        expect(result.reason).toContain(`当前环节「${label}」`);
        expect(result.reason).toContain(ROLE_LABELS[role]);
        checked += 1;
      }
      expect(JSON.stringify(state)).toBe(before);
    }
    expect(checked).toBeGreaterThan(60);
  });

  it('refuses every step outside its stages, naming the current stage', () => {
    let checked = 0;
    for (const name of LOOP_COMMAND_NAMES) {
      const def = LOOP_COMMANDS[name];
      const role = def.roles[0];
      if (!role) throw new Error(`${name} has no role`);
      for (const stage of LOOP_STAGES.filter((s) => !def.from.includes(s))) {
        const snapshot = snapshots.get(stage);
        if (!snapshot) throw new Error(`no snapshot at ${stage}`);
        const state = frozen({ ...snapshot.state });
        const before = JSON.stringify(state);
        const result = applyCommand(
          state,
          commandFor(name, state, snapshot.today),
          ACTORS[role],
          chinaMorning(snapshot.today),
        );
        expect(result.ok, `${name} at ${stage}`).toBe(false);
        if (result.ok) continue;
        expect(result.code).toBe('wrong_stage');
        expect(result.reason).toContain(`当前环节「${LOOP_STAGE_LABELS[stage]}」`);
        expect(JSON.stringify(state)).toBe(before);
        checked += 1;
      }
      if (def.from.length > 0) {
        const result = applyCommand(
          null,
          commandFor(name, null, '2026-03-02'),
          ACTORS[role],
          chinaMorning('2026-03-02'),
        );
        expect(result.ok ? null : result.code).toBe('wrong_stage');
      }
    }
    expect(checked).toBeGreaterThan(200);
  });

  it('lets the administrator act on no case at any stage', () => {
    for (const stage of LOOP_STAGES) {
      const snapshot = snapshots.get(stage);
      if (!snapshot) throw new Error(`no snapshot at ${stage}`);
      expect(allowedCommands(snapshot.state, 'admin', chinaMorning(snapshot.today))).toEqual([]);
    }
    expect(allowedCommands(null, 'admin', chinaMorning('2026-03-02'))).toEqual([]);
  });

  it('refuses staff of another county', () => {
    const snapshot = snapshots.get('county_review');
    if (!snapshot) throw new Error('no snapshot');
    const result = applyCommand(
      snapshot.state,
      commandFor('acceptReview', snapshot.state, snapshot.today),
      { role: 'county_staff', unitPath: UNITS.otherCounty },
      chinaMorning(snapshot.today),
    );
    expect(result).toMatchObject({ ok: false, code: 'out_of_scope' });
  });

  it('refuses a malformed payload with the field named in Chinese', () => {
    const snapshot = snapshots.get('county_review');
    if (!snapshot) throw new Error('no snapshot');
    const result = applyCommand(
      snapshot.state,
      { command: 'returnForCorrection', payload: { comments: '  ', itemsToFix: [] } },
      ACTORS.county_staff,
      chinaMorning(snapshot.today),
    );
    expect(result).toMatchObject({ ok: false, code: 'invalid_payload' });
    if (!result.ok) {
      expect(result.reason).toContain('退回意见不能为空');
      expect(result.reason).toContain('需补正事项至少需要一项');
    }
  });
});

describe('what the UI may offer', () => {
  const { snapshots } = walkEveryStage();
  const offered = (stage: (typeof LOOP_STAGES)[number], role: (typeof ROLES)[number]) => {
    const snapshot = snapshots.get(stage);
    if (!snapshot) throw new Error(`no snapshot at ${stage}`);
    return allowedCommands(snapshot.state, role, chinaMorning(snapshot.today));
  };

  it('offers each role only its own next steps', () => {
    expect(allowedCommands(null, 'grid_worker', chinaMorning('2026-03-02'))).toEqual(['register']);
    expect(offered('entry', 'grid_worker')).toEqual(['startVisit', 'submitVisit']);
    expect(offered('returned', 'grid_worker')).toEqual(['submitVisit']);
    expect(offered('township_check', 'township_staff')).toEqual(['forwardToCounty', 'returnToGrid']);
    expect(offered('county_review', 'county_staff')).toEqual(['acceptReview', 'returnForCorrection']);
    expect(offered('county_review', 'grid_worker')).toEqual([]);
    expect(offered('filing', 'city_staff')).toEqual(['fileRecord']);
    expect(offered('filing', 'county_staff')).toEqual([]);
  });

  it('does not offer a step whose rules on the case fail, and says why', () => {
    // Fresh comparison stage: no source compared yet.
    expect(offered('comparison', 'county_staff')).toEqual(['recordComparison']);
    const snapshot = snapshots.get('comparison');
    if (!snapshot) throw new Error('no snapshot');
    const completion = commandAvailability(snapshot.state, 'county_staff', chinaMorning(snapshot.today)).find(
      (entry) => entry.command === 'completeComparison',
    );
    expect(completion).toMatchObject({ allowed: false, code: 'guard_failed' });
    expect(completion?.reason).toContain('尚有8项数据来源未比对');
  });
});
