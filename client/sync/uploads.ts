import { SYNC_LIMITS } from '../../shared/sync/protocol';
import { ApiFailure } from '../api/http';
import { readBlob } from '../db/blobs';
import { outboxBlobShas } from '../db/sync-bundle';
import type { SyncContext } from './context';
import { headAttachment, putChunk } from './transport';

/**
 * Step 1 of a sync: upload the photos and signatures that waiting changes refer to and the server does
 * not have yet, before the records that name them, so the county can open them at once. Uploads resume:
 * HEAD tells where the server stands, chunks of at most 1 MiB are appended with Upload-Offset.
 */

export interface UploadProblem {
  sha256: string;
  message: string;
}

/** Uploads one file; returns a problem for a file the server will never take (too large, corrupt). */
export async function uploadFile(
  ctx: SyncContext,
  sha256: string,
  blob: Blob,
): Promise<UploadProblem | null> {
  const head = await headAttachment(ctx.token(), sha256);
  if (head.complete) return null;
  let offset = head.offset > blob.size ? 0 : head.offset;
  let restarted = false;
  for (;;) {
    const end = Math.min(offset + SYNC_LIMITS.maxChunkBytes, blob.size);
    let outcome;
    try {
      outcome = await putChunk(ctx.token(), sha256, offset, blob.size, blob.slice(offset, end));
    } catch (error) {
      if (error instanceof ApiFailure && error.status === 413) return { sha256, message: error.message };
      throw error;
    }
    switch (outcome.kind) {
      case 'complete':
        return null;
      case 'partial':
      case 'offsetMismatch':
        offset = outcome.offset;
        break;
      case 'hashMismatch':
        // The server threw the partial file away; one fresh start, then give up on this file.
        if (restarted) return { sha256, message: '附件内容与校验值不符，无法上传' };
        restarted = true;
        offset = 0;
        break;
    }
  }
}

export async function uploadAttachments(ctx: SyncContext): Promise<UploadProblem[]> {
  const shas = await outboxBlobShas();
  const problems: UploadProblem[] = [];
  ctx.report({ upload: { done: 0, total: shas.length } });
  let done = 0;
  for (const sha256 of shas) {
    const blob = await readBlob(sha256);
    if (blob) {
      const problem = await uploadFile(ctx, sha256, blob);
      if (problem) problems.push(problem);
    }
    done++;
    ctx.report({ upload: { done, total: shas.length } });
  }
  return problems;
}
