import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PushReply } from '../../shared/sync/changes';
import { startDemoServer, type DemoServer } from './demo-server';
import { call, edit, push } from './sync-fixtures';

let server: DemoServer;
let tokens: Record<'grid' | 'township' | 'county' | 'county2', string>;
const DEVICE = randomUUID();

beforeAll(async () => {
  server = await startDemoServer();
  const names = ['grid', 'township', 'county', 'county2'] as const;
  const replies = await Promise.all(names.map((name) => server.login(name)));
  tokens = Object.fromEntries(names.map((name, i) => [name, replies[i]?.token ?? ''])) as typeof tokens;
});

afterAll(async () => {
  await server?.close();
});

const round = (unitId: string) =>
  edit('visitRound', randomUUID(), unitId, {
    unitId: [null, unitId],
    name: [null, '2026年春季入户走访'],
    startDate: [null, '2026-03-01'],
    endDate: [null, '2026-04-30'],
    householdIds: [null, []],
  });

describe('visit rounds through sync', () => {
  it('lets township staff plan a round for their township, which the grid worker then pulls', async () => {
    const change = round('341602001');
    const reply = await push(server, tokens.township, DEVICE, [change]);
    expect(reply.status).toBe(200);
    expect((reply.body as PushReply).results[0]?.status).toBe('applied');
    const pulled = await call<{ records: { id: string }[] }>(
      server.url,
      tokens.grid,
      'GET',
      '/api/sync/pull?since=0&limit=100',
    );
    expect(pulled.body.records.some((r) => r.id === change.id)).toBe(true);
  });

  it('keeps another township’s round from this grid’s worker', async () => {
    const change = round('341602002');
    const pushed = await push(server, tokens.county, DEVICE, [change]);
    expect((pushed.body as PushReply).results[0]?.status).toBe('applied');
    const pulled = await call<{ records: { id: string }[] }>(
      server.url,
      tokens.grid,
      'GET',
      '/api/sync/pull?since=0&limit=100',
    );
    expect(pulled.body.records.some((r) => r.id === change.id)).toBe(false);
  });

  it('refuses a round pushed by a grid worker, with a reason in Chinese', async () => {
    const reply = await push(server, tokens.grid, DEVICE, [round('341602001001')]);
    const result = (reply.body as PushReply).results[0];
    expect(result?.status).toBe('rejected');
    expect(result?.error?.message).toContain('走访轮次只能由乡镇（街道）工会或县总帮扶中心安排');
  });
});

describe('training photos', () => {
  it('can be downloaded within the training’s scope and not from another county', async () => {
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Buffer.from('training photo')]);
    const sha = createHash('sha256').update(bytes).digest('hex');
    const upload = await call(server.url, tokens.township, 'PUT', `/api/attachments/${sha}`, bytes, {
      'content-type': 'application/octet-stream',
      'upload-offset': '0',
      'upload-length': String(bytes.length),
    });
    expect(upload.status).toBeLessThan(300);

    const before = await call(server.url, tokens.county, 'GET', `/api/attachments/${sha}`);
    expect(before.status).toBe(403);

    const training = edit('training', randomUUID(), '341602001', {
      unitId: [null, '341602001'],
      date: [null, '2026-03-10'],
      topic: [null, '困难职工帮扶政策'],
      photoShas: [null, [sha]],
    });
    const pushed = await push(server, tokens.township, DEVICE, [training]);
    expect((pushed.body as PushReply).results[0]?.status).toBe('applied');

    const download = await fetch(`${server.url}/api/attachments/${sha}`, {
      headers: { authorization: `Bearer ${tokens.county}` },
    });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);

    const otherCounty = await call(server.url, tokens.county2, 'GET', `/api/attachments/${sha}`);
    expect(otherCounty.status).toBe(403);
  });
});
