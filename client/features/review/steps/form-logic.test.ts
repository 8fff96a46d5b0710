import { describe, expect, it } from 'vitest';
import type { CaseEventRecord } from '../../../../shared/cases/api';
import { newCaseState } from '../../../../shared/loop/case-state';
import { changedResults } from './comparison-forms';
import { openObjections } from './notice-forms';
import { measuresFromRows } from './plan-forms';

describe('measuresFromRows', () => {
  it('turns yuan into fen, blank amounts into 0, and reports amounts that are not money', () => {
    const built = measuresFromRows([
      { measure: 'living_relief', amount: '3,000.5', note: '' },
      { measure: 'skills_training', amount: '', note: '技能培训' },
      { measure: '', amount: '12.345', note: '' },
    ]);
    expect(built.measures).toEqual([
      { measure: 'living_relief', amountFen: 300_050, note: '' },
      { measure: 'skills_training', amountFen: 0, note: '技能培训' },
      { measure: undefined, amountFen: 0, note: '' },
    ]);
    expect(built.issues).toEqual([{ path: 'measures.2.amountFen', message: '金额最多保留两位小数' }]);
  });

  it('says what a non-number amount should be, without repeating 金额', () => {
    const built = measuresFromRows([{ measure: 'living_relief', amount: '三千', note: '' }]);
    expect(built.issues).toEqual([{ path: 'measures.0.amountFen', message: '金额应为数字，例如 1200.50' }]);
  });
});

describe('changedResults', () => {
  const empty = { result: '' as const, note: '' };
  const rows = {
    civil_affairs_dibao: { result: 'consistent' as const, note: '' },
    social_insurance: { result: 'inconsistent' as const, note: '有缴费记录' },
    real_estate: empty,
    vehicles: empty,
    business_registration: empty,
    tax: empty,
    provident_fund: { result: 'consistent' as const, note: '' },
    bank_deposits: empty,
  };

  it('sends the sources chosen in this form that differ from what is recorded', () => {
    const recorded = [
      { source: 'civil_affairs_dibao' as const, result: 'consistent' as const, note: '' },
      { source: 'provident_fund' as const, result: 'inconsistent' as const, note: '有余额' },
    ];
    expect(changedResults(rows, recorded)).toEqual([
      { source: 'social_insurance', result: 'inconsistent', note: '有缴费记录' },
      { source: 'provident_fund', result: 'consistent', note: '' },
    ]);
  });
});

describe('openObjections', () => {
  it('finds what was recorded for each open objection on the timeline', () => {
    const state = {
      ...newCaseState({
        entryChannel: 'worker_applied',
        unitPath: '341600/341602',
        enteredOn: '2026-11-01',
        at: '2026-11-01T00:00:00.000Z',
      }),
      openObjectionIds: ['o-2'],
    };
    const event = (objectionId: string, content: string): CaseEventRecord => ({
      type: 'caseEvent',
      id: `e-${objectionId}`,
      unitId: '341602',
      rev: 1,
      deleted: false,
      updatedAt: '2026-11-20T00:00:00.000Z',
      data: {
        actorId: 'u',
        actorName: '王县总',
        actorRole: 'county_staff',
        actorUnitId: '341602',
        actorUnitName: '谯城区',
        householdId: 'h',
        command: 'recordObjection',
        commandLabel: '登记异议',
        fromStage: 'public_notice',
        toStage: 'public_notice',
        summary: '',
        payload: { objectionId, receivedOn: '2026-11-20', objector: '', content },
        cycle: 1,
        at: '2026-11-20T00:00:00.000Z',
        via: 'rest',
      },
    });
    expect(openObjections({ state, timeline: [event('o-1', '已处理'), event('o-2', '该户有车')] })).toEqual([
      { objectionId: 'o-2', receivedOn: '2026-11-20', objector: '', content: '该户有车' },
    ]);
  });
});
