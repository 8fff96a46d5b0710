import { getMeta, setMeta } from '../db/meta';
import { emptyRecordTypes, type FreshTables } from '../db/sync-apply';
import { applyPulledPage } from '../db/sync-pull';
import type { SyncContext } from './context';
import { pullChanges } from './transport';

/**
 * Step 3: pull everything in scope written after the saved cursor, page by page until `hasMore` is false.
 * Each page is saved together with its cursor, so a cut resumes at the page it stopped in. With nothing
 * new this is one round trip and no write. `known` is what the caller has read already (the saved cursor
 * and `pulledToEnd`).
 *
 * The next page is asked for as soon as a page arrives, so the server's work and the transfer overlap the
 * tablet's writing of the page before; at most two pages are in memory. Its request carries the cursor the
 * page will save, exactly as a request sent after the save would. If saving fails, the early request is
 * dropped unread. Before its first records are written, a pull notes which record tables are empty (a
 * tablet's first pull; the cursor says nothing, since a tablet signed in before its grid was filed has
 * one), so it can add what it pulls there without looking for local copies first (`FreshTables`), and
 * add households without their search tokens, built once the sync run is done (client/db/search-index.ts).
 * Once a pull has reached the end, later ones ask the server to leave out the versions its push answers
 * brought (`omitOwnPushes`).
 */
export async function pullAll(
  ctx: SyncContext,
  known?: { syncCursor: string | undefined; pulledToEnd: boolean },
): Promise<number> {
  // What is stored (nothing before the first pull, which must then store its cursor even when empty).
  let saved = known ? known.syncCursor : await getMeta('syncCursor');
  // Read when the first page that holds records has arrived, before it is written: a sync with nothing
  // new reads nothing more.
  let fresh: FreshTables | undefined;
  // What the answers to this tablet's pushes carried is stored already; it need not come down again. Not
  // before a first pull has reached the end: the device id outlives a logout, and versions answered to it
  // before the wipe are only older than that.
  const options = { omitOwnPushes: known ? known.pulledToEnd : (await getMeta('pulledToEnd')) === true };
  let pulled = 0;
  ctx.report({ pulled });
  let request = pullChanges(ctx.token(), saved ?? '0', ctx.deviceId, options);
  for (;;) {
    const page = await request;
    const next = page.hasMore ? pullChanges(ctx.token(), page.cursor, ctx.deviceId, options) : null;
    // Awaited on the next turn; until then a failure must not count as unhandled.
    next?.catch(() => undefined);
    if (pulled === 0 && page.records.length > 0) {
      fresh = { types: await emptyRecordTypes(), written: new Set(), deferSearchTokens: true };
    }
    await applyPulledPage(page.records, page.cursor, ctx.user.id, saved, fresh);
    pulled += page.records.length;
    saved = page.cursor;
    ctx.report({ pulled });
    if (!next) {
      if (!options.omitOwnPushes) await setMeta('pulledToEnd', true);
      // The list is usable now, and its search looks at the households not yet indexed meanwhile; the
      // index is built in the background once the sync run is over (run.ts; a build a closed tab cut
      // short goes on at the next unlock, engine.ts).
      return pulled;
    }
    request = next;
  }
}
