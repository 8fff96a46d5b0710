import { deleteMeta, getMeta, setMeta } from '../db/meta';
import { countUnsynced } from '../db/outbox';
import type { SyncContext } from './context';
import { fetchMyDevices } from './transport';

/**
 * A wiped local database (browser data cleared, storage evicted) looks like a fresh tablet: no records,
 * no outbox. The server remembers how many unsynced changes each device of this user reported with its
 * last push; if this tablet has never synced (no cursor) and holds nothing, but the server expected work,
 * the worker is told plainly instead of being shown an empty list. `known` holds the saved cursor when the
 * caller has read it already.
 */
export async function checkLostWork(
  ctx: SyncContext,
  known?: { syncCursor: string | undefined },
): Promise<void> {
  if ((known ? known.syncCursor : await getMeta('syncCursor')) !== undefined) return;
  if ((await countUnsynced()) > 0) return;
  const devices = await fetchMyDevices(ctx.token());
  const expected = devices
    .filter((device) => (device.pendingCount ?? 0) > 0)
    .sort((a, b) => (b.pendingReportedAt ?? '').localeCompare(a.pendingReportedAt ?? ''));
  const latest = expected[0];
  if (!latest) return;
  await setMeta('lostWork', {
    pendingCount: expected.reduce((sum, device) => sum + (device.pendingCount ?? 0), 0),
    reportedAt: latest.pendingReportedAt,
    sameDevice: expected.some((device) => device.deviceId === ctx.deviceId),
    detectedAt: new Date().toISOString(),
  });
}

/** The worker has read the warning. */
export async function dismissLostWork(): Promise<void> {
  await deleteMeta('lostWork');
}
