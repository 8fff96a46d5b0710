import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  dbState,
  edit,
  newHousehold,
  push,
  pushBody,
  startSyncTestServer,
  type SyncTestServer,
} from './sync-fixtures';

const GRID = '341602001001';
const TABLET = randomUUID();

let server: SyncTestServer;
beforeAll(async () => {
  server = await startSyncTestServer();
});
afterAll(() => server.close());

function batch() {
  const household = newHousehold(GRID, { address: '花戏楼街道5号' });
  const member = edit('member', randomUUID(), GRID, {
    householdId: [null, household.id],
    name: [null, '李四'],
  });
  const rename = edit('household', household.id, GRID, { headName: ['张三', '张三丰'] });
  const invalid = edit('household', randomUUID(), GRID, { mobile: [null, '12345'] });
  return { changes: [household, member, rename, invalid], householdId: household.id };
}

describe('idempotent pushes', () => {
  it('answers a batch replayed three times identically and writes it once', async () => {
    const { changes, householdId } = batch();
    const token = server.accounts.grid.token;
    const first = await push(server, token, TABLET, changes);
    expect(first.status).toBe(200);
    expect(first.body.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'rejected']);
    const afterFirst = dbState(server.db);

    for (let i = 0; i < 3; i++) {
      const replay = await push(server, token, TABLET, changes);
      expect(replay.status).toBe(200);
      expect(replay.body).toEqual(first.body);
    }
    expect(dbState(server.db)).toEqual(afterFirst);
    const households = server.db
      .prepare('SELECT count(*) AS n FROM sync_records WHERE id = ?')
      .get(householdId);
    expect(households).toEqual({ n: 1 });
  });

  it('answers a replay of part of a batch with the stored results and applies only the new changes', async () => {
    const { changes } = batch();
    const token = server.accounts.grid.token;
    const first = await push(server, token, TABLET, changes.slice(0, 2));
    const more = edit('household', changes[0]?.kind === 'record' ? changes[0].id : '', GRID, {
      address: ['花戏楼街道5号', '花戏楼街道6号'],
    });
    const second = await push(server, token, TABLET, [...changes.slice(0, 2), more]);
    expect(second.body.results.slice(0, 2).map((r) => [r.changeId, r.status, r.rev])).toEqual(
      first.body.results.map((r) => [r.changeId, r.status, r.rev]),
    );
    expect(second.body.results[2]?.status).toBe('applied');
  });

  it('serialises two concurrent copies of a push: no duplicates, the same answers', async () => {
    const { changes } = batch();
    const token = server.accounts.grid.token;
    const before = dbState(server.db);
    const [a, b] = await Promise.all([
      push(server, token, TABLET, changes),
      push(server, token, TABLET, changes),
    ]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(b.body.results).toEqual(a.body.results);
    const after = dbState(server.db);
    expect(after.changes - before.changes).toBe(changes.length);
    expect(after.records - before.records).toBe(2);
    expect(after.recordAudits - before.recordAudits).toBe(3);
  });

  it('refuses a change id reused for different content, and one replayed by another user', async () => {
    const household = newHousehold(GRID);
    await push(server, server.accounts.grid.token, TABLET, [household]);
    const before = dbState(server.db);
    const forged = { ...household, fields: { headName: { from: null, to: '冒名' } } };
    const reused = await push(server, server.accounts.grid.token, TABLET, [forged]);
    expect(reused.body.results[0]).toMatchObject({ status: 'rejected', error: { code: 'change_id_reused' } });
    const stolen = await push(server, server.accounts.township.token, randomUUID(), [household]);
    expect(stolen.body.results[0]).toMatchObject({ status: 'rejected', error: { code: 'change_id_reused' } });
    expect(stolen.body.results[0]?.record).toBeUndefined();
    expect(dbState(server.db)).toEqual(before);
  });

  it('answers an edit already present on the server as a no-op', async () => {
    const household = newHousehold(GRID);
    const created = await push(server, server.accounts.grid.token, TABLET, [household]);
    // Same edit again under a new change id, e.g. a tablet that lost its outbox bookkeeping.
    const again = await push(server, server.accounts.grid.token, TABLET, [
      { ...household, changeId: randomUUID() },
    ]);
    expect(again.body.results[0]).toMatchObject({ status: 'noop', rev: created.body.results[0]?.rev });
  });

  it('reports the outbox size the tablet still had to the device overview', async () => {
    const device = randomUUID();
    const reply = await call(
      server.url,
      server.accounts.grid.token,
      'POST',
      '/api/sync/push',
      pushBody(device, [], { pendingCount: 37 }),
    );
    expect(reply.status).toBe(200);
    const overview = await call<{
      workers: {
        username: string;
        devices: { deviceId: string; pendingCount: number | null; lastPushAt: string | null }[];
      }[];
    }>(server.url, server.accounts.township.token, 'GET', '/api/sync/devices');
    expect(overview.status).toBe(200);
    const worker = overview.body.workers.find((w) => w.username === 'sync-grid');
    expect(worker?.devices.find((d) => d.deviceId === device)).toMatchObject({ pendingCount: 37 });
    // The township sees its own grids only, and a grid worker may not see the overview at all.
    expect(overview.body.workers.map((w) => w.username)).not.toContain('sync-grid3');
    const forbidden = await call(server.url, server.accounts.grid.token, 'GET', '/api/sync/devices');
    expect(forbidden.status).toBe(403);
    const mine = await call<{ devices: { deviceId: string }[] }>(
      server.url,
      server.accounts.grid.token,
      'GET',
      '/api/sync/devices/mine',
    );
    expect(mine.body.devices.map((d) => d.deviceId)).toContain(device);
  });
});
