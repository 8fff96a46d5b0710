import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncedRecord } from '../../shared/sync/protocol';
import {
  call,
  dbState,
  edit,
  newHousehold,
  pullAll,
  push,
  startSyncTestServer,
  type SyncTestServer,
} from './sync-fixtures';

const GRIDS = {
  grid: '341602001001',
  grid2: '341602001002',
  grid4: '341602002001',
  grid3: '341621001001',
} as const;

let server: SyncTestServer;
const households: Record<string, string[]> = {};

beforeAll(async () => {
  server = await startSyncTestServer();
  // Each grid worker files three households with a member each in their own grid.
  for (const [account, unitId] of Object.entries(GRIDS) as [keyof typeof GRIDS, string][]) {
    const changes = [];
    households[unitId] = [];
    for (let i = 0; i < 3; i++) {
      const hh = newHousehold(unitId, { address: `${unitId}-${i}` });
      households[unitId].push(hh.id);
      changes.push(
        hh,
        edit('member', randomUUID(), unitId, { householdId: [null, hh.id], name: [null, '成员'] }),
      );
    }
    const reply = await push(server, server.accounts[account].token, randomUUID(), changes);
    expect(reply.body.results.every((r) => r.status === 'applied')).toBe(true);
  }
});
afterAll(() => server.close());

const unitsOf = (records: SyncedRecord[]) => [...new Set(records.map((r) => r.unitId))].sort();

describe('scoped pulls', () => {
  it("never gives a grid worker another grid's households", async () => {
    const { records } = await pullAll(server, server.accounts.grid.token, '0', 2);
    expect(unitsOf(records)).toEqual([GRIDS.grid]);
    expect(
      records
        .filter((r) => r.type === 'household')
        .map((r) => r.id)
        .sort(),
    ).toEqual([...(households[GRIDS.grid] ?? [])].sort());
  });

  it('gives a township its grids, a county its county and the city everything', async () => {
    expect(unitsOf((await pullAll(server, server.accounts.township.token)).records)).toEqual([
      GRIDS.grid,
      GRIDS.grid2,
    ]);
    expect(unitsOf((await pullAll(server, server.accounts.county.token)).records)).toEqual([
      GRIDS.grid,
      GRIDS.grid2,
      GRIDS.grid4,
    ]);
    expect(unitsOf((await pullAll(server, server.accounts.city.token)).records)).toEqual(
      [GRIDS.grid, GRIDS.grid2, GRIDS.grid4, GRIDS.grid3].sort(),
    );
    expect((await call(server.url, server.accounts.admin.token, 'GET', '/api/sync/pull')).status).toBe(403);
    expect((await call(server.url, null, 'GET', '/api/sync/pull')).status).toBe(401);
  });

  it('pages in rev order and ends with a cursor that makes the next pull empty', async () => {
    const page = await call<{ records: SyncedRecord[]; cursor: string; hasMore: boolean }>(
      server.url,
      server.accounts.county.token,
      'GET',
      '/api/sync/pull?since=0&limit=4',
    );
    expect(page.body.records).toHaveLength(4);
    expect(page.body.hasMore).toBe(true);
    const revs = page.body.records.map((r) => r.rev);
    expect(revs).toEqual([...revs].sort((a, b) => a - b));
    const all = await pullAll(server, server.accounts.county.token, '0', 4);
    const empty = await call<{ records: SyncedRecord[]; hasMore: boolean }>(
      server.url,
      server.accounts.county.token,
      'GET',
      `/api/sync/pull?since=${all.cursor}`,
    );
    expect(empty.body).toMatchObject({ records: [], hasMore: false });
  });
});

describe('pushes outside the scope', () => {
  it('refuses a new record naming another unit and leaves the database unchanged', async () => {
    const before = dbState(server.db);
    const reply = await push(server, server.accounts.grid.token, randomUUID(), [newHousehold(GRIDS.grid3)]);
    expect(reply.status).toBe(200);
    expect(reply.body.results[0]).toMatchObject({
      status: 'rejected',
      error: { code: 'out_of_scope', message: '无权修改其他单位的数据' },
    });
    const after = dbState(server.db);
    expect({ ...after, changes: 0 }).toEqual({ ...before, changes: 0 });
    expect(after.changes).toBe(before.changes + 1); // the refusal itself is stored, so a replay answers the same
  });

  it("cannot reach another grid's household by naming its own unit in the body", async () => {
    const foreign = households[GRIDS.grid3]?.[0] ?? '';
    const before = server.db.prepare('SELECT data, rev, unit_id FROM sync_records WHERE id = ?').get(foreign);
    const reply = await push(server, server.accounts.grid.token, randomUUID(), [
      edit('household', foreign, GRIDS.grid, { headName: ['张三', '篡改'] }),
    ]);
    expect(reply.body.results[0]).toMatchObject({ status: 'rejected', error: { code: 'out_of_scope' } });
    expect(reply.body.results[0]?.record).toBeUndefined();
    expect(
      server.db.prepare('SELECT data, rev, unit_id FROM sync_records WHERE id = ?').get(foreign),
    ).toEqual(before);
  });

  it('cannot move its own household to another unit, through the record or through its data', async () => {
    const own = households[GRIDS.grid]?.[0] ?? '';
    const moved = await push(server, server.accounts.grid.token, randomUUID(), [
      edit('household', own, GRIDS.grid2, { address: [`${GRIDS.grid}-0`, '别处'] }),
      edit('household', own, GRIDS.grid, { unitId: [null, GRIDS.grid3] }),
    ]);
    expect(moved.body.results.map((r) => r.error?.code)).toEqual(['unit_mismatch', 'unit_mismatch']);
  });

  it('refuses a member attached to a household outside the scope or unknown', async () => {
    const foreign = households[GRIDS.grid3]?.[0] ?? '';
    const reply = await push(server, server.accounts.grid.token, randomUUID(), [
      edit('member', randomUUID(), GRIDS.grid, { householdId: [null, foreign], name: [null, '李四'] }),
      edit('member', randomUUID(), GRIDS.grid, { householdId: [null, randomUUID()], name: [null, '李四'] }),
      edit('member', randomUUID(), GRIDS.grid, { name: [null, '李四'] }),
    ]);
    expect(reply.body.results.map((r) => r.error?.code)).toEqual([
      'unit_mismatch',
      'unknown_household',
      'missing_household',
    ]);
  });

  it('lets county staff edit a household in their county but not the city or another county', async () => {
    const own = households[GRIDS.grid4]?.[0] ?? '';
    const county = await push(server, server.accounts.county.token, randomUUID(), [
      edit('household', own, GRIDS.grid4, { address: [`${GRIDS.grid4}-0`, '县里更正的地址'] }),
    ]);
    expect(county.body.results[0]?.status).toBe('applied');
    const otherCounty = await push(server, server.accounts.county2.token, randomUUID(), [
      edit('household', own, GRIDS.grid4, { address: ['县里更正的地址', '别的县'] }),
    ]);
    expect(otherCounty.body.results[0]?.error?.code).toBe('out_of_scope');
    const city = await push(server, server.accounts.city.token, randomUUID(), [
      edit('household', own, GRIDS.grid4, { address: ['县里更正的地址', '市里'] }),
    ]);
    expect(city.body.results[0]?.error?.code).toBe('role_not_allowed');
  });

  it('refuses unknown, server-only and non-tablet record types and unknown units per change', async () => {
    const reply = await push(server, server.accounts.grid.token, randomUUID(), [
      edit('spaceship', randomUUID(), GRIDS.grid, { name: [null, 'x'] }),
      edit('conflict', randomUUID(), GRIDS.grid, { status: [null, 'resolved'] }),
      edit('comparisonBatch', randomUUID(), GRIDS.grid, {}),
      edit('household', randomUUID(), '999999999999', { headName: [null, '张三'] }),
      newHousehold(GRIDS.grid),
    ]);
    expect(reply.body.results.map((r) => r.error?.code ?? r.status)).toEqual([
      'unknown_type',
      'type_not_writable',
      'type_not_writable',
      'unknown_unit',
      'applied',
    ]);
  });

  it('refuses invalid data with the reason in Chinese and applies the rest of the batch', async () => {
    const reply = await push(server, server.accounts.grid.token, randomUUID(), [
      newHousehold(GRIDS.grid, { mobile: '12345' }),
      newHousehold(GRIDS.grid),
    ]);
    const [bad, good] = reply.body.results;
    expect(bad?.status).toBe('rejected');
    expect(bad?.error?.code).toBe('invalid_data');
    expect(bad?.error?.message).toMatch(/联系电话/);
    expect(good?.status).toBe('applied');
  });
});
