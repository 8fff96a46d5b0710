import { setMeta } from '../db/meta';
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
  if (pushes) await ensureDeviceKey(ctx);
  // Before anything is pulled: the check looks for a tablet that has never synced.
  await checkLostWork(ctx);

  let uploadProblems: UploadProblem[] = [];
  let pushed = { acknowledged: 0, conflicts: 0, rejected: 0, retryLater: 0 };
  if (pushes) {
    ctx.report({ phase: 'uploading' });
    uploadProblems = await uploadAttachments(ctx);
    ctx.report({ phase: 'pushing' });
    pushed = await pushOutbox(ctx);
  }
  ctx.report({ phase: 'pulling' });
  const pulled = await pullAll(ctx);
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
