import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DAY_MS,
  GRID,
  api,
  chinaDay,
  commandChange,
  step,
  tabletHousehold,
  tabletPush,
  type LoopServer,
  startLoopServer,
} from './cases-support';
import { edit } from './sync-fixtures';
import { sweepAllDue } from '../../sync-server/monitoring/evaluate';
import {
  countySettingsReplySchema,
  dataMonitoringReplySchema,
  registerListReplySchema,
  warningListReplySchema,
  type Warning,
} from '../../shared/monitoring';
import { withCheckChar } from '../../shared/domain/test-fixtures';
import type { JsonValue } from '../../shared/sync/canonical-json';

/**
 * Monitoring and early warning over HTTP on the seeded demo server with a hand-moved case clock: each
 * warning rule, the register's automatic entries and leaving it with a reason, the county settings and who
 * may touch them, and the data-monitoring counts per unit.
 */

const SOURCES = [
  'civil_affairs_dibao',
  'social_insurance',
  'real_estate',
  'vehicles',
  'business_registration',
  'tax',
  'provident_fund',
  'bank_deposits',
];

describe('monitoring and early warning', () => {
  let loop: LoopServer;
  const today = () => chinaDay(loop.clock.now);
  const db = () => loop.server.running.db;
  const rev = (id: string) =>
    (db().prepare('SELECT rev FROM sync_records WHERE id = ?').get(id) as { rev: number }).rev;
  const moveTo = (day: string) => {
    loop.clock.now = new Date(`${day}T09:00:00+08:00`);
  };
  const addDaysTo = (days: number) => {
    loop.clock.now = new Date(loop.clock.now.getTime() + days * DAY_MS);
  };
  const warnings = async (user: 'county' | 'county2' | 'township' | 'city', status = 'open') => {
    const reply = await api(loop, user, 'GET', `/api/monitoring/warnings?status=${status}`);
    expect(reply.status).toBe(200);
    return warningListReplySchema.parse(reply.body).warnings;
  };
  const register = async (active = true) => {
    const reply = await api(loop, 'county', 'GET', `/api/monitoring/register?active=${String(active)}`);
    expect(reply.status).toBe(200);
    return registerListReplySchema.parse(reply.body).entries;
  };
  const of = (list: Warning[], householdId: string) => list.filter((w) => w.householdId === householdId);

  /** A found household with its income and a submitted visit; per capita = head income ÷ 2. */
  async function visitedHousehold(headMonthlyIncomeFen: number, headNumber: string, mainCause = 3) {
    const caseId = randomUUID();
    const visitId = randomUUID();
    const day = today();
    const [household, member, visit] = tabletHousehold(caseId, visitId, randomUUID(), day, {
      headId: withCheckChar(`34160219800312${headNumber}`),
      memberId: withCheckChar(`34160220120601${headNumber}`),
    });
    if (!household || !member || !visit) throw new Error('fixture');
    household.fields.headMonthlyIncomeFen = { from: null, to: headMonthlyIncomeFen };
    household.fields.mainCause = { from: null, to: mainCause };
    household.fields.secondaryCauses = { from: null, to: [] };
    member.fields.monthlyIncomeFen = { from: null, to: 0 };
    const reply = await tabletPush(loop, 'grid', [
      household,
      member,
      visit,
      commandChange(caseId, 'submitVisit', {
        visitId,
        visitDate: day,
        opinion: '情况属实，同意上报',
        authorizationSigned: true,
      }),
    ]);
    expect(reply.results.map((r) => r.error?.message ?? r.status)).toEqual([
      'applied',
      'applied',
      'applied',
      'applied',
    ]);
    return caseId;
  }

  beforeAll(async () => {
    loop = await startLoopServer(new Date('2025-06-02T09:00:00+08:00'));
    // The demo config has no 2025 standard: the county sets one (and this is the settings API at work).
    const set = await api(loop, 'county', 'PUT', '/api/monitoring/settings', {
      countyId: '341602',
      key: 'dibaoMonthlyFen',
      value: 85_000,
      effectiveFrom: '2025-01-01',
    });
    expect(set.status).toBe(200);
  });
  afterAll(() => loop.close());

  let belowId = '';
  let marginalId = '';

  it('a visit finding income below the standard raises a warning for the township, seen by the county', async () => {
    belowId = await visitedHousehold(100_000, '001'); // ¥500.00 per person
    const county = of(await warnings('county'), belowId);
    expect(county.map((w) => [w.rule, w.ownerUnitId, w.reason])).toEqual([
      [
        'income_below_standard',
        '341602001',
        '2025-06-02走访测算家庭月人均收入¥500.00，低于当地低保标准¥850.00',
      ],
    ]);
    expect(of(await warnings('township'), belowId)).toHaveLength(1);
    expect(of(await warnings('county2'), belowId)).toHaveLength(0);
    expect((await api(loop, 'grid', 'GET', '/api/monitoring/warnings')).status).toBe(403);
    const audit = db()
      .prepare(
        "SELECT count(*) AS n FROM audit_log WHERE action = 'monitoring.warning.raise' AND case_id = ?",
      )
      .get(belowId) as { n: number };
    expect(audit.n).toBe(1);
  });

  it('measures a visit with the household fields changed at it, though the tablet sends the visit first', async () => {
    const caseId = await visitedHousehold(400_000, '009'); // ¥2,000.00 per person: no warning
    expect(of(await warnings('county'), caseId)).toEqual([]);
    // The tablet's order: the visit record was created when the form opened, so it goes before the
    // household row that carries the income the worker typed at the visit.
    const visitId = randomUUID();
    const reply = await tabletPush(loop, 'grid', [
      edit('visit', visitId, GRID, {
        householdId: [null, caseId],
        unitId: [null, GRID],
        visitDate: [null, today()],
        visitorName: [null, '刘网格'],
        findings: [null, '户主收入下降。'],
        status: [null, 'final'],
      }),
      edit('household', caseId, GRID, { headMonthlyIncomeFen: [400_000, 100_000] }, rev(caseId)),
    ]);
    expect(reply.results.map((r) => r.error?.message ?? r.status)).toEqual(['applied', 'applied']);
    expect(of(await warnings('county'), caseId).map((w) => w.reason)).toEqual([
      `${today()}走访测算家庭月人均收入¥500.00，低于当地低保标准¥850.00`,
    ]);
  });

  it('a marginal household (1× to 1.5× the standard) goes on the register by itself', async () => {
    marginalId = await visitedHousehold(200_000, '002'); // ¥1,000.00 per person
    expect(of(await warnings('county'), marginalId)).toEqual([]);
    const entry = (await register()).find((e) => e.householdId === marginalId);
    expect(entry?.reasons.map((r) => r.reason)).toEqual(['marginal']);
  });

  it('a new cause on a monitored household suggests re-filing; a new serious main cause joins the register', async () => {
    await tabletPush(loop, 'grid', [
      edit('household', marginalId, GRID, { secondaryCauses: [[], [7]] }, rev(marginalId)),
    ]);
    const suggested = of(await warnings('county'), marginalId);
    expect(suggested.map((w) => [w.rule, w.ownerUnitId, w.reason])).toEqual([
      ['suggest_refile', '341602', `监测户${today()}新增致困原因：因自然灾害，建议核实后重新建档帮扶`],
    ]);

    const otherId = await visitedHousehold(400_000, '003'); // well above: not monitored
    expect((await register()).some((e) => e.householdId === otherId)).toBe(false);
    await tabletPush(loop, 'grid', [edit('household', otherId, GRID, { mainCause: [3, 8] }, rev(otherId))]);
    const entry = (await register()).find((e) => e.householdId === otherId);
    expect(entry?.reasons.map((r) => [r.reason, r.note])).toEqual([
      ['serious_cause', '主要致困原因变为因意外事故'],
    ]);
  });

  it('people add and remove register entries with a reason; the wrong role or unit is refused', async () => {
    const entry = (await register()).find((e) => e.householdId === marginalId);
    if (!entry) throw new Error('not on the register');
    expect(
      (
        await api(loop, 'township', 'POST', `/api/monitoring/register/${entry.id}/remove`, {
          reason: '已核实收入稳定',
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await api(loop, 'county2', 'POST', `/api/monitoring/register/${entry.id}/remove`, {
          reason: '已核实收入稳定',
        })
      ).status,
    ).toBe(403);
    const noReason = await api<{ error: { message: string } }>(
      loop,
      'county',
      'POST',
      `/api/monitoring/register/${entry.id}/remove`,
      { reason: '' },
    );
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.message).toContain('请填写理由');
    const removed = await api(loop, 'county', 'POST', `/api/monitoring/register/${entry.id}/remove`, {
      reason: '已核实收入稳定，移出监测',
    });
    expect(removed.status).toBe(200);
    expect((await register()).some((e) => e.id === entry.id)).toBe(false);
    const history = (await register(false)).find((e) => e.id === entry.id);
    expect(history).toMatchObject({ removalReason: '已核实收入稳定，移出监测', removedByName: '王县总' });
    const again = await api(loop, 'county', 'POST', `/api/monitoring/register/${entry.id}/remove`, {
      reason: '再次移出',
    });
    expect(again.status).toBe(409);

    const manual = await api(loop, 'township', 'POST', '/api/monitoring/register', {
      householdId: marginalId,
      reason: '家中老人住院，收入不稳定',
    });
    expect(manual.status).toBe(200);
    expect((await register()).find((e) => e.householdId === marginalId)?.reasons).toMatchObject([
      { reason: 'manual', note: '家中老人住院，收入不稳定' },
    ]);
    expect(
      (
        await api(loop, 'grid', 'POST', '/api/monitoring/register', {
          householdId: marginalId,
          reason: '试试看',
        })
      ).status,
    ).toBe(403);
  });

  it('warnings are acknowledged or acted on by their owner’s scope, and the audit log says so', async () => {
    const [warning] = of(await warnings('township'), belowId);
    if (!warning) throw new Error('no warning');
    expect(
      (
        await api(loop, 'county2', 'POST', `/api/monitoring/warnings/${warning.id}/act`, {
          action: 'start_visit',
        })
      ).status,
    ).toBe(403);
    const acted = await api(loop, 'township', 'POST', `/api/monitoring/warnings/${warning.id}/act`, {
      action: 'start_visit',
      note: '已安排网格员复核',
    });
    expect(acted.status).toBe(200);
    expect(of(await warnings('township'), belowId)).toEqual([]);
    expect(of(await warnings('township', 'acted'), belowId)[0]).toMatchObject({
      action: 'start_visit',
      handledByName: '陈乡镇',
    });
    const audit = db()
      .prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'monitoring.warning.act' AND case_id = ?")
      .get(belowId) as { n: number };
    expect(audit.n).toBe(1);
  });

  it('date rules: payment overdue, visit overdue and six months above the standard, phase-out ending', async () => {
    const go = (command: string, payload: Record<string, JsonValue>) =>
      step(loop, 'county', belowId, command, payload);
    await step(loop, 'township', belowId, 'forwardToCounty', { materialsComplete: true });
    await go('acceptReview', { opinion: '材料齐全' });
    await go('recordComparison', { results: SOURCES.map((source) => ({ source, result: 'consistent' })) });
    await go('completeComparison', { conclusion: '无异常' });
    await go('classify', { category: 'deep', suggestedCategory: 'deep', reason: '' });
    await go('proposePlan', { measures: [{ measure: 'living_relief', amountFen: 300_000 }] });
    await go('approvePlan', {
      meetingDate: today(),
      attendees: ['甲', '乙', '丙'],
      decision: 'approved',
      minutes: '同意',
    });
    await go('startNotice', { startDate: today(), place: '社区公示栏' });
    addDaysTo(10);
    await go('completeNotice', { note: '公示无异议' });
    await step(loop, 'city', belowId, 'fileRecord', { fileNumber: '亳工帮备〔2025〕1号', filedOn: today() });
    const filedOn = today();

    addDaysTo(30);
    sweepAllDue(db());
    expect(of(await warnings('county'), belowId).map((w) => w.rule)).toEqual([]);
    addDaysTo(1);
    sweepAllDue(db());
    expect(of(await warnings('county'), belowId).map((w) => [w.rule, w.ownerUnitId, w.reason])).toEqual([
      ['disbursement_overdue', '341602', `市总备案（${filedOn}）后已超过30天未发放帮扶资金`],
    ]);
    await go('disburse', { amountFen: 100_000, paidOn: today(), bankCardLast4: '0123' });

    // A follow-up visit finds the income above the standard.
    const followUpOn = today();
    const visitId = randomUUID();
    await tabletPush(loop, 'grid', [
      edit('household', belowId, GRID, { headMonthlyIncomeFen: [100_000, 300_000] }, rev(belowId)),
      edit('visit', visitId, GRID, {
        householdId: [null, belowId],
        unitId: [null, GRID],
        visitDate: [null, followUpOn],
        visitorName: [null, '刘网格'],
        findings: [null, '户主再就业。'],
      }),
      commandChange(belowId, 'recordFollowUpVisit', {
        visitId,
        visitDate: followUpOn,
        trend: 'improved',
        findings: '户主再就业，收入稳定',
      }),
    ]);
    const sixMonths = new Date(`${followUpOn}T00:00:00Z`);
    sixMonths.setUTCMonth(sixMonths.getUTCMonth() + 6);
    const dueDay = sixMonths.toISOString().slice(0, 10);
    moveTo(dueDay);
    sweepAllDue(db());
    expect(
      of(await warnings('county'), belowId)
        .map((w) => w.rule)
        .sort(),
    ).toEqual(['disbursement_overdue', 'suggest_exit']);
    addDaysTo(1);
    sweepAllDue(db());
    expect(of(await warnings('township'), belowId).map((w) => [w.rule, w.reason])).toEqual([
      ['visit_overdue', `已建档家庭超过6个月未走访（上次走访${followUpOn}）`],
    ]);
    // Sweeping again raises nothing new.
    sweepAllDue(db());
    expect(of(await warnings('county'), belowId)).toHaveLength(3);

    await go('exit', { reason: 'lifted_out', explanation: '连续6个月收入高于低保标准', noticeDate: today() });
    const entry = (await register()).find((e) => e.householdId === belowId);
    expect(entry?.reasons.map((r) => r.reason)).toEqual(['phase_out']);
    const until = (
      db().prepare('SELECT phase_out_until AS d FROM case_index WHERE id = ?').get(belowId) as { d: string }
    ).d;
    const from = new Date(Date.parse(`${until}T09:00:00+08:00`) - 30 * DAY_MS);
    loop.clock.now = new Date(from.getTime() - DAY_MS);
    sweepAllDue(db());
    expect(of(await warnings('county'), belowId).some((w) => w.rule === 'phase_out_ending')).toBe(false);
    loop.clock.now = from;
    sweepAllDue(db());
    expect(of(await warnings('county'), belowId).find((w) => w.rule === 'phase_out_ending')?.reason).toBe(
      `渐退期将于${until}到期（还有30天），请回访并办理渐退期满退出`,
    );
  });

  it('data monitoring counts per unit and month, and marks the unit that paid late', async () => {
    const reply = await api(loop, 'county', 'GET', '/api/monitoring/data?year=2025');
    expect(reply.status).toBe(200);
    const data = dataMonitoringReplySchema.parse(reply.body);
    expect(data.units.map((u) => u.unitId)).toEqual(['341602001', '341602002']);
    const [flower, xuege] = data.units;
    expect(flower?.totals).toEqual({
      filed: 1,
      adjusted: 0,
      exited: 0,
      refiled: 0,
      relief_on_time: 0,
      relief_late: 1,
    });
    expect(flower?.months.filed[5]).toBe(1); // June
    expect(flower?.lagging).toBe(true);
    expect(flower?.lagReasons[0]).toBe('及时发放率0%，低于90%');
    expect(xuege?.lagging).toBe(false);

    const next = dataMonitoringReplySchema.parse(
      (await api(loop, 'county', 'GET', '/api/monitoring/data?year=2026')).body,
    );
    expect(next.units[0]?.totals.exited).toBe(1);
    const city = dataMonitoringReplySchema.parse(
      (await api(loop, 'city', 'GET', '/api/monitoring/data?year=2025')).body,
    );
    expect(city.units.map((u) => [u.unitId, u.totals.filed])).toEqual([
      ['341602', 1],
      ['341621', 0],
    ]);
    expect((await api(loop, 'township', 'GET', '/api/monitoring/data?year=2025')).status).toBe(403);
  });

  it('county settings: own county and city staff only, values checked, history kept', async () => {
    expect((await api(loop, 'township', 'GET', '/api/monitoring/settings')).status).toBe(403);
    expect(
      (
        await api(loop, 'grid', 'PUT', '/api/monitoring/settings', {
          countyId: '341602',
          key: 'visitOverdueMonths',
          value: 3,
          effectiveFrom: '2026-01-01',
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await api(loop, 'county', 'PUT', '/api/monitoring/settings', {
          countyId: '341621',
          key: 'visitOverdueMonths',
          value: 3,
          effectiveFrom: '2026-01-01',
        })
      ).status,
    ).toBe(403);
    expect((await api(loop, 'county2', 'GET', '/api/monitoring/settings?countyId=341602')).status).toBe(403);
    const bad = await api<{ error: { message: string } }>(loop, 'county', 'PUT', '/api/monitoring/settings', {
      countyId: '341602',
      key: 'marginalMultiplier',
      value: 9,
      effectiveFrom: '2026-01-01',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('不能大于3');
    const city = await api(loop, 'city', 'PUT', '/api/monitoring/settings', {
      countyId: '341621',
      key: 'disbursementDays',
      value: 15,
      effectiveFrom: '2026-01-01',
    });
    expect(city.status).toBe(200);
    const view = countySettingsReplySchema.parse(
      (await api(loop, 'county2', 'GET', '/api/monitoring/settings?on=2026-02-01')).body,
    );
    expect(view.effective).toMatchObject({
      disbursementDays: 15,
      visitOverdueMonths: 6,
      dibaoMonthlyFen: 80_000,
    });
    // The demo's 低保 standard is a stored setting too (seeded), so it is in the history before it.
    expect(view.history).toMatchObject([
      { key: 'dibaoMonthlyFen', value: 80_000, effectiveFrom: '2026-01-01', setByName: '系统（演示数据）' },
      { key: 'disbursementDays', value: 15, effectiveFrom: '2026-01-01', setByName: '李市总' },
    ]);
  });
  it('a household that completes its phase-out stays on the register as exited in the last 12 months', async () => {
    const until = (
      db().prepare('SELECT phase_out_until AS d FROM case_index WHERE id = ?').get(belowId) as { d: string }
    ).d;
    loop.clock.now = new Date(Date.parse(`${until}T09:00:00+08:00`) + DAY_MS);
    await step(loop, 'county', belowId, 'completeExit', { notifiedOn: today() });
    const entry = (await register()).find((e) => e.householdId === belowId);
    expect(entry?.reasons.map((r) => r.reason)).toEqual(['phase_out', 'exited_recently']);
  });
});
