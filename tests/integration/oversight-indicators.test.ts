import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  chinaDay,
  commandChange,
  startLoopServer,
  step,
  tabletHousehold,
  tabletPush,
  type LoopServer,
  type UserName,
} from './cases-support';
import { walkToFiled } from '../support/filed-case';
import { withCheckChar } from '../../shared/domain/test-fixtures';
import {
  indicatorCasesReplySchema,
  indicatorsReplySchema,
  type FiguresReply,
  type IndicatorsReply,
} from '../../shared/indicators';
import type { JsonValue } from '../../shared/sync/canonical-json';

/**
 * The six indicators over HTTP on a hand-built data set (docs/indicators.md), each checked against the
 * value worked out by hand below; who may read them, and that every read is audited.
 *
 * The data set, built on 2026-03-02 (filing) to 2026-05-10 (exits), read on 2026-06-10:
 *
 * | household | county | main cause     | plan measure | paid       | afterwards                         |
 * | --------- | ------ | -------------- | ------------ | ---------- | ---------------------------------- |
 * | H1        | 谯城区 | 1 无劳动能力   | 生活救助 ✓   | 03-02 ✓    | exit 05-10 本人死亡 (closed)       |
 * | H2        | 谯城区 | 6 因病         | 生活救助 ✗   | 03-02 ✓    | exit 05-10 不符合建档条件 (closed) |
 * | H3        | 谯城区 | 7 因自然灾害   | 生活救助 ✓   | not paid   | —                                  |
 * | H4        | 涡阳县 | 2 失业         | 就业帮扶 ✓   | 04-15 late | —                                  |
 * | H5        | 谯城区 | 6 因病         | 大病救助 ✓   | 03-02 ✓    | exit 05-10 符合脱困条件, no income |
 *
 * All five filed by the city on 2026-03-02; the county's time limit for the first payment is 30 days.
 */

function must<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) throw new Error('missing');
  return value;
}

const COUNTY = '341602';
const COUNTY2 = '341621';
const GRID2 = '341621001001';

describe('oversight indicators', () => {
  let loop: LoopServer;
  const ids: Record<string, string> = {};
  const moveTo = (day: string) => {
    loop.clock.now = new Date(`${day}T09:00:00+08:00`);
  };
  const stepAs = (
    user: 'county' | 'city',
    caseId: string,
    command: string,
    payload: Record<string, JsonValue>,
  ) => step(loop, user === 'county' && caseId === ids.H4 ? 'county2' : user, caseId, command, payload);

  /** A tablet's household with its main cause, visit submitted and forwarded to the county. */
  async function household(name: string, mainCause: number, n: string, second = false): Promise<string> {
    const caseId = randomUUID();
    const visitId = randomUUID();
    const day = chinaDay(loop.clock.now);
    const changes = tabletHousehold(caseId, visitId, randomUUID(), day, {
      headName: name,
      headId: withCheckChar(`34160219800312${n}`),
      memberId: withCheckChar(`34160220120601${n}`),
    });
    const [head] = changes;
    if (!head) throw new Error('fixture');
    head.fields.mainCause = { from: null, to: mainCause };
    if (second) {
      for (const change of changes) {
        change.unitId = GRID2;
        if (change.fields.unitId) change.fields.unitId.to = GRID2;
      }
    }
    const placed = changes;
    const user: UserName = second ? 'grid3' : 'grid';
    const reply = await tabletPush(loop, user, [
      ...placed,
      commandChange(caseId, 'submitVisit', {
        visitId,
        visitDate: day,
        opinion: '情况属实，同意上报',
        authorizationSigned: true,
      }),
    ]);
    expect(reply.results.map((r) => r.error?.message ?? r.status)).toEqual(
      placed.map(() => 'applied').concat('applied'),
    );
    return caseId;
  }

  async function read(user: UserName, query: string): Promise<IndicatorsReply> {
    const reply = await api(loop, user, 'GET', `/api/oversight/indicators?${query}`);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    return indicatorsReplySchema.parse(reply.body);
  }
  const pair = (f: FiguresReply[keyof FiguresReply]) => [f.numerator, f.denominator];
  const all = (f: FiguresReply) => ({
    identification: pair(f.identification),
    method: pair(f.method),
    coverage: pair(f.coverage),
    fileUpdate: pair(f.fileUpdate),
    disbursement: pair(f.disbursement),
    exit: pair(f.exit),
  });

  beforeAll(async () => {
    loop = await startLoopServer(new Date('2026-03-02T09:00:00+08:00'));
    ids.H1 = await household('一号户', 1, '011');
    ids.H2 = await household('二号户', 6, '012');
    ids.H3 = await household('三号户', 7, '013');
    ids.H5 = await household('五号户', 6, '015');
    ids.H4 = await household('四号户', 2, '014', true);
    // The demo has no township staff in 涡阳县: the admin adds one, who forwards H4.
    const created = await api(loop, 'admin', 'POST', '/api/users', {
      username: 'township2',
      displayName: '孙乡镇',
      role: 'township_staff',
      unitId: '341621001',
      password: 'Xiangzhen-2026a',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const township2 = (await loop.server.login('township2', 'Xiangzhen-2026a')).token;
    // A password set by the administrator is changed at the first login before anything else.
    const changed = await loop.server.api('/api/auth/password', {
      token: township2,
      body: { currentPassword: 'Xiangzhen-2026a', newPassword: 'Wodemima-2026b' },
    });
    expect(changed.status).toBe(200);
    for (const h of ['H1', 'H2', 'H3', 'H5']) {
      await step(loop, 'township', ids[h] ?? '', 'forwardToCounty', { materialsComplete: true });
    }
    const forwarded = await fetch(`${loop.server.url}/api/cases/${ids.H4 ?? ''}/commands`, {
      method: 'POST',
      headers: { authorization: `Bearer ${township2}`, 'content-type': 'application/json' },
      body: JSON.stringify({ command: 'forwardToCounty', payload: { materialsComplete: true } }),
    });
    expect(forwarded.status).toBe(200);
    const today = '2026-03-02';
    await walkToFiled(stepAs, ids.H1 ?? '', today);
    await walkToFiled(stepAs, ids.H2 ?? '', today);
    await walkToFiled(stepAs, ids.H3 ?? '', today, { paidOn: null });
    await walkToFiled(stepAs, ids.H5 ?? '', today, { measure: 'illness_relief' });
    moveTo('2026-04-15');
    await walkToFiled(stepAs, ids.H4 ?? '', today, { measure: 'employment_help', paidOn: '2026-04-15' });
    moveTo('2026-05-10');
    const exit = (id: string, reason: string) =>
      step(loop, 'county', id, 'exit', { reason, explanation: '核实', noticeDate: '2026-05-10' });
    await exit(ids.H1 ?? '', 'deceased');
    await exit(ids.H2 ?? '', 'ineligible');
    await exit(ids.H5 ?? '', 'lifted_out');
    moveTo('2026-06-10');
  }, 120_000);
  afterAll(() => loop.close());

  it('the city reads the year per county, each figure as worked out by hand', async () => {
    const reply = await read('city', 'period=2026');
    expect(reply.asOf).toBe('2026-06-10');
    expect(all(reply.totals)).toEqual({
      // 5 filings, H2 exited as not eligible → 4/5
      identification: [4, 5],
      // 5 plans; H2's 生活救助 does not answer 因病 → 4/5
      method: [4, 5],
      // on file: 5 filed − 2 closed (H1, H2) = 3; covered: 4 paid (H1 H2 H4 H5) − 2 closed = 2 → 2/3
      coverage: [2, 3],
      // round 03-01–04-30: due now = H5 (渐退期), H4 (动态管理), and on the monitoring register H1 and H2
      // (exited recently) and H3 (因自然灾害, a serious cause); none has a final visit in the round → 0/5
      fileUpdate: [0, 5],
      // first payments: H1 H2 H5 on the day of filing, H4 44 days after (limit 30) → 3/4
      disbursement: [3, 4],
      // exits: H1 death and H2 not eligible hold; H5 "lifted out" with no measured income → 2/3
      exit: [2, 3],
    });
    const byId = new Map(reply.units.map((u) => [u.unitId, u]));
    expect(all(must(byId.get(COUNTY)).figures)).toEqual({
      identification: [3, 4],
      method: [3, 4],
      coverage: [1, 2], // on file H3 H5; paid H5
      fileUpdate: [0, 4], // H1 H2 H3 H5
      disbursement: [3, 3],
      exit: [2, 3],
    });
    expect(all(must(byId.get(COUNTY2)).figures)).toEqual({
      identification: [1, 1],
      method: [1, 1],
      coverage: [1, 1],
      fileUpdate: [0, 1],
      disbursement: [0, 1],
      exit: [0, 0],
    });
    expect(must(byId.get(COUNTY2)).figures.exit.rate).toBeNull();
    // Target 0.9 by default: 谯城区 lags on everything below it.
    expect(must(byId.get(COUNTY)).lagging).toEqual([
      'identification',
      'method',
      'coverage',
      'fileUpdate',
      'exit',
    ]);
    expect(must(byId.get(COUNTY2)).lagging).toEqual(['fileUpdate', 'disbursement']);
    expect(must(byId.get(COUNTY2)).rank).toBe(1);
    // The data-monitoring counts of the period and the current round.
    expect(reply.monitoring).toMatchObject({ filed: 5, exited: 3, relief_on_time: 3, relief_late: 1 });
    expect(reply.currentRound).toMatchObject({ name: '在档走访', due: 5, visited: 0 });
    // The round coverage screen counts the same.
    const coverage = await api<{ total: { due: number; visited: number } }>(
      loop,
      'city',
      'GET',
      `/api/rounds/coverage?roundId=${reply.currentRound?.id ?? ''}`,
    );
    expect([coverage.body.total.visited, coverage.body.total.due]).toEqual([0, 5]);
    // The month-by-month trend: March's coverage is read at its end (3 paid of 5 on file).
    const march = reply.trend.find((t) => t.month === '2026-03');
    expect(pair(must(march).figures.coverage)).toEqual([3, 5]);
    expect(pair(must(reply.trend.find((t) => t.month === '2026-04')).figures.disbursement)).toEqual([0, 1]);
    expect(reply.trend.map((t) => t.month)).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
    ]);
  });

  it('a quarter and a month', async () => {
    const q1 = await read('city', 'period=2026-Q1');
    // coverage at 03-31: 5 on file, 3 paid (H4 paid in April)
    expect(pair(q1.totals.coverage)).toEqual([3, 5]);
    expect(pair(q1.totals.disbursement)).toEqual([3, 3]);
    expect(q1.totals.exit.rate).toBeNull();
    expect(pair(q1.totals.fileUpdate)).toEqual([0, 0]); // no round ended in Q1
    const may = await read('city', 'period=2026-05');
    expect(pair(may.totals.exit)).toEqual([2, 3]);
    expect(pair(may.totals.identification)).toEqual([0, 0]);
  });

  it('the county reads its own townships; the drill-down lists the cases behind a number', async () => {
    const reply = await read('county', 'period=2026');
    expect(reply.units.map((u) => u.unitId)).toEqual(['341602001', '341602002']);
    expect(pair(must(reply.units[0]).figures.identification)).toEqual([3, 4]);
    const cases = async (query: string) => {
      const r = await api(loop, 'county', 'GET', `/api/oversight/indicators/cases?period=2026&${query}`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return indicatorCasesReplySchema.parse(r.body);
    };
    const gap = await cases('indicator=identification&part=gap');
    expect(gap.cases.map((c) => c.headName)).toEqual(['二号户']);
    const den = await cases('indicator=coverage&part=denominator');
    expect(den.cases.map((c) => c.headName).sort()).toEqual(['三号户', '五号户']);
    const notPaid = await cases('indicator=coverage&part=gap');
    expect(notPaid.cases.map((c) => c.headName)).toEqual(['三号户']);
    const exits = await cases('indicator=exit&part=gap');
    expect(exits.cases.map((c) => c.headName)).toEqual(['五号户']);
    const onTime = await cases('indicator=disbursement&part=numerator');
    expect(onTime.total).toBe(3);
    const rounds = await cases('indicator=fileUpdate&part=gap');
    expect(rounds.rounds.map((r) => r.name)).toEqual(['在档走访']);
  });

  it('refused for the wrong role or unit; every read is in the audit log', async () => {
    const db = loop.server.running.db;
    const audited = (action: string) =>
      (db.prepare('SELECT count(*) AS n FROM audit_log WHERE action = ?').get(action) as { n: number }).n;
    const before = audited('oversight.indicators.read');
    for (const user of ['grid', 'township', 'admin'] as const) {
      const reply = await api(loop, user, 'GET', '/api/oversight/indicators?period=2026');
      expect(reply.status).toBe(403);
    }
    const other = await api<{ error: { code: string; message: string } }>(
      loop,
      'county',
      'GET',
      `/api/oversight/indicators?period=2026&unit=${COUNTY2}`,
    );
    expect([other.status, other.body.error.code]).toEqual([403, 'out_of_scope']);
    expect(other.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    const otherCases = await api(
      loop,
      'county2',
      'GET',
      `/api/oversight/indicators/cases?period=2026&indicator=exit&part=gap&unit=${COUNTY}`,
    );
    expect(otherCases.status).toBe(403);
    expect(audited('oversight.indicators.read')).toBe(before);
    const bad = await api(loop, 'city', 'GET', '/api/oversight/indicators?period=2026-13');
    expect(bad.status).toBe(400);

    await read('county2', 'period=2026');
    await read('city', `period=2026-Q2&unit=${COUNTY2}`);
    const rows = db
      .prepare(
        "SELECT user_id AS userId, entity_id AS unit, detail FROM audit_log WHERE action = 'oversight.indicators.read' ORDER BY seq DESC LIMIT 2",
      )
      .all() as { unit: string; detail: string }[];
    expect(rows.map((r) => [r.unit, JSON.parse(r.detail) as unknown])).toEqual([
      [COUNTY2, { period: '2026-Q2' }],
      [COUNTY2, { period: '2026' }],
    ]);
    expect(audited('oversight.indicators.cases')).toBeGreaterThanOrEqual(6);
  });

  it('an exit the household comes back from within the window no longer holds', async () => {
    // H2 exited on 2026-05-10 (not eligible, grounded); re-filed (返困) on 2026-06-10, within 12 months.
    await step(loop, 'county', ids.H2 ?? '', 'refile', {
      reason: '家庭成员突发重病',
      restartAt: 'county_review',
    });
    const reply = await read('city', 'period=2026');
    // exits: H1 holds; H2 came back; H5 not grounded → 1/3
    expect(pair(reply.totals.exit)).toEqual([1, 3]);
    // The first cycle's filing and its closing stay as they were: identification 4/5, coverage 2/3.
    expect(pair(reply.totals.identification)).toEqual([4, 5]);
    expect(pair(reply.totals.coverage)).toEqual([2, 3]);
    const gap = await api(
      loop,
      'county',
      'GET',
      '/api/oversight/indicators/cases?period=2026&indicator=exit&part=gap',
    );
    expect(
      indicatorCasesReplySchema
        .parse(gap.body)
        .cases.map((c) => c.headName)
        .sort(),
    ).toEqual(['二号户', '五号户']);
  });
});
