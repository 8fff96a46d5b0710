import express from 'express';
import fc from 'fast-check';
import { createHash, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../sync-server/auth/sessions';
import { errorHandler } from '../../sync-server/http/errors';
import { withCheckChar } from '../../shared/domain/test-fixtures';
import { BUNDLE_FORMAT, BUNDLE_VERSION } from '../../shared/sync/bundle';
import { PROTOCOL_VERSION, SCHEMA_VERSION, SYNC_LIMITS } from '../../shared/sync/protocol';
import {
  newHousehold,
  pushBody,
  startSyncTestServer,
  type AccountName,
  type SyncTestServer,
} from './sync-fixtures';

/**
 * Hostile bodies against every route that reads one (docs/sync-protocol.md, section 10.1): whatever
 * arrives — random JSON, nesting thousands of levels deep, sizes at and past the limits, bytes that are not
 * UTF-8 or not JSON, wrong content types and encodings, prototype-polluting keys — the answer is a 4xx
 * whose `error.message` is Chinese, never a 5xx, and nothing is written.
 *
 * "Nothing is written" means: every table's rows are identical before and after, except
 *  - `sessions` and `login_failures`, which a login attempt or a logout may legitimately touch, and
 *  - `audit_log` rows whose action starts with `auth.` (login attempts are audited), is
 *    `case.comparison_import` (a CSV upload that matches no row is an answered import, audited as such) or
 *    is `identity.lookup` (every ID-number lookup that gets an answer is audited, docs/identity.md: a
 *    well-formed number in a fuzzed query string is a real lookup, and reading personal data leaves a trace
 *    by design), or is `audit.export` or `ledger.export` (every export that answers is itself audited,
 *    docs/administration.md and docs/ledgers.md).
 * Tables are discovered from sqlite_master, so tables added by later migrations are covered too.
 */

const GRID = '341602001001';
/** Multiplies every numRuns: `FUZZ_SCALE=10 npx vitest run …` for a longer hunt (default stays well under 40 s). */
const SCALE = Math.max(1, Number(process.env.FUZZ_SCALE ?? 1) || 1);
const runs = (n: number) => ({ numRuns: n * SCALE });
const CJK = /[\u4e00-\u9fff]/;

let server: SyncTestServer;
let caseId: string;
/** A household held by an open same-ID finding (one person, one file), and that finding. */
let heldCaseId: string;
let findingId: string;
/** A session of its own for the logout route, so a logout that slipped through kills no other test's token. */
let logoutToken: string;

beforeAll(async () => {
  server = await startSyncTestServer();
  // Real rows, so "unchanged" is measured against something, and a case the command route can address.
  const household = newHousehold(GRID);
  caseId = household.id;
  const reply = await send('POST', '/api/sync/push', {
    token: server.accounts.grid.token,
    json: pushBody(randomUUID(), [household]),
  });
  expect(reply.status).toBe(200);
  logoutToken = createSession(server.db, server.accounts.grid.id, 24, null).token;
  // Two households with one head: the second is held, so the identity routes address a real finding.
  const headIdNumber = withCheckChar('34160219800101123');
  const first = newHousehold(GRID, { headName: '王重复', headIdNumber });
  const second = newHousehold(GRID, { headName: '王重复', headIdNumber });
  for (const household of [first, second]) {
    const pushed = await send('POST', '/api/sync/push', {
      token: server.accounts.grid.token,
      json: pushBody(randomUUID(), [household]),
    });
    expect(pushed.status).toBe(200);
  }
  heldCaseId = second.id;
  const finding = server.db
    .prepare("SELECT id FROM identity_findings WHERE held_household_id = ? AND status = 'open'")
    .get(heldCaseId) as { id: string } | undefined;
  expect(finding).toBeDefined();
  findingId = finding?.id ?? '';
});
afterAll(() => server.close());

// ------------------------------------------------------------------------------------------------ helpers

interface Sent {
  status: number;
  text: string;
  body: unknown;
}

async function send(
  method: string,
  route: string,
  options: {
    token?: string | null;
    json?: unknown;
    raw?: string | Uint8Array;
    headers?: Record<string, string>;
  } = {},
): Promise<Sent> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | Uint8Array | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.raw !== undefined) {
    headers['content-type'] = 'application/json';
    body = options.raw;
  }
  Object.assign(headers, options.headers ?? {});
  const response = await fetch(`${server.url}${route}`, {
    method,
    headers,
    body: typeof body === 'string' || body === undefined ? body : new Uint8Array(body),
  });
  const text = await response.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON; the assertions say so
  }
  return { status: response.status, text, body: parsed };
}

function tableNames(): string[] {
  return (
    server.db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all() as { name: string }[]
  ).map((row) => row.name);
}

const VOLATILE_TABLES = new Set(['sessions', 'login_failures']);

/** Row count and a checksum of every table, minus what may legitimately change (see the top comment). */
function dbSnapshot(): Record<string, string> {
  const snapshot: Record<string, string> = {};
  for (const table of tableNames()) {
    if (VOLATILE_TABLES.has(table)) continue;
    const where =
      table === 'audit_log'
        ? " WHERE action NOT LIKE 'auth.%' AND action NOT IN ('case.comparison_import', 'identity.lookup', 'audit.export', 'ledger.export')"
        : '';
    const rows = (server.db.prepare(`SELECT * FROM "${table}"${where}`).all() as unknown[])
      .map((row) => JSON.stringify(row, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v)))
      .sort();
    snapshot[table] = `${rows.length}:${createHash('sha256').update(rows.join('\n')).digest('hex')}`;
  }
  return snapshot;
}

/** A refusal: 4xx, a JSON error whose message is Chinese. */
function expectRefusal(reply: Sent, what: string): void {
  const context = `${what} → ${reply.status} ${reply.text.slice(0, 300)}`;
  expect(reply.status, context).toBeGreaterThanOrEqual(400);
  expect(reply.status, context).toBeLessThan(500);
  const message = (reply.body as { error?: { message?: unknown } } | undefined)?.error?.message;
  expect(typeof message, context).toBe('string');
  expect(message as string, context).toMatch(CJK);
}

/** Sends, expects a refusal, and checks that nothing was written and nothing polluted. */
async function refused(what: string, method: string, route: string, options: Parameters<typeof send>[2]) {
  const before = dbSnapshot();
  const reply = await send(method, route, options);
  expectRefusal(reply, what);
  expect(dbSnapshot(), what).toEqual(before);
  expect(({} as Record<string, unknown>).polluted, what).toBeUndefined();
  return reply;
}

// ---------------------------------------------------------------------------------------------- the routes

/**
 * Every route that reads a JSON body (sync-server/routes/*.ts), with an account whose role may use it and
 * a plausible envelope to hide a hostile value in (so the value reaches the route's schema, not just the
 * parser). `envelope(v)` must never be a valid request, whatever `v` is.
 */
interface JsonRoute {
  name: string;
  method: string;
  path: () => string;
  account: AccountName | 'logout' | null;
  limit: number;
  envelope: (value: string) => string;
  /**
   * The route does not read its body (logout, the scan): any body the parser lets through is answered and
   * acted on, so only bodies the parser refuses go with a live token (see `tokenFor`).
   */
  ignoresBody?: true;
}

const SMALL = 100 * 1024;
const notAUuid = '"not-a-uuid"';
const recordEnvelope = (value: string) =>
  `{"protocolVersion":${PROTOCOL_VERSION},"schemaVersion":${SCHEMA_VERSION},"deviceId":"${randomUUID()}",` +
  `"changes":[{"kind":"record","changeId":${notAUuid},"type":"household","id":"${randomUUID()}","op":"upsert",` +
  `"unitId":"${GRID}","baseRev":null,"fields":{"headName":{"from":null,"to":${value}}}}]}`;

const JSON_ROUTES: JsonRoute[] = [
  {
    name: 'login',
    method: 'POST',
    path: () => '/api/auth/login',
    account: null,
    limit: SMALL,
    envelope: (v) => `{"username":${v},"password":${v}}`,
  },
  {
    name: 'logout',
    method: 'POST',
    path: () => '/api/auth/logout',
    account: 'logout',
    limit: SMALL,
    // Logout ignores its body, so only bodies the parser refuses are sent with a live token (see below).
    envelope: (v) => `{"reason":${v}}`,
    ignoresBody: true,
  },
  {
    name: 'create user',
    method: 'POST',
    path: () => '/api/users',
    account: 'admin',
    limit: SMALL,
    envelope: (v) =>
      `{"username":"x","displayName":${v},"role":"no_such_role","unitId":"${GRID}","password":${v}}`,
  },
  {
    name: 'update user',
    method: 'PATCH',
    path: () => '/api/users/user-nobody',
    account: 'admin',
    limit: SMALL,
    envelope: (v) => `{"displayName":${v},"role":"no_such_role"}`,
  },
  // Accounts (docs/administration.md): own password and reset; the CSV import has its own test below.
  {
    name: 'change own password',
    method: 'POST',
    path: () => '/api/auth/password',
    account: 'grid',
    limit: SMALL,
    envelope: (v) => `{"currentPassword":${v},"newPassword":1}`,
  },
  {
    name: 'reset password',
    method: 'POST',
    path: () => '/api/users/user-nobody/reset-password',
    account: 'admin',
    limit: SMALL,
    envelope: (v) => `{"reason":${v}}`,
    ignoresBody: true,
  },
  {
    name: 'create unit',
    method: 'POST',
    path: () => '/api/units',
    account: 'admin',
    limit: SMALL,
    envelope: (v) => `{"parentId":"341602","level":"no_such_level","name":${v},"code":${v}}`,
  },
  {
    name: 'update unit',
    method: 'PATCH',
    path: () => '/api/units/341602002',
    account: 'admin',
    limit: SMALL,
    envelope: (v) => `{"name":${v},"creditCode":"not-a-credit-code"}`,
  },
  {
    name: 'move unit',
    method: 'POST',
    path: () => '/api/units/341602002/move',
    account: 'admin',
    limit: SMALL,
    envelope: (v) => `{"parentId":"!!","code":${v}}`,
  },
  {
    name: 'deactivate unit',
    method: 'POST',
    path: () => '/api/units/341602002/deactivate',
    account: 'admin',
    limit: SMALL,
    envelope: (v) => `{"targetUnitId":"!!","reason":${v}}`,
  },
  {
    name: 'transfer case',
    method: 'POST',
    path: () => `/api/cases/${caseId}/transfer`,
    account: 'county',
    limit: SMALL,
    envelope: (v) => `{"targetUnitId":"!!","reason":${v}}`,
  },
  {
    name: 'register case',
    method: 'POST',
    path: () => '/api/cases',
    account: 'township',
    limit: SMALL,
    envelope: (v) =>
      `{"unitId":"${GRID}","entryChannel":"no_such_channel","reportedOn":"2026-01-01","household":{"headName":${v}}}`,
  },
  {
    name: 'case command',
    method: 'POST',
    path: () => `/api/cases/${caseId}/commands`,
    account: 'township',
    limit: SMALL,
    envelope: (v) => `{"command":"noSuchCommand","payload":{"note":${v}}}`,
  },
  {
    name: 'case printed',
    method: 'POST',
    path: () => `/api/cases/${caseId}/printed`,
    account: 'county',
    limit: SMALL,
    envelope: (v) => `{"form":"passport","fullIdNumbers":${v}}`,
  },
  {
    name: 'notice list printed',
    method: 'POST',
    path: () => '/api/cases/notice-list/printed',
    account: 'county',
    limit: SMALL,
    envelope: (v) => `{"unitId":"!!","households":${v}}`,
  },
  {
    name: 'push',
    method: 'POST',
    path: () => '/api/sync/push',
    account: 'grid',
    limit: SYNC_LIMITS.maxPushBytes,
    envelope: recordEnvelope,
  },
  {
    name: 'resolve conflict',
    method: 'POST',
    path: () => `/api/sync/conflicts/${randomUUID()}/resolve`,
    account: 'grid',
    limit: SMALL,
    envelope: (v) => `{"value":${v},"deviceId":${notAUuid}}`,
  },
  {
    name: 'device key',
    method: 'POST',
    path: () => '/api/sync/device-key',
    account: 'grid',
    limit: SMALL,
    envelope: (v) => `{"deviceId":${notAUuid},"extra":${v}}`,
  },
  // Lost or handed-over tablets (docs/administration.md).
  {
    name: 'revoke device',
    method: 'POST',
    path: () => `/api/sync/devices/${randomUUID()}/revoke`,
    account: 'county',
    limit: SMALL,
    envelope: (v) => `{"reason":${v},"pushFirst":"yes"}`,
  },
  {
    name: 'device label',
    method: 'PUT',
    path: () => '/api/sync/devices/mine/label',
    account: 'grid',
    limit: SMALL,
    envelope: (v) => `{"deviceId":${notAUuid},"label":${v}}`,
  },
  {
    name: 'device wiped',
    method: 'POST',
    path: () => '/api/sync/devices/wiped',
    account: 'grid',
    limit: SMALL,
    envelope: (v) => `{"deviceId":${notAUuid},"extra":${v}}`,
  },
  // One person, one file (docs/identity.md). Merge and dismiss address a finding that does not exist, so
  // even a body the schema accepts ends in a 404 and changes nothing.
  {
    name: 'merge finding',
    method: 'POST',
    path: () => `/api/identity/findings/${randomUUID()}/merge`,
    account: 'county',
    limit: SMALL,
    envelope: (v) => `{"survivorId":${v}}`,
  },
  {
    name: 'dismiss finding',
    method: 'POST',
    path: () => `/api/identity/findings/${randomUUID()}/dismiss`,
    account: 'county',
    limit: SMALL,
    envelope: (v) => `{"reason":${v}}`,
  },
  {
    name: 'scan',
    method: 'POST',
    path: () => '/api/identity/scan',
    account: 'city',
    limit: SMALL,
    // The scan ignores its body and would run (and be audited): like logout, see `tokenFor`.
    envelope: (v) => `{"scope":${v}}`,
    ignoresBody: true,
  },
  // Monitoring (docs/dynamic-management.md): unknown entries and warnings, a setting key that does not
  // exist, so even a body the schema accepts changes nothing.
  {
    name: 'add to register',
    method: 'POST',
    path: () => '/api/monitoring/register',
    account: 'county',
    limit: SMALL,
    envelope: (v) => `{"householdId":"${randomUUID()}","reason":${v}}`,
  },
  {
    name: 'remove from register',
    method: 'POST',
    path: () => `/api/monitoring/register/${randomUUID()}/remove`,
    account: 'county',
    limit: SMALL,
    envelope: (v) => `{"reason":${v}}`,
  },
  {
    name: 'act on warning',
    method: 'POST',
    path: () => `/api/monitoring/warnings/${randomUUID()}/act`,
    account: 'county',
    limit: SMALL,
    envelope: (v) => `{"action":"open_case","note":${v}}`,
  },
  {
    name: 'county setting',
    method: 'PUT',
    path: () => '/api/monitoring/settings',
    account: 'county',
    limit: SMALL,
    envelope: (v) => `{"countyId":"341602","key":"no_such_key","value":${v},"effectiveFrom":"2026-01-01"}`,
  },
  // 督办提醒: a unit that does not exist and a reminder that does not exist, so nothing is ever sent or read.
  {
    name: 'send reminder',
    method: 'POST',
    path: () => '/api/reminders',
    account: 'city',
    limit: SMALL,
    envelope: (v) => `{"unitId":"999999","message":${v}}`,
  },
  {
    name: 'acknowledge reminder',
    method: 'POST',
    path: () => `/api/reminders/${randomUUID()}/acknowledge`,
    account: 'county',
    limit: SMALL,
    envelope: (v) => `{"note":${v}}`,
  },
  // Visit rounds (docs/dynamic-management.md): the county's own unit, but a year outside 2000–2100, so even
  // rounds the schema accepts change nothing.
  {
    name: 'round calendar',
    method: 'PUT',
    path: () => '/api/rounds/calendar',
    account: 'county',
    limit: SMALL,
    envelope: (v) => `{"unitId":"341602","year":1900,"rounds":${v}}`,
  },
  // Funds (docs/ledgers.md): a county that does not exist, so even a body the schema accepts changes nothing.
  {
    name: 'fund budget',
    method: 'PUT',
    path: () => '/api/funds/budgets',
    account: 'city',
    limit: SMALL,
    envelope: (v) => `{"countyId":"999999","year":2026,"kind":"relief","amountFen":${v}}`,
  },
  {
    name: 'fund adjustment',
    method: 'POST',
    path: () => '/api/funds/adjustments',
    account: 'county',
    limit: SMALL,
    envelope: (v) =>
      `{"countyId":"999999","year":2026,"fromKind":"relief","toKind":"warmth","amountFen":100,"reason":${v},"reportNumber":"x","reportedOn":"2026-01-01"}`,
  },
];

/**
 * Logout answers any body it does not refuse with 204 and ends the session, and the scan runs whatever it
 * is sent, so bodies the parser may let through go to those routes without a token.
 */
function tokenFor(route: JsonRoute): string | null {
  return route.ignoresBody ? null : tokenOf(route.account);
}

function jsonRoute(name: string): JsonRoute {
  const route = JSON_ROUTES.find((r) => r.name === name);
  if (!route) throw new Error(`no route ${name}`);
  return route;
}

function tokenOf(account: JsonRoute['account']): string | null {
  if (account === null) return null;
  if (account === 'logout') return logoutToken;
  return server.accounts[account].token;
}

// ------------------------------------------------------------------------------------------- hostile bodies

/** `depth` containers nested in one another, built as text so the test itself never recurses. */
function deepText(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array'
    ? '['.repeat(depth) + ']'.repeat(depth)
    : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

const POLLUTERS = [
  '{"__proto__":{"polluted":"yes"}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '{"a":[{"b":{"__proto__":{"polluted":"yes"}}}]}',
];

/** A bundle-looking file: the header passes, so the deep value reaches the hash check (canonical JSON). */
function bundleText(value: string): string {
  return (
    `{"format":"${BUNDLE_FORMAT}","version":${BUNDLE_VERSION},"deviceId":"${randomUUID()}",` +
    `"changes":[],"attachments":[],"x":${value},"hash":"${'0'.repeat(64)}","signature":"${'0'.repeat(64)}"}`
  );
}

// ---------------------------------------------------------------------------------------------- the tests

describe('regression: nesting thousands of levels deep answers 4xx, not 500', () => {
  const deep = deepText(5000, 'object');
  it('POST /api/cases', async () => {
    const route = jsonRoute('register case');
    await refused('register deep', 'POST', '/api/cases', {
      token: tokenOf(route.account),
      raw: route.envelope(deep),
    });
  });
  it('POST /api/cases/:id/commands', async () => {
    const route = jsonRoute('case command');
    await refused('command deep', 'POST', route.path(), {
      token: tokenOf(route.account),
      raw: route.envelope(deep),
    });
  });
  it('POST /api/sync/push', async () => {
    await refused('push deep', 'POST', '/api/sync/push', {
      token: server.accounts.grid.token,
      raw: recordEnvelope(deep),
    });
  });
  it('POST /api/sync/bundles', async () => {
    await refused('bundle deep', 'POST', '/api/sync/bundles', {
      token: server.accounts.township.token,
      raw: bundleText(deep),
      headers: { 'content-type': 'application/octet-stream' },
    });
  });
});

describe('every JSON route refuses hostile bodies with a Chinese 4xx and writes nothing', () => {
  it('deep nesting (whole body and inside the envelope), with and without a token', async () => {
    for (const route of JSON_ROUTES) {
      for (const depth of [65, 1000, 10_000]) {
        for (const kind of ['array', 'object'] as const) {
          const deep = deepText(depth, kind);
          for (const token of [tokenOf(route.account), null]) {
            const label = `${route.name} depth ${depth} ${kind} token=${token !== null}`;
            const raw = route.envelope(deep);
            const reply = await refused(label, route.method, route.path(), { token, raw });
            // Over the byte limit the size answers first (413); a 401 may come first on the sync routes.
            const expected =
              raw.length > route.limit ? 413 : token === null && route.account !== null ? undefined : 400;
            if (expected !== undefined) expect(reply.status, label).toBe(expected);
            if (expected === 400)
              expect((reply.body as { error: { code: string } }).error.code, label).toBe('body_too_deep');
            await refused(label + ' bare', route.method, route.path(), { token, raw: deep });
          }
        }
      }
    }
    // Twelve requests per route: the time grows with the route list.
  }, 120_000);

  it('a legitimate depth below the limit is not refused for its depth', async () => {
    const reply = await send('POST', '/api/sync/push', {
      token: server.accounts.grid.token,
      raw: recordEnvelope(deepText(50, 'array')),
    });
    expectRefusal(reply, 'push depth 57');
    expect((reply.body as { error: { code: string } }).error.code).toBe('invalid_request');
  });

  it('prototype-polluting keys', async () => {
    for (const route of JSON_ROUTES) {
      for (const polluter of POLLUTERS) {
        for (const raw of [polluter, route.envelope(polluter)]) {
          const reply = await refused(`${route.name} ${raw}`, route.method, route.path(), {
            token: tokenOf(route.account),
            raw,
          });
          expect((reply.body as { error: { code: string } }).error.code).toBe('forbidden_key');
        }
      }
    }
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('sizes just under and just over each limit', async () => {
    for (const route of JSON_ROUTES) {
      const overhead = route.envelope('""').length;
      const under = route.envelope(`"${'a'.repeat(route.limit - overhead - 64)}"`);
      const over = route.envelope(`"${'a'.repeat(route.limit - overhead + 64)}"`);
      await refused(`${route.name} under`, route.method, route.path(), {
        token: tokenFor(route),
        raw: under,
      });
      const big = await refused(`${route.name} over`, route.method, route.path(), {
        token: tokenFor(route),
        raw: over,
      });
      expect(big.status, route.name).toBe(413);
      // A wide array rather than a long string: many small values just under the limit.
      const wide = `[${Array.from({ length: Math.floor((route.limit - 16) / 2) }, () => '0').join(',')}]`;
      await refused(`${route.name} wide`, route.method, route.path(), { token: tokenFor(route), raw: wide });
    }
  });

  it('bytes that are not UTF-8 or not JSON, wrong content types, charsets and encodings', async () => {
    const invalidUtf8 = Buffer.concat([
      Buffer.from('{"a":"'),
      Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]),
      Buffer.from('"}'),
    ]);
    const cases: [string, string | Uint8Array, Record<string, string>][] = [
      ['invalid utf-8', invalidUtf8, {}],
      ['truncated', '{"username":"a","pass', {}],
      ['empty object', '{}', {}],
      ['empty body', '', {}],
      ['a bare string', '"hello"', {}],
      ['null', 'null', {}],
      ['NaN', '{"a":NaN}', {}],
      ['text/plain', '{"a":1}', { 'content-type': 'text/plain' }],
      ['form', 'a=1&b=2', { 'content-type': 'application/x-www-form-urlencoded' }],
      ['bad content-type', '{"a":1}', { 'content-type': 'application/json; charset' }],
      ['garbage content-type', '{"a":1}', { 'content-type': '///' }],
      ['charset latin1', '{"a":1}', { 'content-type': 'application/json; charset=latin1' }],
      ['charset unknown', '{"a":1}', { 'content-type': 'application/json; charset=klingon' }],
      ['utf-16 without bom', '{"a":1}', { 'content-type': 'application/json; charset=utf-16' }],
      ['encoding unknown', '{"a":1}', { 'content-encoding': 'x-nonsense' }],
      ['encoding gzip, not gzip', '{"a":1}', { 'content-encoding': 'gzip' }],
      ['encoding gzip, deep', gzipSync(deepText(10_000, 'array')), { 'content-encoding': 'gzip' }],
      ['encoding deflate, garbage', Buffer.from([1, 2, 3, 4, 5]), { 'content-encoding': 'deflate' }],
    ];
    const expectedCodes: Record<string, [number, string]> = {
      'charset latin1': [415, 'unsupported_charset'],
      'charset unknown': [415, 'unsupported_charset'],
      'encoding unknown': [415, 'unsupported_encoding'],
      'encoding gzip, not gzip': [400, 'malformed_body'],
      'encoding gzip, deep': [400, 'body_too_deep'],
      truncated: [400, 'malformed_body'],
      NaN: [400, 'malformed_body'],
    };
    for (const route of JSON_ROUTES) {
      for (const [label, raw, headers] of cases) {
        const reply = await refused(`${route.name} ${label}`, route.method, route.path(), {
          token: tokenFor(route),
          raw,
          headers,
        });
        const expected = expectedCodes[label];
        // The sync routes check the token before reading the body: without one, 401 comes first.
        if (expected && tokenFor(route) !== null) {
          const { code } = (reply.body as { error: { code: string } }).error;
          expect([reply.status, code], `${route.name} ${label}`).toEqual(expected);
        }
      }
    }
  });
});

describe('fuzzed bodies (fast-check)', () => {
  const routeArb = fc.constantFrom(...JSON_ROUTES);
  const tokenArb = fc.boolean();

  it('random JSON, bare and inside each envelope', async () => {
    await fc.assert(
      fc.asyncProperty(
        routeArb,
        tokenArb,
        fc.jsonValue({ maxDepth: 6 }),
        fc.boolean(),
        async (route, withToken, value, bare) => {
          const token = withToken ? tokenFor(route) : null;
          const text = JSON.stringify(value) ?? 'null';
          await refused(`${route.name} ${text.slice(0, 200)}`, route.method, route.path(), {
            token,
            raw: bare ? text : route.envelope(text),
          });
        },
      ),
      runs(60),
    );
  });

  it('deep nesting of random depth and shape', async () => {
    const shapeArb = fc.array(fc.constantFrom('[', '{"k":', '{"__":[', '[1,'), {
      minLength: 1,
      maxLength: 3,
    });
    await fc.assert(
      fc.asyncProperty(
        routeArb,
        tokenArb,
        fc.integer({ min: 1000, max: 10_000 }),
        shapeArb,
        async (route, withToken, depth, shape) => {
          const open: string[] = [];
          const close: string[] = [];
          for (let i = 0; i < depth; i++) {
            const o = shape[i % shape.length] ?? '[';
            open.push(o);
            close.push(o.startsWith('{"__":[') ? ']}' : o.startsWith('[') ? ']' : '}');
          }
          const text = open.join('') + '0' + close.reverse().join('');
          if (text.length > route.limit) return; // the size limit answers first; covered elsewhere
          await refused(`${route.name} depth ${depth} ${shape.join('')}`, route.method, route.path(), {
            token: withToken ? tokenOf(route.account) : null,
            raw: route.envelope(text),
          });
        },
      ),
      runs(40),
    );
  });

  it('random bytes, truncated JSON and odd headers', async () => {
    const bodyArb = fc.oneof(
      fc.uint8Array({ maxLength: 2000 }),
      fc.jsonValue({ maxDepth: 4 }).chain((v) => {
        const text = JSON.stringify(v) ?? 'null';
        return fc.nat({ max: text.length }).map((n) => text.slice(0, n));
      }),
      fc.string({ unit: 'binary', maxLength: 300 }),
    );
    const headerArb = fc.record(
      {
        'content-type': fc.constantFrom(
          'application/json',
          'application/json; charset=utf-8',
          'application/json; charset=iso-8859-1',
          'text/plain',
          'application/octet-stream',
          'multipart/form-data; boundary=x',
          'application/*+json',
        ),
        'content-encoding': fc.constantFrom('identity', 'gzip', 'br', 'deflate', 'compress'),
      },
      { requiredKeys: ['content-type'] },
    );
    await fc.assert(
      fc.asyncProperty(routeArb, tokenArb, bodyArb, headerArb, async (route, withToken, raw, headers) => {
        const token = withToken ? tokenFor(route) : null;
        await refused(
          `${route.name} ${JSON.stringify(headers)} ${String(raw).slice(0, 100)}`,
          route.method,
          route.path(),
          {
            token,
            raw,
            headers,
          },
        );
      }),
      runs(60),
    );
  });

  it('prototype-polluting objects of random shape', async () => {
    const pollutingArb = fc
      .tuple(
        fc.constantFrom('__proto__', 'constructor', 'prototype'),
        fc.jsonValue({ maxDepth: 3 }),
        fc.array(fc.string({ maxLength: 5 }), { maxLength: 4 }),
      )
      .map(([key, value, path]) => {
        let text = `{${JSON.stringify(key)}:{"polluted":${JSON.stringify(value) ?? 'null'}}}`;
        for (const step of path) text = `{${JSON.stringify(step)}:${text}}`;
        return text;
      });
    await fc.assert(
      fc.asyncProperty(routeArb, pollutingArb, fc.boolean(), async (route, text, bare) => {
        const reply = await refused(`${route.name} ${text.slice(0, 200)}`, route.method, route.path(), {
          token: tokenOf(route.account),
          raw: bare ? text : route.envelope(text),
        });
        expect((reply.body as { error: { code: string } }).error.code).toBe('forbidden_key');
      }),
      runs(40),
    );
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});

describe('raw-body routes', () => {
  const sha = 'a'.repeat(64);

  it('bundles: deep, polluting, random and non-JSON files are refused', async () => {
    const token = server.accounts.township.token;
    const headers = { 'content-type': 'application/octet-stream' };
    for (const value of [deepText(65, 'array'), deepText(10_000, 'object'), ...POLLUTERS]) {
      await refused(`bundle ${value.slice(0, 40)}`, 'POST', '/api/sync/bundles', {
        token,
        raw: bundleText(value),
        headers,
      });
      await refused(`bundle bare ${value.slice(0, 40)}`, 'POST', '/api/sync/bundles', {
        token,
        raw: value,
        headers,
      });
    }
    await refused('bundle without token', 'POST', '/api/sync/bundles', {
      token: null,
      raw: bundleText('1'),
      headers,
    });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 2000 }),
          fc.jsonValue({ maxDepth: 5 }).map((v) => JSON.stringify(v) ?? 'null'),
          fc.jsonValue({ maxDepth: 3 }).map((v) => bundleText(JSON.stringify(v) ?? 'null')),
        ),
        async (raw) => {
          await refused(`bundle ${String(raw).slice(0, 100)}`, 'POST', '/api/sync/bundles', {
            token,
            raw,
            headers,
          });
        },
      ),
      runs(40),
    );
  });

  it('attachments: junk upload headers and chunks that cannot fit are refused', async () => {
    const token = server.accounts.grid.token;
    const numberish = fc.oneof(
      fc.string({ maxLength: 14 }),
      fc.constantFrom('-1', '1e3', '0x10', '99999999999999999999', ' 5', '5 ', '', '1.5', 'NaN'),
    );
    await fc.assert(
      fc.asyncProperty(
        numberish,
        numberish,
        fc.uint8Array({ minLength: 1, maxLength: 500 }),
        async (length, offset, raw) => {
          if (/^\d{1,12}$/.test(length) && /^\d{1,12}$/.test(offset)) return; // well-formed: next property
          await refused(`attachment length=${length} offset=${offset}`, 'PUT', `/api/attachments/${sha}`, {
            token,
            raw,
            headers: {
              'content-type': 'application/octet-stream',
              'upload-length': length,
              'upload-offset': offset,
            },
          });
        },
      ),
      runs(40),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 2, maxLength: 500 }),
        fc.boolean(),
        async (raw, wrongOffset) => {
          // Either the chunk is longer than the whole file, or it does not start where the upload stands.
          const headers = wrongOffset
            ? { 'upload-length': String(raw.length + 10), 'upload-offset': '5' }
            : { 'upload-length': String(raw.length - 1), 'upload-offset': '0' };
          await refused(`attachment ${JSON.stringify(headers)}`, 'PUT', `/api/attachments/${sha}`, {
            token,
            raw,
            headers: { 'content-type': 'application/octet-stream', ...headers },
          });
        },
      ),
      runs(30),
    );
    await refused('attachment bad sha', 'PUT', '/api/attachments/not-a-sha', {
      token,
      raw: '{}',
      headers: { 'upload-length': '2', 'upload-offset': '0' },
    });
    await refused('attachment bad encoding', 'PUT', `/api/attachments/${sha}`, {
      token,
      raw: 'abc',
      headers: { 'upload-length': '3', 'upload-offset': '0', 'content-encoding': 'x-nonsense' },
    });
    await refused('attachment no token', 'PUT', `/api/attachments/${sha}`, {
      token: null,
      raw: deepText(10_000, 'array'),
    });
  });

  it('comparison import: never a 5xx, and only an audited, empty import at most', async () => {
    const token = server.accounts.county.token;
    await refused('csv empty', 'POST', '/api/cases/comparison-import', { token, raw: '' });
    await refused('csv charset', 'POST', '/api/cases/comparison-import', {
      token,
      raw: 'a,b',
      headers: { 'content-type': 'text/csv; charset=klingon' },
    });
    await refused('csv encoding', 'POST', '/api/cases/comparison-import', {
      token,
      raw: 'a,b',
      headers: { 'content-encoding': 'x-nonsense' },
    });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 2000 }),
          fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? 'null'),
          fc.constant(deepText(10_000, 'array')),
          fc.constantFrom(...POLLUTERS),
        ),
        async (raw) => {
          const before = dbSnapshot();
          const reply = await send('POST', '/api/cases/comparison-import', { token, raw });
          // A file with no usable header is answered 200 with its errors listed: still no 5xx, no write.
          expect(reply.status, reply.text.slice(0, 300)).toBeLessThan(500);
          if (reply.status >= 400) expectRefusal(reply, 'csv');
          expect(dbSnapshot()).toEqual(before);
        },
      ),
      runs(30),
    );
  });
});

describe('account import', () => {
  it('never a 5xx and nothing written, whatever the file', async () => {
    const token = server.accounts.admin.token;
    for (const route of ['/api/users/import/preview', '/api/users/import']) {
      await refused('account csv empty', 'POST', route, { token, raw: '' });
      await refused('account csv charset', 'POST', route, {
        token,
        raw: 'a,b',
        headers: { 'content-type': 'text/csv; charset=klingon' },
      });
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.uint8Array({ maxLength: 2000 }),
            fc.string({ maxLength: 500 }).map((v) => `用户名,姓名,角色,单位编码\n${v}`),
            fc.constant(deepText(10_000, 'array')),
            fc.constantFrom(...POLLUTERS),
          ),
          async (raw) => {
            const before = dbSnapshot();
            const reply = await send('POST', route, { token, raw, headers: { 'content-type': 'text/csv' } });
            // A preview of a file with problems is answered 200 with them listed: still no 5xx, no write.
            expect(reply.status, reply.text.slice(0, 300)).toBeLessThan(500);
            if (reply.status >= 400) expectRefusal(reply, 'account csv');
            if (reply.status < 300) expect(route).toBe('/api/users/import/preview');
            expect(dbSnapshot()).toEqual(before);
          },
        ),
        runs(20),
      );
    }
  });
});

describe('query strings on GET routes', () => {
  const GET_ROUTES: [route: () => string, account: AccountName][] = [
    [() => '/api/health', 'grid'],
    [() => '/api/auth/whoami', 'grid'],
    [() => '/api/users', 'admin'],
    [() => '/api/units', 'admin'],
    [() => '/api/units/tree', 'admin'],
    [() => '/api/units/transfer-targets', 'county'],
    [() => `/api/units/${GRID}`, 'grid'],
    [() => '/api/cases', 'township'],
    [() => `/api/cases/${caseId}`, 'township'],
    [() => `/api/cases/${caseId}/audit`, 'county'],
    [() => '/api/sync/pull', 'grid'],
    [() => '/api/sync/conflicts', 'grid'],
    [() => '/api/sync/devices/mine', 'grid'],
    [() => '/api/sync/devices', 'township'],
    [() => `/api/attachments/${'b'.repeat(64)}`, 'grid'],
    [() => '/api/identity/lookup', 'grid'],
    [() => '/api/identity/findings', 'county'],
    [() => `/api/identity/findings/${findingId}`, 'county'],
    [() => `/api/identity/findings/${randomUUID()}`, 'city'],
    [() => `/api/identity/holds/${heldCaseId}`, 'county'],
    [() => `/api/identity/holds/${caseId}`, 'township'],
    // Monitoring and early warning (docs/dynamic-management.md).
    [() => '/api/monitoring/warnings', 'township'],
    [() => '/api/monitoring/register', 'county'],
    [() => '/api/monitoring/data', 'city'],
    [() => '/api/monitoring/settings', 'county'],
    // Visit rounds.
    [() => '/api/rounds/calendar', 'grid'],
    [() => '/api/rounds/coverage', 'county'],
    [() => '/api/reminders', 'county'],
    [() => '/api/audit', 'admin'],
    [() => '/api/audit/options', 'city'],
    // Funds and ledgers (an export is audited: 'ledger.export' is left out of the snapshot).
    [() => '/api/funds', 'county'],
    [() => '/api/ledgers/households.xlsx', 'county'],
    [() => '/api/ledgers/five-ones.xlsx', 'township'],
    // Oversight indicators.
    [() => '/api/oversight/indicators', 'city'],
    [() => '/api/oversight/indicators/cases', 'county'],
  ];
  const ODD = [
    'since[]=1',
    'since=1&since=2',
    'limit=abc',
    'limit=1e400',
    'limit=99999999999999999999999999',
    'limit=-1',
    'since=-5',
    'since=99999999999999999999999999999999',
    'since=0x10',
    'protocolVersion=abc&schemaVersion[]=1',
    'protocolVersion=99999999999999999999',
    'view=%ff%fe',
    'a' + '[b]'.repeat(500) + '=1',
    'q=' + '%'.repeat(100),
    'deviceId=not-a-uuid&omitOwnPushes=2',
    '__proto__[polluted]=yes&constructor[prototype][polluted]=yes',
    'idNumber[]=1&householdId[x]=2',
    `idNumber=${withCheckChar('34160219800101123')}&householdId=${'h'.repeat(65)}`,
    `idNumber=${'9'.repeat(41)}`,
    // A real lookup (audited, see the top comment), with noise around it.
    `idNumber=%20${withCheckChar('34160219800101123').toLowerCase()}&since[]=1&householdId=${randomUUID()}`,
    'idNumber=%E3%80%80x',
    'status=merged&cursor=not-base64-%ff',
    `cursor=${Buffer.from('["2026-01-01",1]').toString('base64url')}`,
    'status[]=open&limit=0',
    Array.from({ length: 1000 }, (_, i) => `k${i}=${i}`).join('&'),
  ];

  // Every GET route × every odd query, with a snapshot of every table each time: slow on a loaded machine.
  it('odd query strings answer below 500, a refusal in Chinese, and write nothing', async () => {
    for (const [route, account] of GET_ROUTES) {
      for (const query of ODD) {
        const before = dbSnapshot();
        const reply = await send('GET', `${route()}?${query}`, { token: server.accounts[account].token });
        const label = `${route()}?${query.slice(0, 60)} → ${reply.status} ${reply.text.slice(0, 200)}`;
        expect(reply.status, label).toBeLessThan(500);
        if (reply.status >= 400) expectRefusal(reply, label);
        expect(dbSnapshot(), label).toEqual(before);
      }
    }
    expect(Object.prototype).not.toHaveProperty('polluted');
  }, 90_000);

  it('a URL past the header limit of Node is answered 431 with a Chinese message', async () => {
    // Node's HTTP parser refuses this one before the app sees it; the server's clientError handler answers.
    const query = Array.from({ length: 2000 }, (_, i) => `k${i}=${i}`).join('&');
    const reply = await send('GET', `/api/sync/pull?${query}`, { token: server.accounts.grid.token });
    expect(reply.status).toBe(431);
    expectRefusal(reply, 'header overflow');
  });

  it('fuzzed query strings', async () => {
    const key = fc.constantFrom(
      'since',
      'limit',
      'view',
      'deviceId',
      'protocolVersion',
      'schemaVersion',
      'omitOwnPushes',
      'status',
      'stage',
      'q',
      'idNumber',
      'householdId',
      'cursor',
      'userId',
      'unitId',
      'kind',
      'from',
      'to',
      'before',
    );
    const value = fc.oneof(fc.string({ maxLength: 20 }), fc.integer().map(String), fc.double().map(String));
    const pair = fc.tuple(key, fc.constantFrom('', '[]', '[x]', '[0][1]'), value);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...GET_ROUTES),
        fc.array(pair, { maxLength: 6 }),
        async ([route, account], pairs) => {
          const query = pairs.map(([k, s, v]) => `${k}${s}=${encodeURIComponent(v)}`).join('&');
          const reply = await send('GET', `${route()}?${query}`, { token: server.accounts[account].token });
          const label = `${route()}?${query} → ${reply.status} ${reply.text.slice(0, 200)}`;
          expect(reply.status, label).toBeLessThan(500);
          if (reply.status >= 400) expectRefusal(reply, label);
        },
      ),
      runs(60),
    );
  });
});

describe('the error handler safety net', () => {
  it('a stack overflow that escapes the edge checks is a Chinese 400; any other RangeError stays a 500', async () => {
    const app = express();
    const recurse = (n: number): number => recurse(n + 1) + 1;
    app.get('/overflow', () => recurse(0));
    app.get('/bug', () => {
      throw new RangeError('Invalid array length');
    });
    app.use(errorHandler);
    const listener = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => listener.once('listening', resolve));
    const base = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
    try {
      const overflow = await fetch(`${base}/overflow`);
      const overflowBody = (await overflow.json()) as { error: { code: string; message: string } };
      expect([overflow.status, overflowBody.error.code]).toEqual([400, 'body_too_complex']);
      expect(overflowBody.error.message).toMatch(CJK);
      const bug = await fetch(`${base}/bug`);
      expect(bug.status).toBe(500);
    } finally {
      await new Promise<void>((resolve) => listener.close(() => resolve()));
    }
  });
});
