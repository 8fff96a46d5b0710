import { describe, expect, it } from 'vitest';
import {
  caseRegisterReason,
  exitSuggestion,
  incomeFinding,
  newCauses,
  refileSuggestion,
  seriousMainCause,
  timeWarnings,
  type IncomeObservation,
} from './rules';
import { DEFAULT_THRESHOLDS } from './settings';
import { countedKind, unitMonitoring } from './data-monitoring';

const obs = (on: string, perCapitaFen: number, standardFen: number | null = 85_000): IncomeObservation => ({
  visitId: `v-${on}`,
  on,
  perCapitaFen,
  standardFen,
});

describe('income at a visit', () => {
  it('below the standard raises a warning that quotes both figures', () => {
    const found = incomeFinding(obs('2026-03-10', 84_999), { marginalMultiplier: 1.5 });
    expect(found.marginal).toBe(false);
    expect(found.warning).toEqual({
      rule: 'income_below_standard',
      key: 'visit:v-2026-03-10',
      reason: '2026-03-10走访测算家庭月人均收入¥849.99，低于当地低保标准¥850.00',
    });
  });
  it('from 1× inclusive to 1.5× exclusive is marginal; 1.5× itself is not', () => {
    const at = (fen: number) => incomeFinding(obs('2026-03-10', fen), { marginalMultiplier: 1.5 });
    expect(at(85_000)).toEqual({ warning: null, marginal: true });
    expect(at(127_499).marginal).toBe(true); // 1.5 × 850 = 1275.00
    expect(at(127_500).marginal).toBe(false);
  });
  it('no standard configured decides nothing', () => {
    expect(incomeFinding(obs('2026-03-10', 1, null), { marginalMultiplier: 1.5 })).toEqual({
      warning: null,
      marginal: false,
    });
  });
});

describe('time rules', () => {
  const t = DEFAULT_THRESHOLDS;
  it('visit overdue: six months after 2026-01-31 is 2026-07-31; warned from 2026-08-01', () => {
    const facts = {
      stage: 'managed' as const,
      lastVisitOn: '2026-01-31',
      cityFiledOn: null,
      disbursed: true,
      phaseOutUntil: null,
    };
    expect(timeWarnings(facts, t, '2026-07-31')).toEqual({ warnings: [], nextDueOn: '2026-08-01' });
    const due = timeWarnings(facts, t, '2026-08-01');
    expect(due.warnings.map((w) => [w.rule, w.key, w.reason])).toEqual([
      ['visit_overdue', 'visit-after:2026-01-31', '已建档家庭超过6个月未走访（上次走访2026-01-31）'],
    ]);
    expect(timeWarnings({ ...facts, stage: 'plan' }, t, '2027-01-01')).toEqual({
      warnings: [],
      nextDueOn: null,
    });
  });
  it('disbursement overdue: filed 2026-03-01, 30 days → warned from 2026-04-01', () => {
    const facts = {
      stage: 'disbursement' as const,
      lastVisitOn: null,
      cityFiledOn: '2026-03-01',
      disbursed: false,
      phaseOutUntil: null,
    };
    expect(timeWarnings(facts, t, '2026-03-31').nextDueOn).toBe('2026-04-01');
    expect(timeWarnings(facts, t, '2026-04-01').warnings[0]?.reason).toBe(
      '市总备案（2026-03-01）后已超过30天未发放帮扶资金',
    );
  });
  it('phase-out ending: 30 days before the end, then after it', () => {
    const facts = {
      stage: 'phase_out' as const,
      lastVisitOn: '2026-06-01',
      cityFiledOn: null,
      disbursed: true,
      phaseOutUntil: '2026-12-31',
    };
    expect(timeWarnings(facts, t, '2026-11-30').nextDueOn).toBe('2026-12-01');
    expect(timeWarnings(facts, t, '2026-12-01').warnings.map((w) => w.reason)).toEqual([
      '渐退期将于2026-12-31到期（还有30天），请回访并办理渐退期满退出',
    ]);
    expect(timeWarnings(facts, t, '2027-01-02').warnings.map((w) => w.rule)).toEqual([
      'visit_overdue',
      'phase_out_ending',
    ]);
  });
});

describe('six months not below the standard', () => {
  it('counts from the first of the trailing run; a month below restarts it', () => {
    const history = [obs('2026-01-10', 80_000), obs('2026-02-10', 90_000), obs('2026-05-10', 85_000)];
    expect(exitSuggestion('managed', history, 6, '2026-08-09')).toEqual({
      warnings: [],
      nextDueOn: '2026-08-10',
    });
    const due = exitSuggestion('managed', history, 6, '2026-08-10');
    expect(due.warnings[0]?.key).toBe('above-since:2026-02-10');
    expect(due.warnings[0]?.reason).toContain(
      '连续6个月以上不低于当地低保标准（最近一次2026-05-10：¥850.00）',
    );
    const relapse = [...history, obs('2026-07-01', 84_000)];
    expect(exitSuggestion('managed', relapse, 6, '2026-12-31')).toEqual({ warnings: [], nextDueOn: null });
    expect(exitSuggestion('phase_out', history, 6, '2026-12-31').warnings).toEqual([]);
  });
});

describe('causes and register reasons', () => {
  it('new causes are those not held before; a serious main cause is new only when it changes', () => {
    expect(
      newCauses({ mainCause: 3, secondaryCauses: [9] }, { mainCause: 6, secondaryCauses: [3, 9] }),
    ).toEqual([6]);
    expect(newCauses(null, { mainCause: 7, secondaryCauses: [] })).toEqual([7]);
    expect(
      seriousMainCause({ mainCause: 3, secondaryCauses: [] }, { mainCause: 8, secondaryCauses: [] }),
    ).toBe(8);
    expect(
      seriousMainCause({ mainCause: 8, secondaryCauses: [] }, { mainCause: 8, secondaryCauses: [] }),
    ).toBe(null);
    expect(seriousMainCause(null, { mainCause: 9, secondaryCauses: [] })).toBe(null);
    expect(refileSuggestion([8, 6], '2026-05-01')).toEqual({
      rule: 'suggest_refile',
      key: 'causes:6,8:2026-05-01',
      reason: '监测户2026-05-01新增致困原因：因意外事故、因病，建议核实后重新建档帮扶',
    });
  });
  it('exited households stay monitored for 12 months', () => {
    expect(caseRegisterReason('exited', '2026-01-31', '2027-01-31')).toBe('exited_recently');
    expect(caseRegisterReason('exited', '2026-01-31', '2027-02-01')).toBe(null);
    expect(caseRegisterReason('phase_out', null, '2026-01-01')).toBe('phase_out');
    expect(caseRegisterReason('managed', null, '2026-01-01')).toBe(null);
  });
});

describe('data monitoring', () => {
  it('classifies events and marks lagging units', () => {
    const base = { fromStage: null, toStage: 'entry' as const, on: '2026-05-01' };
    expect(countedKind({ ...base, command: 'fileRecord' }, 30)).toBe('filed');
    expect(countedKind({ ...base, command: 'submitVisit', fromStage: 'managed' }, 30)).toBe('adjusted');
    expect(countedKind({ ...base, command: 'submitVisit', fromStage: 'entry' }, 30)).toBe(null);
    const pay = { ...base, command: 'disburse' as const, fromStage: 'disbursement' as const };
    expect(countedKind({ ...pay, paidOn: '2026-05-31', cityFiledOn: '2026-05-01' }, 30)).toBe(
      'relief_on_time',
    );
    expect(countedKind({ ...pay, paidOn: '2026-06-01', cityFiledOn: '2026-05-01' }, 30)).toBe('relief_late');
    expect(countedKind({ ...pay, fromStage: 'managed', cityFiledOn: '2026-05-01' }, 30)).toBe(null);

    const [a, b] = unitMonitoring(
      [
        { id: 'A', name: '甲' },
        { id: 'B', name: '乙' },
      ],
      [
        { unitId: 'A', kind: 'relief_on_time', month: 5, n: 1 },
        { unitId: 'A', kind: 'relief_late', month: 6, n: 1 },
        { unitId: 'B', kind: 'filed', month: 5, n: 2 },
      ],
      new Map([['B', 1]]),
      0.9,
    );
    expect(a?.timelyRate).toBe(0.5);
    expect(a?.lagReasons).toEqual(['及时发放率50%，低于90%']);
    expect(b?.totals.filed).toBe(2);
    expect(b?.months.filed[4]).toBe(2);
    expect(b?.lagReasons).toEqual(['1条超期预警未处理']);
  });
});
