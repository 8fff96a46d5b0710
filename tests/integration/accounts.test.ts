import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../sync-server/audit/audit';
import { createUser } from '../../sync-server/auth/users';
import { createUnit } from '../../sync-server/org/units';
import { DEMO_PASSWORD } from '../../sync-server/seed/demo-data';
import { apiErrorSchema, whoamiReplySchema } from '../../shared/auth';
import {
  accountDetailReplySchema,
  accountImportPreviewSchema,
  accountImportReplySchema,
  accountListReplySchema,
  oneTimePasswordReplySchema,
} from '../../shared/accounts';
import { encodeGbk } from '../support/gbk';
import { startDemoServer, type DemoServer } from './demo-server';

/**
 * Accounts (docs/administration.md, "Accounts"): one-time passwords, the forced change, the password
 * policy, resets and deactivation ending sessions at once, the CSV import, and every refusal.
 */

let server: DemoServer;
let adminToken: string;
const GRID = '341602001001';
const OTHER_CITY = '341700';

beforeAll(async () => {
  server = await startDemoServer();
  adminToken = (await server.login('admin')).token;
});

afterAll(async () => {
  await server?.close();
});

async function errorOf(res: Response) {
  return apiErrorSchema.parse(await res.json()).error;
}

async function createGridWorker(username: string) {
  const res = await server.api('/api/users', {
    token: adminToken,
    body: { username, displayName: `网格员${username}`, role: 'grid_worker', unitId: GRID },
  });
  expect(res.status).toBe(201);
  return oneTimePasswordReplySchema.parse(await res.json());
}

function changePassword(token: string, currentPassword: string, newPassword: string) {
  return server.api('/api/auth/password', { token, body: { currentPassword, newPassword } });
}

function csvUpload(pathname: string, csv: Uint8Array | string, contentType = 'text/csv') {
  return fetch(`${server.url}${pathname}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': contentType },
    body: typeof csv === 'string' ? csv : Buffer.from(csv),
  });
}

describe('a new account and its one-time password', () => {
  it('is shown once, works for the first login, and allows nothing but changing it', async () => {
    const { user, oneTimePassword } = await createGridWorker('otp_one');
    expect(oneTimePassword).toMatch(/^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/);
    expect(user.mustChangePassword).toBe(true);
    const everything = JSON.stringify(server.running.db.prepare('SELECT * FROM audit_log').all());
    expect(everything).not.toContain(oneTimePassword);

    const first = await server.login('otp_one', oneTimePassword ?? '');
    expect(first.user.mustChangePassword).toBe(true);
    const token = first.token;
    for (const pathname of ['/api/sync/pull', '/api/units/' + GRID, '/api/rounds/calendar']) {
      const blocked = await server.api(pathname, { token });
      expect(blocked.status, pathname).toBe(403);
      const error = await errorOf(blocked);
      expect(error.code).toBe('password_change_required');
      expect(error.message).toContain('请先修改密码');
    }
    const push = await server.api('/api/sync/push', { token, body: { changes: [] } });
    expect(push.status).toBe(403);
    const whoami = await server.api('/api/auth/whoami', { token });
    expect(whoamiReplySchema.parse(await whoami.json()).user.mustChangePassword).toBe(true);

    const changed = await changePassword(token, oneTimePassword ?? '', 'my-own-pass-2027');
    expect(changed.status).toBe(200);
    expect(whoamiReplySchema.parse(await changed.json()).user.mustChangePassword).toBe(false);
    // The same session goes on, now free; the one-time password is gone.
    expect((await server.api('/api/sync/pull', { token })).status).toBe(200);
    const again = await server.api('/api/auth/login', {
      body: { username: 'otp_one', password: oneTimePassword },
    });
    expect(again.status).toBe(401);
    expect((await server.login('otp_one', 'my-own-pass-2027')).user.mustChangePassword).toBe(false);
  });

  it('refuses weak new passwords with the policy sentence, and a wrong current password', async () => {
    const { oneTimePassword } = await createGridWorker('weakling');
    const otp = oneTimePassword ?? '';
    const { token } = await server.login('weakling', otp);
    const cases: [string, string][] = [
      ['short1', '密码至少 8 位'],
      ['abcdefghij', '密码须同时包含字母和数字'],
      ['1234567890', '密码须同时包含字母和数字'],
      ['weakling2027', '密码不能包含用户名'],
      [DEMO_PASSWORD, '不能使用演示密码'],
      ['Abc12345', '过于常见'],
      ['password123', '过于常见'],
    ];
    for (const [password, message] of cases) {
      const res = await changePassword(token, otp, password);
      expect(res.status, password).toBe(400);
      const error = await errorOf(res);
      expect(error.code, password).toBe('weak_password');
      expect(error.message, password).toContain(message);
    }
    const wrong = await changePassword(token, 'not-the-password-1', 'fine-pass-2027');
    expect(wrong.status).toBe(400);
    expect(await errorOf(wrong)).toMatchObject({ code: 'wrong_password', message: '当前密码不正确' });
    const same = await changePassword(token, otp, otp);
    expect(same.status).toBe(400);
    // Wrong current passwords count as failed logins: a stolen session cannot guess the password.
    for (let i = 0; i < 4; i++) await changePassword(token, `guess-${i}-x1`, 'fine-pass-2027');
    const locked = await changePassword(token, otp, 'fine-pass-2027');
    expect(locked.status).toBe(429);
    expect((await errorOf(locked)).message).toContain('登录失败次数过多');

    // An administrator's chosen password meets the same policy.
    const weakCreate = await server.api('/api/users', {
      token: adminToken,
      body: {
        username: 'weak_admin_pick',
        displayName: '弱',
        role: 'grid_worker',
        unitId: GRID,
        password: 'onlyletters',
      },
    });
    expect(weakCreate.status).toBe(400);
    expect(await errorOf(weakCreate)).toMatchObject({
      code: 'weak_password',
      message: '密码须同时包含字母和数字',
    });
  });

  it('lets everyone change their own password, which ends their other sessions only', async () => {
    const { oneTimePassword } = await createGridWorker('two_tabs');
    const firstTab = await server.login('two_tabs', oneTimePassword ?? '');
    const secondTab = await server.login('two_tabs', oneTimePassword ?? '');
    expect((await changePassword(firstTab.token, oneTimePassword ?? '', 'tablet-pass-77')).status).toBe(200);
    expect((await server.api('/api/auth/whoami', { token: firstTab.token })).status).toBe(200);
    const ended = await server.api('/api/auth/whoami', { token: secondTab.token });
    expect(ended.status).toBe(401);
    expect((await errorOf(ended)).code).toBe('password_changed');
    expect(
      (await server.api('/api/auth/password', { body: { currentPassword: 'x', newPassword: 'y' } })).status,
    ).toBe(401);
  });
});

describe('reset and deactivation', () => {
  it('a reset ends every session at once with a reason, and the one-time password must be changed', async () => {
    const { user } = await createGridWorker('reset_me');
    const otp = (await server.api(`/api/users/${user.id}/reset-password`, { token: adminToken, body: {} }))
      .status;
    expect(otp).toBe(200);
    const first = await server.api(`/api/users/${user.id}/reset-password`, { token: adminToken, body: {} });
    const { oneTimePassword } = oneTimePasswordReplySchema.parse(await first.json());
    const session = await server.login('reset_me', oneTimePassword ?? '');
    expect((await changePassword(session.token, oneTimePassword ?? '', 'reset-own-pass-1')).status).toBe(200);

    const reset = oneTimePasswordReplySchema.parse(
      await (
        await server.api(`/api/users/${user.id}/reset-password`, { token: adminToken, body: {} })
      ).json(),
    );
    expect(reset.user.mustChangePassword).toBe(true);
    const refused = await server.api('/api/sync/pull', { token: session.token });
    expect(refused.status).toBe(401);
    const error = await errorOf(refused);
    expect(error.code).toBe('password_reset');
    expect(error.message).toContain('密码已被管理员重置');
    expect(
      (await server.api('/api/auth/login', { body: { username: 'reset_me', password: 'reset-own-pass-1' } }))
        .status,
    ).toBe(401);
    expect((await server.login('reset_me', reset.oneTimePassword ?? '')).user.mustChangePassword).toBe(true);
    const actions = server.running.db
      .prepare("SELECT action FROM audit_log WHERE entity_id = ? AND action = 'user.password_reset'")
      .all(user.id);
    expect(actions).toHaveLength(3);
  });

  it("a deactivated user's token is refused at once, on every route, saying why", async () => {
    const { user, oneTimePassword } = await createGridWorker('leaver');
    const session = await server.login('leaver', oneTimePassword ?? '');
    expect((await changePassword(session.token, oneTimePassword ?? '', 'gone-away-9x')).status).toBe(200);
    expect((await server.api('/api/sync/pull', { token: session.token })).status).toBe(200);

    const off = await server.api(`/api/users/${user.id}`, {
      token: adminToken,
      method: 'PATCH',
      body: { active: false },
    });
    expect(off.status).toBe(200);
    for (const pathname of ['/api/sync/pull', '/api/auth/whoami']) {
      const res = await server.api(pathname, { token: session.token });
      expect(res.status, pathname).toBe(401);
      expect(await errorOf(res)).toMatchObject({
        code: 'account_disabled',
        message: '账号已停用，请联系管理员',
      });
    }
    const login = await server.api('/api/auth/login', {
      body: { username: 'leaver', password: 'gone-away-9x' },
    });
    expect(login.status).toBe(403);
    // A disabled account cannot be reset; reactivated, it signs in again.
    expect(
      (await server.api(`/api/users/${user.id}/reset-password`, { token: adminToken, body: {} })).status,
    ).toBe(409);
    await server.api(`/api/users/${user.id}`, { token: adminToken, method: 'PATCH', body: { active: true } });
    expect((await server.login('leaver', 'gone-away-9x')).user.id).toBe(user.id);
  });

  it('shows last login and devices per user', async () => {
    const { user, oneTimePassword } = await createGridWorker('with_tablet');
    const session = await server.login('with_tablet', oneTimePassword ?? '');
    await changePassword(session.token, oneTimePassword ?? '', 'tablet-user-42');
    const deviceId = randomUUID();
    expect((await server.api(`/api/sync/pull?deviceId=${deviceId}`, { token: session.token })).status).toBe(
      200,
    );

    const list = accountListReplySchema.parse(
      await (await server.api('/api/users', { token: adminToken })).json(),
    );
    const row = list.users.find((u) => u.id === user.id);
    expect(row).toMatchObject({ deviceCount: 1, mustChangePassword: false });
    expect(row?.lastLoginAt).not.toBeNull();
    expect(row?.lastSyncAt).not.toBeNull();
    const detail = accountDetailReplySchema.parse(
      await (await server.api(`/api/users/${user.id}`, { token: adminToken })).json(),
    );
    expect(detail.devices.map((d) => d.deviceId)).toEqual([deviceId]);
  });
});

describe('refusals by role and by unit scope', () => {
  it('refuses the account routes to every other role', async () => {
    const target = (await server.login('grid3')).user.id;
    for (const username of ['grid', 'township', 'county', 'city']) {
      const { token } = await server.login(username);
      const attempts = [
        server.api(`/api/users/${target}`, { token }),
        server.api(`/api/users/${target}/reset-password`, { token, body: {} }),
        fetch(`${server.url}/api/users/import/preview`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
          body: '用户名,姓名,角色,单位编码\r\nx1,某,网格员,341602001001\r\n',
        }),
      ];
      for (const res of await Promise.all(attempts)) {
        expect(res.status, username).toBe(403);
        expect((await errorOf(res)).code).toBe('forbidden_role');
      }
    }
  });

  it("keeps an administrator out of another unit's accounts", async () => {
    const db = server.running.db;
    createUnit(db, { id: OTHER_CITY, parentId: null, level: 'city', name: '淮北市' }, SYSTEM_ACTOR);
    await createUser(
      db,
      {
        username: 'admin_hb',
        displayName: '淮北管理员',
        role: 'admin',
        unitId: OTHER_CITY,
        password: 'huaibei-admin-1',
      },
      SYSTEM_ACTOR,
      null,
      { mustChangePassword: false },
    );
    const { token } = await server.login('admin_hb', 'huaibei-admin-1');
    const grid = (await server.login('grid')).user.id;

    const list = accountListReplySchema.parse(await (await server.api('/api/users', { token })).json());
    expect(list.users.map((u) => u.username)).toEqual(['admin_hb']);
    const attempts = [
      server.api(`/api/users/${grid}`, { token }),
      server.api(`/api/users/${grid}/reset-password`, { token, body: {} }),
      server.api(`/api/users/${grid}`, { token, method: 'PATCH', body: { active: false } }),
      server.api('/api/users', {
        token,
        body: { username: 'intruder', displayName: '越界', role: 'grid_worker', unitId: GRID },
      }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(403);
      expect((await errorOf(res)).code).toBe('out_of_scope');
    }
    const preview = accountImportPreviewSchema.parse(
      await (
        await fetch(`${server.url}/api/users/import/preview`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
          body: '用户名,姓名,角色,单位编码\r\nhb_grid,某,网格员,341602001001\r\n',
        })
      ).json(),
    );
    expect(preview.ready).toBe(false);
    expect(preview.rows[0]?.problems.join()).toContain('不在您的管理范围内');
    expect((await server.login('grid')).user.id).toBe(grid);
  });
});

describe('many accounts from a CSV', () => {
  const header = '用户名,姓名,角色,单位编码';
  const units = ['341602001001', '341602001002', '341602002001', '341602002002'];
  const workers = Array.from(
    { length: 200 },
    (_, i) => `gw${String(i + 1).padStart(3, '0')},网格员${i + 1}号,网格员,${units[i % units.length]}`,
  );

  it('previews 200 grid workers from a GBK file as Excel writes it, then creates all in one go', async () => {
    const csv = [header, ...workers].join('\r\n') + '\r\n';
    const bytes = encodeGbk(csv);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();

    const previewRes = await csvUpload('/api/users/import/preview', bytes);
    expect(previewRes.status).toBe(200);
    const preview = accountImportPreviewSchema.parse(await previewRes.json());
    expect(preview).toMatchObject({ ready: true, fileErrors: [] });
    expect(preview.rows).toHaveLength(200);
    expect(preview.rows[0]).toMatchObject({
      username: 'gw001',
      displayName: '网格员1号',
      role: 'grid_worker',
      unitName: '花戏楼社区第一网格',
    });
    expect(
      server.running.db.prepare("SELECT count(*) AS n FROM users WHERE username GLOB 'gw*'").get(),
    ).toEqual({ n: 0 });

    const applied = await csvUpload('/api/users/import', bytes);
    expect(applied.status).toBe(201);
    const reply = accountImportReplySchema.parse(await applied.json());
    expect(reply.created).toHaveLength(200);
    expect(new Set(reply.created.map((c) => c.oneTimePassword)).size).toBe(200);
    const worker = reply.created.find((c) => c.user.username === 'gw137');
    const login = await server.login('gw137', worker?.oneTimePassword ?? '');
    expect(login.user).toMatchObject({ displayName: '网格员137号', mustChangePassword: true });
    const audit = server.running.db
      .prepare(
        "SELECT count(*) AS n FROM audit_log WHERE action = 'user.create' AND detail LIKE '%importLine%'",
      )
      .get() as { n: number };
    expect(audit.n).toBe(200);
  });

  it('refuses the whole file when any row is wrong, naming each row in Chinese', async () => {
    const csv = [
      header,
      'new_a,甲,网格员,341602001001',
      'new_b,乙,县总帮扶中心,341602001001',
      'NEW_A,丙,网格员,341602001002',
      'grid,丁,网格员,341602001001',
      'new_c,戊,会计,341602001001',
      'new_d,己,网格员,999999',
      'new e,庚,网格员,341602001001',
    ].join('\n');
    const preview = accountImportPreviewSchema.parse(
      await (await csvUpload('/api/users/import/preview', csv)).json(),
    );
    expect(preview.ready).toBe(false);
    const byLine = new Map(preview.rows.map((r) => [r.line, r.problems.join('；')]));
    expect(byLine.get(2)).toBe('');
    expect(byLine.get(3)).toContain('只能设在县（区）级单位');
    expect(byLine.get(4)).toContain('与第 2 行重复');
    expect(byLine.get(5)).toContain('已被使用');
    expect(byLine.get(6)).toContain('无法识别的角色“会计”');
    expect(byLine.get(7)).toContain('单位编码“999999”不存在');
    expect(byLine.get(8)).toContain('用户名为 2–32 位');

    const applied = await csvUpload('/api/users/import', csv);
    expect(applied.status).toBe(400);
    const error = await errorOf(applied);
    expect(error.code).toBe('import_not_ready');
    expect(error.message).toContain('未创建任何账号');
    const made = server.running.db
      .prepare("SELECT count(*) AS n FROM users WHERE username IN ('new_a', 'new_b')")
      .get();
    expect(made).toEqual({ n: 0 });
  });

  it('answers a file without the header, an empty body and too many rows with 4xx in Chinese', async () => {
    const noHeader = accountImportPreviewSchema.parse(
      await (await csvUpload('/api/users/import/preview', 'a,b,c\r\n1,2,3\r\n')).json(),
    );
    expect(noHeader.fileErrors[0]).toContain('表头缺少列');
    expect((await csvUpload('/api/users/import/preview', '')).status).toBe(400);
    const many = [header, ...Array.from({ length: 501 }, (_, i) => `m${i},某,网格员,${GRID}`)].join('\n');
    const tooMany = accountImportPreviewSchema.parse(
      await (await csvUpload('/api/users/import/preview', many)).json(),
    );
    expect(tooMany.fileErrors[0]).toContain('一次最多导入 500 个账号');
    expect((await csvUpload('/api/users/import', many)).status).toBe(400);
  });
});
