import { setMeta } from '../db/meta';
import { scheduleAcknowledgementFold } from '../db/acked-fold';
import { buildSearchIndex } from '../db/search-index';
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
  /** Changes kept on the tablet as 待修正 (client/db/held-changes.ts). */
  held: number;
  pulled: number;
  uploadProblems: UploadProblem[];
}

/**
 * One complete sync, words before photos (docs/sync-protocol.md, section 13.3): the outbox (record changes
 * and commands) first, then everything new from the server, then the photos and signatures, one at a time.
 * On a weak link the day's visits and the 初审 reach the county before the first photo starts, and a link
 * that dies during the photos loses nothing: they resume where they stopped next time. Any failure throws
 * and leaves what was done so far in place (each step saves as it goes).
 */
export async function runSync(ctx: SyncContext): Promise<RunSummary> {
  const pushes = PUSH_ROLES.includes(ctx.user.role);
  ctx.report({
    phase: 'checking',
    upload: { done: 0, total: 0 },
    uploadBytes: { done: 0, total: 0 },
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
  let pushed = { acknowledged: 0, conflicts: 0, rejected: 0, retryLater: 0, held: 0 };
  if (pushes && start.sendable > 0) {
    // Nothing to send: no batch to take (a change saved from here on goes with the next run, as one saved
    // after the push would). Each batch queues the files its records name before it leaves.
    ctx.report({ phase: 'pushing' });
    pushed = await pushOutbox(ctx);
  }
  ctx.report({ phase: 'pulling' });
  const pulled = await pullAll(ctx, start);
  try {
    if (pushes) {
      await reportPendingCount(ctx);
      // Files last: queued by this run's pushes or left over from a run the link cut short.
      ctx.report({ phase: 'uploading' });
      uploadProblems = await uploadAttachments(ctx);
    }
    await setMeta('lastSyncAt', new Date().toISOString());
  } finally {
    // The search index a first pull left to build (client/db/search-index.ts), in the background once the
    // run is over: its transactions hold `meta`, so started earlier it held up this run's last steps (on
    // 3G with the CPU 4x slower, 14 s of a 115 s first sync). Nothing to do when nothing is pending.
    buildSearchIndex().catch(() => undefined);
    // Acknowledgements a push wrote instead of rewriting its records, folded into them a little later so
    // the table every read of visits and members looks at stays small (client/db/acked-fold.ts).
    if (pushes) scheduleAcknowledgementFold();
  }
  return {
    pushed: pushed.acknowledged,
    conflicts: pushed.conflicts,
    rejected: pushed.rejected,
    retryLater: pushed.retryLater,
    held: pushed.held,
    pulled,
    uploadProblems,
  };
}
