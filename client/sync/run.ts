import { setMeta } from '../db/meta';
import { readSyncStart } from '../db/sync-start';
import { PUSH_ROLES, type SyncContext } from './context';
import { ensureDeviceKey } from './device-key';
import { checkLostWork } from './lost-work';
import { pullAll } from './pull';
import { pushOutbox, reportPendingCount } from './push';
import { uploadAttachments, type UploadProblem } from './uploads';

export interface RunSummary {
  pushed: number;
  conflicts: number;
  rejected: number;
  retryLater: number;
  pulled: number;
  uploadProblems: UploadProblem[];
}

/**
 * One complete sync: files first, then the outbox, then everything new from the server. Any failure
 * throws and leaves what was done so far in place (each step saves as it goes).
 */
export async function runSync(ctx: SyncContext): Promise<RunSummary> {
  const pushes = PUSH_ROLES.includes(ctx.user.role);
  ctx.report({
    phase: 'checking',
    upload: { done: 0, total: 0 },
    push: { done: 0, total: 0 },
    pulled: 0,
  });
  // One read-only transaction for what every step asks first; a sync with nothing to do writes nothing
  // but the time it finished.
  const start = await readSyncStart();
  if (pushes) await ensureDeviceKey(ctx, start);
  // Before anything is pulled: the check looks for a tablet that has never synced.
  await checkLostWork(ctx, start);

  let uploadProblems: UploadProblem[] = [];
  let pushed = { acknowledged: 0, conflicts: 0, rejected: 0, retryLater: 0 };
  if (pushes) {
    // Nothing to send: no files to look for and no batch to take (a change saved from here on goes with
    // the next run, as one saved after the push would).
    const sends = start.sendable > 0;
    ctx.report({ phase: 'uploading' });
    if (sends) uploadProblems = await uploadAttachments(ctx);
    ctx.report({ phase: 'pushing' });
    // Counted again: files may have taken a while, and changes saved meanwhile go too.
    if (sends) pushed = await pushOutbox(ctx);
  }
  ctx.report({ phase: 'pulling' });
  const pulled = await pullAll(ctx, start);
  if (pushes) await reportPendingCount(ctx);
  await setMeta('lastSyncAt', new Date().toISOString());
  return {
    pushed: pushed.acknowledged,
    conflicts: pushed.conflicts,
    rejected: pushed.rejected,
    retryLater: pushed.retryLater,
    pulled,
    uploadProblems,
  };
}
