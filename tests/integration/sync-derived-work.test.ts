import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  chinaDay,
  startLoopServer,
  tabletHousehold,
  tabletPush,
  type LoopServer,
} from './cases-support';
import { drainDerivedWork, pendingDerivedWork, startDerivedDrain } from '../../sync-server/sync/derived-work';
import { warningListReplySchema } from '../../shared/monitoring';
import { withCheckChar } from '../../shared/domain/test-fixtures';

/**
 * What a push leaves for after its reply (sync-server/sync/derived-work.ts): the monitoring of the visits
 * it made final is stored with the push, done exactly once, survives a process that dies before doing it,
 * and is done before any later request reads its effects.
 */
describe('work a push leaves for after its reply', () => {
  let loop: LoopServer;
  const db = () => loop.server.running.db;
  const warningsOf = (householdId: string) =>
    (
      db()
        .prepare(
          "SELECT count(*) AS n FROM monitoring_warnings WHERE household_id = ? AND rule = 'income_below_standard'",
        )
        .get(householdId) as { n: number }
    ).n;

  beforeAll(async () => {
    loop = await startLoopServer(new Date('2026-03-02T09:00:00+08:00'));
    // As if the server died right after each reply: nothing drains in the background.
    loop.server.running.derived.stop();
  });
  afterAll(() => loop.close());

  /** A household whose income is below the standard, with its visit finalised, in one push. */
  async function pushPoorHousehold(headNumber: string): Promise<string> {
    const caseId = randomUUID();
    const day = chinaDay(loop.clock.now);
    const [household, member, visit] = tabletHousehold(caseId, randomUUID(), randomUUID(), day, {
      headId: withCheckChar(`34160219800312${headNumber}`),
      memberId: withCheckChar(`34160220120601${headNumber}`),
    });
    if (!household || !member || !visit) throw new Error('fixture');
    household.fields.headMonthlyIncomeFen = { from: null, to: 50_000 }; // ¥250 per person
    visit.fields.status = { from: null, to: 'final' };
    const reply = await tabletPush(loop, 'grid', [household, member, visit]);
    expect(reply.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    return caseId;
  }

  it('is stored with the push and done once by the drain a restarted server runs', async () => {
    const caseId = await pushPoorHousehold('021');
    expect(pendingDerivedWork(db())).toBe(1);
    expect(warningsOf(caseId)).toBe(0);

    const drain = startDerivedDrain(db()); // what startServer runs at startup
    await drain.idle();
    drain.stop();
    expect(pendingDerivedWork(db())).toBe(0);
    expect(warningsOf(caseId)).toBe(1);
    expect(drainDerivedWork(db())).toBe(0);
    expect(warningsOf(caseId)).toBe(1);
  });

  it('is done before a later request reads what it writes', async () => {
    const caseId = await pushPoorHousehold('022');
    expect(pendingDerivedWork(db())).toBe(1);
    const reply = await api(loop, 'county', 'GET', '/api/monitoring/warnings?status=open');
    expect(reply.status).toBe(200);
    const warnings = warningListReplySchema.parse(reply.body).warnings;
    expect(warnings.filter((w) => w.householdId === caseId).map((w) => w.rule)).toEqual([
      'income_below_standard',
    ]);
    expect(pendingDerivedWork(db())).toBe(0);
  });

  it('a push that finalises no visit leaves nothing', async () => {
    const caseId = randomUUID();
    const [household] = tabletHousehold(caseId, randomUUID(), randomUUID(), chinaDay(loop.clock.now));
    if (!household) throw new Error('fixture');
    await tabletPush(loop, 'grid', [household]);
    expect(pendingDerivedWork(db())).toBe(0);
  });
});
