/**
 * Request bodies the tablet compresses before they leave (push batches, bundle files): JSON shrinks to a
 * fifth or less with gzip, and on a 40 KB/s link that is the difference between seconds and a minute.
 * The server inflates them and applies its limits to the inflated bytes (docs/sync-protocol.md, section
 * 13). Browsers without `CompressionStream` send the body as it is.
 */

/** Bodies smaller than this go plain: the gzip header and the work would eat the gain. */
export const GZIP_MIN_BYTES = 1024;

/** Whether this browser can gzip a request body. */
export function canGzip(): boolean {
  return typeof CompressionStream === 'function';
}

/** The bytes of `blob` gzipped (RFC 1952), as a Blob; streams, so a 50 MB bundle is never a string. */
export async function gzipBlob(blob: Blob): Promise<Blob> {
  const stream = blob.stream().pipeThrough(new CompressionStream('gzip'));
  return new Response(stream).blob();
}

/** A body ready to send: the bytes, and the Content-Encoding to declare (null: sent as it is). */
export interface EncodedBody {
  body: Blob;
  encoding: 'gzip' | null;
}

/**
 * Gzips `blob` when it is worth it and the browser can; otherwise (or if compressing fails) the blob goes
 * as it is. A compressed result that is not smaller is dropped too (e.g. a bundle of photos only).
 */
export async function encodeBody(blob: Blob, allowed = true): Promise<EncodedBody> {
  if (!allowed || blob.size < GZIP_MIN_BYTES || !canGzip()) return { body: blob, encoding: null };
  try {
    const gzipped = await gzipBlob(blob);
    return gzipped.size < blob.size ? { body: gzipped, encoding: 'gzip' } : { body: blob, encoding: null };
  } catch {
    return { body: blob, encoding: null };
  }
}
