import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  dbState,
  newHousehold,
  pushBody,
  startSyncTestServer,
  type SyncTestServer,
} from './sync-fixtures';

const GRID = '341602001001';

let server: SyncTestServer;
let token: string;
beforeAll(async () => {
  server = await startSyncTestServer();
  token = server.accounts.grid.token;
  // Something already on the server, so "unchanged" is measured against real rows.
  await call(server.url, token, 'POST', '/api/sync/push', pushBody(randomUUID(), [newHousehold(GRID)]));
});
afterAll(() => server.close());

interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

async function expectRefused(
  body: unknown,
  status: number,
  code: string,
  headers: Record<string, string> = {},
) {
  const before = dbState(server.db);
  const reply = await call<ErrorBody>(server.url, token, 'POST', '/api/sync/push', body, headers);
  expect(reply.status).toBe(status);
  expect(reply.body.error.code).toBe(code);
  expect(reply.body.error.message).toMatch(/[\u4e00-\u9fff]/);
  expect(dbState(server.db)).toEqual(before);
  return reply.body.error;
}

describe('malformed and oversized pushes', () => {
  it('answers a body that is not JSON with 400', async () => {
    await expectRefused('{"protocolVersion": 1, "changes": [', 400, 'malformed_body', {
      'content-type': 'application/json',
    });
  });

  it('answers a batch with one malformed change with 400 and its reason, applying none of it', async () => {
    const good = newHousehold(GRID);
    const bad = { ...newHousehold(GRID), changeId: 'not-a-uuid' };
    const error = await expectRefused(pushBody(randomUUID(), [good, bad]), 400, 'invalid_request');
    expect(error.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: ['changes', 1, 'changeId'] })]),
    );
    expect(server.db.prepare('SELECT 1 FROM sync_records WHERE id = ?').get(good.id)).toBeUndefined();
  });

  it('answers an unknown change kind and a missing device id with 400', async () => {
    await expectRefused(
      pushBody(randomUUID(), [{ kind: 'teleport', changeId: randomUUID() } as never]),
      400,
      'invalid_request',
    );
    await expectRefused({ protocolVersion: 1, schemaVersion: 1, changes: [] }, 400, 'invalid_request');
  });

  it('answers more than 500 changes with 413', async () => {
    const changes = Array.from({ length: 501 }, () => newHousehold(GRID));
    const error = await expectRefused(pushBody(randomUUID(), changes), 413, 'too_many_changes');
    expect(error.message).toContain('500');
  });

  it('answers more than 1 MB with 413', async () => {
    // About 3 kB each: 450 changes stay under the count limit but pass 1 MB.
    const changes = Array.from({ length: 450 }, () =>
      newHousehold(GRID, { grassrootsOpinion: '意'.repeat(1000) }),
    );
    expect(Buffer.byteLength(JSON.stringify(pushBody(randomUUID(), changes)))).toBeGreaterThan(1024 * 1024);
    const error = await expectRefused(pushBody(randomUUID(), changes), 413, 'push_too_large');
    expect(error.message).toContain('1 MB');
  });

  it('accepts a batch just under the limits', async () => {
    const changes = Array.from({ length: 500 }, () => newHousehold(GRID));
    const reply = await call<{ results: { status: string }[] }>(
      server.url,
      token,
      'POST',
      '/api/sync/push',
      pushBody(randomUUID(), changes),
    );
    expect(reply.status).toBe(200);
    expect(reply.body.results.filter((r) => r.status === 'applied')).toHaveLength(500);
  });

  it('tells a too-old client to update, keeping its work, and a too-new one that the server is old', async () => {
    const change = newHousehold(GRID);
    const old = await expectRefused(
      { ...pushBody(randomUUID(), [change]), protocolVersion: 0 },
      426,
      'client_too_old',
    );
    expect(old.message).toBe('客户端版本过旧，请更新应用后再同步；未同步的数据仍保存在本机');
    expect(old.details).toMatchObject({ protocolVersion: 1, minProtocolVersion: 1 });
    await expectRefused({ ...pushBody(randomUUID(), [change]), schemaVersion: 0 }, 426, 'client_too_old');
    await expectRefused({ ...pushBody(randomUUID(), [change]), protocolVersion: 2 }, 426, 'server_too_old');
    // Even when the rest of an old client's body no longer matches the schema.
    await expectRefused({ protocolVersion: 0, items: [] }, 426, 'client_too_old');
    const pull = await call<ErrorBody>(server.url, token, 'GET', '/api/sync/pull?protocolVersion=0');
    expect(pull.status).toBe(426);
  });

  it('refuses a push without a session', async () => {
    const reply = await call(server.url, null, 'POST', '/api/sync/push', pushBody(randomUUID(), []));
    expect(reply.status).toBe(401);
  });
});
