import type { Role } from '../roles';
import type { CaseState } from './case-state';
import type { LoopCommandInput, LoopCommandName, LoopCommandPayloadInput } from './commands';
import { DEFAULT_LOOP_CONFIG } from './config';
import type { LoopConfig } from './config';
import type { LoopActor } from './define';
import { applyCommand } from './machine';
import type { CaseEvent } from './machine';
import type { LoopStage } from './stages';
import { COMPARISON_SOURCES } from './vocabulary';

/** Units of the demo organisation used by the loop tests (亳州市 → 谯城区 → a township → a grid). */
export const UNITS = {
  city: '341600',
  county: '341600/341602',
  township: '341600/341602/341602001',
  grid: '341600/341602/341602001/341602001001',
  otherCounty: '341600/341621',
} as const;

export const ACTORS: Record<Role, LoopActor> = {
  grid_worker: { role: 'grid_worker', unitPath: UNITS.grid },
  township_staff: { role: 'township_staff', unitPath: UNITS.township },
  county_staff: { role: 'county_staff', unitPath: UNITS.county },
  city_staff: { role: 'city_staff', unitPath: UNITS.city },
  admin: { role: 'admin', unitPath: UNITS.city },
};

/** 10:00 in China on a `YYYY-MM-DD` day. */
export function chinaMorning(date: string): Date {
  return new Date(`${date}T10:00:00+08:00`);
}

type PayloadTable = { [N in LoopCommandName]: LoopCommandPayloadInput<N> };

/** A payload for every step that passes its rules on a well-advanced case dated `today`. */
export function validPayloads(state: CaseState | null, today: string): PayloadTable {
  const remaining = state ? state.planTotalFen - state.disbursedTotalFen : 0;
  return {
    register: { entryChannel: 'worker_applied', reportedOn: today, unitPath: UNITS.grid, description: '' },
    startVisit: {},
    submitVisit: {
      visitId: 'visit-1',
      visitDate: today,
      opinion: '家庭因病致困，情况属实，建议建档',
      authorizationSigned: true,
      missingMaterials: [],
    },
    forwardToCounty: { materialsComplete: true },
    returnToGrid: { comments: '缺少收入证明', itemsToFix: ['补充家庭成员银行流水'] },
    acceptReview: { opinion: '材料齐全，同意进入信息比对' },
    returnForCorrection: { comments: '病情诊断书不清晰', itemsToFix: ['重新拍摄出院小结'] },
    recordComparison: {
      results: COMPARISON_SOURCES.map((source) => ({ source, result: 'consistent' as const })),
    },
    completeComparison: { conclusion: '八项比对均一致' },
    classify: { category: 'deep', suggestedCategory: 'deep' },
    proposePlan: {
      measures: [
        { measure: 'living_relief', amountFen: 300_000 },
        { measure: 'illness_relief', amountFen: 200_000 },
        { measure: 'skills_training', amountFen: 0 },
      ],
    },
    approvePlan: {
      meetingDate: today,
      attendees: ['王主任', '李科长', '张会计'],
      decision: 'approved',
      minutes: '会议同意帮扶方案',
    },
    startNotice: { startDate: today, place: '社区公示栏' },
    recordObjection: { objectionId: 'objection-1', receivedOn: today, content: '该户家中有轿车一辆' },
    settleObjection: {
      objectionId: state?.openObjectionIds[0] ?? 'objection-1',
      outcome: 'dismissed',
      explanation: '经核实车辆已于去年转让',
    },
    completeNotice: {},
    fileRecord: { fileNumber: 'BZ-2026-001', filedOn: today },
    disburse: { amountFen: Math.max(1, Math.min(remaining, 250_000)), paidOn: today, bankCardLast4: '1234' },
    recordFollowUpVisit: { visitDate: today, trend: 'improved', findings: '户主已再就业' },
    exit: { reason: 'lifted_out', explanation: '家庭人均收入连续六个月高于低保标准', noticeDate: today },
    cancelPhaseOut: { reason: '户主再次失业' },
    completeExit: { notifiedOn: today },
    refile: { reason: '户主突发重病', restartAt: 'entry' },
  };
}

/** `{ command, payload }` for a step with its valid payload, optionally changed. */
export function commandFor<N extends LoopCommandName>(
  name: N,
  state: CaseState | null,
  today: string,
  override: Partial<LoopCommandPayloadInput<N>> = {},
): LoopCommandInput {
  const payload = { ...validPayloads(state, today)[name], ...override };
  // The table is keyed by name, so this pairing is the one the union describes.
  return { command: name, payload } as LoopCommandInput;
}

/** Applies a step with its valid payload (changed by `override`) or throws with the zh-CN reason. */
export function step<N extends LoopCommandName>(
  state: CaseState | null,
  name: N,
  role: Role,
  today: string,
  override: Partial<LoopCommandPayloadInput<N>> = {},
  config: LoopConfig = DEFAULT_LOOP_CONFIG,
): { state: CaseState; event: CaseEvent } {
  const result = applyCommand(
    state,
    commandFor(name, state, today, override),
    ACTORS[role],
    chinaMorning(today),
    config,
  );
  if (!result.ok) throw new Error(`${name}: ${result.code} ${result.reason}`);
  return result;
}

export interface StageSnapshot {
  state: CaseState;
  today: string;
}

/**
 * Walks one case through every stage (returned once by the county, deep difficulty, phase-out, re-filing)
 * and keeps the first state seen at each stage together with its date.
 */
export function walkEveryStage(): { snapshots: Map<LoopStage, StageSnapshot>; events: CaseEvent[] } {
  const snapshots = new Map<LoopStage, StageSnapshot>();
  const events: CaseEvent[] = [];
  let state: CaseState | null = null;
  const go = <N extends LoopCommandName>(
    name: N,
    role: Role,
    today: string,
    override: Partial<LoopCommandPayloadInput<N>> = {},
  ) => {
    const result = step(state, name, role, today, override);
    state = result.state;
    events.push(result.event);
    if (!snapshots.has(state.stage)) snapshots.set(state.stage, { state, today });
  };
  go('register', 'grid_worker', '2026-03-02');
  go('startVisit', 'grid_worker', '2026-03-02');
  go('submitVisit', 'grid_worker', '2026-03-02');
  go('forwardToCounty', 'township_staff', '2026-03-03');
  go('returnForCorrection', 'county_staff', '2026-03-04');
  go('submitVisit', 'grid_worker', '2026-03-05');
  go('forwardToCounty', 'township_staff', '2026-03-05');
  go('acceptReview', 'county_staff', '2026-03-06');
  go('recordComparison', 'county_staff', '2026-03-06');
  go('completeComparison', 'county_staff', '2026-03-06');
  go('classify', 'county_staff', '2026-03-09');
  go('proposePlan', 'county_staff', '2026-03-09');
  go('approvePlan', 'county_staff', '2026-03-10');
  go('startNotice', 'county_staff', '2026-03-10');
  go('completeNotice', 'county_staff', '2026-03-18');
  go('fileRecord', 'city_staff', '2026-03-19');
  go('disburse', 'county_staff', '2026-03-20');
  go('recordFollowUpVisit', 'grid_worker', '2026-04-10');
  go('exit', 'county_staff', '2026-04-15');
  go('completeExit', 'county_staff', '2026-10-16');
  go('refile', 'county_staff', '2027-01-05');
  return { snapshots, events };
}
