import { CaptureError } from '../../db/blobs';

/**
 * The zh-CN message to show for a failed photo or signature: our own reasons as they are, a full disk in
 * words a worker can act on (IndexedDB and Dexie both name it QuotaExceededError), anything else generic.
 */
export function captureErrorMessage(error: unknown, fallback: string): string {
  if (error instanceof CaptureError) return error.message;
  if (error instanceof Error && error.name === 'QuotaExceededError') {
    return '本机存储空间不足，请先同步并清理后再拍照';
  }
  return fallback;
}
