import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSession } from '../../sync-server/auth/sessions';
import type { ServerConfig } from '../../sync-server/config';
import type { Db } from '../../sync-server/db/database';
import { startServer, type RunningServer } from '../../sync-server/server';
import type { Change, PushReply, RecordChange } from '../../shared/sync/changes';
import type { JsonValue } from '../../shared/sync/canonical-json';
import { PROTOCOL_VERSION, SCHEMA_VERSION, type PullReply } from '../../shared/sync/protocol';

/**
 * Sync test fixtures: a real server on 127.0.0.1 (random port) over a real SQLite file in a temp folder,
 * with the demo organisation tree and one account per role inserted directly, each with a live session.
 */

const UNITS: [id: string, parent: string | null, level: string, name: string][] = [
  ['341600', null, 'city', '亳州市'],
  ['341602', '341600', 'county', '谯城区'],
  ['341621', '341600', 'county', '涡阳县'],
  ['341602001', '341602', 'township', '花戏楼街道'],
  ['341602002', '341602', 'township', '薛阁街道'],
  ['341621001', '341621', 'township', '城关街道'],
  ['341602001001', '341602001', 'grid', '花戏楼社区第一网格'],
  ['341602001002', '341602001', 'grid', '花戏楼社区第二网格'],
  ['341602002001', '341602002', 'grid', '薛阁社区第一网格'],
  ['341621001001', '341621001', 'grid', '城关社区第一网格'],
];

export const ACCOUNTS = {
  admin: { role: 'admin', unitId: '341600', displayName: '张管理' },
  city: { role: 'city_staff', unitId: '341600', displayName: '李市总' },
  county: { role: 'county_staff', unitId: '341602', displayName: '王县总' },
  county2: { role: 'county_staff', unitId: '341621', displayName: '赵县总' },
  township: { role: 'township_staff', unitId: '341602001', displayName: '陈乡镇' },
  township2: { role: 'township_staff', unitId: '341602002', displayName: '孙乡镇' },
  grid: { role: 'grid_worker', unitId: '341602001001', displayName: '刘网格' },
  grid2: { role: 'grid_worker', unitId: '341602001002', displayName: '周网格' },
  grid3: { role: 'grid_worker', unitId: '341621001001', displayName: '吴网格' },
  grid4: { role: 'grid_worker', unitId: '341602002001', displayName: '郑网格' },
} as const;
export type AccountName = keyof typeof ACCOUNTS;

function unitPath(id: string): string {
  const unit = UNITS.find(([unitId]) => unitId === id);
  if (!unit) throw new Error(`unknown unit ${id}`);
  return unit[1] === null ? id : `${unitPath(unit[1])}/${id}`;
}

/** Inserts the organisation tree and the accounts; returns each account's user id and bearer token. */
export function seedSyncFixtures(db: Db): Record<AccountName, { id: string; token: string }> {
  const now = new Date().toISOString();
  const insertUnit = db.prepare(
    'INSERT OR IGNORE INTO units (id, parent_id, level, name, path) VALUES (?, ?, ?, ?, ?)',
  );
  for (const [id, parent, level, name] of UNITS) insertUnit.run(id, parent, level, name, unitPath(id));
  const accounts = {} as Record<AccountName, { id: string; token: string }>;
  for (const [username, account] of Object.entries(ACCOUNTS) as [
    AccountName,
    (typeof ACCOUNTS)[AccountName],
  ][]) {
    const id = `user-${username}`;
    db.prepare(
      `INSERT OR IGNORE INTO users (id, username, display_name, role, unit_id, password_hash, active, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 'not-a-login-account', 1, ?, ?)`,
    ).run(id, `sync-${username}`, account.displayName, account.role, account.unitId, now, now);
    accounts[username] = { id, token: createSession(db, id, 24, null).token };
  }
  return accounts;
}

export interface SyncTestServer {
  url: string;
  db: Db;
  dataDir: string;
  running: RunningServer;
  accounts: Record<AccountName, { id: string; token: string }>;
  close(): Promise<void>;
}

export async function startSyncTestServer(
  options: Pick<ServerConfig, 'acceptPlainBundles'> = {},
): Promise<SyncTestServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bangfu-sync-'));
  const running = await startServer({
    host: '127.0.0.1',
    port: 0,
    dataDir,
    staticDir: null,
    sessionTtlHours: 24,
    ...options,
  });
  const accounts = seedSyncFixtures(running.db);
  return {
    url: running.url,
    db: running.db,
    dataDir,
    running,
    accounts,
    close: async () => {
      await running.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Reply<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** One HTTP call with a bearer token; JSON in, JSON (or nothing) out. */
export async function call<T = unknown>(
  url: string,
  token: string | null,
  method: string,
  route: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply<T>> {
  const init: RequestInit = { method, headers: { ...headers } };
  const h = init.headers as Record<string, string>;
  if (token) h.authorization = `Bearer ${token}`;
  if (typeof body === 'string') {
    init.body = body;
  } else if (body instanceof Uint8Array) {
    // A copy typed as a plain ArrayBuffer view, which fetch's BodyInit accepts.
    init.body = new Uint8Array(body);
  } else if (body !== undefined) {
    h['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(`${url}${route}`, init);
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed as T, headers: response.headers };
}

export function pushBody(deviceId: string, changes: Change[], extra: Record<string, unknown> = {}) {
  return { protocolVersion: PROTOCOL_VERSION, schemaVersion: SCHEMA_VERSION, deviceId, changes, ...extra };
}

export async function push(server: { url: string }, token: string, deviceId: string, changes: Change[]) {
  return call<PushReply>(server.url, token, 'POST', '/api/sync/push', pushBody(deviceId, changes));
}

/** Pulls every page after `since` and returns all records and the final cursor. */
export async function pullAll(server: { url: string }, token: string, since = '0', limit = 1000) {
  const records: PullReply['records'] = [];
  let cursor = since;
  for (;;) {
    const reply = await call<PullReply>(
      server.url,
      token,
      'GET',
      `/api/sync/pull?since=${cursor}&limit=${limit}`,
    );
    if (reply.status !== 200) throw new Error(`pull failed: ${reply.status} ${JSON.stringify(reply.body)}`);
    records.push(...reply.body.records);
    cursor = reply.body.cursor;
    if (!reply.body.hasMore) return { records, cursor };
  }
}

/** A record change built the way a tablet builds it: only the changed fields, each with from/to. */
export function edit(
  type: string,
  id: string,
  unitId: string,
  fields: Record<string, [from: JsonValue, to: JsonValue]>,
  baseRev: number | null = null,
): RecordChange {
  return {
    kind: 'record',
    changeId: randomUUID(),
    type,
    id,
    op: 'upsert',
    unitId,
    baseRev,
    fields: Object.fromEntries(Object.entries(fields).map(([f, [from, to]]) => [f, { from, to }])),
  };
}

export function newHousehold(
  unitId: string,
  values: Record<string, JsonValue> = {},
  id: string = randomUUID(),
) {
  const data: Record<string, JsonValue> = { headName: '张三', mobile: '13912345678', ...values };
  return edit(
    'household',
    id,
    unitId,
    Object.fromEntries(Object.entries(data).map(([f, v]) => [f, [null, v]])),
  );
}

export function remove(type: string, id: string, unitId: string, baseRev: number | null): RecordChange {
  return { kind: 'record', changeId: randomUUID(), type, id, op: 'delete', unitId, baseRev, fields: {} };
}

/** What a test compares to show that "nothing changed": row counts and the newest rev. */
export function dbState(db: Db) {
  const one = (sql: string) => (db.prepare(sql).get() as { n: number | null }).n ?? 0;
  return {
    records: one('SELECT count(*) AS n FROM sync_records'),
    maxRev: one('SELECT max(rev) AS n FROM sync_writes'),
    changes: one('SELECT count(*) AS n FROM sync_changes'),
    conflicts: one('SELECT count(*) AS n FROM sync_conflicts'),
    recordAudits: one("SELECT count(*) AS n FROM audit_log WHERE action LIKE 'record.%'"),
  };
}
