// No schema library here (client/api/http.ts has the requests): the first screen imports this.

/**
 * Why a request failed: `network` (offline, server unreachable or too slow), `http` (the server answered
 * with an error status), or `reply` (the server answered something the shared schema does not accept).
 */
export const API_FAILURE_KINDS = ['network', 'http', 'reply'] as const;
export type ApiFailureKind = (typeof API_FAILURE_KINDS)[number];

export class ApiFailure extends Error {
  readonly kind: ApiFailureKind;
  readonly status: number | null;
  readonly code: string | null;
  /** Seconds from a Retry-After header (429), when the server sent one. */
  readonly retryAfterSeconds: number | null;
  /** The error body's `details`, when the server sent some (e.g. the case a refusal points to). */
  readonly details: unknown;

  constructor(
    kind: ApiFailureKind,
    message: string,
    extra: { status?: number; code?: string; retryAfterSeconds?: number | null; details?: unknown } = {},
  ) {
    super(message);
    this.name = 'ApiFailure';
    this.kind = kind;
    this.status = extra.status ?? null;
    this.code = extra.code ?? null;
    this.retryAfterSeconds = extra.retryAfterSeconds ?? null;
    this.details = extra.details;
  }
}

type RevokedListener = (details: unknown) => void;
let revokedListener: RevokedListener | null = null;

/**
 * Who to tell when the server answers that this device was revoked (403 `device_revoked`): the sync engine
 * installs client/sync/device-revoked.ts here, so any request — a sync, a login, an office screen — leads
 * to the wipe.
 */
export function onDeviceRevoked(listener: RevokedListener): void {
  revokedListener = listener;
}

/** Passes a failure on to the revocation listener when it says the device was revoked. */
export function noticeFailure(failure: ApiFailure): ApiFailure {
  if (failure.code === 'device_revoked') revokedListener?.(failure.details);
  return failure;
}
