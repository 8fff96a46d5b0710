import { afterEach, describe, expect, it, vi } from 'vitest';
import { GZIP_MIN_BYTES, encodeBody, gzipBlob } from './compress';

const gunzip = (blob: Blob) =>
  new Response(blob.stream().pipeThrough(new DecompressionStream('gzip'))).text();

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('request body compression', () => {
  const json = JSON.stringify({
    changes: Array.from({ length: 200 }, (_, i) => ({ id: i, headName: '张秀英', address: '亳州市谯城区' })),
  });

  it('gzips a JSON body to a fraction of its size, inflating back to the same bytes', async () => {
    const blob = new Blob([json], { type: 'application/json' });
    const encoded = await encodeBody(blob);
    expect(encoded.encoding).toBe('gzip');
    expect(encoded.body.size).toBeLessThan(blob.size / 5);
    expect(await gunzip(encoded.body)).toBe(json);
  });

  it('sends small bodies plain', async () => {
    const blob = new Blob(['x'.repeat(GZIP_MIN_BYTES - 1)]);
    expect(await encodeBody(blob)).toEqual({ body: blob, encoding: null });
  });

  it('sends plain what does not get smaller (already compressed bytes)', async () => {
    const random = new Uint8Array(8 * 1024);
    crypto.getRandomValues(random);
    const blob = new Blob([random]);
    expect((await encodeBody(blob)).encoding).toBeNull();
    // gzip of random bytes is larger than the bytes themselves.
    expect((await gzipBlob(blob)).size).toBeGreaterThan(blob.size);
  });

  it('sends plain when not allowed or when the browser has no CompressionStream', async () => {
    const blob = new Blob([json]);
    expect((await encodeBody(blob, false)).encoding).toBeNull();
    vi.stubGlobal('CompressionStream', undefined);
    expect(await encodeBody(blob)).toEqual({ body: blob, encoding: null });
  });
});
