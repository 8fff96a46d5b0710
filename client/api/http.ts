import type { z } from 'zod';
import { apiErrorSchema } from '../../shared/auth';
import { ApiFailure, noticeFailure } from './api-failure';

// The failure type and the revocation hook live apart from the requests (and their schemas), so the login
// and PIN screens can name them without loading zod; every caller may keep importing them from here.
export {
  API_FAILURE_KINDS,
  ApiFailure,
  noticeFailure,
  onDeviceRevoked,
  type ApiFailureKind,
} from './api-failure';

const DEFAULT_TIMEOUT_MS = 20_000;

/** Retry-After is either delay-seconds or an HTTP date. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** Bearer token of the session. */
  token?: string;
  timeoutMs?: number;
  /** Cancels the request (e.g. the input it was for changed); it then fails as `network`. */
  signal?: AbortSignal;
}

async function send(path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
      headers,
      // A Blob rather than the string: fetch copies a string body over to the network process itself
      // (about 150 ms of the page's CPU for a 1 MB push batch), a Blob about a sixth of that.
      body:
        options.body === undefined
          ? undefined
          : new Blob([JSON.stringify(options.body)], { type: 'application/json' }),
      cache: 'no-store',
      credentials: 'same-origin',
      signal: options.signal
        ? AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS)])
        : AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
  } catch (error) {
    throw new ApiFailure('network', error instanceof Error ? error.message : String(error));
  }
  if (response.ok) return response;
  let code: string | undefined;
  let message = `HTTP ${response.status}`;
  let details: unknown;
  try {
    const parsed = apiErrorSchema.safeParse(await response.json());
    if (parsed.success) {
      code = parsed.data.error.code;
      message = parsed.data.error.message;
      details = parsed.data.error.details;
    }
  } catch {
    // Not JSON (e.g. a proxy's error page): the status says enough.
  }
  throw noticeFailure(
    new ApiFailure('http', message, {
      status: response.status,
      code,
      retryAfterSeconds: parseRetryAfter(response.headers.get('Retry-After')),
      details,
    }),
  );
}

/** Calls the API and parses the JSON reply with the shared schema. */
export async function apiJson<S extends z.ZodType>(
  path: string,
  schema: S,
  options: RequestOptions = {},
): Promise<z.infer<S>> {
  const response = await send(path, options);
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new ApiFailure('reply', 'reply is not JSON', { status: response.status });
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ApiFailure('reply', parsed.error.message, { status: response.status });
  return parsed.data;
}

/** Calls the API where no reply body is expected (e.g. 204). */
export async function apiSend(path: string, options: RequestOptions = {}): Promise<void> {
  await send(path, options);
}

/** Calls the API for a file (e.g. a CSV export) and returns its bytes. */
export async function apiBlob(path: string, options: RequestOptions = {}): Promise<Blob> {
  const response = await send(path, options);
  return response.blob();
}
