import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_UNITS } from '../../sync-server/seed/demo-data';
import { apiErrorSchema } from '../../shared/auth';
import {
  unitDetailReplySchema,
  unitListReplySchema,
  userListReplySchema,
  userReplySchema,
} from '../../shared/users';
import { startDemoServer, type DemoServer } from './demo-server';

let server: DemoServer;
let adminToken: string;

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

interface AuditRow {
  user_id: string | null;
  action: string;
  entity_id: string | null;
  detail: string;
}

function auditRowsFor(entityId: string): AuditRow[] {
  return server.running.db
    .prepare('SELECT user_id, action, entity_id, detail FROM audit_log WHERE entity_id = ? ORDER BY seq')
    .all(entityId) as AuditRow[];
}

describe('user administration', () => {
  it('lets the administrator create a user who can then sign in', async () => {
    const res = await server.api('/api/users', {
      token: adminToken,
      body: {
        username: 'grid_xg1',
        displayName: '孙网格',
        role: 'grid_worker',
        unitId: '341602002001',
        password: 'xuege-2026',
      },
    });
    expect(res.status).toBe(201);
    const { user } = userReplySchema.parse(await res.json());
    expect(user).toMatchObject({ username: 'grid_xg1', unitName: '薛阁社区第一网格', active: true });
    expect(JSON.stringify(user)).not.toContain('scrypt');

    const login = await server.login('grid_xg1', 'xuege-2026');
    expect(login.user).toMatchObject({ id: user.id, displayName: '孙网格', role: 'grid_worker' });

    const list = userListReplySchema.parse(
      await (await server.api('/api/users', { token: adminToken })).json(),
    );
    expect(list.users.map((u) => u.username)).toEqual(
      expect.arrayContaining([...DEMO_ACCOUNTS.map((a) => a.username), 'grid_xg1']),
    );
  });

  it('writes an audit entry for the creation without the password or its hash', async () => {
    const { users } = userListReplySchema.parse(
      await (await server.api('/api/users', { token: adminToken })).json(),
    );
    const created = users.find((u) => u.username === 'grid_xg1');
    const admin = users.find((u) => u.username === 'admin');
    expect(created && admin).toBeTruthy();
    const rows = auditRowsFor(created?.id ?? '');
    expect(rows.map((r) => r.action)).toContain('user.create');
    const create = rows.find((r) => r.action === 'user.create');
    expect(create?.user_id).toBe(admin?.id);
    expect(JSON.parse(create?.detail ?? '{}')).toMatchObject({
      username: 'grid_xg1',
      unitId: '341602002001',
    });
    const hash = server.running.db
      .prepare('SELECT password_hash FROM users WHERE id = ?')
      .get(created?.id) as {
      password_hash: string;
    };
    const everything = JSON.stringify(server.running.db.prepare('SELECT * FROM audit_log').all());
    expect(everything).not.toContain(hash.password_hash);
    expect(everything).not.toContain('xuege-2026');
  });

  it('refuses a role on a unit of the wrong level with 400 and a message', async () => {
    const res = await server.api('/api/users', {
      token: adminToken,
      body: {
        username: 'misplaced',
        displayName: '错位',
        role: 'grid_worker',
        unitId: '341602',
        password: 'long-enough-1',
      },
    });
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe('role_unit_mismatch');
    expect(error.message).toContain('社区/网格级单位');
    expect(
      (await server.api('/api/auth/login', { body: { username: 'misplaced', password: 'long-enough-1' } }))
        .status,
    ).toBe(401);
  });

  it('refuses short passwords, unknown units and duplicate usernames', async () => {
    const base = { displayName: '新用户', role: 'county_staff', unitId: '341621' };
    const short = await server.api('/api/users', {
      token: adminToken,
      body: { ...base, username: 'newc', password: 'short7!' },
    });
    expect(short.status).toBe(400);
    expect((await errorOf(short)).message).toContain('密码至少 8 位');

    const unknown = await server.api('/api/users', {
      token: adminToken,
      body: { ...base, username: 'newc', password: 'long-enough-1', unitId: '341699' },
    });
    expect(unknown.status).toBe(400);
    expect((await errorOf(unknown)).code).toBe('unknown_unit');

    for (const username of ['county2', 'COUNTY2']) {
      const dup = await server.api('/api/users', {
        token: adminToken,
        body: { ...base, username, password: 'long-enough-1' },
      });
      expect(dup.status).toBe(409);
      expect((await errorOf(dup)).code).toBe('username_taken');
    }
  });

  it('answers 400, not 500, to a malformed body on an admin route', async () => {
    const res = await fetch(`${server.url}/api/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: '{"username": ',
    });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe('malformed_body');
  });

  it('changes a user: name, unit, password, and deactivation ends their sessions', async () => {
    const created = userReplySchema.parse(
      await (
        await server.api('/api/users', {
          token: adminToken,
          body: {
            username: 'mover',
            displayName: '调动',
            role: 'township_staff',
            unitId: '341602002',
            password: 'first-pass-1',
          },
        })
      ).json(),
    ).user;
    const patch = (body: unknown) =>
      server.api(`/api/users/${created.id}`, { token: adminToken, method: 'PATCH', body });

    const moved = await patch({ displayName: '调动后', unitId: '341621002' });
    expect(moved.status).toBe(200);
    expect(userReplySchema.parse(await moved.json()).user).toMatchObject({
      displayName: '调动后',
      unitName: '星园街道',
    });

    const wrongLevel = await patch({ unitId: '341621002001' });
    expect(wrongLevel.status).toBe(400);
    expect((await errorOf(wrongLevel)).code).toBe('role_unit_mismatch');
    expect((await patch({})).status).toBe(400);

    const session = await server.login('mover', 'first-pass-1');
    expect((await patch({ password: 'second-pass-2' })).status).toBe(200);
    expect((await server.api('/api/auth/whoami', { token: session.token })).status).toBe(401);
    const second = await server.login('mover', 'second-pass-2');

    const off = await patch({ active: false });
    expect(userReplySchema.parse(await off.json()).user.active).toBe(false);
    expect((await server.api('/api/auth/whoami', { token: second.token })).status).toBe(401);
    const refused = await server.api('/api/auth/login', {
      body: { username: 'mover', password: 'second-pass-2' },
    });
    expect(refused.status).toBe(403);
    expect((await errorOf(refused)).code).toBe('account_disabled');

    const actions = auditRowsFor(created.id).map((r) => r.action);
    expect(actions.filter((a) => a === 'user.update')).toHaveLength(3);
    const lastUpdate = auditRowsFor(created.id).filter((r) => r.action === 'user.update')[1];
    expect(JSON.parse(lastUpdate?.detail ?? '{}')).toMatchObject({ passwordChanged: true });
  });

  it('keeps at least one active administrator', async () => {
    const { user } = await server.login('admin');
    const res = await server.api(`/api/users/${user.id}`, {
      token: adminToken,
      method: 'PATCH',
      body: { active: false },
    });
    expect(res.status).toBe(409);
    expect((await errorOf(res)).code).toBe('last_admin');
    expect((await server.api('/api/auth/whoami', { token: adminToken })).status).toBe(200);
  });

  it('refuses every admin route to the other roles with 403 and to strangers with 401', async () => {
    const adminId = (await server.login('admin')).user.id;
    for (const account of DEMO_ACCOUNTS.filter((a) => a.role !== 'admin')) {
      const { token } = await server.login(account.username);
      const attempts = [
        server.api('/api/users', { token }),
        server.api('/api/units', { token }),
        server.api('/api/users', {
          token,
          body: {
            username: `x_${account.username}`,
            displayName: '越权',
            role: 'admin',
            unitId: '341600',
            password: 'long-enough-1',
          },
        }),
        server.api(`/api/users/${adminId}`, { token, method: 'PATCH', body: { password: 'taken-over' } }),
      ];
      for (const res of await Promise.all(attempts)) {
        expect(res.status, account.username).toBe(403);
        expect((await errorOf(res)).code).toBe('forbidden_role');
      }
    }
    expect((await server.api('/api/users')).status).toBe(401);
    expect((await server.api('/api/units')).status).toBe(401);
    expect(
      (await server.api(`/api/users/${adminId}`, { method: 'PATCH', body: { active: false } })).status,
    ).toBe(401);
    expect((await server.api('/api/users', { body: {} })).status).toBe(401);
  });
});

describe('organisation units', () => {
  it('gives the administrator the whole tree as a flat list with paths', async () => {
    const res = await server.api('/api/units', { token: adminToken });
    expect(res.status).toBe(200);
    const { units } = unitListReplySchema.parse(await res.json());
    expect(units.map((u) => u.id).sort()).toEqual(DEMO_UNITS.map((u) => u.id).sort());
    expect(units[0]).toMatchObject({
      id: '341600',
      name: '亳州市',
      level: 'city',
      path: '341600',
      parentId: null,
    });
    expect(units.find((u) => u.id === '341621002002')).toMatchObject({
      name: '星园社区第二网格',
      level: 'grid',
      path: '341600/341621/341621002/341621002002',
    });
  });

  it("refuses a grid worker another county's unit (403) and shows them their own grid", async () => {
    const { token } = await server.login('grid');
    const other = await server.api('/api/units/341621', { token });
    expect(other.status).toBe(403);
    expect((await errorOf(other)).code).toBe('out_of_scope');
    expect((await server.api('/api/units/341602001002', { token })).status).toBe(403);
    expect((await server.api('/api/units/341602001', { token })).status).toBe(403);

    const own = await server.api('/api/units/341602001001', { token });
    expect(own.status).toBe(200);
    const detail = unitDetailReplySchema.parse(await own.json());
    expect(detail.unit.name).toBe('花戏楼社区第一网格');
    expect(detail.children).toEqual([]);
  });

  it('shows county staff their county with its townships, and not the neighbouring county', async () => {
    const { token } = await server.login('county');
    const res = await server.api('/api/units/341602', { token });
    expect(res.status).toBe(200);
    const { unit, children } = unitDetailReplySchema.parse(await res.json());
    expect(unit.name).toBe('谯城区');
    expect(children.map((c) => c.name)).toEqual(['花戏楼街道', '薛阁街道']);
    expect((await server.api('/api/units/341621001', { token })).status).toBe(403);
    expect((await server.api('/api/units/341600', { token })).status).toBe(403);
  });

  it('answers 404 for an unknown unit and 400 for a malformed code', async () => {
    const { token } = await server.login('city');
    expect((await server.api('/api/units/341699', { token })).status).toBe(404);
    expect((await server.api('/api/units/%E4%BA%B3', { token })).status).toBe(400);
  });
});

describe('audit log', () => {
  it('records the seed and refuses UPDATE and DELETE', () => {
    const db = server.running.db;
    const seeded = db
      .prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'user.create' AND user_id IS NULL")
      .get() as { n: number };
    expect(seeded.n).toBe(DEMO_ACCOUNTS.length);
    expect(() => db.prepare("UPDATE audit_log SET action = 'tampered'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(
      (db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'tampered'").get() as { n: number }).n,
    ).toBe(0);
  });
});
