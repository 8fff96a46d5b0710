import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  putRoundCalendarReplySchema,
  roundCalendarsReplySchema,
  roundCoverageReplySchema,
} from '../../shared/domain/round-calendar';
import { api, pull, snapshot, startLoopServer, type LoopServer, type UserName } from './cases-support';

/**
 * Issue 10, the round calendar edited on the office screen 走访轮次安排: `PUT /api/rounds/calendar` checks
 * what the screen checks (the shared request schema): names, dates within the year, start ≤ end, no
 * overlapping rounds of one unit, ids of the unit and year. A refused save changes nothing; every save is
 * audited with the rounds before and after; the saved rounds are offered by coverage and pulled by tablets.
 */
describe('editing the round calendar', () => {
  let loop: LoopServer;

  beforeAll(async () => {
    loop = await startLoopServer(new Date('2026-03-20T02:00:00Z'));
  });
  afterAll(() => loop.close());

  const put = (user: UserName, body: unknown) => api(loop, user, 'PUT', '/api/rounds/calendar', body);
  const calendar = async (user: UserName) =>
    roundCalendarsReplySchema.parse((await api(loop, user, 'GET', '/api/rounds/calendar?year=2026')).body);
  const auditRows = () =>
    loop.server.running.db
      .prepare(
        `SELECT user_id AS userId, unit_id AS unitId, action, entity_id AS entityId, detail
           FROM audit_log WHERE entity_type = 'roundCalendar' ORDER BY rowid`,
      )
      .all() as { userId: string; unitId: string; action: string; entityId: string; detail: string }[];

  const spring = { id: '341600-2026-1', name: '在档走访', startDate: '2026-03-01', endDate: '2026-04-30' };
  const autumn = { id: '341600-2026-2', name: '档案更新', startDate: '2026-09-01', endDate: '2026-10-31' };

  it('refuses a calendar that breaks a rule, in Chinese, naming the round and field, and changes nothing', async () => {
    const before = snapshot(loop);
    const cases: [unknown[], string][] = [
      [[{ ...spring, name: '  ' }], 'rounds.0.name 必须填写轮次名称'],
      [[{ ...spring, endDate: '2027-01-10' }], 'rounds.0.endDate 结束日期须在 2026 年内'],
      [[{ ...spring, startDate: '2025-12-01' }], 'rounds.0.startDate 开始日期须在 2026 年内'],
      [[{ ...spring, startDate: '2026-05-01' }], 'rounds.0.endDate 结束日期不能早于开始日期'],
      [
        [spring, { ...autumn, startDate: '2026-04-30' }],
        'rounds.1.startDate 与“在档走访”（2026-03-01 至 2026-04-30）日期重叠',
      ],
      [[{ ...spring, id: '341602-2026-1' }], 'rounds.0.id 轮次编号须以“341600-2026-”开头'],
      [[spring, { ...autumn, id: spring.id }], 'rounds.1.id 轮次编号重复'],
    ];
    for (const [rounds, message] of cases) {
      const reply = await put('city', { unitId: '341600', year: 2026, rounds });
      expect(reply.status, JSON.stringify(reply.body)).toBe(400);
      expect(JSON.stringify(reply.body)).toContain(message);
    }
    expect(snapshot(loop)).toEqual(before);
    expect((await calendar('grid')).rounds.map((r) => r.id)).toEqual([spring.id, autumn.id]);
  });

  it('refuses another unit’s calendar with 403 before looking at its rounds', async () => {
    const reply = await put('county', {
      unitId: '341621',
      year: 2026,
      rounds: [{ id: 'x', name: '', startDate: '2026-13-01', endDate: '' }],
    });
    expect(reply.status).toBe(403);
    expect(reply.body).toMatchObject({ error: { code: 'out_of_scope' } });
  });

  it('saves the city’s rounds by start date, audits the save, and offers them to coverage and tablets', async () => {
    const summer = { id: '341600-2026-3', name: '夏季走访', startDate: '2026-06-01', endDate: '2026-06-30' };
    const reply = await put('city', {
      unitId: '341600',
      year: 2026,
      rounds: [autumn, summer, { ...spring, name: ' 在档走访 ', endDate: '2026-04-15' }],
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    const { calendar: saved } = putRoundCalendarReplySchema.parse(reply.body);
    expect(saved.rounds.map((r) => [r.id, r.name, r.endDate])).toEqual([
      [spring.id, '在档走访', '2026-04-15'],
      [summer.id, '夏季走访', '2026-06-30'],
      [autumn.id, '档案更新', '2026-10-31'],
    ]);
    const [created] = auditRows();
    expect(created).toMatchObject({ action: 'roundCalendar.create', unitId: '341600', entityId: saved.id });
    expect(JSON.parse(created?.detail ?? '{}')).toMatchObject({
      year: 2026,
      before: null,
      after: saved.rounds,
    });

    expect((await calendar('grid')).rounds.map((r) => r.name)).toEqual(['在档走访', '夏季走访', '档案更新']);
    const coverage = await api(loop, 'county', 'GET', `/api/rounds/coverage?roundId=${summer.id}`);
    expect(coverage.status, JSON.stringify(coverage.body)).toBe(200);
    expect(roundCoverageReplySchema.parse(coverage.body).round).toEqual(summer);
    const { records } = await pull(loop, 'grid');
    expect(records.find((r) => r.type === 'roundCalendar')?.data).toMatchObject({ rounds: saved.rounds });
  });

  it('lets a county add a round overlapping the city’s, audits an update with before and after', async () => {
    const flood = { id: '341602-2026-1', name: '汛期走访', startDate: '2026-06-15', endDate: '2026-07-31' };
    expect((await put('county', { unitId: '341602', year: 2026, rounds: [flood] })).status).toBe(200);
    const longer = { ...flood, endDate: '2026-08-15' };
    const second = { id: '341602-2026-2', name: '冬季走访', startDate: '2026-12-01', endDate: '2026-12-31' };
    expect((await put('county', { unitId: '341602', year: 2026, rounds: [longer, second] })).status).toBe(
      200,
    );

    const county = auditRows().filter((row) => row.unitId === '341602');
    expect(county.map((row) => row.action)).toEqual(['roundCalendar.create', 'roundCalendar.update']);
    expect(JSON.parse(county[1]?.detail ?? '{}')).toEqual({
      year: 2026,
      before: [flood],
      after: [longer, second],
    });
    expect((await calendar('grid')).rounds.map((r) => r.name)).toEqual([
      '在档走访',
      '夏季走访',
      '汛期走访',
      '档案更新',
      '冬季走访',
    ]);
    // The other county does not see them.
    expect((await calendar('grid3')).rounds.map((r) => r.name)).toEqual(['在档走访', '夏季走访', '档案更新']);
    const coverage = await api(loop, 'county', 'GET', `/api/rounds/coverage?roundId=${second.id}`);
    expect(roundCoverageReplySchema.parse(coverage.body).round.name).toBe('冬季走访');
  });
});
