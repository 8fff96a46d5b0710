import { SYNC_ERROR_MESSAGES, type SyncErrorCode } from '../../shared/sync/errors';
import type { ChangeError } from '../../shared/sync/changes';

/**
 * A change the server refuses for a reason the tablet can show (scope, validation, state). Thrown inside
 * the sync services; the push service turns it into a `rejected` result, the HTTP routes into a 4xx.
 */
export class ChangeRejection extends Error {
  constructor(
    readonly code: SyncErrorCode,
    readonly details?: unknown,
    message?: string,
  ) {
    super(message ?? SYNC_ERROR_MESSAGES[code]);
  }

  toError(): ChangeError {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function reject(code: SyncErrorCode, details?: unknown, message?: string): never {
  throw new ChangeRejection(code, details, message);
}
