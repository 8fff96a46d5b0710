import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  caseAtCountyReview,
  chinaDay,
  pull,
  refused,
  step,
  type LoopServer,
  startLoopServer,
} from './cases-support';
import {
  COUNTY_SETTINGS_TYPE,
  countySettingsDataSchema,
  countySettingsReplySchema,
} from '../../shared/monitoring';
import { caseDetailReplySchema } from '../../shared/cases/api';
import type { JsonValue } from '../../shared/sync/canonical-json';
import { withCheckChar } from '../../shared/domain/test-fixtures';

/**
 * County settings (县级参数设置, docs/administration.md) over HTTP on the seeded demo server: who may edit
 * them, refusals in Chinese that write nothing, history kept, tablets pulling their county's settings, and
 * the closed loop running under the values in force — a classification records the 低保 standard it used,
 * and a notice counts the county's working days and holidays.
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

describe('county settings', () => {
  let loop: LoopServer;
  const db = () => loop.server.running.db;
  const count = (sql: string) => (db().prepare(sql).get() as { n: number }).n;
  const writes = () => count('SELECT count(*) AS n FROM county_settings');
  const audits = () => count("SELECT count(*) AS n FROM audit_log WHERE action = 'county_setting.set'");
  const put = (user: Parameters<typeof api>[1], body: unknown) =>
    api<{ error?: { code: string; message: string } }>(loop, user, 'PUT', '/api/monitoring/settings', body);
  const view = async (user: Parameters<typeof api>[1], query = '') => {
    const reply = await api(loop, user, 'GET', `/api/monitoring/settings${query}`);
    expect(reply.status).toBe(200);
    return countySettingsReplySchema.parse(reply.body);
  };
  const dibao = (countyId: string, value: number, effectiveFrom: string) => ({
    countyId,
    key: 'dibaoMonthlyFen',
    value,
    effectiveFrom,
  });

  beforeAll(async () => {
    loop = await startLoopServer(new Date('2026-12-01T09:00:00+08:00'));
  });
  afterAll(async () => {
    await loop?.close();
  });

  it('lets the county set its own next year’s standard and the city any county’s; others are refused', async () => {
    const own = await put('county', dibao('341602', 90_000, '2027-01-01'));
    expect(own.status).toBe(200);
    const after = countySettingsReplySchema.parse(own.body);
    // Next year's value is upcoming: today's standard is unchanged.
    expect(after).toMatchObject({ countyId: '341602', countyName: '谯城区', today: '2026-12-01' });
    expect(after.effective.dibaoMonthlyFen).toBe(85_000);
    expect((await view('county', '?on=2027-01-01')).effective.dibaoMonthlyFen).toBe(90_000);
    expect(after.counties).toEqual([{ id: '341602', name: '谯城区' }]);

    const before = { writes: writes(), audits: audits() };
    const other = await put('county', dibao('341621', 90_000, '2027-01-01'));
    expect({ status: other.status, code: other.body.error?.code }).toEqual({
      status: 403,
      code: 'out_of_scope',
    });
    expect(other.body.error?.message).toBe('只能查看或修改本县（市、区）的参数');
    for (const user of ['township', 'grid', 'admin'] as const) {
      const reply = await put(user, dibao('341602', 90_000, '2027-01-01'));
      expect({ user, status: reply.status, code: reply.body.error?.code }).toEqual({
        user,
        status: 403,
        code: 'forbidden_role',
      });
      expect((await api(loop, user, 'GET', '/api/monitoring/settings')).status).toBe(403);
    }
    expect({ writes: writes(), audits: audits() }).toEqual(before);

    const city = await put('city', {
      countyId: '341621',
      key: 'phaseOutMonths',
      value: 3,
      effectiveFrom: '2026-12-01',
    });
    expect(city.status).toBe(200);
    const cityView = await view('city', '?countyId=341621');
    expect(cityView.effective.phaseOutMonths).toBe(3);
    expect(cityView.counties.map((c) => c.name)).toEqual(['谯城区', '涡阳县']);
  });

  it('refuses bad values with Chinese messages and writes nothing', async () => {
    const before = { writes: writes(), audits: audits() };
    const cases: [unknown, string][] = [
      [dibao('341602', 0, '2027-01-01'), '当地低保标准（元/人·月）：低保标准必须大于0'],
      [dibao('341602', 850.5, '2027-01-01'), '当地低保标准（元/人·月）：'],
      [
        { countyId: '341602', key: 'noticeWorkingDays', value: 40, effectiveFrom: '2027-01-01' },
        '不能超过30个工作日',
      ],
      [
        { countyId: '341602', key: 'phaseOutMonths', value: '六', effectiveFrom: '2027-01-01' },
        '渐退期（月）：必须是整数',
      ],
      [{ countyId: '341602', key: 'unknown', value: 1, effectiveFrom: '2027-01-01' }, '未知的参数名称'],
      [dibao('341602', 90_000, '2027-02-30'), '不是有效的日期'],
      [
        {
          countyId: '341602',
          key: 'workCalendar',
          value: { holidays: ['2027-10-01'], adjustedWorkdays: [] },
          effectiveFrom: '2027-03-01',
        },
        '节假日与调休按年设置，生效日期应为2027-01-01',
      ],
      [
        {
          countyId: '341602',
          key: 'workCalendar',
          value: { holidays: [], adjustedWorkdays: ['2027-09-27'] },
          effectiveFrom: '2027-01-01',
        },
        '调休上班日2027-09-27不是周六或周日',
      ],
      [
        { countyId: '341602', key: 'workCalendar', value: { holidays: 'x' }, effectiveFrom: '2027-01-01' },
        '节假日与调休：',
      ],
      [['not', 'an', 'object'], ''],
    ];
    for (const [body, message] of cases) {
      const reply = await put('county', body);
      expect({ body, status: reply.status }).toEqual({ body, status: 400 });
      expect(reply.body.error?.message).toContain(message);
      expect(reply.body.error?.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect({ writes: writes(), audits: audits() }).toEqual(before);
  });

  it('keeps the history: a correction adds a row, both are listed and audited', async () => {
    const corrected = await put('county', dibao('341602', 92_000, '2027-01-01'));
    expect(corrected.status).toBe(200);
    const settings = await view('county');
    expect(settings.history.filter((row) => row.key === 'dibaoMonthlyFen')).toMatchObject([
      { value: 85_000, effectiveFrom: '2026-01-01', setByName: '系统（演示数据）' },
      { value: 90_000, effectiveFrom: '2027-01-01', setByName: '王县总' },
      { value: 92_000, effectiveFrom: '2027-01-01', setByName: '王县总' },
    ]);
    expect((await view('county', '?on=2027-01-01')).effective.dibaoMonthlyFen).toBe(92_000);
    expect((await view('county', '?on=2026-12-31')).effective.dibaoMonthlyFen).toBe(85_000);
    const audit = db()
      .prepare("SELECT detail FROM audit_log WHERE action = 'county_setting.set' ORDER BY seq DESC LIMIT 1")
      .get() as { detail: string };
    expect(JSON.parse(audit.detail)).toMatchObject({
      countyId: '341602',
      key: 'dibaoMonthlyFen',
      value: 92_000,
      effectiveFrom: '2027-01-01',
      before: { value: 90_000, effectiveFrom: '2027-01-01' },
    });
  });

  it('tablets pull their county’s settings with the whole history, and the next change', async () => {
    const first = await pull(loop, 'grid');
    const mine = first.records.filter((r) => r.type === COUNTY_SETTINGS_TYPE);
    expect(mine.map((r) => r.unitId)).toEqual(['341602']);
    const data = countySettingsDataSchema.parse(mine[0]?.data);
    expect(
      data.rows.filter((r) => r.key === 'dibaoMonthlyFen').map((r) => [r.value, r.effectiveFrom]),
    ).toEqual([
      [85_000, '2026-01-01'],
      [90_000, '2027-01-01'],
      [92_000, '2027-01-01'],
    ]);
    const other = await pull(loop, 'grid3');
    expect(other.records.filter((r) => r.type === COUNTY_SETTINGS_TYPE).map((r) => r.unitId)).toEqual([
      '341621',
    ]);

    const holidays = { holidays: ['2027-01-07'], adjustedWorkdays: [] };
    expect(
      (
        await put('county', {
          countyId: '341602',
          key: 'workCalendar',
          value: holidays,
          effectiveFrom: '2027-01-01',
        })
      ).status,
    ).toBe(200);
    const next = await pull(loop, 'grid', first.cursor);
    const changed = next.records.filter((r) => r.type === COUNTY_SETTINGS_TYPE);
    expect(changed).toHaveLength(1);
    expect(countySettingsDataSchema.parse(changed[0]?.data).rows.at(-1)).toMatchObject({
      key: 'workCalendar',
      value: holidays,
      effectiveFrom: '2027-01-01',
    });
  });

  const classified = async (caseId: string) => {
    const go = (command: string, payload: Record<string, JsonValue>) =>
      step(loop, 'county', caseId, command, payload);
    await go('acceptReview', { opinion: '材料齐全' });
    await go('recordComparison', { results: SOURCES.map((source) => ({ source, result: 'consistent' })) });
    await go('completeComparison', { conclusion: '无异常' });
    return go;
  };
  const detail = async (caseId: string) =>
    caseDetailReplySchema.parse((await api(loop, 'county', 'GET', `/api/cases/${caseId}`)).body);

  it('a classification records the standard in force that day; last year’s keeps its own', async () => {
    // Both households are visited now (the server refuses visits dated after its real today).
    const oldCase = await caseAtCountyReview(loop);
    const newCase = await caseAtCountyReview(loop, {
      headId: withCheckChar('34160219800312002'),
      memberId: withCheckChar('34160220120601004'),
    });
    const go = await classified(oldCase);
    const old = await go('classify', { category: 'deep', suggestedCategory: 'deep', reason: '' });
    expect(old.event.data.payload).toMatchObject({
      dibaoStandard: { monthlyFen: 85_000, effectiveFrom: '2026-01-01' },
    });
    expect(old.event.data.summary).toBe(
      '认定为深度困难（系统建议：深度困难，按 2026 年低保标准 850.00 元/月）',
    );
    // The case page hands the screen the county's settings to resolve the standard in force.
    expect((await detail(oldCase)).countySettings.some((row) => row.value === 92_000)).toBe(true);

    loop.clock.now = new Date('2027-01-05T09:00:00+08:00');
    expect(chinaDay(loop.clock.now)).toBe('2027-01-05');
    const goNew = await classified(newCase);
    // A screen that still showed last year's standard is refused, in Chinese, and nothing is written.
    const stale = await refused(
      loop,
      'county',
      newCase,
      'classify',
      {
        category: 'deep',
        suggestedCategory: 'deep',
        reason: '',
        dibaoStandard: { monthlyFen: 85_000, effectiveFrom: '2026-01-01' },
      },
      409,
      'guard_failed',
    );
    expect(stale).toBe(
      '当地低保标准已调整（现按 2027 年低保标准 920.00 元/月），请刷新页面按现行标准重新认定',
    );
    const fresh = await goNew('classify', {
      category: 'deep',
      suggestedCategory: 'deep',
      reason: '',
      dibaoStandard: { monthlyFen: 92_000, effectiveFrom: '2027-01-01' },
    });
    expect(fresh.event.data.summary).toContain('按 2027 年低保标准 920.00 元/月');
    // Last year's classification still shows the standard it used.
    const oldTimeline = (await detail(oldCase)).timeline.find((e) => e.data.command === 'classify');
    expect(oldTimeline?.data.summary).toContain('按 2026 年低保标准 850.00 元/月');

    // The notice counts the county's holidays of 2027 (Thu 01-07): 5 working days from Tue 01-05.
    await goNew('proposePlan', { measures: [{ measure: 'living_relief', amountFen: 300_000 }] });
    await goNew('approvePlan', {
      meetingDate: '2027-01-05',
      attendees: ['甲', '乙', '丙'],
      decision: 'approved',
      minutes: '同意',
    });
    await goNew('startNotice', { startDate: '2027-01-05', place: '社区公示栏' });
    expect((await detail(newCase)).state.noticeEndDate).toBe('2027-01-13');
  });
});
