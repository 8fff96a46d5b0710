import { z } from 'zod';
import { apiErrorSchema } from '../../shared/auth';
import {
  changeResultSchema,
  pushReplySchema,
  type PushReply,
  type PushRequest,
} from '../../shared/sync/changes';
import {
  PROTOCOL_VERSION,
  SCHEMA_VERSION,
  SYNC_LIMITS,
  deviceKeyReplySchema,
  devicesReplySchema,
  myDevicesReplySchema,
  parsedPullReplySchema,
  pullReplySchema,
  type DevicesReply,
  type DeviceStatus,
  type PullReply,
} from '../../shared/sync/protocol';
import { ApiFailure, apiJson, apiSend, noticeFailure, parseRetryAfter } from '../api/http';
import {
  revokeDeviceReplySchema,
  type DeviceRevocation,
  type RevokeDeviceRequest,
} from '../../shared/sync/device-revocation';
import { encodeBody } from './compress';

/** The sync endpoints (docs/sync-protocol.md) as functions; every reply is parsed with the shared schema. */

const PUSH_TIMEOUT_MS = 60_000;
const PULL_TIMEOUT_MS = 60_000;
const CHUNK_TIMEOUT_MS = 120_000;
const BUNDLE_TIMEOUT_MS = 300_000;

/**
 * Set once the server (or a proxy in front of it) refused a compressed body with 415: from then on this
 * page sends bodies plain. Every server of this protocol inflates gzip; a proxy might not.
 */
let plainBodiesOnly = false;

function refusedEncoding(error: unknown): boolean {
  return error instanceof ApiFailure && error.status === 415;
}

/**
 * Sends `body` gzipped when worth it (client/sync/compress.ts) and, when the other end refuses the
 * encoding, once more as it is. The server's limits count the inflated bytes, so a batch that fits plain
 * fits compressed.
 */
async function sendEncoded(
  path: string,
  body: Blob,
  init: { method: string; token: string; contentType: string; timeoutMs: number },
  accept: (status: number) => boolean,
): Promise<Response> {
  const encoded = await encodeBody(body, !plainBodiesOnly);
  const send = (payload: Blob, encoding: string | null) =>
    rawRequest(
      path,
      {
        method: init.method,
        token: init.token,
        headers: encoding
          ? { 'Content-Type': init.contentType, 'Content-Encoding': encoding }
          : { 'Content-Type': init.contentType },
        body: payload,
        timeoutMs: init.timeoutMs,
      },
      accept,
    );
  if (encoded.encoding === null) return send(body, null);
  try {
    return await send(encoded.body, encoded.encoding);
  } catch (error) {
    if (!refusedEncoding(error)) throw error;
    plainBodiesOnly = true;
    return send(body, null);
  }
}

/** Reads a JSON reply with the shared schema, as client/api/http.ts does. */
async function parseReply<S extends z.ZodType>(response: Response, schema: S): Promise<z.infer<S>> {
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

/**
 * A push reply checked as a pull page is (`parsedPullReplySchema`): each answered record's data by a plain
 * walk instead of zod's union per value. A reply it refuses goes through `pushReplySchema` for the error.
 */
const PUSH_REPLY = z.union([
  pushReplySchema.extend({
    results: z.array(
      changeResultSchema.extend({ record: parsedPullReplySchema.shape.records.element.optional() }),
    ),
  }),
  pushReplySchema,
]);

/** One push batch, gzipped on the way (the reply comes compressed too: the browser inflates it). */
export async function pushChanges(token: string, body: PushRequest): Promise<PushReply> {
  // A Blob rather than the string: fetch copies a string body to the network process itself.
  const json = new Blob([JSON.stringify(body)], { type: 'application/json' });
  const response = await sendEncoded(
    '/api/sync/push',
    json,
    { method: 'POST', token, contentType: 'application/json', timeoutMs: PUSH_TIMEOUT_MS },
    (status) => status >= 200 && status < 300,
  );
  return parseReply(response, PUSH_REPLY);
}

/** For tests: forget that a compressed body was refused. */
export function resetBodyEncoding(): void {
  plainBodiesOnly = false;
}

/** The quick check of a pull page first; only a page it refuses goes through the full schema (for the error). */
const PULL_REPLY = z.union([parsedPullReplySchema, pullReplySchema]);

export async function pullChanges(
  token: string,
  since: string,
  deviceId: string,
  options: { omitOwnPushes: boolean; limit?: number } = { omitOwnPushes: false },
): Promise<PullReply> {
  const query = new URLSearchParams({
    since,
    limit: String(options.limit ?? SYNC_LIMITS.defaultPullLimit),
    deviceId,
    omitOwnPushes: options.omitOwnPushes ? '1' : '0',
    protocolVersion: String(PROTOCOL_VERSION),
    schemaVersion: String(SCHEMA_VERSION),
  });
  return apiJson(`/api/sync/pull?${query.toString()}`, PULL_REPLY, {
    token,
    timeoutMs: PULL_TIMEOUT_MS,
  });
}

export async function fetchDeviceKey(token: string, deviceId: string): Promise<string> {
  const reply = await apiJson('/api/sync/device-key', deviceKeyReplySchema, { body: { deviceId }, token });
  return reply.secret;
}

export async function fetchMyDevices(token: string): Promise<DeviceStatus[]> {
  return (await apiJson('/api/sync/devices/mine', myDevicesReplySchema, { token })).devices;
}

export async function fetchDeviceOverview(token: string): Promise<DevicesReply> {
  return apiJson('/api/sync/devices', devicesReplySchema, { token });
}

/** Revokes a lost or handed-over device (township/county staff in scope, or the administrator). */
export async function revokeDevice(
  token: string,
  deviceId: string,
  request: RevokeDeviceRequest,
): Promise<DeviceRevocation> {
  const reply = await apiJson(
    `/api/sync/devices/${encodeURIComponent(deviceId)}/revoke`,
    revokeDeviceReplySchema,
    { body: request, token },
  );
  return reply.revocation;
}

/** The revoked tablet says it is wiping itself: the server ends every session of the device. */
export async function reportDeviceWiped(token: string, deviceId: string): Promise<void> {
  await apiSend('/api/sync/devices/wiped', { body: { deviceId }, token, timeoutMs: 10_000 });
}

/** The name the worker gives this tablet (empty clears it). */
export async function saveDeviceLabel(token: string, deviceId: string, label: string): Promise<void> {
  await apiSend('/api/sync/devices/mine/label', { method: 'PUT', body: { deviceId, label }, token });
}

/** fetch with the bearer token, turning every failure into an ApiFailure like client/api/http.ts does. */
async function rawRequest(
  path: string,
  init: { method: string; token: string; headers?: Record<string, string>; body?: Blob; timeoutMs: number },
  accept: (status: number) => boolean,
): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method,
      headers: { Accept: 'application/json', Authorization: `Bearer ${init.token}`, ...init.headers },
      body: init.body,
      cache: 'no-store',
      credentials: 'same-origin',
      signal: AbortSignal.timeout(init.timeoutMs),
    });
  } catch (error) {
    throw new ApiFailure('network', error instanceof Error ? error.message : String(error));
  }
  if (accept(response.status)) return response;
  let code: string | undefined;
  let message = `HTTP ${response.status}`;
  let details: unknown;
  if (init.method !== 'HEAD') {
    try {
      const parsed = apiErrorSchema.safeParse(await response.json());
      if (parsed.success) {
        code = parsed.data.error.code;
        message = parsed.data.error.message;
        details = parsed.data.error.details;
      }
    } catch {
      // Not JSON: the status says enough.
    }
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

function offsetHeader(response: Response): number | null {
  const value = response.headers.get('Upload-Offset');
  return value !== null && /^\d+$/.test(value) ? Number(value) : null;
}

/** Where the server stands with a file: complete, or the offset to resume uploading at. */
export async function headAttachment(
  token: string,
  sha256: string,
): Promise<{ complete: boolean; offset: number }> {
  const response = await rawRequest(
    `/api/attachments/${sha256}`,
    { method: 'HEAD', token, timeoutMs: PUSH_TIMEOUT_MS },
    (status) => status === 200 || status === 404,
  );
  return { complete: response.status === 200, offset: offsetHeader(response) ?? 0 };
}

export type ChunkOutcome =
  | { kind: 'partial'; offset: number }
  | { kind: 'complete' }
  /** The server holds another offset (e.g. a chunk whose answer was lost arrived after all). */
  | { kind: 'offsetMismatch'; offset: number }
  /** The bytes did not hash to the name; the server discarded the partial upload. */
  | { kind: 'hashMismatch' };

/** Appends one chunk (at most 1 MiB) of a file at `offset`. */
export async function putChunk(
  token: string,
  sha256: string,
  offset: number,
  total: number,
  chunk: Blob,
): Promise<ChunkOutcome> {
  const response = await rawRequest(
    `/api/attachments/${sha256}`,
    {
      method: 'PUT',
      token,
      headers: {
        'Content-Type': 'application/offset+octet-stream',
        'Upload-Offset': String(offset),
        'Upload-Length': String(total),
      },
      body: chunk,
      timeoutMs: CHUNK_TIMEOUT_MS,
    },
    (status) => [200, 201, 204, 409, 422].includes(status),
  );
  if (response.status === 200 || response.status === 201) return { kind: 'complete' };
  if (response.status === 204)
    return { kind: 'partial', offset: offsetHeader(response) ?? offset + chunk.size };
  if (response.status === 409) return { kind: 'offsetMismatch', offset: offsetHeader(response) ?? 0 };
  const body: unknown = await response.json().catch(() => null);
  const parsed = apiErrorSchema.safeParse(body);
  if (parsed.success && parsed.data.error.code === 'hash_mismatch') return { kind: 'hashMismatch' };
  throw new ApiFailure('http', parsed.success ? parsed.data.error.message : `HTTP ${response.status}`, {
    status: response.status,
    code: parsed.success ? parsed.data.error.code : undefined,
  });
}

/** What the server did with an imported bundle file (sync-server/sync/bundles.ts). */
export const bundleImportReplySchema = z.object({
  bundle: z.object({
    deviceId: z.string(),
    userId: z.string(),
    username: z.string(),
    createdAt: z.string(),
    changeCount: z.number().int(),
  }),
  results: pushReplySchema.shape.results,
  applied: z.number().int(),
  noop: z.number().int(),
  conflicts: z.number().int(),
  rejected: z.number().int(),
  attachmentsStored: z.number().int(),
});
export type BundleImportReply = z.infer<typeof bundleImportReplySchema>;

/**
 * Uploads a bundle file, gzipped on the way (the server inflates it and checks its hash over the file's
 * exact bytes; its 50 MB limit counts the inflated file).
 */
export async function postBundle(token: string, file: Blob): Promise<BundleImportReply> {
  const response = await sendEncoded(
    '/api/sync/bundles',
    file,
    { method: 'POST', token, contentType: 'application/octet-stream', timeoutMs: BUNDLE_TIMEOUT_MS },
    (status) => status === 200,
  );
  const parsed = bundleImportReplySchema.safeParse(await response.json().catch(() => null));
  if (!parsed.success) throw new ApiFailure('reply', parsed.error.message, { status: response.status });
  return parsed.data;
}
