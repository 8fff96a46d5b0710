import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  caseCommandReplySchema,
  caseDetailReplySchema,
  caseListReplySchema,
  type CaseListReply,
} from '../../shared/cases/api';
import { withCheckChar } from '../../shared/domain/test-fixtures';
import {
  DAY_MS,
  GRID,
  HEAD_ID,
  api,
  chinaDay,
  commandChange,
  pull,
  snapshot,
  startLoopServer,
  step,
  tabletHousehold,
  tabletPush,
  type LoopServer,
  type UserName,
} from './cases-support';
import { edit } from './sync-fixtures';

const GRID2 = '341602001002';

/**
 * Cases that start at an office (registration over REST or as a tablet command), the sudden-hardship fast
 * track, and the work queue each role sees.
 */
describe('registering cases and the work queue', () => {
  let loop: LoopServer;
  const today = () => chinaDay(loop.clock.now);

  beforeAll(async () => {
    loop = await startLoopServer(new Date(Date.now() - 10 * DAY_MS));
  });
  afterAll(() => loop.close());

  const register = (user: UserName, body: Record<string, unknown>) =>
    api<unknown>(loop, user, 'POST', '/api/cases', {
      reportedOn: today(),
      description: '',
      ...body,
    });
  const queue = async (user: UserName, query = ''): Promise<CaseListReply> => {
    const reply = await api(loop, user, 'GET', `/api/cases${query}`);
    expect(reply.status).toBe(200);
    return caseListReplySchema.parse(reply.body);
  };

  it('the county registers a case it identified; the grid worker’s tablet pulls it', async () => {
    const id = randomUUID();
    const reply = await register('county', {
      id,
      unitId: GRID2,
      entryChannel: 'county_identified',
      household: {
        headName: '李秀英',
        headIdNumber: withCheckChar('34160219750304002'),
        mobile: '13800000001',
      },
    });
    expect(reply.status).toBe(201);
    const body = caseCommandReplySchema.parse(reply.body);
    expect(body.household).toMatchObject({ id, unitId: GRID2 });
    expect(body.household.data).toMatchObject({
      headName: '李秀英',
      unitId: GRID2,
      stage: 'entry',
      entryChannel: 'county_identified',
      cycle: 1,
      category: 'unclassified',
    });
    expect(body.event.data).toMatchObject({
      command: 'register',
      fromStage: null,
      toStage: 'entry',
      via: 'rest',
    });
    const { records } = await pull(loop, 'grid2');
    expect(records.filter((r) => r.id === id || r.id === body.event.id)).toHaveLength(2);
    const { records: otherGrid } = await pull(loop, 'grid');
    expect(otherGrid.some((r) => r.id === id)).toBe(false);
  });

  it('refuses registrations by the wrong role, outside the scope, at unknown units or with case fields', async () => {
    const before = snapshot(loop);
    const attempts: [UserName, Record<string, unknown>, number, string][] = [
      ['township', { unitId: GRID, entryChannel: 'county_identified' }, 409, 'guard_failed'],
      ['county', { unitId: '341621001001', entryChannel: 'county_identified' }, 403, 'out_of_scope'],
      ['city', { unitId: GRID, entryChannel: 'worker_applied' }, 403, 'forbidden_role'],
      ['county', { unitId: '341602009009', entryChannel: 'county_identified' }, 400, 'unknown_unit'],
      [
        'county',
        { unitId: GRID, entryChannel: 'county_identified', household: { stage: 'plan' } },
        400,
        'invalid_payload',
      ],
      [
        'county',
        { unitId: GRID, entryChannel: 'county_identified', household: { mobile: '12345' } },
        400,
        'invalid_payload',
      ],
      ['township', { unitId: GRID, entryChannel: 'sudden_hardship' }, 409, 'guard_failed'],
      ['county', { unitId: GRID, entryChannel: 'unknown' }, 400, 'invalid_request'],
    ];
    for (const [user, body, status, code] of attempts) {
      const reply = await register(user, body);
      const error = (reply.body as { error: { code: string; message: string } }).error;
      expect([user, body, reply.status, error.code]).toEqual([user, body, status, code]);
      expect(error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(snapshot(loop)).toEqual(before);
  });

  it('sudden hardship takes the fast track from the visit straight to the county', async () => {
    const id = randomUUID();
    const visitId = randomUUID();
    const reply = await register('township', {
      id,
      unitId: GRID,
      entryChannel: 'sudden_hardship',
      description: '3月2日家中失火，房屋烧毁',
    });
    expect(reply.status).toBe(201);
    const pushed = await tabletPush(loop, 'grid', [
      edit('visit', visitId, GRID, {
        householdId: [null, id],
        unitId: [null, GRID],
        visitDate: [null, today()],
        visitorName: [null, '刘网格'],
      }),
      commandChange(id, 'submitVisit', {
        visitId,
        visitDate: today(),
        opinion: '火灾属实',
        authorizationSigned: true,
      }),
    ]);
    expect(pushed.results[1]?.record?.data.stage).toBe('county_review');
  });

  it('a tablet registers through sync and must name a visit of this household to submit it', async () => {
    const id = randomUUID();
    const reply = await tabletPush(loop, 'grid', [
      commandChange(id, 'register', { entryChannel: 'worker_applied', reportedOn: today() }),
      commandChange(id, 'submitVisit', {
        visitId: randomUUID(),
        visitDate: today(),
        opinion: '同意',
        authorizationSigned: true,
      }),
    ]);
    expect(reply.results[0]).toMatchObject({
      status: 'applied',
      record: { unitId: GRID, data: { stage: 'entry' } },
    });
    expect(reply.results[1]).toMatchObject({ status: 'rejected', error: { code: 'guard_failed' } });
    expect(reply.results[1]?.error?.message).toContain('走访记录不存在或不属于该家庭');
  });

  it('each role’s queue holds the cases waiting for it, with age, masked ID and filters', async () => {
    const caseId = randomUUID();
    const visitId = randomUUID();
    await tabletPush(loop, 'grid', [
      ...tabletHousehold(caseId, visitId, randomUUID(), today()),
      commandChange(caseId, 'submitVisit', {
        visitId,
        visitDate: today(),
        opinion: '同意上报',
        authorizationSigned: true,
      }),
    ]);
    loop.clock.now = new Date(loop.clock.now.getTime() + 3 * DAY_MS);

    const township = await queue('township');
    const item = township.cases.find((c) => c.id === caseId);
    expect(item).toMatchObject({
      headName: '张建国',
      stage: 'township_check',
      stageLabel: '乡镇审核上报',
      daysInStage: 3,
      unitName: '花戏楼社区第一网格',
      townshipName: '花戏楼街道',
      countyName: '谯城区',
      allowedCommands: ['forwardToCounty', 'returnToGrid'],
    });
    expect(item?.headIdNumberMasked).toMatch(/^341602\*{8}\d{3}[\dX]$/);
    expect(JSON.stringify(township)).not.toContain(HEAD_ID);

    // Not the county's turn yet, but the county sees it among all its cases.
    expect((await queue('county')).cases.some((c) => c.id === caseId)).toBe(false);
    expect((await queue('county', '?view=all&stage=township_check')).cases.map((c) => c.id)).toContain(
      caseId,
    );
    expect((await queue('county', '?view=all&q=建国')).cases.map((c) => c.id)).toEqual([caseId]);
    const last4 = String(item?.headIdNumberMasked).slice(-4);
    expect((await queue('county', `?view=all&q=${last4}`)).cases.map((c) => c.id)).toContain(caseId);
    expect((await queue('county', '?view=all&unitId=341602002')).cases).toEqual([]);
    expect((await queue('city')).cases).toEqual([]);

    await step(loop, 'township', caseId, 'forwardToCounty', { materialsComplete: true });
    expect((await queue('township')).cases.some((c) => c.id === caseId)).toBe(false);
    const county = await queue('county');
    expect(county.cases.find((c) => c.id === caseId)).toMatchObject({
      stage: 'county_review',
      daysInStage: 0,
      allowedCommands: ['acceptReview', 'returnForCorrection'],
    });
  });

  it('pages the queue with a cursor, oldest in its stage first', async () => {
    const all = await queue('county', '?view=all&limit=100');
    expect(all.total).toBeGreaterThanOrEqual(4);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: CaseListReply = await queue(
        'county',
        `?view=all&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.cases.length).toBeLessThanOrEqual(2);
      seen.push(...page.cases.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.cases.map((c) => c.id));
    const ages = all.cases.map((c) => c.stageEnteredAt);
    expect([...ages].sort()).toEqual(ages);
    const bad = await api(loop, 'county', 'GET', '/api/cases?cursor=nonsense');
    expect(bad.status).toBe(400);
  });

  it('the case page lists members, visits, timeline and what the caller may do, with reasons', async () => {
    const list = await queue('county');
    const id = list.cases.find((c) => c.stage === 'county_review' && c.headName === '张建国')?.id ?? '';
    const reply = await api(loop, 'county', 'GET', `/api/cases/${id}`);
    const detail = caseDetailReplySchema.parse(reply.body);
    expect(detail.units.map((u) => u.name)).toEqual(['亳州市', '谯城区', '花戏楼街道', '花戏楼社区第一网格']);
    expect(detail.members.map((m) => m.data.name)).toEqual(['张小明']);
    expect(detail.visits).toHaveLength(1);
    expect(detail.timeline.map((e) => e.data.command)).toEqual(['submitVisit', 'forwardToCounty']);
    expect(detail.allowedCommands).toEqual(['acceptReview', 'returnForCorrection']);
    expect(detail.availability.find((a) => a.command === 'fileRecord')).toMatchObject({
      allowed: false,
      code: 'forbidden_role',
    });
    expect(detail.availability.find((a) => a.command === 'classify')?.reason).toContain(
      '当前环节「县总审核」',
    );
    expect(detail.comparison.every((c) => c.result === null)).toBe(true);
    const missing = await api(loop, 'county', 'GET', `/api/cases/${randomUUID()}`);
    expect(missing.status).toBe(404);
  });
});
