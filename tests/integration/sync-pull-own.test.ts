import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullReply } from '../../shared/sync/protocol';
import { loadActor } from '../../sync-server/sync/actor';
import { applyChanges } from '../../sync-server/sync/push-service';
import {
  call,
  edit,
  newHousehold,
  pullAll,
  push,
  startSyncTestServer,
  type SyncTestServer,
} from './sync-fixtures';

const GRID = '341602001001';
const TABLET = randomUUID();
const OTHER_TABLET = randomUUID();

let server: SyncTestServer;
let since: string;
let household: ReturnType<typeof newHousehold>;
let member: ReturnType<typeof edit>;

/** One pull page as the app asks for it, leaving out (or not) the versions answered to `deviceId`. */
async function pull(cursor: string, deviceId: string, omitOwnPushes: '0' | '1' = '1') {
  const reply = await call<PullReply>(
    server.url,
    server.accounts.grid.token,
    'GET',
    `/api/sync/pull?since=${cursor}&deviceId=${deviceId}&omitOwnPushes=${omitOwnPushes}`,
  );
  expect(reply.status).toBe(200);
  return reply.body;
}

const ids = (reply: PullReply) => reply.records.map((record) => record.id).sort();

beforeAll(async () => {
  server = await startSyncTestServer();
  // The tablet synced once already (a cursor past 0), then pushes a household with a member.
  await push(server, server.accounts.grid.token, OTHER_TABLET, [newHousehold(GRID)]);
  since = (await pullAll(server, server.accounts.grid.token)).cursor;
  expect(Number(since)).toBeGreaterThan(0);
  household = newHousehold(GRID);
  member = edit('member', randomUUID(), GRID, { householdId: [null, household.id], name: [null, '李四'] });
  const pushed = await push(server, server.accounts.grid.token, TABLET, [household, member]);
  expect(pushed.body.results.map((r) => r.status)).toEqual(['applied', 'applied']);
});
afterAll(() => server.close());

describe('a pull that leaves out the versions answered to the tablet', () => {
  it('does not send a tablet back what its own push answer carried', async () => {
    const mine = await pull(since, TABLET);
    expect(mine.records).toEqual([]);
    // The cursor still moves past them: the next pull starts after this push.
    expect(Number(mine.cursor)).toBeGreaterThan(Number(since));
  });

  it('sends them to another tablet, to a pull that does not ask, and to a first pull', async () => {
    const both = [household.id, member.id].sort();
    expect(ids(await pull(since, OTHER_TABLET))).toEqual(both);
    expect(ids(await pull(since, TABLET, '0'))).toEqual(both);
    expect((await pull('0', TABLET)).records.map((r) => r.id)).toEqual(expect.arrayContaining(both));
  });

  it('sends a version someone else wrote afterwards, and one the tablet wrote through a bundle file', async () => {
    const county = await push(server, server.accounts.county.token, randomUUID(), [
      edit('household', household.id, GRID, { mobile: ['13912345678', '13800000000'] }),
    ]);
    expect(county.body.results[0]?.status).toBe('applied');
    const actor = loadActor(server.db, server.accounts.grid.id);
    if (!actor) throw new Error('no grid worker');
    // A bundle import writes as the tablet, but the tablet never saw an answer for it.
    applyChanges(server.db, [edit('member', member.id, GRID, { name: ['李四', '李肆'] })], {
      actor,
      deviceId: TABLET,
    });
    const reply = await pull(since, TABLET);
    expect(ids(reply)).toEqual([household.id, member.id].sort());
    expect(reply.records.find((r) => r.id === household.id)?.data.mobile).toBe('13800000000');
  });
});
