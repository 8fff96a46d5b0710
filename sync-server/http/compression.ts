import compression from 'compression';
import type { Request, RequestHandler, Response } from 'express';
import zlib from 'node:zlib';
import { HttpError } from './errors';

/**
 * Compressed replies and the one place that refuses compressed request bodies (docs/sync-protocol.md,
 * section 13).
 *
 * Replies: the `compression` middleware (expressjs org) negotiates Accept-Encoding with q-values, sets
 * `Vary: Accept-Encoding`, honours `Cache-Control: no-transform`, leaves HEAD and tiny bodies alone and
 * streams. Brotli at quality 5 when the client accepts `br`, gzip (level 6) otherwise; bodies under 1 KB go
 * plain (the headers would eat the gain). Measured on a 1,000-record pull page of 500 kB: gzip 49.5 kB in
 * ~5 ms, br q4 49.2 kB in ~4 ms, br q5 45.8 kB in ~8 ms, br q6 44.8 kB in ~10 ms, br q9 44.0 kB in ~53 ms:
 * q5 is the cheapest level clearly smaller than gzip.
 *
 * Request bodies need nothing here: body-parser (express.json, express.raw) inflates gzip, deflate and br
 * itself and counts its `limit` on the INFLATED bytes as they stream out of zlib, stopping at the limit
 * (a small body that inflates past it is a 413 after at most limit + one 16 KB zlib chunk in memory).
 */

/** Replies smaller than this go uncompressed. */
export const COMPRESSION_THRESHOLD_BYTES = 1024;

/** Brotli quality for replies (0–11); the middleware's default, 4, is hardly smaller than gzip. */
export const BROTLI_QUALITY = 5;

/**
 * Attachment bytes are JPEG/PNG, already compressed: never re-compressed, and their `Content-Length`
 * stays (a tablet shows download progress from it).
 */
function isAttachmentPath(req: Request): boolean {
  return req.originalUrl.startsWith('/api/attachments/');
}

function shouldCompress(req: Request, res: Response): boolean {
  if (isAttachmentPath(req)) return false;
  return compression.filter(req, res);
}

export function compressReplies(): RequestHandler {
  return compression({
    threshold: COMPRESSION_THRESHOLD_BYTES,
    filter: shouldCompress,
    brotli: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY } },
  });
}

export const ENCODED_CHUNK_MESSAGE =
  '照片分块不能压缩后上传（Content-Encoding），请按原始字节上传：照片本身已压缩，且续传位置按原始字节计算';

/**
 * Attachment chunks are raw bytes: a JPEG does not compress, and Upload-Offset counts the file's own
 * bytes. A chunk sent with a Content-Encoding other than identity is refused (415) before it is read.
 */
export const refuseEncodedBody: RequestHandler = (req, _res, next) => {
  const encoding = (req.get('content-encoding') ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== '') {
    next(
      new HttpError(415, 'unsupported_encoding', ENCODED_CHUNK_MESSAGE, { encoding: encoding.slice(0, 40) }),
    );
    return;
  }
  next();
};
