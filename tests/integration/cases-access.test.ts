import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseAuditReplySchema } from '../../shared/cases/api';
import {
  DAY_MS,
  GRID,
  api,
  chinaDay,
  commandChange,
  refused,
  snapshot,
  startLoopServer,
  tabletHousehold,
  tabletPush,
  type LoopServer,
} from './cases-support';
import { call, edit, newHousehold } from './sync-fixtures';

/**
 * Who may see and touch a case: scope (another county gets 403), roles (grid workers stay out of the
 * review API, only county and city staff read the audit log), the server-controlled case fields a tablet
 * cannot set, and an audit log no API can change.
 */
describe('case access: scope, roles, server-controlled fields, audit', () => {
  let loop: LoopServer;
  const caseId = randomUUID();
  const visitId = randomUUID();

  beforeAll(async () => {
    loop = await startLoopServer(new Date(Date.now() - 30 * DAY_MS));
    const reply = await tabletPush(loop, 'grid', [
      ...tabletHousehold(caseId, visitId, randomUUID(), chinaDay(loop.clock.now)),
      commandChange(caseId, 'submitVisit', {
        visitId,
        visitDate: chinaDay(loop.clock.now),
        opinion: '同意上报',
        authorizationSigned: true,
      }),
    ]);
    expect(reply.results.every((r) => r.status === 'applied')).toBe(true);
  });
  afterAll(() => loop.close());

  it('another county’s staff get 403 on the case, its audit and its steps, and change nothing', async () => {
    const detail = await api<{ error: { code: string } }>(loop, 'county2', 'GET', `/api/cases/${caseId}`);
    expect([detail.status, detail.body.error.code]).toEqual([403, 'out_of_scope']);
    const audit = await api<{ error: { code: string } }>(
      loop,
      'county2',
      'GET',
      `/api/cases/${caseId}/audit`,
    );
    expect([audit.status, audit.body.error.code]).toEqual([403, 'out_of_scope']);
    // Refused before the stage is looked at: the other county does not even learn where the case stands.
    const message = await refused(
      loop,
      'county2',
      caseId,
      'acceptReview',
      { opinion: '同意' },
      403,
      'out_of_scope',
    );
    expect(message).not.toContain('乡镇审核上报');
    const list = await api<{ cases: unknown[] }>(loop, 'county2', 'GET', '/api/cases?view=all');
    expect(list.body.cases).toEqual([]);
    const foreignUnit = await api(loop, 'county2', 'GET', '/api/cases?unitId=341602001');
    expect(foreignUnit.status).toBe(403);

    // Nor can another county's grid worker reach it through sync.
    const before = snapshot(loop, caseId);
    const pushed = await tabletPush(loop, 'grid3', [commandChange(caseId, 'startVisit', { note: '' })]);
    expect(pushed.results[0]).toMatchObject({ status: 'rejected', error: { code: 'out_of_scope' } });
    const after = snapshot(loop, caseId);
    expect([after.maxRev, after.caseAudit]).toEqual([before.maxRev, before.caseAudit]);
  });

  it('grid workers and the administrator are refused by the review API; townships cannot read the audit', async () => {
    for (const [user, route] of [
      ['grid', '/api/cases'],
      ['grid', `/api/cases/${caseId}`],
      ['grid', `/api/cases/${caseId}/audit`],
      ['admin', '/api/cases'],
      ['admin', `/api/cases/${caseId}`],
      ['township', `/api/cases/${caseId}/audit`],
    ] as const) {
      const reply = await api<{ error: { code: string; message: string } }>(loop, user, 'GET', route);
      expect([user, route, reply.status, reply.body.error.code]).toEqual([
        user,
        route,
        403,
        'forbidden_role',
      ]);
    }
    const township = await api(loop, 'township', 'GET', `/api/cases/${caseId}`);
    expect(township.status).toBe(200);
    const noToken = await call(loop.server.url, null, 'GET', '/api/cases');
    expect(noToken.status).toBe(401);
  });

  it('a tablet cannot set the stage or any other case field by editing the household', async () => {
    const { body: pulled } = await api<{
      records: { id: string; rev: number; data: Record<string, unknown> }[];
    }>(loop, 'grid', 'GET', '/api/sync/pull?since=0');
    const current = pulled.records.find((r) => r.id === caseId);
    expect(current?.data.stage).toBe('township_check');
    const before = snapshot(loop, caseId);
    const reply = await tabletPush(loop, 'grid', [
      edit('household', caseId, GRID, { stage: ['township_check', 'comparison'] }, current?.rev ?? 0),
      edit(
        'household',
        caseId,
        GRID,
        { headName: ['张建国', '张建军'], planTotalFen: [0, 1_000_000] },
        current?.rev ?? 0,
      ),
      newHousehold(GRID, { stage: 'plan' }),
      newHousehold(GRID, { category: 'deep', entryChannel: 'county_identified' }),
    ]);
    expect(reply.results.map((r) => [r.status, r.error?.code])).toEqual([
      ['rejected', 'field_not_writable'],
      ['rejected', 'field_not_writable'],
      ['rejected', 'field_not_writable'],
      ['rejected', 'field_not_writable'],
    ]);
    expect(reply.results[0]?.error?.message).toContain('「闭环环节」只能通过业务流程办理');
    expect(reply.results[0]?.error?.details).toEqual({
      reason: 'server_controlled_field',
      fields: ['stage'],
    });
    expect(reply.results[1]?.error?.details).toEqual({
      reason: 'server_controlled_field',
      fields: ['planTotalFen'],
    });
    expect(reply.results[3]?.error?.details).toEqual({
      reason: 'server_controlled_field',
      fields: ['category', 'entryChannel'],
    });
    const after = snapshot(loop, caseId);
    expect([after.maxRev, after.records, after.caseAudit]).toEqual([
      before.maxRev,
      before.records,
      before.caseAudit,
    ]);

    // County staff writing through sync are held to the same rule.
    const county = await tabletPush(loop, 'county', [
      edit('household', caseId, GRID, { stage: ['township_check', 'county_review'] }, current?.rev ?? 0),
    ]);
    expect(county.results[0]?.error?.code).toBe('field_not_writable');

    // Ordinary fields still merge.
    const ok = await tabletPush(loop, 'grid', [
      edit('household', caseId, GRID, { mobile: ['13912345678', '13800000000'] }, current?.rev ?? 0),
    ]);
    expect(ok.results[0]?.status).toBe('applied');
  });

  it('no API edits or deletes audit rows', async () => {
    const read = async () => {
      const reply = await api(loop, 'county', 'GET', `/api/cases/${caseId}/audit`);
      expect(reply.status).toBe(200);
      return caseAuditReplySchema.parse(reply.body).entries;
    };
    const entries = await read();
    expect(entries.length).toBeGreaterThan(2);
    const first = entries[0];
    const before = snapshot(loop, caseId);
    for (const method of ['PUT', 'PATCH', 'DELETE', 'POST']) {
      for (const route of [
        `/api/cases/${caseId}/audit`,
        `/api/cases/${caseId}/audit/${String(first?.seq)}`,
      ]) {
        const reply = await api<{ error: { code: string } }>(loop, 'county', method, route, { detail: {} });
        expect([method, route, reply.status, reply.body.error.code]).toEqual([
          method,
          route,
          404,
          'not_found',
        ]);
      }
    }
    expect(snapshot(loop, caseId)).toEqual(before);
    expect(await read()).toEqual(entries);
    // Below the API, the table itself refuses changes.
    expect(() => loop.server.running.db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
  });
});
