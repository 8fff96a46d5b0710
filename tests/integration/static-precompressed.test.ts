import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../sync-server/server';

/**
 * The app's hashed files as the build compressed them (sync-server/http/precompressed.ts): the brotli copy
 * when the browser accepts br, the gzip one when it accepts only gzip, the file itself otherwise — the same
 * bytes once decoded, with the same cache headers.
 */

const SCRIPT = `export const words = ${JSON.stringify('困难职工精准帮扶 '.repeat(400))};\n`;

let server: RunningServer;
let root: string;
beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'bangfu-static-'));
  const staticDir = path.join(root, 'client');
  fs.mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><div id="root"></div>');
  const file = path.join(staticDir, 'assets', 'index-abc123.js');
  fs.writeFileSync(file, SCRIPT);
  fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(SCRIPT));
  fs.writeFileSync(`${file}.gz`, zlib.gzipSync(SCRIPT));
  // A file the build left without copies: compressed on the fly, as before.
  fs.writeFileSync(path.join(staticDir, 'assets', 'plain-def456.css'), `body{color:red}${' '.repeat(2000)}`);
  server = await startServer({
    host: '127.0.0.1',
    port: 0,
    dataDir: path.join(root, 'data'),
    staticDir,
    sessionTtlHours: 24,
  });
});
afterAll(async () => {
  await server.close();
  fs.rmSync(root, { recursive: true, force: true });
});

function get(
  pathname: string,
  acceptEncoding?: string,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const headers = acceptEncoding === undefined ? {} : { 'Accept-Encoding': acceptEncoding };
    http
      .get(`${server.url}${pathname}`, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      })
      .on('error', reject);
  });
}

describe('pre-compressed app files', () => {
  it('sends the brotli copy to a browser that accepts br, as JavaScript, cached for a year', async () => {
    const reply = await get('/assets/index-abc123.js', 'gzip, deflate, br');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-encoding']).toBe('br');
    expect(reply.headers['content-type']).toMatch(/^text\/javascript/);
    expect(reply.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(reply.headers.vary).toMatch(/Accept-Encoding/i);
    expect(zlib.brotliDecompressSync(reply.body).toString()).toBe(SCRIPT);
  });

  it('sends the gzip copy when only gzip is accepted, and the file itself when nothing is', async () => {
    const gz = await get('/assets/index-abc123.js', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.body).toString()).toBe(SCRIPT);

    const plain = await get('/assets/index-abc123.js', 'identity');
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(SCRIPT);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('never serves the copies under their own names or outside the assets folder', async () => {
    const missing = await get('/assets/nothing-here.js', 'br');
    expect(missing.headers['content-encoding']).toBeUndefined();
    const traversal = await get('/assets/..%2Findex.html', 'br');
    expect(traversal.headers['content-encoding']).not.toBe('br');
  });

  it('still compresses, on the fly, a file the build left without copies', async () => {
    const reply = await get('/assets/plain-def456.css', 'br');
    expect(reply.headers['content-encoding']).toBe('br');
    expect(reply.headers['content-type']).toMatch(/^text\/css/);
    expect(zlib.brotliDecompressSync(reply.body).toString()).toMatch(/^body\{color:red\}/);
  });
});
