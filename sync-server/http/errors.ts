import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';

/** An error with an HTTP status, a stable machine code and a message a person can read (zh-CN). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export const notFoundApi: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, 'not_found', `没有这个接口：${req.method} ${req.path}`));
};

/** Every failure leaves as JSON with a 4xx where the request was at fault; only real bugs give a 500. */
/** Request bytes a refusal still reads and discards, so the client can finish sending and read the answer. */
const DRAIN_LIMIT_BYTES = 10 * 1024 * 1024;

export const errorHandler: ErrorRequestHandler = (err: unknown, req, res, _next) => {
  // A refusal made before the body was read (unsupported encoding, too large, bad headers) would otherwise
  // close the connection while the client is still writing, and the client sees a reset instead of the
  // Chinese message. A body of sane size is drained; a huge one is cut off as before.
  const declared = Number(req.get('content-length') ?? 0);
  if (!req.complete && Number.isFinite(declared) && declared <= DRAIN_LIMIT_BYTES) req.resume();
  const body = (code: string, message: string, details?: unknown): ErrorBody => ({
    error: details === undefined ? { code, message } : { code, message, details },
  });
  if (err instanceof HttpError) {
    res
      .set(err.headers)
      .status(err.status)
      .json(body(err.code, err.message, err.details));
    return;
  }
  if (err instanceof ZodError) {
    res.status(400).json(
      body(
        'invalid_request',
        '请求格式不正确：' + err.issues.map((i) => `${i.path.join('.') || '(根)'} ${i.message}`).join('；'),
        err.issues.map((i) => ({ path: i.path, message: i.message })),
      ),
    );
    return;
  }
  const bodyError = bodyParserError(err);
  if (bodyError) {
    res.status(bodyError.status).json(body(bodyError.code, bodyError.message));
    return;
  }
  if (isStackOverflow(err)) {
    // A body the edge checks (http/json-body.ts) let through but some recursive walker could not take:
    // the request is at fault, and a transaction it was in has rolled back. Logged, as the check missed it.
    console.warn('[server] stack overflow on a request (refused with 400)', err);
    res.status(400).json(body('body_too_complex', '请求内容结构过于复杂（嵌套层数过多），服务器无法处理'));
    return;
  }
  console.error('[server] unexpected error', err);
  res.status(500).json(body('internal', '服务器内部错误，请稍后重试'));
};

function isStackOverflow(err: unknown): boolean {
  return err instanceof RangeError && /maximum call stack size exceeded/i.test(err.message);
}

/**
 * Errors of the body parsers (body-parser, behind express.json / express.raw) as a status, a code and a
 * Chinese message; null for anything else. Their own 5xx (a stream misused by the server) stay bugs.
 */
function bodyParserError(err: unknown): { status: number; code: string; message: string } | null {
  if (typeof err !== 'object' || err === null) return null;
  const status = 'status' in err ? Number(err.status) : NaN;
  const type = 'type' in err ? String(err.type) : '';
  const field = (name: string) => (name in err ? String((err as Record<string, unknown>)[name]) : '');
  if (status === 413 || type === 'entity.too.large') {
    return { status: 413, code: 'payload_too_large', message: '请求体过大，请分批提交' };
  }
  if (!(status >= 400 && status < 500)) return null;
  switch (type) {
    case 'entity.parse.failed':
      return { status: 400, code: 'malformed_body', message: '请求体不是有效的 JSON' };
    case 'charset.unsupported':
      return {
        status: 415,
        code: 'unsupported_charset',
        message: `不支持的字符编码：${field('charset').slice(0, 40)}，请使用 UTF-8`,
      };
    case 'encoding.unsupported':
      return {
        status: 415,
        code: 'unsupported_encoding',
        message: `不支持的内容压缩方式（Content-Encoding）：${field('encoding').slice(0, 40)}`,
      };
    case 'request.aborted':
      return { status: 400, code: 'request_aborted', message: '请求在传输途中中断，请重试' };
    case 'request.size.invalid':
      return { status: 400, code: 'malformed_body', message: '请求体长度与 Content-Length 不符' };
  }
  if (/^Z_/.test(field('code'))) {
    return { status: 400, code: 'malformed_body', message: '请求体的压缩数据已损坏，无法解压' };
  }
  return { status, code: 'malformed_body', message: '请求体无法读取或格式不正确' };
}
