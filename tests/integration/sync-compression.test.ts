import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PushReply } from '../../shared/sync/changes';
import type { PullReply } from '../../shared/sync/protocol';
import {
  dbState,
  edit,
  newHousehold,
  push,
  pushBody,
  startSyncTestServer,
  type SyncTestServer,
} from './sync-fixtures';

/**
 * Compression both ways (docs/sync-protocol.md, section 13): gzip request bodies are applied exactly like
 * plain ones and their limits count inflated bytes without inflating a bomb into memory; JSON replies are
 * compressed when asked; attachment bytes never are.
 */

const GRID = '341602001001';
const MB = 1024 * 1024;

let server: SyncTestServer;
let other: SyncTestServer;
let token: string;
beforeAll(async () => {
  [server, other] = await Promise.all([startSyncTestServer(), startSyncTestServer()]);
  token = server.accounts.grid.token;
});
afterAll(async () => {
  await Promise.all([server.close(), other.close()]);
});

interface RawReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The bytes as they came over the wire (still compressed). */
  wire: Buffer;
}

/** A request through node:http, which adds no Accept-Encoding and decompresses nothing. */
function rawRequest(
  base: string,
  options: { method: string; path: string; headers?: Record<string, string>; body?: Buffer },
): Promise<RawReply> {
  const url = new URL(options.path, base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, method: options.method },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (part: Buffer) => parts.push(part));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, wire: Buffer.concat(parts) }),
        );
        res.on('error', reject);
      },
    );
    for (const [name, value] of Object.entries(options.headers ?? {})) req.setHeader(name, value);
    req.on('error', reject);
    req.end(options.body);
  });
}

function decoded(reply: RawReply): unknown {
  const encoding = reply.headers['content-encoding'];
  const bytes =
    encoding === 'gzip'
      ? zlib.gunzipSync(reply.wire)
      : encoding === 'br'
        ? zlib.brotliDecompressSync(reply.wire)
        : reply.wire;
  return JSON.parse(bytes.toString('utf8'));
}

const NAMES = ['张秀英', '李建国', '王桂兰', '刘志强', '陈玉梅', '杨德胜', '赵春花', '黄国庆'];
const STREETS = ['花戏楼路', '药都大道', '光明路', '魏武大道', '汤王大道'];

/** A household with the kind of values a real visit fills in (names, addresses, numbers, a few words). */
function realisticHousehold(i: number) {
  return newHousehold(GRID, {
    headName: NAMES[i % NAMES.length] ?? '张三',
    mobile: `139${String(10_000_000 + ((i * 7_919) % 89_999_999)).padStart(8, '0')}`,
    address: `亳州市谯城区${STREETS[i % STREETS.length]}${(i * 37) % 400}号${(i % 6) + 1}单元${(i % 30) + 1}0${(i % 4) + 1}室`,
    housingAreaM2: 30 + ((i * 13) % 90),
    headMonthlyIncomeFen: 80_000 + ((i * 7_331) % 300_000),
    employerName: `亳州市${STREETS[(i + 2) % STREETS.length]}第${(i % 9) + 1}制药厂`,
    grassrootsOpinion: `经入户核实，该户${(i % 3) + 2}口人，家庭人均月收入低于当地标准，情况属实，同意上报。`,
  });
}

function gzipPushRequest(body: unknown): { body: Buffer; headers: Record<string, string> } {
  return {
    body: zlib.gzipSync(Buffer.from(JSON.stringify(body))),
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    },
  };
}

/** A gzip stream of `bytes` zeros, built a megabyte at a time (never the inflated bytes in memory). */
async function gzipBomb(bytes: number): Promise<Buffer> {
  const gzip = zlib.createGzip({ level: 9 });
  const parts: Buffer[] = [];
  gzip.on('data', (part: Buffer) => parts.push(part));
  const done = new Promise((resolve) => gzip.on('end', resolve));
  const zeros = Buffer.alloc(MB, '0');
  for (let sent = 0; sent < bytes; sent += MB) {
    if (!gzip.write(zeros)) await new Promise((resolve) => gzip.once('drain', resolve));
  }
  gzip.end();
  await done;
  return Buffer.concat(parts);
}

function storedRecords(target: SyncTestServer) {
  return target.db
    .prepare('SELECT id, type, unit_id, rev, deleted, data FROM sync_records ORDER BY id')
    .all();
}

describe('compressed request bodies', () => {
  it('applies a gzip push exactly like the same push sent plain', async () => {
    const deviceId = randomUUID();
    const changes = Array.from({ length: 40 }, (_, i) => realisticHousehold(i));
    const plain = await push(other, other.accounts.grid.token, deviceId, changes);
    const request = gzipPushRequest(pushBody(deviceId, changes));
    const plainBytes = Buffer.byteLength(JSON.stringify(pushBody(deviceId, changes)));
    expect(request.body.length).toBeLessThan(plainBytes / 3);
    console.info(`[sizes] push of 40 households: plain ${plainBytes} B, gzip ${request.body.length} B`);
    const gzipped = await rawRequest(server.url, { method: 'POST', path: '/api/sync/push', ...request });
    expect(gzipped.status).toBe(200);
    const reply = decoded(gzipped) as PushReply;
    const summary = (r: PushReply) =>
      r.results.map(({ changeId, status, rev }) => ({ changeId, status, rev }));
    expect(summary(reply)).toEqual(summary(plain.body));
    expect(reply.results.every((r) => r.status === 'applied')).toBe(true);
    expect(storedRecords(server)).toEqual(storedRecords(other));

    // The same gzip body again is answered from the idempotency table, as a plain retry would be.
    const before = dbState(server.db);
    const again = decoded(
      await rawRequest(server.url, { method: 'POST', path: '/api/sync/push', ...request }),
    ) as PushReply;
    expect(summary(again)).toEqual(summary(reply));
    expect(dbState(server.db)).toEqual(before);
  });

  it('refuses a small gzip body that inflates past 1 MB with 413, quickly and without inflating it', async () => {
    // 256 MB of zeros in about 250 kB: far past the 1 MB push limit once inflated.
    const bomb = await gzipBomb(256 * MB);
    expect(bomb.length).toBeLessThan(400 * 1024);
    const before = dbState(server.db);
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    const reply = await rawRequest(server.url, {
      method: 'POST',
      path: '/api/sync/push',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'content-encoding': 'gzip',
      },
      body: bomb,
    });
    const elapsed = performance.now() - started;
    const growth = process.memoryUsage().rss - rssBefore;
    console.info(
      `[bomb] ${bomb.length} B inflating to 256 MB: answered ${reply.status} in ${Math.round(elapsed)} ms, ` +
        `rss +${(growth / MB).toFixed(1)} MB`,
    );
    expect(reply.status).toBe(413);
    const body = decoded(reply) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('push_too_large');
    expect(body.error.message).toMatch(/[\u4e00-\u9fff]/);
    expect(dbState(server.db)).toEqual(before);
    // Stopped at the limit: a few MB of buffers at most, never the 256 MB.
    expect(growth).toBeLessThan(48 * MB);
    expect(elapsed).toBeLessThan(5_000);
    // The server still answers.
    const after = await push(server, token, randomUUID(), [newHousehold(GRID)]);
    expect(after.status).toBe(200);
  });

  it('refuses a gzip bundle that inflates past 50 MB with 413 bundle_too_large', async () => {
    const bomb = await gzipBomb(64 * MB);
    const reply = await rawRequest(server.url, {
      method: 'POST',
      path: '/api/sync/bundles',
      headers: {
        authorization: `Bearer ${server.accounts.township.token}`,
        'content-type': 'application/octet-stream',
        'content-encoding': 'gzip',
      },
      body: bomb,
    });
    expect(reply.status).toBe(413);
    expect((decoded(reply) as { error: { code: string } }).error.code).toBe('bundle_too_large');
  });

  it('refuses a compressed attachment chunk with 415 and a Chinese message, storing nothing', async () => {
    const file = Buffer.alloc(64 * 1024, 'photo');
    const sha = createHash('sha256').update(file).digest('hex');
    const reply = await rawRequest(server.url, {
      method: 'PUT',
      path: `/api/attachments/${sha}`,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/offset+octet-stream',
        'content-encoding': 'gzip',
        'upload-offset': '0',
        'upload-length': String(file.length),
      },
      body: zlib.gzipSync(file),
    });
    expect(reply.status).toBe(415);
    const body = decoded(reply) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('unsupported_encoding');
    expect(body.error.message).toMatch(/照片/);
    const head = await rawRequest(server.url, {
      method: 'HEAD',
      path: `/api/attachments/${sha}`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(head.headers['upload-offset']).toBe('0');
  });
});

describe('compressed replies', () => {
  const pullPath = '/api/sync/pull?since=0&limit=1000';
  let plain: RawReply;

  beforeAll(async () => {
    // 1,000 households of one grid on the server: one full pull page.
    for (let start = 0; start < 1000; start += 250) {
      const changes = Array.from({ length: 250 }, (_, i) => realisticHousehold(start + i));
      const reply = await push(other, other.accounts.grid.token, randomUUID(), changes);
      expect(reply.status).toBe(200);
    }
    plain = await rawRequest(other.url, {
      method: 'GET',
      path: pullPath,
      headers: { authorization: `Bearer ${other.accounts.grid.token}` },
    });
  });

  it('sends a pull page plain when the client does not ask for compression', () => {
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect((decoded(plain) as PullReply).records.length).toBe(1000);
  });

  it('compresses a pull page with gzip or brotli when asked, to the same JSON', async () => {
    const ask = (acceptEncoding: string) =>
      rawRequest(other.url, {
        method: 'GET',
        path: pullPath,
        headers: { authorization: `Bearer ${other.accounts.grid.token}`, 'accept-encoding': acceptEncoding },
      });
    const gzip = await ask('gzip');
    const br = await ask('gzip, deflate, br');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(br.headers['content-encoding']).toBe('br');
    expect(gzip.headers.vary).toMatch(/accept-encoding/i);
    expect(decoded(gzip)).toEqual(decoded(plain));
    expect(decoded(br)).toEqual(decoded(plain));
    expect(gzip.wire.length).toBeLessThan(plain.wire.length / 5);
    expect(br.wire.length).toBeLessThan(gzip.wire.length);
    console.info(
      `[sizes] 1,000-record pull page: plain ${plain.wire.length} B, gzip ${gzip.wire.length} B, ` +
        `br(q5) ${br.wire.length} B, gzip -9 ${zlib.gzipSync(plain.wire, { level: 9 }).length} B, ` +
        `br(q11) ${zlib.brotliCompressSync(plain.wire).length} B`,
    );
  });

  it('leaves small replies plain', async () => {
    const reply = await rawRequest(other.url, {
      method: 'GET',
      path: '/api/health',
      headers: { 'accept-encoding': 'gzip, br' },
    });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-encoding']).toBeUndefined();
  });

  it('never compresses attachment downloads and keeps their Content-Length', async () => {
    // Very compressible bytes, so only the rule (not the content type) keeps them plain.
    const file = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200 * 1024, 'a')]);
    const sha = createHash('sha256').update(file).digest('hex');
    const put = await rawRequest(server.url, {
      method: 'PUT',
      path: `/api/attachments/${sha}`,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/offset+octet-stream',
        'upload-offset': '0',
        'upload-length': String(file.length),
      },
      body: file,
    });
    expect(put.status).toBe(201);
    const household = newHousehold(GRID);
    const attachment = edit('attachment', randomUUID(), GRID, {
      householdId: [null, household.id],
      sha256: [null, sha],
      mimeType: [null, 'image/jpeg'],
      bytes: [null, file.length],
      kind: [null, 'photo'],
      capturedAt: [null, '2026-03-02T08:00:00.000Z'],
    });
    const pushed = await push(server, token, randomUUID(), [household, attachment]);
    expect(pushed.body.results.map((r) => r.status)).toEqual(['applied', 'applied']);

    const download = await rawRequest(server.url, {
      method: 'GET',
      path: `/api/attachments/${sha}`,
      headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(download.status).toBe(200);
    expect(download.headers['content-encoding']).toBeUndefined();
    expect(download.headers['content-length']).toBe(String(file.length));
    expect(download.wire.equals(file)).toBe(true);
  });
});
