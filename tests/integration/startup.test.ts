import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../sync-server/db/migrations';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_UNITS } from '../../sync-server/seed/demo-data';
import { loginReplySchema } from '../../shared/auth';
import { ROLE_LABELS } from '../../shared/roles';
import { MUST_CHANGE_NOTE } from '../../sync-server/seed/report';

/**
 * Runs the real entry point (`sync-server/main.ts`, through tsx so no build is needed) as `npm start`
 * would, twice on one data folder.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');

interface Started {
  child: ChildProcess;
  url: string;
  /** Everything printed so far (stdout and stderr). */
  output(): string;
  stop(): Promise<void>;
}

function runMain(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'sync-server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

async function startMain(dataDir: string, port = 0): Promise<Started> {
  const { child, output } = runMain({ DATA_DIR: dataDir, PORT: String(port) });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output()}`)), 25_000);
    const onData = () => {
      // The report follows the "listening on" line; its last line here is grid3's row of the account table.
      const match = /listening on (http:\/\/[\d.]+:\d+)[\s\S]*\n\s*grid3 [^\n]*\n/.exec(output());
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output()}`));
    });
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { child, url, output, stop };
}

async function login(url: string, username: string, password = DEMO_PASSWORD) {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return { status: res.status, reply: res.status === 200 ? loginReplySchema.parse(await res.json()) : null };
}

function readDb<T>(dataDir: string, read: (db: Database.Database) => T): T {
  const db = new Database(path.join(dataDir, 'bangfu.sqlite'), { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

let dataDir: string;

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bangfu-startup-'));
});

afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start on an empty data folder, then again on the same folder', () => {
  let firstMigrations: { id: string; applied_at: string }[] = [];

  it('seeds on the first start and prints the address and every demo account', async () => {
    const server = await startMain(dataDir);
    try {
      const out = server.output();
      const afterListening = out.slice(out.indexOf('listening on'));
      expect(afterListening).toContain(server.url);
      for (const account of DEMO_ACCOUNTS) {
        const line = afterListening.split('\n').find((l) => l.trim().startsWith(`${account.username} `));
        expect(line, account.username).toBeDefined();
        expect(line).toContain(DEMO_PASSWORD);
        expect(line).toContain(ROLE_LABELS[account.role]);
        expect(line).toContain(account.unitId);
      }
      expect(afterListening).toContain(MUST_CHANGE_NOTE);
      for (const account of DEMO_ACCOUNTS) {
        const signedIn = await login(server.url, account.username);
        expect(signedIn.status).toBe(200);
        expect(signedIn.reply?.user.mustChangePassword).toBe(true);
      }

      // npm start's demo accounts must choose their own password before anything else.
      const admin = await login(server.url, 'admin');
      const token = admin.reply?.token ?? '';
      const refused = await fetch(`${server.url}/api/users`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe(
        'password_change_required',
      );
      const own = await fetch(`${server.url}/api/auth/password`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ currentPassword: DEMO_PASSWORD, newPassword: 'city-keeper-2027' }),
      });
      expect(own.status).toBe(200);

      // Changes made in this run must survive the restart.
      const created = await fetch(`${server.url}/api/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          username: 'kept_user',
          displayName: '保留',
          role: 'grid_worker',
          unitId: '341621002002',
          password: 'kept-password-1',
        }),
      });
      expect(created.status).toBe(201);
      const grid2 = (await login(server.url, 'grid2')).reply?.user.id;
      const changed = await fetch(`${server.url}/api/users/${grid2}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ password: 'second-own-pass-2' }),
      });
      expect(changed.status).toBe(200);
    } finally {
      await server.stop();
    }
    firstMigrations = readDb(dataDir, (db) =>
      db.prepare('SELECT id, applied_at FROM schema_migrations ORDER BY id').all(),
    ) as { id: string; applied_at: string }[];
    expect(firstMigrations.map((m) => m.id)).toEqual(MIGRATIONS.map((m) => m.id).sort());
  });

  it('keeps the data on the second start, without migrating or seeding again', async () => {
    const server = await startMain(dataDir);
    try {
      const report = server.output().slice(server.output().indexOf('listening on'));
      expect(report).toContain('数据目录中已有数据');
      // The reminder lists only accounts whose demo password still works.
      expect(report).toMatch(/^\s*grid\s/m);
      expect(report).not.toMatch(/^\s*grid2\s/m);
      expect(report).not.toMatch(/^\s*admin\s/m);
      expect(report).toContain(MUST_CHANGE_NOTE);
      expect((await login(server.url, 'kept_user', 'kept-password-1')).status).toBe(200);
      expect((await login(server.url, 'grid2', 'second-own-pass-2')).status).toBe(200);
      expect((await login(server.url, 'admin', 'city-keeper-2027')).reply?.user.mustChangePassword).toBe(
        false,
      );
      expect((await login(server.url, 'grid2')).status).toBe(401);
    } finally {
      await server.stop();
    }
    readDb(dataDir, (db) => {
      expect(db.prepare('SELECT id, applied_at FROM schema_migrations ORDER BY id').all()).toEqual(
        firstMigrations,
      );
      const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
      expect(count('SELECT count(*) AS n FROM units')).toBe(DEMO_UNITS.length);
      expect(count('SELECT count(*) AS n FROM users')).toBe(DEMO_ACCOUNTS.length + 1);
      expect(count("SELECT count(*) AS n FROM audit_log WHERE action = 'unit.create'")).toBe(
        DEMO_UNITS.length,
      );
    });
  });
});

describe('a port that is already taken', () => {
  it('stops with a one-line error and a non-zero exit code', async () => {
    const first = await startMain(dataDir);
    try {
      const port = new URL(first.url).port;
      const second = runMain({ DATA_DIR: dataDir, PORT: port });
      const code = await new Promise<number | null>((resolve) => second.child.on('exit', resolve));
      expect(code).not.toBe(0);
      const lines = second.output().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`port 127.0.0.1:${port} is already in use`);
      expect(lines[0]).toContain('端口已被占用');
      // The first server is unharmed.
      expect((await login(first.url, 'grid')).status).toBe(200);
    } finally {
      await first.stop();
    }
  });
});
