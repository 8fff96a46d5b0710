import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roundCoverageReplySchema, roundCalendarsReplySchema } from '../../shared/domain/round-calendar';
import { monitoringEntryDataSchema } from '../../shared/monitoring/records';
import { mirrorUnmirroredEntries } from '../../sync-server/monitoring/monitoring-store';
import { registerEntrySchema } from '../../shared/monitoring';
import { caseDetailReplySchema } from '../../shared/cases/api';
import { walkToFiled, type StepAs } from '../support/filed-case';
import { withCheckChar } from '../../shared/domain/test-fixtures';
import {
  api,
  caseAtCountyReview,
  chinaDay,
  commandChange,
  GRID,
  pull,
  startLoopServer,
  step,
  tabletHousehold,
  tabletPush,
  type LoopServer,
} from './cases-support';
import { edit } from './sync-fixtures';

/**
 * Issue 10, visit rounds: the city's default calendar reaches the tablets through sync; filed households
 * (managed, phase-out) are due in the March–April round; a follow-up visit from a tablet updates the file,
 * records the trend and keeps the stage; coverage per unit counts it live, for the township, the county
 * and the city. Households on the monitoring register are due too, whatever their stage, on the server
 * and, through their `monitoringEntry` records, on the tablet.
 */
describe('visit rounds of the year of dynamic management', () => {
  let loop: LoopServer;
  let managed: string;
  let phaseOut: string;
  let underReview: string;
  const roundId = '341600-2026-1';

  beforeAll(async () => {
    // 20 March 2026, inside the 在档走访 round and before the real date the record validators use.
    loop = await startLoopServer(new Date('2026-03-20T02:00:00Z'));
    const stepAs: StepAs = (user, caseId, command, payload) => step(loop, user, caseId, command, payload);
    managed = await caseAtCountyReview(loop);
    await walkToFiled(stepAs, managed, chinaDay(loop.clock.now));
    phaseOut = await caseAtCountyReview(loop, {
      headName: '李桂英',
      headId: withCheckChar('34160219750101005'),
      memberId: withCheckChar('34160220100301007'),
    });
    await walkToFiled(stepAs, phaseOut, chinaDay(loop.clock.now), { phaseOut: true });
    underReview = await caseAtCountyReview(loop, {
      headName: '王小红',
      headId: withCheckChar('34160219850615002'),
      memberId: withCheckChar('34160220110401009'),
    });
  });
  afterAll(() => loop.close());

  const coverage = async (user: 'township' | 'county' | 'city', unitId?: string) => {
    const query = new URLSearchParams({ roundId });
    if (unitId) query.set('unitId', unitId);
    const reply = await api(loop, user, 'GET', `/api/rounds/coverage?${query.toString()}`);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    return roundCoverageReplySchema.parse(reply.body);
  };

  it('gives every unit the city’s default rounds until the city sets its own', async () => {
    // The defaults are never stored: pulls and GETs write nothing, tablets compute the same rounds.
    const { records } = await pull(loop, 'grid');
    expect(records.filter((r) => r.type === 'roundCalendar')).toEqual([]);
    const reply = await api(loop, 'grid', 'GET', '/api/rounds/calendar?year=2026');
    expect(roundCalendarsReplySchema.parse(reply.body)).toMatchObject({
      year: 2026,
      today: '2026-03-20',
      calendars: [],
      rounds: [
        { id: '341600-2026-1', name: '在档走访', startDate: '2026-03-01', endDate: '2026-04-30' },
        { id: '341600-2026-2', name: '档案更新', startDate: '2026-09-01', endDate: '2026-10-31' },
      ],
    });
  });

  it('counts the managed and phase-out households as due, per unit, none visited yet', async () => {
    const county = await coverage('county');
    expect(county.total).toMatchObject({ due: 2, visited: 0, overdue: 0 });
    expect(county.units.map((u) => [u.unitId, u.due, u.visited])).toEqual([
      ['341602001', 2, 0],
      ['341602002', 0, 0],
    ]);
    expect(county.notVisited.map((h) => h.id).sort()).toEqual([managed, phaseOut].sort());
    expect(county.notVisited.map((h) => h.id)).not.toContain(underReview);
    const city = await coverage('city');
    expect(city.units.map((u) => [u.unitName, u.due])).toEqual([
      ['谯城区', 2],
      ['涡阳县', 0],
    ]);
    const township = await coverage('township');
    expect(township.units.map((u) => [u.unitId, u.due])).toEqual([
      [GRID, 2],
      ['341602001002', 0],
    ]);
  });

  it('takes a follow-up visit from the tablet: the file is updated, the stage stays, coverage counts it', async () => {
    const before = caseDetailReplySchema.parse(
      (await api(loop, 'county', 'GET', `/api/cases/${managed}`)).body,
    );
    const visitId = randomUUID();
    const day = chinaDay(loop.clock.now);
    const reply = await tabletPush(loop, 'grid', [
      edit('household', managed, GRID, { mobile: ['13912345678', '13800001111'] }, before.household.rev),
      edit('visit', visitId, GRID, {
        householdId: [null, managed],
        unitId: [null, GRID],
        visitDate: [null, day],
        visitorName: [null, '刘网格'],
        findings: [null, '户主已在社区公益岗位就业，收入稳定。'],
        purpose: [null, 'followUp'],
        trend: [null, 'improved'],
        applicantKind: [null, 'filed'],
        status: [null, 'final'],
      }),
      commandChange(managed, 'recordFollowUpVisit', {
        visitId,
        visitDate: day,
        trend: 'improved',
        findings: '户主已在社区公益岗位就业，收入稳定。',
      }),
    ]);
    expect(reply.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    const after = caseDetailReplySchema.parse(
      (await api(loop, 'county', 'GET', `/api/cases/${managed}`)).body,
    );
    expect(after.state.stage).toBe('managed');
    expect(after.household.data.mobile).toBe('13800001111');
    expect(after.household.data.lastFollowUpOn).toBe(day);

    const county = await coverage('county');
    expect(county.total).toMatchObject({ due: 2, visited: 1 });
    expect(county.notVisited.map((h) => h.id)).toEqual([phaseOut]);
    expect((await coverage('city')).units[0]).toMatchObject({ unitName: '谯城区', due: 2, visited: 1 });
    expect((await coverage('township', GRID)).total).toMatchObject({ due: 2, visited: 1 });
  });

  it('calls the rest overdue once the round has ended, and a county adds a round of its own', async () => {
    loop.clock.now = new Date('2026-05-03T02:00:00Z');
    expect((await coverage('county')).total).toMatchObject({ due: 2, visited: 1, overdue: 1 });

    const own = { id: '341602-2026-1', name: '汛期走访', startDate: '2026-06-01', endDate: '2026-06-30' };
    const put = await api(loop, 'county', 'PUT', '/api/rounds/calendar', {
      unitId: '341602',
      year: 2026,
      rounds: [own],
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const grid = roundCalendarsReplySchema.parse(
      (await api(loop, 'grid', 'GET', '/api/rounds/calendar')).body,
    );
    expect(grid.rounds.map((r) => r.name)).toEqual(['在档走访', '汛期走访', '档案更新']);
    const other = roundCalendarsReplySchema.parse(
      (await api(loop, 'grid3', 'GET', '/api/rounds/calendar')).body,
    );
    expect(other.rounds.map((r) => r.name)).toEqual(['在档走访', '档案更新']);
    // The city moves the end of the spring round: the calendars reach the grid through sync.
    const city = await api(loop, 'city', 'PUT', '/api/rounds/calendar', {
      unitId: '341600',
      year: 2026,
      rounds: [
        { id: roundId, name: '在档走访', startDate: '2026-03-01', endDate: '2026-05-31' },
        { id: '341600-2026-2', name: '档案更新', startDate: '2026-09-01', endDate: '2026-10-31' },
      ],
    });
    expect(city.status, JSON.stringify(city.body)).toBe(200);
    const { records } = await pull(loop, 'grid');
    const calendars = records.filter((r) => r.type === 'roundCalendar');
    expect(calendars.map((c) => c.unitId).sort()).toEqual(['341600', '341602']);
    expect((await coverage('county')).total).toMatchObject({ due: 2, visited: 1, overdue: 0 });

    // Another county's round is not this county's to set, nor a grid worker's.
    expect(
      (await api(loop, 'county', 'PUT', '/api/rounds/calendar', { unitId: '341621', year: 2026, rounds: [] }))
        .status,
    ).toBe(403);
    expect(
      (await api(loop, 'grid', 'PUT', '/api/rounds/calendar', { unitId: GRID, year: 2026, rounds: [] }))
        .status,
    ).toBe(403);
    // A grid worker has no coverage screen; a township may not look at another township.
    expect((await api(loop, 'grid', 'GET', `/api/rounds/coverage?roundId=${roundId}`)).status).toBe(403);
    expect(
      (await api(loop, 'township', 'GET', `/api/rounds/coverage?roundId=${roundId}&unitId=341602002`)).status,
    ).toBe(403);
  });

  it('counts households the county puts on the monitoring register as due, until they leave it', async () => {
    // Still 3 May, the spring round runs to 31 May: the managed household is visited, the phase-out not.
    expect((await coverage('county')).total).toMatchObject({ due: 2, visited: 1, overdue: 0 });
    const { cursor: before } = await pull(loop, 'grid');
    // A household the grid worker has just found (at 录入, no visit yet) and the one at 县总审核.
    const found = randomUUID();
    const [household, member] = tabletHousehold(found, randomUUID(), randomUUID(), chinaDay(loop.clock.now), {
      headName: '赵秀兰',
      headId: withCheckChar('34160219700202004'),
      memberId: withCheckChar('34160220120202006'),
    });
    if (!household || !member) throw new Error('fixture');
    expect((await tabletPush(loop, 'grid', [household, member])).results.map((r) => r.status)).toEqual([
      'applied',
      'applied',
    ]);
    const entries = new Map<string, string>();
    for (const householdId of [found, underReview]) {
      const added = await api<{ entry: unknown }>(loop, 'county', 'POST', '/api/monitoring/register', {
        householdId,
        reason: '家中突发变故，需持续关注',
      });
      expect(added.status, JSON.stringify(added.body)).toBe(200);
      entries.set(householdId, registerEntrySchema.parse(added.body.entry).id);
    }

    const county = await coverage('county');
    expect(county.total).toMatchObject({ due: 4, visited: 1, overdue: 0 });
    expect(county.units.map((u) => [u.unitId, u.due, u.visited])).toEqual([
      ['341602001', 4, 1],
      ['341602002', 0, 0],
    ]);
    expect(county.notVisited.map((h) => h.id).sort()).toEqual([phaseOut, underReview, found].sort());
    expect(county.notVisited.find((h) => h.id === underReview)).toMatchObject({ stage: 'county_review' });
    expect(county.notVisitedTotal).toBe(3);
    expect((await coverage('city')).units[0]).toMatchObject({ unitName: '谯城区', due: 4, visited: 1 });
    expect((await coverage('township', GRID)).total).toMatchObject({ due: 4, visited: 1 });

    // The grid's tablets learn it through sync: one monitoringEntry per register entry, in the household's unit.
    const { records, cursor } = await pull(loop, 'grid', before);
    const copies = records.filter((r) => r.type === 'monitoringEntry');
    for (const householdId of [found, underReview]) {
      const copy = copies.find((r) => r.id === entries.get(householdId));
      expect(copy).toMatchObject({ unitId: GRID, deleted: false });
      expect(monitoringEntryDataSchema.parse(copy?.data)).toMatchObject({
        householdId,
        reasons: [{ reason: 'manual', label: '人工纳入', note: '家中突发变故，需持续关注' }],
      });
    }
    // Another grid's tablet is not told.
    const elsewhere = await pull(loop, 'grid3');
    expect(elsewhere.records.filter((r) => r.type === 'monitoringEntry')).toEqual([]);

    // The county takes the new household off the register: due no more, and the tablet's copy is a tombstone.
    const removed = await api(
      loop,
      'county',
      'POST',
      `/api/monitoring/register/${entries.get(found) ?? ''}/remove`,
      { reason: '核实后家庭情况稳定' },
    );
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    const after = await coverage('county');
    expect(after.total).toMatchObject({ due: 3, visited: 1 });
    expect(after.notVisited.map((h) => h.id).sort()).toEqual([phaseOut, underReview].sort());
    const later = await pull(loop, 'grid', cursor);
    expect(later.records.filter((r) => r.type === 'monitoringEntry')).toMatchObject([
      { id: entries.get(found), deleted: true },
    ]);

    // An entry made before the copies existed gets its copy when the server starts.
    const db = loop.server.running.db;
    const copyId = entries.get(underReview) ?? '';
    db.prepare('DELETE FROM sync_records WHERE id = ?').run(copyId);
    expect(mirrorUnmirroredEntries(db)).toBe(1);
    expect(mirrorUnmirroredEntries(db)).toBe(0);
    const restored = await pull(loop, 'grid', later.cursor);
    expect(restored.records.filter((r) => r.type === 'monitoringEntry')).toMatchObject([
      { id: copyId, deleted: false, data: { householdId: underReview } },
    ]);
  });
});
