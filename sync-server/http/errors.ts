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
export const errorHandler: ErrorRequestHandler = (err: unknown, _req, res, _next) => {
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
  const status = typeof err === 'object' && err !== null && 'status' in err ? Number(err.status) : NaN;
  const type = typeof err === 'object' && err !== null && 'type' in err ? String(err.type) : '';
  if (status === 413 || type === 'entity.too.large') {
    res.status(413).json(body('payload_too_large', '请求体过大，请分批提交'));
    return;
  }
  if (type === 'entity.parse.failed' || (status >= 400 && status < 500)) {
    res
      .status(status >= 400 && status < 500 ? status : 400)
      .json(body('malformed_body', '请求体不是有效的 JSON'));
    return;
  }
  console.error('[server] unexpected error', err);
  res.status(500).json(body('internal', '服务器内部错误，请稍后重试'));
};
