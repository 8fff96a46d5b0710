import { SYNC_LIMITS } from '../../shared/sync/protocol';
import { ApiFailure } from '../api/http';
import { readBlob } from '../db/blobs';
import { dequeueUpload, uploadQueue } from '../db/upload-queue';
import type { SyncContext } from './context';
import { headAttachment, putChunk } from './transport';

/**
 * The last step of a sync: upload the photos and signatures whose records went (or wait to go) to the
 * server, one file at a time, after the words (docs/sync-protocol.md, section 13.3). The server accepts a
 * record before its file, so a link that dies during the photos has already carried the day's visits.
 * Uploads resume: HEAD tells where the server stands, chunks of at most 1 MiB are appended with
 * Upload-Offset. A file leaves the queue (client/db/upload-queue.ts) once the server holds it.
 */

export interface UploadProblem {
  sha256: string;
  message: string;
}

/**
 * The upload speed of the last few chunks, weighted by their bytes (a 2 kB signature says little about
 * the link; a 300 kB photo does). Lives as long as the page: the rate of the last run is a fair guess for
 * the next one.
 */
export class RateMeter {
  private samples: { bytes: number; ms: number }[] = [];

  constructor(private readonly window = 5) {}

  /** One chunk of `bytes` took `ms` from request to answer. */
  record(bytes: number, ms: number): void {
    if (bytes <= 0 || ms <= 0) return;
    this.samples.push({ bytes, ms });
    if (this.samples.length > this.window) this.samples.shift();
  }

  /** Bytes per second, or null before the first chunk. */
  rate(): number | null {
    const bytes = this.samples.reduce((sum, s) => sum + s.bytes, 0);
    const ms = this.samples.reduce((sum, s) => sum + s.ms, 0);
    return bytes > 0 && ms > 0 ? (bytes * 1000) / ms : null;
  }
}

const meter = new RateMeter();

/**
 * Uploads one file; returns a problem for a file the server will never take (too large, corrupt).
 * `onOffset` hears how many of its bytes the server holds, after the HEAD and after every chunk.
 */
export async function uploadFile(
  ctx: SyncContext,
  sha256: string,
  blob: Blob,
  onOffset: (offset: number) => void = () => undefined,
  rates: RateMeter = meter,
): Promise<UploadProblem | null> {
  const head = await headAttachment(ctx.token(), sha256);
  if (head.complete) return null;
  let offset = head.offset > blob.size ? 0 : head.offset;
  onOffset(offset);
  let restarted = false;
  for (;;) {
    const end = Math.min(offset + SYNC_LIMITS.maxChunkBytes, blob.size);
    let outcome;
    const started = Date.now();
    try {
      outcome = await putChunk(ctx.token(), sha256, offset, blob.size, blob.slice(offset, end));
    } catch (error) {
      if (error instanceof ApiFailure && error.status === 413) return { sha256, message: error.message };
      throw error;
    }
    rates.record(end - offset, Date.now() - started);
    ctx.report({ uploadRate: rates.rate() });
    switch (outcome.kind) {
      case 'complete':
        onOffset(blob.size);
        return null;
      case 'partial':
      case 'offsetMismatch':
        offset = outcome.offset;
        onOffset(offset);
        break;
      case 'hashMismatch':
        // The server threw the partial file away; one fresh start, then give up on this file.
        if (restarted) return { sha256, message: '附件内容与校验值不符，无法上传' };
        restarted = true;
        offset = 0;
        onOffset(offset);
        break;
    }
  }
}

/** Uploads every queued file, oldest first, one at a time; a failure of the link throws (resumed next run). */
export async function uploadAttachments(
  ctx: SyncContext,
  rates: RateMeter = meter,
): Promise<UploadProblem[]> {
  const files = await uploadQueue();
  const problems: UploadProblem[] = [];
  const total = files.length;
  const totalBytes = files.reduce((sum, file) => sum + file.bytes, 0);
  let done = 0;
  let bytesDone = 0;
  ctx.report({ upload: { done, total }, uploadBytes: { done: 0, total: totalBytes } });
  for (const file of files) {
    const blob = await readBlob(file.sha256);
    if (blob) {
      const problem = await uploadFile(
        ctx,
        file.sha256,
        blob,
        (offset) =>
          ctx.report({ uploadBytes: { done: bytesDone + Math.min(offset, file.bytes), total: totalBytes } }),
        rates,
      );
      if (problem) problems.push(problem);
    }
    // Uploaded, refused for good (reported once, in the run's summary) or no longer on the tablet.
    await dequeueUpload(file.sha256);
    done++;
    bytesDone += file.bytes;
    ctx.report({ upload: { done, total }, uploadBytes: { done: bytesDone, total: totalBytes } });
  }
  return problems;
}
