import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, edit, newHousehold, push, startSyncTestServer, type SyncTestServer } from './sync-fixtures';

const GRID = '341602001001';
const MiB = 1024 * 1024;

let server: SyncTestServer;
let token: string;
beforeAll(async () => {
  server = await startSyncTestServer();
  token = server.accounts.grid.token;
});
afterAll(() => server.close());

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function putChunk(sha: string, offset: number, length: number, chunk: Buffer, who = token) {
  return call<{ error?: { code: string; details?: { offset: number } } }>(
    server.url,
    who,
    'PUT',
    `/api/attachments/${sha}`,
    chunk,
    {
      'content-type': 'application/offset+octet-stream',
      'upload-offset': String(offset),
      'upload-length': String(length),
    },
  );
}

/** Sends the headers of a chunk and only part of its body, then drops the connection: a cut mid-upload. */
function cutChunk(sha: string, offset: number, length: number, chunk: Buffer): Promise<void> {
  const url = new URL(`${server.url}/api/attachments/${sha}`);
  return new Promise((resolve) => {
    const req = http.request({
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: 'PUT',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/offset+octet-stream',
        'content-length': String(chunk.length),
        'upload-offset': String(offset),
        'upload-length': String(length),
      },
    });
    req.on('error', () => resolve());
    req.on('close', () => resolve());
    req.write(chunk.subarray(0, chunk.length / 2), () => setTimeout(() => req.destroy(), 100));
  });
}

async function head(sha: string) {
  const reply = await fetch(`${server.url}/api/attachments/${sha}`, {
    method: 'HEAD',
    headers: { authorization: `Bearer ${token}` },
  });
  return {
    status: reply.status,
    offset: reply.headers.get('upload-offset'),
    length: reply.headers.get('upload-length'),
  };
}

async function attachToNewHousehold(sha: string, bytes: number) {
  const household = newHousehold(GRID);
  const attachment = edit('attachment', randomUUID(), GRID, {
    householdId: [null, household.id],
    sha256: [null, sha],
    mimeType: [null, 'image/jpeg'],
    bytes: [null, bytes],
    kind: [null, 'photo'],
    capturedAt: [null, '2026-03-02T08:00:00.000Z'],
  });
  const reply = await push(server, token, randomUUID(), [household, attachment]);
  expect(reply.body.results.map((r) => r.status)).toEqual(['applied', 'applied']);
}

describe('attachment upload', () => {
  it('resumes after a cut in the middle and stores the file under its hash', async () => {
    const file = randomBytes(2.5 * MiB);
    const sha = sha256(file);
    expect(await head(sha)).toMatchObject({ status: 404, offset: '0' });

    expect((await putChunk(sha, 0, file.length, file.subarray(0, MiB))).status).toBe(204);
    await cutChunk(sha, MiB, file.length, file.subarray(MiB, 2 * MiB));
    // The server kept what had fully arrived and says where to go on.
    expect(await head(sha)).toMatchObject({ status: 404, offset: String(MiB), length: String(file.length) });

    const wrong = await putChunk(sha, 0, file.length, file.subarray(0, MiB));
    expect(wrong.status).toBe(409);
    expect(wrong.body.error).toMatchObject({ code: 'offset_mismatch', details: { offset: MiB } });
    expect(wrong.headers.get('upload-offset')).toBe(String(MiB));

    expect((await putChunk(sha, MiB, file.length, file.subarray(MiB, 2 * MiB))).status).toBe(204);
    const last = await putChunk(sha, 2 * MiB, file.length, file.subarray(2 * MiB));
    expect(last.status).toBe(201);
    expect(await head(sha)).toMatchObject({ status: 200, offset: String(file.length) });
    const stored = path.join(server.dataDir, 'attachments', sha.slice(0, 2), sha);
    expect(sha256(fs.readFileSync(stored))).toBe(sha);

    // Stored once however many records point to it; uploading it again changes nothing.
    expect((await putChunk(sha, 0, file.length, file.subarray(0, MiB))).status).toBe(200);
    await attachToNewHousehold(sha, file.length);
    await attachToNewHousehold(sha, file.length);
    expect(fs.readdirSync(path.dirname(stored))).toEqual([sha]);

    const download = await fetch(`${server.url}/api/attachments/${sha}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/jpeg');
    expect(sha256(Buffer.from(await download.arrayBuffer()))).toBe(sha);
  });

  it('refuses bytes that do not match their hash and discards them', async () => {
    const file = randomBytes(1000);
    const claimed = sha256(Buffer.from('something else'));
    const reply = await putChunk(claimed, 0, file.length, file);
    expect(reply.status).toBe(422);
    expect(reply.body.error?.code).toBe('hash_mismatch');
    expect(await head(claimed)).toMatchObject({ status: 404, offset: '0' });
    expect(fs.existsSync(path.join(server.dataDir, 'attachments', claimed.slice(0, 2), claimed))).toBe(false);
  });

  it('refuses files over 10 MiB, chunks over 1 MiB and chunks past the declared size', async () => {
    const sha = sha256(Buffer.from('big'));
    const big = await putChunk(sha, 0, 10 * MiB + 1, Buffer.alloc(10));
    expect(big.status).toBe(413);
    expect(big.body.error?.code).toBe('attachment_too_large');
    const chunk = await putChunk(sha, 0, 2 * MiB, Buffer.alloc(MiB + 1));
    expect(chunk.status).toBe(413);
    const past = await putChunk(sha, 0, 10, Buffer.alloc(11));
    expect(past.status).toBe(400);
  });

  it('lets only users whose scope holds an attachment record download the file', async () => {
    const file = randomBytes(5000);
    const sha = sha256(file);
    expect((await putChunk(sha, 0, file.length, file)).status).toBe(201);
    const get = (who: string) =>
      fetch(`${server.url}/api/attachments/${sha}`, { headers: { authorization: `Bearer ${who}` } });
    // No record points to it yet: nobody may read it, not even the uploader.
    expect((await get(token)).status).toBe(403);
    await attachToNewHousehold(sha, file.length);
    expect((await get(token)).status).toBe(200);
    expect((await get(server.accounts.county.token)).status).toBe(200);
    expect((await get(server.accounts.grid2.token)).status).toBe(403);
    expect((await get(server.accounts.county2.token)).status).toBe(403);
  });
});
