import { getMeta } from '../db/meta';
import { applyPulledPage } from '../db/sync-pull';
import type { SyncContext } from './context';
import { pullChanges } from './transport';

/**
 * Step 3: pull everything in scope written after the saved cursor, page by page until `hasMore` is false.
 * Each page is saved together with its cursor, so a cut resumes at the page it stopped in. With nothing
 * new this is one round trip.
 */
export async function pullAll(ctx: SyncContext): Promise<number> {
  let cursor = (await getMeta('syncCursor')) ?? '0';
  let pulled = 0;
  ctx.report({ pulled });
  for (;;) {
    const page = await pullChanges(ctx.token(), cursor, ctx.deviceId);
    await applyPulledPage(page.records, page.cursor, ctx.user.id);
    pulled += page.records.length;
    cursor = page.cursor;
    ctx.report({ pulled });
    if (!page.hasMore) return pulled;
  }
}
