import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  caseAuditReplySchema,
  caseDetailReplySchema,
  comparisonImportReplySchema,
} from '../../shared/cases/api';
import { caseCommentDataSchema } from '../../shared/cases/records';
import {
  DAY_MS,
  HEAD_ID,
  MEMBER_ID,
  STRANGER_ID,
  api,
  chinaDay,
  commandChange,
  pull,
  refused,
  snapshot,
  startLoopServer,
  step,
  tabletHousehold,
  tabletPush,
  type LoopServer,
  type UserName,
} from './cases-support';
import type { JsonValue } from '../../shared/sync/canonical-json';

/**
 * One case walked through the whole closed loop (附件2) over HTTP by the right roles, with the wrong role or
 * the wrong moment refused at each step (reason in Chinese, nothing written).
 */
describe('closed loop: one case from the grid worker’s visit to re-filing', () => {
  let loop: LoopServer;
  const caseId = randomUUID();
  const visitId = randomUUID();
  const memberId = randomUUID();

  beforeAll(async () => {
    // Far enough in the past that "today" on the case clock never passes the real date the record
    // validators use, even after the phase-out below.
    loop = await startLoopServer(new Date(Date.now() - 400 * DAY_MS));
  });
  afterAll(() => loop.close());

  const today = () => chinaDay(loop.clock.now);
  /** Takes a step on this case that must be applied. */
  const go = (user: UserName, command: string, payload: Record<string, JsonValue>) =>
    step(loop, user, caseId, command, payload);
  /** Takes a step on this case that must be refused with status and code, changing nothing. */
  const no = (
    user: UserName,
    command: string,
    payload: Record<string, JsonValue>,
    status: number,
    code: string,
  ) => refused(loop, user, caseId, command, payload, status, code);
  const household = async () => {
    const reply = await api(loop, 'county', 'GET', `/api/cases/${caseId}`);
    expect(reply.status).toBe(200);
    return caseDetailReplySchema.parse(reply.body);
  };
  const stage = async () => (await household()).state.stage;

  it('a grid worker’s tablet creates the household and submits the visit through sync', async () => {
    const submit = commandChange(caseId, 'submitVisit', {
      visitId,
      visitDate: today(),
      opinion: '情况属实，同意上报',
      authorizationSigned: true,
      missingMaterials: [],
    });
    // A step on a case the server does not have yet is refused and writes nothing.
    const before = snapshot(loop, caseId);
    const early = await tabletPush(loop, 'grid', [{ ...submit, changeId: randomUUID() }]);
    expect(early.results[0]).toMatchObject({ status: 'rejected', error: { code: 'case_not_found' } });
    expect(snapshot(loop, caseId).maxRev).toBe(before.maxRev);

    const reply = await tabletPush(loop, 'grid', [
      ...tabletHousehold(caseId, visitId, memberId, today()),
      submit,
    ]);
    expect(reply.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied']);
    expect(reply.results[3]?.record?.data.stage).toBe('township_check');

    // Township staff may not submit a grid worker's preliminary review, not even through sync.
    const beforeWrongRole = snapshot(loop, caseId);
    const wrongRole = await tabletPush(loop, 'township', [
      commandChange(caseId, 'submitVisit', submit.payload),
    ]);
    expect(wrongRole.results[0]).toMatchObject({ status: 'rejected', error: { code: 'forbidden_role' } });
    expect(wrongRole.results[0]?.error?.message).toContain('当前环节「乡镇审核上报」');
    const afterWrongRole = snapshot(loop, caseId);
    expect([afterWrongRole.maxRev, afterWrongRole.caseAudit]).toEqual([
      beforeWrongRole.maxRev,
      beforeWrongRole.caseAudit,
    ]);
  });

  it('the township forwards it; the county returns it with comments the tablet pulls', async () => {
    await no('county', 'acceptReview', { opinion: '同意' }, 409, 'wrong_stage');
    await no('grid', 'forwardToCounty', { materialsComplete: true }, 403, 'forbidden_role');
    await no('township', 'forwardToCounty', { materialsComplete: false }, 409, 'guard_failed');
    await no('township', 'forwardToCounty', { materialsComplete: 'yes' }, 400, 'invalid_payload');
    await go('township', 'forwardToCounty', { materialsComplete: true });
    expect(await stage()).toBe('county_review');

    const { cursor } = await pull(loop, 'grid');
    const returned = await go('county', 'returnForCorrection', {
      comments: '收入证明不清晰',
      itemsToFix: ['补充银行流水', '补拍户口本'],
    });
    expect(returned.comment?.data).toMatchObject({ kind: 'returned', body: '收入证明不清晰' });

    // The grid worker's next pull brings the case at 退回补正 and the reviewer's comment with what to fix.
    const { records } = await pull(loop, 'grid', cursor);
    const pulledCase = records.find((r) => r.id === caseId);
    expect(pulledCase?.data).toMatchObject({
      stage: 'returned',
      returnComments: '收入证明不清晰',
      returnItems: ['补充银行流水', '补拍户口本'],
    });
    const comment = records.find((r) => r.type === 'comment');
    expect(caseCommentDataSchema.parse(comment?.data)).toMatchObject({
      householdId: caseId,
      kind: 'returned',
      title: '县总退回补正',
      items: ['补充银行流水', '补拍户口本'],
      actorName: '王县总',
    });
    expect(records.some((r) => r.type === 'caseEvent' && r.data.command === 'returnForCorrection')).toBe(
      true,
    );
  });

  it('the worker resubmits, the township forwards and the county accepts', async () => {
    const reply = await tabletPush(loop, 'grid', [
      commandChange(caseId, 'submitVisit', {
        visitId,
        visitDate: today(),
        opinion: '已补充银行流水和户口本',
        authorizationSigned: true,
      }),
    ]);
    expect(reply.results[0]?.status).toBe('applied');
    await go('township', 'forwardToCounty', { materialsComplete: true });
    await no('township', 'acceptReview', { opinion: '同意' }, 403, 'forbidden_role');
    await no('county', 'acceptReview', {}, 400, 'invalid_payload');
    await go('county', 'acceptReview', { opinion: '材料齐全，审核通过' });
    expect(await stage()).toBe('comparison');
  });

  it('comparison: three sources by hand, five from the centre’s CSV (one row matches nobody)', async () => {
    await go('county', 'recordComparison', {
      results: [
        { source: 'civil_affairs_dibao', result: 'consistent' },
        { source: 'social_insurance', result: 'consistent' },
        { source: 'real_estate', result: 'inconsistent', note: '名下有一套住房（面积45平方米）' },
      ],
    });
    await no('county', 'completeComparison', { conclusion: '无异常' }, 409, 'guard_failed');

    const csv = [
      '身份证号,数据来源,结果,备注',
      `${HEAD_ID},车辆,一致,`,
      `${HEAD_ID},business_registration,consistent,`,
      `${HEAD_ID},税务,一致,`,
      `${HEAD_ID},住房公积金,一致,`,
      `${STRANGER_ID},税务,一致,`,
      `${MEMBER_ID},银行存款,不一致,"名下存款5万元，系助学捐款"`,
    ].join('\r\n');
    const before = snapshot(loop, caseId);
    const reply = await api(loop, 'county', 'POST', '/api/cases/comparison-import', csv, {
      'content-type': 'text/csv',
    });
    expect(reply.status).toBe(200);
    const result = comparisonImportReplySchema.parse(reply.body);
    expect(result).toMatchObject({ matched: 5, applied: 5, errors: [] });
    expect(result.unmatchedRows).toEqual([
      { line: 6, idNumber: STRANGER_ID, reason: '在您的管辖范围内没有该身份证号的户主或家庭成员档案' },
    ]);
    expect(result.cases).toEqual([
      { caseId, headName: '张建国', lines: [2, 3, 4, 5, 7], status: 'applied', reason: null },
    ]);
    // One step for the case, one audit row for the import.
    expect(snapshot(loop, caseId).caseAudit).toBe(before.caseAudit + 1);

    const detail = await household();
    expect(detail.comparison.map((c) => [c.source, c.result, c.via])).toEqual([
      ['civil_affairs_dibao', 'consistent', 'manual'],
      ['social_insurance', 'consistent', 'manual'],
      ['real_estate', 'inconsistent', 'manual'],
      ['vehicles', 'consistent', 'csv_import'],
      ['business_registration', 'consistent', 'csv_import'],
      ['tax', 'consistent', 'csv_import'],
      ['provident_fund', 'consistent', 'csv_import'],
      ['bank_deposits', 'inconsistent', 'csv_import'],
    ]);
    expect(detail.comparison.at(-1)?.note).toBe('家庭成员张小明：名下存款5万元，系助学捐款');
    await go('county', 'completeComparison', { conclusion: '两项不一致已核实，不影响认定' });
  });

  it('classification, plan and collective approval', async () => {
    await no(
      'county',
      'classify',
      { category: 'deep', suggestedCategory: 'relative', reason: '' },
      409,
      'guard_failed',
    );
    await go('county', 'classify', {
      category: 'deep',
      suggestedCategory: 'relative',
      reason: '大病支出未计入系统测算，实际低于低保标准',
    });
    await no(
      'county',
      'approvePlan',
      {
        meetingDate: today(),
        attendees: ['甲', '乙', '丙'],
        decision: 'approved',
        minutes: '同意',
      },
      409,
      'guard_failed',
    );
    await go('county', 'proposePlan', {
      measures: [
        { measure: 'living_relief', amountFen: 300_000 },
        { measure: 'schooling_aid', amountFen: 200_000 },
      ],
    });
    const tooFew = await no(
      'county',
      'approvePlan',
      {
        meetingDate: today(),
        attendees: ['王主任', '李委员'],
        decision: 'approved',
        minutes: '同意',
      },
      409,
      'guard_failed',
    );
    expect(tooFew).toContain('至少3名');
    await go('county', 'approvePlan', {
      meetingDate: today(),
      attendees: ['王主任', '李委员', '赵委员'],
      decision: 'approved',
      minutes: '一致同意帮扶方案',
    });
    expect(await stage()).toBe('public_notice');
  });

  it('public notice: an objection is settled, the notice can end only after its period', async () => {
    await go('county', 'startNotice', { startDate: today(), place: '社区公示栏' });
    await go('county', 'recordObjection', {
      objectionId: 'OBJ-1',
      receivedOn: today(),
      content: '该户有车辆',
    });
    await no('county', 'completeNotice', {}, 409, 'guard_failed');
    await go('county', 'settleObjection', {
      objectionId: 'OBJ-1',
      outcome: 'dismissed',
      explanation: '车辆比对一致，异议不成立',
    });
    const { state } = await household();
    const early = await no('county', 'completeNotice', {}, 409, 'guard_failed');
    expect(early).toContain(`公示期至${state.noticeEndDate ?? ''}`);

    // The clock moves to the day after the notice period.
    loop.clock.now = new Date(Date.parse(`${state.noticeEndDate ?? ''}T09:00:00+08:00`) + DAY_MS);
    await go('county', 'completeNotice', { note: '公示无异议' });
    expect(await stage()).toBe('filing');
  });

  it('the city files the record, the county disburses and the worker’s tablet hears “已发放”', async () => {
    await no('county', 'fileRecord', { fileNumber: 'BZ-1', filedOn: today() }, 403, 'forbidden_role');
    await no(
      'county',
      'disburse',
      {
        amountFen: 100_000,
        paidOn: today(),
        bankCardLast4: '0123',
      },
      409,
      'wrong_stage',
    );
    await go('city', 'fileRecord', { fileNumber: '亳工帮备〔2026〕1号', filedOn: today() });
    await no(
      'county',
      'disburse',
      {
        amountFen: 600_000,
        paidOn: today(),
        bankCardLast4: '0123',
      },
      409,
      'guard_failed',
    );

    const { cursor } = await pull(loop, 'grid');
    const paid = await go('county', 'disburse', {
      amountFen: 250_000,
      paidOn: today(),
      bankCardLast4: '0123',
    });
    expect(paid.household.data.stage).toBe('managed');
    const { records } = await pull(loop, 'grid', cursor);
    const notice = records.find((r) => r.type === 'comment');
    expect(notice?.data).toMatchObject({
      kind: 'disbursed',
      title: '已发放',
      amountFen: 250_000,
      bankCardMasked: '**** **** **** 0123',
    });
    expect(String(notice?.data.body)).toContain('¥2,500.00');
    expect(records.find((r) => r.id === caseId)?.data).toMatchObject({
      stage: 'managed',
      disbursedTotalFen: 250_000,
    });
  });

  it('dynamic management, exit into a six-month phase-out, the final exit and re-filing', async () => {
    const followUp = await tabletPush(loop, 'grid', [
      commandChange(caseId, 'recordFollowUpVisit', {
        visitDate: today(),
        trend: 'improved',
        findings: '户主已再就业',
      }),
    ]);
    expect(followUp.results[0]?.status).toBe('applied');
    await no(
      'township',
      'exit',
      { reason: 'lifted_out', explanation: '已脱困', noticeDate: today() },
      403,
      'forbidden_role',
    );
    await go('county', 'exit', {
      reason: 'lifted_out',
      explanation: '户主再就业，人均收入连续六个月高于低保标准',
      noticeDate: today(),
    });
    const { state } = await household();
    expect(state.stage).toBe('phase_out');
    const until = state.phaseOutUntil ?? '';
    expect(until > today()).toBe(true);
    await no('county', 'completeExit', { notifiedOn: today() }, 409, 'guard_failed');

    loop.clock.now = new Date(Date.parse(`${until}T09:00:00+08:00`) + DAY_MS);
    await go('county', 'completeExit', { note: '渐退期满', notifiedOn: today() });
    expect(await stage()).toBe('exited');

    await no('grid', 'refile', { reason: '返困', restartAt: 'county_review' }, 409, 'guard_failed');
    const refile = await tabletPush(loop, 'grid', [
      commandChange(caseId, 'refile', { reason: '户主再次失业，家庭返困', restartAt: 'entry' }),
    ]);
    expect(refile.results[0]?.status).toBe('applied');
    const detail = await household();
    expect(detail.state).toMatchObject({
      stage: 'entry',
      cycle: 2,
      category: 'unclassified',
      disbursedTotalFen: 0,
    });

    // The timeline keeps every step of both cycles, in order, with who did it.
    expect(detail.timeline.map((e) => e.data.command)).toEqual([
      'submitVisit',
      'forwardToCounty',
      'returnForCorrection',
      'submitVisit',
      'forwardToCounty',
      'acceptReview',
      'recordComparison',
      'recordComparison',
      'completeComparison',
      'classify',
      'proposePlan',
      'approvePlan',
      'startNotice',
      'recordObjection',
      'settleObjection',
      'completeNotice',
      'fileRecord',
      'disburse',
      'recordFollowUpVisit',
      'exit',
      'completeExit',
      'refile',
    ]);
    expect(detail.timeline.find((e) => e.data.command === 'fileRecord')?.data).toMatchObject({
      actorName: '李市总',
      actorRole: 'city_staff',
      fromStage: 'filing',
      toStage: 'disbursement',
    });
  });

  it('the audit log lists every step with old → new values', async () => {
    const reply = await api(loop, 'county', 'GET', `/api/cases/${caseId}/audit`);
    expect(reply.status).toBe(200);
    const { entries } = caseAuditReplySchema.parse(reply.body);
    const steps = entries.filter((e) => e.action === 'case.command');
    expect(steps).toHaveLength(22);
    const filed = steps.find((e) => e.detail.command === 'fileRecord');
    expect(filed).toMatchObject({ userName: '李市总', role: 'city_staff', unitName: '亳州市' });
    expect(filed?.changes).toEqual(
      expect.arrayContaining([
        { field: 'stage', from: 'filing', to: 'disbursement' },
        { field: 'cityFiled', from: false, to: true },
        { field: 'cityFileNumber', from: null, to: '亳工帮备〔2026〕1号' },
      ]),
    );
    // The tablet's own record edits are in the same log.
    expect(entries.find((e) => e.action === 'record.create' && e.entityId === caseId)?.changes).toEqual(
      expect.arrayContaining([{ field: 'headName', from: null, to: '张建国' }]),
    );
  });
});
