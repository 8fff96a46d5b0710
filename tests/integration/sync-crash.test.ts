import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PushReply } from '../../shared/sync/changes';
import { startBuiltServer, type BuiltServer } from '../support/built-server';
import { call, newHousehold, pushBody, seedSyncFixtures } from './sync-fixtures';

const ROOT = path.resolve(import.meta.dirname, '../..');
const GRID = '341602001001';

let server: BuiltServer;

beforeAll(() => {
  // The production server bundle of the code under test (the client build is not needed for the API).
  execFileSync(process.execPath, ['scripts/build-server.mjs'], { cwd: ROOT, stdio: 'inherit' });
});
afterAll(async () => {
  await server?.dispose();
});

function openDb(dataDir: string) {
  return new Database(path.join(dataDir, 'bangfu.sqlite'));
}

/**
 * Waits until the server holds SQLite's write lock (our own `BEGIN IMMEDIATE` is refused as busy), i.e. it
 * is inside the push transaction, and SIGKILLs it right then. Returns whether it caught it there.
 */
function killInsideWriteTransaction(dataDir: string, pid: number): boolean {
  const probe = openDb(dataDir);
  probe.pragma('busy_timeout = 0');
  const pause = new Int32Array(new SharedArrayBuffer(4));
  try {
    for (let attempt = 0; attempt < 20_000; attempt++) {
      try {
        probe.exec('BEGIN IMMEDIATE');
        probe.exec('ROLLBACK');
      } catch (err) {
        if ((err as { code?: string }).code !== 'SQLITE_BUSY') throw err;
        process.kill(pid, 'SIGKILL');
        return true;
      }
      // Leave the lock free long enough for the server's busy handler to take it.
      Atomics.wait(pause, 0, 0, 2);
    }
    return false;
  } finally {
    probe.close();
  }
}

/** Sends the whole push, then kills the server while it is applying it. */
async function pushAndKill(url: string, token: string, body: string): Promise<boolean> {
  const target = new URL(`${url}/api/sync/push`);
  let caught = false;
  await new Promise<void>((resolve) => {
    const req = http.request({
      host: target.hostname,
      port: target.port,
      path: target.pathname,
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      },
    });
    req.on('response', (res) => res.resume().on('end', resolve));
    req.on('error', () => resolve());
    req.end(body, () => {
      const pid = server.process.pid;
      if (pid !== undefined) caught = killInsideWriteTransaction(server.dataDir, pid);
    });
  });
  await server.kill(true);
  return caught;
}

describe('a server killed in the middle of a push', () => {
  it('leaves nothing half-applied, and the tablet retry completes it without duplicates', async () => {
    server = await startBuiltServer();
    const setup = openDb(server.dataDir);
    const accounts = seedSyncFixtures(setup);
    setup.close();
    const token = accounts.grid.token;
    const device = randomUUID();

    const changes = Array.from({ length: 500 }, (_, i) =>
      newHousehold(GRID, {
        address: `花戏楼街道${i}号`,
        grassrootsOpinion: '经入户走访，家庭困难情况属实。'.repeat(30),
      }),
    );
    const body = JSON.stringify(pushBody(device, changes, { pendingCount: 0 }));
    expect(await pushAndKill(server.url, token, body)).toBe(true);
    expect(server.process.signalCode).toBe('SIGKILL');

    // Killed inside the transaction: it committed whole or (almost always) not at all, never in part.
    const ids = changes.map((c) => c.id);
    const countStored = () => {
      const db = openDb(server.dataDir);
      const placeholders = ids.map(() => '?').join(',');
      const n = (
        db.prepare(`SELECT count(*) AS n FROM sync_records WHERE id IN (${placeholders})`).get(...ids) as {
          n: number;
        }
      ).n;
      // The pushed records' writes only: the first start also writes the demo counties' settings records.
      const revs = (
        db
          .prepare(`SELECT count(*) AS n FROM sync_writes WHERE record_id IN (${placeholders})`)
          .get(...ids) as { n: number }
      ).n;
      db.close();
      return { n, revs };
    };
    const afterCrash = countStored();
    expect([0, 500]).toContain(afterCrash.n);

    server = await server.restart();
    const retry = await call<PushReply>(server.url, token, 'POST', '/api/sync/push', JSON.parse(body));
    expect(retry.status).toBe(200);
    expect(retry.body.results.map((r) => r.status)).toEqual(changes.map(() => 'applied'));
    expect(countStored()).toEqual({ n: 500, revs: 500 });

    // Another retry (say the reply was lost too) gives the same answer and writes nothing.
    const again = await call<PushReply>(server.url, token, 'POST', '/api/sync/push', JSON.parse(body));
    expect(again.body).toEqual(retry.body);
    expect(countStored()).toEqual({ n: 500, revs: 500 });
  });
});
