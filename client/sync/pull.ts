import { getMeta } from '../db/meta';
import { applyPulledPage } from '../db/sync-pull';
import type { SyncContext } from './context';
import { pullChanges } from './transport';

/**
 * Step 3: pull everything in scope written after the saved cursor, page by page until `hasMore` is false.
 * Each page is saved together with its cursor, so a cut resumes at the page it stopped in. With nothing
 * new this is one round trip and no write. `known` is the saved cursor when the caller has read it already.
 */
export async function pullAll(ctx: SyncContext, known?: { syncCursor: string | undefined }): Promise<number> {
  // What is stored (nothing before the first pull, which must then store its cursor even when empty).
  let saved = known ? known.syncCursor : await getMeta('syncCursor');
  let pulled = 0;
  ctx.report({ pulled });
  for (;;) {
    const page = await pullChanges(ctx.token(), saved ?? '0', ctx.deviceId);
    await applyPulledPage(page.records, page.cursor, ctx.user.id, saved);
    pulled += page.records.length;
    saved = page.cursor;
    ctx.report({ pulled });
    if (!page.hasMore) return pulled;
  }
}
