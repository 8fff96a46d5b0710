import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../sync-server/auth/sessions';
import { DEMO_ACCOUNTS } from '../../sync-server/seed/demo-data';
import { apiErrorSchema, loginReplySchema, whoamiReplySchema } from '../../shared/auth';
import { startDemoServer, type DemoServer } from './demo-server';

let server: DemoServer;

beforeAll(async () => {
  server = await startDemoServer();
});

afterAll(async () => {
  await server?.close();
});

async function errorOf(res: Response) {
  return apiErrorSchema.parse(await res.json()).error;
}

describe('login, whoami and logout', () => {
  it.each(DEMO_ACCOUNTS.map((a) => [a.username, a] as const))(
    'works for the demo account %s',
    async (_name, account) => {
      const reply = await server.login(account.username);
      expect(reply.user).toMatchObject({
        username: account.username,
        displayName: account.displayName,
        role: account.role,
        unitId: account.unitId,
      });
      expect(reply.user.unitPath.split('/').at(-1)).toBe(account.unitId);
      expect(Date.parse(reply.expiresAt)).toBeGreaterThan(Date.now());

      const whoami = await server.api('/api/auth/whoami', { token: reply.token });
      expect(whoami.status).toBe(200);
      expect(whoamiReplySchema.parse(await whoami.json()).user).toEqual(reply.user);

      const logout = await server.api('/api/auth/logout', { token: reply.token, method: 'POST' });
      expect(logout.status).toBe(204);
      const after = await server.api('/api/auth/whoami', { token: reply.token });
      expect(after.status).toBe(401);
      expect((await errorOf(after)).code).toBe('unauthenticated');
    },
  );

  it('stores only a hash of the token, with the device id the tablet sent', async () => {
    const deviceId = '3b241101-e2bb-4255-8caf-4136c566a962';
    const res = await server.api('/api/auth/login', {
      body: { username: 'grid', password: 'bangfu2026', deviceId },
    });
    const { token } = loginReplySchema.parse(await res.json());
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    const rows = server.running.db.prepare('SELECT token_hash, device_id FROM sessions').all() as {
      token_hash: string;
      device_id: string | null;
    }[];
    expect(rows.some((r) => r.token_hash === token)).toBe(false);
    expect(rows.find((r) => r.token_hash === hashToken(token))?.device_id).toBe(deviceId);
  });

  it('accepts the username in any letter case', async () => {
    const reply = await server.login('County2');
    expect(reply.user.username).toBe('county2');
  });

  it('refuses a wrong password and an unknown user with 401 and the same message', async () => {
    for (const [username, password] of [
      ['grid2', 'wrong-password'],
      ['nobody', 'bangfu2026'],
    ] as const) {
      const res = await server.api('/api/auth/login', { body: { username, password } });
      expect(res.status).toBe(401);
      expect(await errorOf(res)).toEqual({ code: 'invalid_credentials', message: '用户名或密码错误' });
    }
  });

  it('refuses a session after it expires', async () => {
    const { token } = await server.login('grid3');
    expect((await server.api('/api/auth/whoami', { token })).status).toBe(200);
    server.running.db
      .prepare('UPDATE sessions SET expires_at = ? WHERE token_hash = ?')
      .run(new Date(Date.now() - 1000).toISOString(), hashToken(token));
    const res = await server.api('/api/auth/whoami', { token });
    expect(res.status).toBe(401);
    expect((await errorOf(res)).code).toBe('unauthenticated');
  });

  it('refuses requests without a token or with a made-up one', async () => {
    expect((await server.api('/api/auth/whoami')).status).toBe(401);
    const fake = Buffer.alloc(32, 7).toString('base64url');
    expect((await server.api('/api/auth/whoami', { token: fake })).status).toBe(401);
  });

  it('answers 400, not 500, to a malformed or incomplete body', async () => {
    const malformed = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"username": "grid", "password":',
    });
    expect(malformed.status).toBe(400);
    expect((await errorOf(malformed)).code).toBe('malformed_body');

    const missing = await server.api('/api/auth/login', { body: { username: 'grid' } });
    expect(missing.status).toBe(400);
    expect((await errorOf(missing)).code).toBe('invalid_request');

    const notJson = await fetch(`${server.url}/api/auth/login`, { method: 'POST', body: 'grid bangfu2026' });
    expect(notJson.status).toBe(400);
  });
});

describe('failed-login lockout', () => {
  // A separate account, so the lockout cannot leak into the other tests (all come from 127.0.0.1).
  const username = 'lockout_probe';
  const password = 'probe-password-1';

  beforeAll(async () => {
    const { token } = await server.login('admin');
    const res = await server.api('/api/users', {
      token,
      body: { username, password, displayName: '锁定测试', role: 'grid_worker', unitId: '341602002001' },
    });
    expect(res.status).toBe(201);
  });

  const attempt = (pw: string) => server.api('/api/auth/login', { body: { username, password: pw } });

  it('refuses the 6th attempt with 429 and Retry-After, even with the right password', async () => {
    for (let i = 1; i <= 5; i += 1) expect((await attempt(`guess-${i}`)).status).toBe(401);

    const sixth = await attempt('guess-6');
    expect(sixth.status).toBe(429);
    const retryAfter = Number(sixth.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    const error = await errorOf(sixth);
    expect(error.code).toBe('too_many_attempts');
    expect(error.message).toMatch(/\d+ 分钟/);

    const right = await attempt(password);
    expect(right.status).toBe(429);
    expect(right.headers.get('retry-after')).toBeTruthy();

    // Another account from the same address is not affected.
    expect((await server.login('grid')).user.username).toBe('grid');
  });

  it('lets the right password in again once the failures are older than 15 minutes', async () => {
    expect((await attempt(password)).status).toBe(429);
    server.running.db
      .prepare('UPDATE login_failures SET failed_at = failed_at - ? WHERE username = ?')
      .run(15 * 60_000 + 1000, username);
    const res = await attempt(password);
    expect(res.status).toBe(200);
    // A successful login clears the count: four new failures do not lock.
    for (let i = 1; i <= 4; i += 1) expect((await attempt(`again-${i}`)).status).toBe(401);
    expect((await attempt(password)).status).toBe(200);
  });
});
