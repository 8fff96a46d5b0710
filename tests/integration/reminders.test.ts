import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from './demo-server';

/**
 * 督办提醒 (docs/dynamic-management.md, "Data monitoring"): the city reminds a county that lags, a county
 * one of its townships; the receiving unit sees it and acknowledges; both steps are audited, and nobody
 * reminds a unit outside their scope or of the wrong level.
 */

let server: DemoServer;
const tokens: Record<string, string> = {};

async function call(user: string, method: string, path: string, body?: unknown) {
  const res = await server.api(path, { token: tokens[user], method, body });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  server = await startDemoServer();
  for (const user of ['city', 'county', 'county2', 'township', 'grid', 'admin']) {
    tokens[user] = (await server.login(user)).token;
  }
});
afterAll(async () => {
  await server.close();
});

describe('督办提醒', () => {
  it('the city reminds a county; the county sees it, acknowledges it once, and both steps are audited', async () => {
    const sent = await call('city', 'POST', '/api/reminders', {
      unitId: '341602',
      message: '谯城区：及时发放率 40%，请尽快发放。',
    });
    expect(sent.status).toBe(201);
    const reminder = sent.body.reminder as { id: string; toUnitName: string; acknowledgedAt: string | null };
    expect(reminder.acknowledgedAt).toBeNull();

    const inbox = await call('county', 'GET', '/api/reminders');
    const received = inbox.body.received as { id: string; message: string; fromUserName: string }[];
    expect(received.map((r) => r.id)).toContain(reminder.id);
    expect(received.find((r) => r.id === reminder.id)?.fromUserName).toBe('李市总');
    // Another county does not receive it, and cannot acknowledge it.
    const other = await call('county2', 'GET', '/api/reminders');
    expect((other.body.received as unknown[]).length).toBe(0);
    expect((await call('county2', 'POST', `/api/reminders/${reminder.id}/acknowledge`)).status).toBe(404);

    const ack = await call('county', 'POST', `/api/reminders/${reminder.id}/acknowledge`);
    expect(ack.status).toBe(200);
    const acknowledged = ack.body.reminder as { acknowledgedAt: string | null; acknowledgedByName: string };
    expect(acknowledged.acknowledgedAt).not.toBeNull();
    expect(acknowledged.acknowledgedByName).toBe('王县总');
    // The sender sees that it was read.
    const outbox = await call('city', 'GET', '/api/reminders');
    const mine = (outbox.body.sent as { id: string; acknowledgedAt: string | null }[]).find(
      (r) => r.id === reminder.id,
    );
    expect(mine?.acknowledgedAt).toBe(acknowledged.acknowledgedAt);

    const audit = server.running.db
      .prepare("SELECT action FROM audit_log WHERE entity_type = 'reminder' AND entity_id = ? ORDER BY rowid")
      .all(reminder.id) as { action: string }[];
    expect(audit.map((a) => a.action)).toEqual(['reminder.send', 'reminder.acknowledge']);
    // A second acknowledgement changes nothing and writes nothing.
    await call('county', 'POST', `/api/reminders/${reminder.id}/acknowledge`);
    const again = server.running.db
      .prepare("SELECT count(*) AS n FROM audit_log WHERE entity_type = 'reminder' AND entity_id = ?")
      .get(reminder.id) as { n: number };
    expect(again.n).toBe(2);
  });

  it('a county reminds its own township only', async () => {
    const ok = await call('county', 'POST', '/api/reminders', {
      unitId: '341602001',
      message: '请于本月底前完成在档走访。',
    });
    expect(ok.status).toBe(201);
    expect(
      ((await call('township', 'GET', '/api/reminders')).body.received as unknown[]).length,
    ).toBeGreaterThan(0);
    // Another county's township is outside the scope; a grid is not the next level down.
    const foreign = await call('county2', 'POST', '/api/reminders', {
      unitId: '341602001',
      message: '请尽快完成走访。',
    });
    expect(foreign.status).toBe(404);
    expect((foreign.body.error as { message: string }).message).toContain('管辖范围');
    const grid = await call('county', 'POST', '/api/reminders', {
      unitId: '341602001001',
      message: '请尽快走访。',
    });
    expect(grid.status).toBe(400);
    expect((grid.body.error as { message: string }).message).toBe('县总只能向乡镇（街道）发送督办提醒');
  });

  it('refuses the wrong roles and bad bodies in Chinese', async () => {
    expect((await call('grid', 'GET', '/api/reminders')).status).toBe(403);
    expect((await call('admin', 'GET', '/api/reminders')).status).toBe(403);
    const township = await call('township', 'POST', '/api/reminders', {
      unitId: '341602001001',
      message: '请尽快走访。',
    });
    expect(township.status).toBe(403);
    const short = await call('city', 'POST', '/api/reminders', { unitId: '341602', message: '快' });
    expect(short.status).toBe(400);
    expect(JSON.stringify(short.body)).toContain('提醒内容至少 4 个字');
    const extra = await call('city', 'POST', '/api/reminders', {
      unitId: '341602',
      message: '请尽快发放。',
      sentAt: '2020-01-01',
    });
    expect(extra.status).toBe(400);
  });
});
