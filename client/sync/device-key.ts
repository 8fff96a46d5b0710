import { getMeta, setMeta } from '../db/meta';
import type { MetaValues } from '../db/types';
import type { SyncContext } from './context';
import { fetchDeviceKey } from './transport';

/**
 * The secret this device signs bundle files with. It is fetched online at the first sync and kept, so a
 * tablet that later has no network at all can still export a file the township can verify. `known` is the
 * stored key when the caller has read it already.
 */
export async function ensureDeviceKey(
  ctx: SyncContext,
  known?: { deviceKey: MetaValues['deviceKey'] | undefined },
): Promise<void> {
  const stored = known ? known.deviceKey : await getMeta('deviceKey');
  if (stored && stored.userId === ctx.user.id && stored.deviceId === ctx.deviceId) return;
  const secret = await fetchDeviceKey(ctx.token(), ctx.deviceId);
  await setMeta('deviceKey', { userId: ctx.user.id, deviceId: ctx.deviceId, secret });
}
