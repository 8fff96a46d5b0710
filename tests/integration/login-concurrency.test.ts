import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorSchema } from '../../shared/auth';
import { MAX_LOGIN_FAILURES, MAX_LOGIN_FAILURES_PER_USERNAME } from '../../sync-server/auth/login';
import { startDemoServer, type DemoServer } from './demo-server';

/**
 * Login limits under parallel requests, against the real server and its SQLite file: an attempt is
 * counted before its password is hashed, so a burst of guesses cannot all reach the (slow) verification
 * before the first failure is recorded.
 */

let server: DemoServer;
let adminToken: string;

const PASSWORD = 'right-password-1';

beforeAll(async () => {
  // As behind a reverse proxy on this machine: the tests give each attempt its own address.
  server = await startDemoServer({ trustProxy: 'loopback' });
  adminToken = (await server.login('admin')).token;
});

afterAll(async () => {
  await server?.close();
});

/** A fresh account per test, so no lock carries over from one test to the next. */
async function createAccount(username: string): Promise<string> {
  const res = await server.api('/api/users', {
    token: adminToken,
    body: {
      username,
      password: PASSWORD,
      displayName: '并发登录测试',
      role: 'grid_worker',
      unitId: '341602002001',
    },
  });
  expect(res.status).toBe(201);
  const row = server.running.db.prepare('SELECT id FROM users WHERE username = ?').get(username) as {
    id: string;
  };
  return row.id;
}

/** A login attempt; `forwardedFor` sets X-Forwarded-For, which this server trusts (TRUST_PROXY=loopback). */
function attempt(username: string, password: string, forwardedFor?: string): Promise<Response> {
  return fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
    },
    body: JSON.stringify({ username, password }),
  });
}

/** How many replies had each status. */
function countStatuses(replies: Response[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const r of replies) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return counts;
}

function attemptRows(username: string): number {
  return (
    server.running.db
      .prepare('SELECT COUNT(*) AS n FROM login_failures WHERE username = ?')
      .get(username) as {
      n: number;
    }
  ).n;
}

/** Waits until the server holds at least `n` attempt rows for the username (failed or in flight). */
async function waitForAttemptRows(username: string, n: number): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (attemptRows(username) < n) {
    if (Date.now() > deadline) throw new Error(`never saw ${n} login attempts for ${username}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

function sessionsOf(userId: string): number {
  return (
    server.running.db.prepare('SELECT COUNT(*) AS n FROM sessions WHERE user_id = ?').get(userId) as {
      n: number;
    }
  ).n;
}

async function errorOf(res: Response) {
  return apiErrorSchema.parse(await res.json()).error;
}

/** The reply headers that must not tell a known from an unknown username (all but the clock). */
function comparableHeaders(res: Response): Record<string, string> {
  const out: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    if (name !== 'date' && name !== 'retry-after' && name !== 'etag') out[name] = value;
  });
  return out;
}

describe('login limits under parallel requests', () => {
  it('40 parallel wrong passwords: at most 5 are verified (401), the rest get 429, then the right one is locked out', async () => {
    const username = 'burst40';
    const userId = await createAccount(username);

    const replies = await Promise.all(Array.from({ length: 40 }, (_, i) => attempt(username, `wrong-${i}`)));
    const counts = countStatuses(replies);
    expect(counts[401] ?? 0).toBeLessThanOrEqual(MAX_LOGIN_FAILURES);
    expect((counts[401] ?? 0) + (counts[429] ?? 0)).toBe(40);

    const tooMany = replies.find((r) => r.status === 429);
    expect(Number(tooMany?.headers.get('retry-after'))).toBeGreaterThan(0);

    const right = await attempt(username, PASSWORD);
    expect(right.status).toBe(429);
    expect(right.headers.get('retry-after')).toBeTruthy();
    const error = await errorOf(right);
    expect(error.code).toBe('too_many_attempts');
    expect(error.message).toMatch(/^登录失败次数过多，请 \d+ 分钟后再试$/);
    expect(sessionsOf(userId)).toBe(0);
  });

  it('the right password sent after 5 parallel wrong ones are counted is refused, though they are still being verified', async () => {
    const username = 'burst_right_last';
    const userId = await createAccount(username);

    // In one Promise.all: 40 wrong passwords, and last the right one, sent as soon as the server has
    // counted 5 attempts for the account. With the fix those 5 are reserved before hashing, so the right
    // password deterministically comes 6th or later; it must neither log in nor be verified.
    const wrong = Array.from({ length: 40 }, (_, i) => attempt(username, `wrong-${i}`));
    const rightLast = (async () => {
      await waitForAttemptRows(username, MAX_LOGIN_FAILURES);
      return attempt(username, PASSWORD);
    })();
    const replies = await Promise.all([...wrong, rightLast]);
    const right = replies.at(-1);

    expect(right?.status).toBe(429);
    const counts = countStatuses(replies);
    expect(counts[200] ?? 0).toBe(0);
    // No more than MAX attempts reached verification in the whole burst.
    expect(counts[401] ?? 0).toBeLessThanOrEqual(MAX_LOGIN_FAILURES);
    expect(counts[429]).toBe(41 - (counts[401] ?? 0));
    expect(sessionsOf(userId)).toBe(0);
    // Every verified attempt is on record as a failure; no reservation was lost or leaked.
    expect(attemptRows(username)).toBe(counts[401]);
  });

  it('200 parallel guesses draw at least 195 answers of 429', async () => {
    const username = 'burst200';
    await createAccount(username);

    const replies = await Promise.all(Array.from({ length: 200 }, (_, i) => attempt(username, `guess-${i}`)));
    const counts = countStatuses(replies);
    expect(counts[429] ?? 0).toBeGreaterThanOrEqual(195);
    expect((counts[401] ?? 0) + (counts[429] ?? 0)).toBe(200);
  });

  it('a known and an unknown username get the same replies under a parallel burst, and both are locked after 5', async () => {
    const known = 'known_probe';
    const unknown = 'unknown_probe';
    await createAccount(known);

    const burst = (username: string) =>
      Array.from({ length: 12 }, (_, i) => attempt(username, `wrong-${i}`, '192.0.2.44'));
    const replies = await Promise.all([...burst(known), ...burst(unknown)]);
    const knownReplies = replies.slice(0, 12);
    const unknownReplies = replies.slice(12);

    for (const group of [knownReplies, unknownReplies]) {
      const counts = countStatuses(group);
      expect(counts[401] ?? 0).toBeLessThanOrEqual(MAX_LOGIN_FAILURES);
      expect((counts[401] ?? 0) + (counts[429] ?? 0)).toBe(12);
    }
    // No success among them, so with the limit counted up front exactly 5 of each are verified.
    expect(countStatuses(knownReplies)).toEqual(countStatuses(unknownReplies));

    const k401 = knownReplies.find((r) => r.status === 401);
    const u401 = unknownReplies.find((r) => r.status === 401);
    if (!k401 || !u401) throw new Error('expected a 401 in both bursts');
    expect(comparableHeaders(k401)).toEqual(comparableHeaders(u401));
    const k401Error = await errorOf(k401);
    expect(k401Error).toEqual({ code: 'invalid_credentials', message: '用户名或密码错误' });
    expect(await errorOf(u401)).toEqual(k401Error);

    // Locked afterwards: the right password for the known one and any password for the unknown one.
    const [k429, u429] = await Promise.all([
      attempt(known, PASSWORD, '192.0.2.44'),
      attempt(unknown, PASSWORD, '192.0.2.44'),
    ]);
    expect(k429.status).toBe(429);
    expect(u429.status).toBe(429);
    expect(Object.keys(comparableHeaders(k429))).toEqual(Object.keys(comparableHeaders(u429)));
    const kRetry = Number(k429.headers.get('retry-after'));
    const uRetry = Number(u429.headers.get('retry-after'));
    expect(kRetry).toBeGreaterThan(0);
    expect(Math.abs(kRetry - uRetry)).toBeLessThanOrEqual(1);
    const kError = await errorOf(k429);
    const uError = await errorOf(u429);
    expect(kError.code).toBe('too_many_attempts');
    expect(uError.code).toBe(kError.code);
    expect(uError.message).toBe(kError.message);
  });

  it(`${MAX_LOGIN_FAILURES_PER_USERNAME} failures from different addresses lock the username for every address`, async () => {
    const username = 'spread_probe';
    const other = 'spread_bystander';
    await createAccount(username);
    await createAccount(other);

    // 30 guesses in parallel, each from its own address: no address reaches its own limit of 5.
    const replies = await Promise.all(
      Array.from({ length: 30 }, (_, i) => attempt(username, `wrong-${i}`, `198.51.100.${i + 1}`)),
    );
    const counts = countStatuses(replies);
    expect(counts[401] ?? 0).toBeLessThanOrEqual(MAX_LOGIN_FAILURES_PER_USERNAME);
    expect((counts[401] ?? 0) + (counts[429] ?? 0)).toBe(30);
    // The premise: the server saw the forwarded addresses, one failure each.
    const addresses = server.running.db
      .prepare('SELECT COUNT(DISTINCT address) AS n FROM login_failures WHERE username = ?')
      .get(username) as { n: number };
    expect(addresses.n).toBe(counts[401]);

    // Now even the right password is refused, from a fresh address and from the loopback itself.
    for (const from of ['203.0.113.99', undefined]) {
      const right = await attempt(username, PASSWORD, from);
      expect(right.status).toBe(429);
      expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await errorOf(right)).code).toBe('too_many_attempts');
    }
    // Another username from one of the same addresses is not affected.
    expect((await attempt(other, PASSWORD, '198.51.100.1')).status).toBe(200);
  });

  it('the per-username limit also counts failures spread thinly over time from several addresses', async () => {
    const username = 'spread_sequential';
    await createAccount(username);
    // 4 addresses × 5 failures (each address up to its own limit) = 20 for the username.
    const addresses = MAX_LOGIN_FAILURES_PER_USERNAME / MAX_LOGIN_FAILURES;
    for (let a = 1; a <= addresses; a += 1) {
      for (let i = 0; i < MAX_LOGIN_FAILURES; i += 1) {
        expect((await attempt(username, `wrong-${a}-${i}`, `198.51.100.${200 + a}`)).status).toBe(401);
      }
    }
    expect((await attempt(username, PASSWORD, '198.51.100.250')).status).toBe(429);
  });
});

describe('client addresses without a configured proxy', () => {
  it('ignores X-Forwarded-For, so rotating it does not escape the per-address limit', async () => {
    const plain = await startDemoServer();
    try {
      const admin = (await plain.login('admin')).token;
      const created = await plain.api('/api/users', {
        token: admin,
        body: {
          username: 'rotating_xff',
          password: PASSWORD,
          displayName: '地址轮换测试',
          role: 'grid_worker',
          unitId: '341602002001',
        },
      });
      expect(created.status).toBe(201);
      const statuses: number[] = [];
      for (let i = 0; i < MAX_LOGIN_FAILURES + 2; i += 1) {
        const reply = await fetch(`${plain.url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': `203.0.113.${i + 1}` },
          body: JSON.stringify({ username: 'rotating_xff', password: `wrong-${i}` }),
        });
        statuses.push(reply.status);
      }
      expect(statuses.filter((s) => s === 401)).toHaveLength(MAX_LOGIN_FAILURES);
      expect(statuses.slice(MAX_LOGIN_FAILURES)).toEqual([429, 429]);
      const seen = plain.running.db
        .prepare('SELECT DISTINCT address FROM login_failures WHERE username = ?')
        .all('rotating_xff') as { address: string }[];
      expect(seen.map((row) => row.address)).toEqual(['127.0.0.1']);
    } finally {
      await plain.close();
    }
  });
});
