import { randomUUID } from 'node:crypto';
import readXlsxFile from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  caseAtCountyReview,
  chinaDay,
  step,
  tabletPush,
  type LoopServer,
  type UserName,
  startLoopServer,
} from './cases-support';
import { edit } from './sync-fixtures';
import { walkToFiled, type StepAs } from '../support/filed-case';
import { withCheckChar } from '../../shared/domain/test-fixtures';
import { fundsReplySchema, type FundsReply } from '../../shared/funds/api';

/**
 * Funds by project kind and the ledgers (台账) as xlsx, on the seeded demo server: budgets and who may set
 * them, disbursements booked to a kind, adjustment reports, and each ledger opened by an independent reader
 * (read-excel-file, not the library that wrote it) with its rows, cell types and masking; every export in
 * the audit log, refused for the wrong role or unit.
 */

const HEAD_A = withCheckChar('34160219700101001');
const HEAD_B = withCheckChar('34160219720202002');
type Sheets = { sheet: string; data: unknown[][] }[];

/** The value, or a failed test when it is missing. */
function must<T>(value: T | undefined | null): T {
  if (value === undefined || value === null) throw new Error('expected a value');
  return value;
}

describe('funds by kind and ledgers', () => {
  let loop: LoopServer;
  let caseA: string;
  let caseB: string;
  const today = () => chinaDay(loop.clock.now);
  const year = () => Number(today().slice(0, 4));
  const db = () => loop.server.running.db;

  const funds = async (user: UserName, query = ''): Promise<FundsReply> => {
    const reply = await api(loop, user, 'GET', `/api/funds${query}`);
    expect(reply.status).toBe(200);
    return fundsReplySchema.parse(reply.body);
  };
  const kind = (reply: FundsReply, k: string) => reply.kinds.find((row) => row.kind === k);

  const download = async (user: UserName, route: string) => {
    const res = await fetch(`${loop.server.url}${route}`, {
      headers: { authorization: `Bearer ${loop.tokens[user]}` },
    });
    return res;
  };
  const open = async (user: UserName, route: string): Promise<Sheets> => {
    const res = await download(user, route);
    expect(
      res.status,
      await res
        .clone()
        .text()
        .catch(() => ''),
    ).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    expect(res.headers.get('content-disposition')).toContain('attachment');
    return (await readXlsxFile(Buffer.from(await res.arrayBuffer()))) as unknown as Sheets;
  };
  const lastExport = () =>
    db()
      .prepare(
        "SELECT user_id AS userId, role, detail FROM audit_log WHERE action = 'ledger.export' ORDER BY seq DESC",
      )
      .get() as { userId: string; role: string; detail: string } | undefined;

  beforeAll(async () => {
    loop = await startLoopServer(new Date('2026-11-20T09:00:00+08:00'));
    const stepAs: StepAs = (user, caseId, command, payload) => step(loop, user, caseId, command, payload);
    caseA = await caseAtCountyReview(loop, {
      headName: '赵台账',
      headId: HEAD_A,
      memberId: withCheckChar('34160220100101003'),
    });
    caseB = await caseAtCountyReview(loop, {
      headName: '钱台账',
      headId: HEAD_B,
      memberId: withCheckChar('34160220110101004'),
    });
    await walkToFiled(stepAs, caseA, today());
    await walkToFiled(stepAs, caseB, today());
    // The county books B's second payment to 送温暖 by hand (the default from 生活救助 is 事后救助).
    await step(loop, 'county', caseB, 'disburse', {
      amountFen: 50_000,
      paidOn: today(),
      bankCardLast4: '0123',
      fundKind: 'warmth',
    });
  }, 120_000);
  afterAll(() => loop?.close());

  it('books each payment to a kind: the measure’s default or the one chosen', async () => {
    const reply = await funds('county');
    expect(reply.countyId).toBe('341602');
    expect(kind(reply, 'relief')).toMatchObject({ spentFen: 200_000, disbursements: 2, baseFen: null });
    expect(kind(reply, 'warmth')).toMatchObject({ spentFen: 50_000, disbursements: 1 });
    expect(kind(reply, 'prevention')).toMatchObject({ spentFen: 0 });
    const timeline = db()
      .prepare(
        "SELECT data FROM sync_records WHERE type = 'caseEvent' AND household_id = ? ORDER BY rev DESC",
      )
      .get(caseB) as { data: string };
    expect(JSON.parse(timeline.data).summary).toContain('计入「送温暖·提升生活品质」项目');
    // The other county sees none of it; the township has no funds screen.
    expect(kind(await funds('county2'), 'relief')?.spentFen).toBe(0);
    expect((await api(loop, 'county2', 'GET', '/api/funds?countyId=341602')).status).toBe(403);
    expect((await api(loop, 'township', 'GET', '/api/funds')).status).toBe(403);
  });

  it('budgets: the county sets each kind once, the city may change it; all audited', async () => {
    const put = (user: UserName, kindName: string, amountFen: number) =>
      api(loop, user, 'PUT', '/api/funds/budgets', {
        countyId: '341602',
        year: year(),
        kind: kindName,
        amountFen,
      });
    expect((await put('county', 'relief', 1_000_000)).status).toBe(200);
    expect((await put('county', 'prevention', 300_000)).status).toBe(200);
    const again = await put('county', 'relief', 5_000_000);
    expect(again.status).toBe(409);
    expect((await put('county2', 'warmth', 1)).status).toBe(403);
    expect((await put('city', 'warmth', 20_000)).status).toBe(200);
    const reply = await funds('city', '?countyId=341602');
    expect(kind(reply, 'relief')).toMatchObject({
      baseFen: 1_000_000,
      budgetFen: 1_000_000,
      remainingFen: 800_000,
    });
    expect(kind(reply, 'warmth')).toMatchObject({ budgetFen: 20_000, remainingFen: -30_000 });
    expect(reply.canSetBudget).toEqual({ prevention: true, relief: true, warmth: true });
    expect((await funds('county')).canSetBudget).toEqual({ prevention: false, relief: false, warmth: false });
    const audited = db()
      .prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'funds.budget.set'")
      .get() as {
      n: number;
    };
    expect(audited.n).toBe(3);
  });

  it('moves money between kinds only with a recorded report, never beyond what is left', async () => {
    const move = {
      countyId: '341602',
      year: year(),
      fromKind: 'prevention',
      toKind: 'warmth',
      amountFen: 100_000,
    };
    const report = { reason: '冬季送温暖对象增加', reportNumber: '亳工帮〔2026〕12号', reportedOn: today() };
    const before = await funds('county');
    for (const missing of ['reason', 'reportNumber', 'reportedOn'] as const) {
      const body = { ...move, ...report, [missing]: undefined };
      const reply = await api<{ error: { message: string } }>(
        loop,
        'county',
        'POST',
        '/api/funds/adjustments',
        body,
      );
      expect(reply.status).toBe(400);
      expect(reply.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    const over = await api(loop, 'county', 'POST', '/api/funds/adjustments', {
      ...move,
      ...report,
      amountFen: 300_001,
    });
    expect(over.status).toBe(409);
    const fromUnset = await api(loop, 'county2', 'POST', '/api/funds/adjustments', {
      ...move,
      ...report,
      countyId: '341621',
    });
    expect(fromUnset.status).toBe(409);
    expect(await funds('county')).toEqual(before);

    const done = await api(loop, 'county', 'POST', '/api/funds/adjustments', { ...move, ...report });
    expect(done.status).toBe(200);
    const after = fundsReplySchema.parse(done.body);
    expect(kind(after, 'prevention')).toMatchObject({
      baseFen: 300_000,
      adjustedFen: -100_000,
      budgetFen: 200_000,
    });
    expect(kind(after, 'warmth')).toMatchObject({
      adjustedFen: 100_000,
      budgetFen: 120_000,
      remainingFen: 70_000,
    });
    expect(after.adjustments).toEqual([
      expect.objectContaining({ ...move, ...report, recordedByName: '王县总' }),
    ]);
    const audit = db()
      .prepare("SELECT user_id AS userId, detail FROM audit_log WHERE action = 'funds.adjustment.record'")
      .all() as { detail: string }[];
    expect(audit).toHaveLength(1);
    expect(JSON.parse(must(audit[0]).detail)).toMatchObject({
      reportNumber: '亳工帮〔2026〕12号',
      amountFen: 100_000,
    });
  });

  it('exports the households ledger with numbers, dates and the ID numbers the role may see', async () => {
    const route = `/api/ledgers/households.xlsx?q=${encodeURIComponent('台账')}&stage=managed`;
    const [sheet] = await open('county', route);
    const [header, ...rows] = must(sheet).data;
    expect(header).toContain('身份证号');
    expect(rows).toHaveLength(2);
    const col = (name: string) => must(header).indexOf(name);
    const a = must(rows.find((row) => row[col('户主姓名')] === '赵台账'));
    expect(a[col('身份证号')]).toBe(HEAD_A);
    expect(a[col('县（区）')]).toBe('谯城区');
    expect(a[col('闭环环节')]).toBe('动态管理（已发放）');
    expect(a[col('家庭人口')]).toBe(2);
    expect(a[col(`${year()}年发放金额（元）`)]).toBe(1000);
    expect(a[col('建档日期')]).toBeInstanceOf(Date);
    expect((a[col('建档日期')] as Date).toISOString().slice(0, 10)).toBe(today());
    const b = must(rows.find((row) => row[col('户主姓名')] === '钱台账'));
    expect(b[col(`${year()}年发放金额（元）`)]).toBe(1500);
    const exported = must(lastExport());
    expect(exported.role).toBe('county_staff');
    expect(JSON.parse(exported.detail)).toMatchObject({
      ledger: 'households',
      rows: 2,
      filter: { q: '台账', stage: 'managed', year: year() },
      idNumbers: 'full',
    });

    const [citySheet] = await open('city', route);
    const cityRows = must(citySheet).data.slice(1);
    expect(cityRows.map((row) => row[col('身份证号')])).toEqual(
      expect.arrayContaining([`${HEAD_A.slice(0, 6)}********${HEAD_A.slice(-4)}`]),
    );
    expect(JSON.stringify(must(citySheet).data)).not.toContain(HEAD_A);
    expect(JSON.parse(must(lastExport()).detail)).toMatchObject({ idNumbers: 'masked', rows: 2 });
  });

  it('exports the disbursement ledger with kinds, masked cards and the budget against spending', async () => {
    const [payments, budget] = await open('city', `/api/ledgers/disbursements.xlsx?unitId=341602`);
    const [header, ...rows] = must(payments).data;
    expect(rows.length).toBeGreaterThanOrEqual(3);
    const col = (name: string) => must(header).indexOf(name);
    const ours = rows.filter((row) => ['赵台账', '钱台账'].includes(String(row[col('户主姓名')])));
    expect(ours.map((row) => [row[col('资金项目类别')], row[col('发放金额（元）')]]).sort()).toEqual([
      ['事后救助', 1000],
      ['事后救助', 1000],
      ['送温暖·提升生活品质', 500],
    ]);
    expect(must(ours[0])[col('发放日期')]).toBeInstanceOf(Date);
    expect(must(ours[0])[col('银行卡号')]).toBe('**** **** **** 0123');
    expect(JSON.stringify(must(payments).data)).not.toContain(HEAD_A);
    expect(must(budget).sheet).toBe('预算执行情况');
    expect(
      must(budget)
        .data.slice(1)
        .find((row) => row[1] === '送温暖·提升生活品质'),
    ).toEqual(['谯城区', '送温暖·提升生活品质', 200, 1000, 1200, 500, 700, 1]);
    const warmthOnly = await open('county', `/api/ledgers/disbursements.xlsx?fundKind=warmth`);
    expect(must(warmthOnly[0]).data).toHaveLength(2);
  });

  it('exports the five-ones ledger sheet by sheet', async () => {
    const attendeeId = withCheckChar('34160219850505005');
    const training = edit('training', randomUUID(), '341602001', {
      unitId: [null, '341602001'],
      date: [null, today()],
      topic: [null, '困难职工帮扶政策'],
      place: [null, '街道会议室'],
      trainer: [null, '王老师'],
      attendees: [
        null,
        [
          {
            name: '孙参训',
            unit: '花戏楼社区',
            idNumber: attendeeId,
            signedAt: loop.clock.now.toISOString(),
          },
        ],
      ],
    });
    const pushed = await tabletPush(loop, 'township', [training]);
    expect(pushed.results[0]?.status).toBe('applied');

    const sheets = await open('township', '/api/ledgers/five-ones.xlsx');
    expect(sheets.map((s) => s.sheet)).toEqual(['数据比对', '入户走访', '自我评估', '政策培训', '参训人员']);
    const rounds = must(sheets[1]).data;
    expect(rounds[0]).toEqual(
      expect.arrayContaining(['走访轮次', '应走访户数', '已走访户数', '覆盖率（%）']),
    );
    expect(rounds.length).toBeGreaterThanOrEqual(3);
    expect(must(rounds[1])[2]).toBeInstanceOf(Date);
    const trainings = must(sheets[3]).data;
    expect(trainings.slice(1).map((row) => row.slice(3, 7))).toEqual([
      ['困难职工帮扶政策', '街道会议室', '王老师', 1],
    ]);
    const attendees = must(sheets[4]).data;
    expect(attendees[1]?.slice(3, 6)).toEqual([
      '孙参训',
      '花戏楼社区',
      `${attendeeId.slice(0, 6)}********${attendeeId.slice(-4)}`,
    ]);
    // Another township's ledger has none of it.
    const other = await open('county', '/api/ledgers/five-ones.xlsx?unitId=341602002');
    expect(must(other[3]).data).toHaveLength(1);
  });

  it('refuses exports to the wrong role or unit, with nothing in the audit log', async () => {
    const count = () =>
      (
        db().prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'ledger.export'").get() as {
          n: number;
        }
      ).n;
    const before = count();
    const cases: [UserName, string, number][] = [
      ['grid', '/api/ledgers/households.xlsx', 403],
      ['admin', '/api/ledgers/households.xlsx', 403],
      ['township', '/api/ledgers/disbursements.xlsx', 403],
      ['county2', '/api/ledgers/households.xlsx?unitId=341602', 403],
      ['township', '/api/ledgers/five-ones.xlsx?unitId=341602002', 403],
      ['county', '/api/ledgers/households.xlsx?stage=nonsense', 400],
      ['county', '/api/ledgers/payroll.xlsx', 404],
    ];
    for (const [user, route, status] of cases) {
      const res = await download(user, route);
      expect({ route, user, status: res.status }).toEqual({ route, user, status });
      const body = (await res.json()) as { error: { message: string } };
      expect(body.error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(count()).toBe(before);
  });
});
