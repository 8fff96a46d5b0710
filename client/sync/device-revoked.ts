import { deviceRevokedDetailsSchema, type DeviceRevokedDetails } from '../../shared/sync/device-revocation';
import { currentToken, deviceWiped, getSessionState } from '../auth/session-store';
import { deleteLocalDatabases } from '../db/session';
import { deviceId } from '../db/meta';
import { clearDataCaches } from '../pwa/data-caches';
import { PUSH_ROLES, SessionGoneError, type SyncContext } from './context';
import { withSyncLock } from './lock';
import { pushOutbox } from './push';
import { updateState } from './sync-state';
import { reportDeviceWiped } from './transport';
import { uploadAttachments } from './uploads';

/**
 * What a tablet does when the server says it was revoked (docs/administration.md, "Lost or handed-over
 * tablets"): when the revocation allows it, one last push of the outbox and its photos; then it tells the
 * server it is wiping, deletes its IndexedDB databases, data caches and local keys (the app shell and the
 * service worker stay), and shows the login screen with the reason. Runs once per page, whatever request
 * first met the refusal; it waits for a sync in progress to end (that sync fails on the same refusal).
 */

let handling: Promise<void> | null = null;

export function handleDeviceRevoked(details: unknown): Promise<void> {
  // One wipe at a time; afterwards a new login (a new device id) may meet a revocation of its own.
  handling ??= wipeRevokedDevice(deviceRevokedDetailsSchema.safeParse(details).data ?? null).finally(() => {
    handling = null;
  });
  return handling;
}

/** The notice the login screen shows after the wipe. */
export function revokedNotice(details: DeviceRevokedDetails | null, pushed: boolean): string {
  const reason = details?.reason ? `（原因：${details.reason}）` : '';
  const sent = pushed ? '停用前尚未同步的记录已上传到服务器，' : '';
  return `本设备已被停用${reason}。${sent}本机保存的数据已全部清除。如需继续工作，请联系乡镇（街道）工会，在发放的设备上重新登录。`;
}

async function lastPush(ctx: SyncContext): Promise<boolean> {
  const outcome = await withSyncLock(
    async () => {
      ctx.report({ running: true, phase: 'pushing' });
      await pushOutbox(ctx);
      ctx.report({ phase: 'uploading' });
      await uploadAttachments(ctx);
      return true;
    },
    { wait: true },
  );
  return outcome.acquired && outcome.value;
}

async function wipeRevokedDevice(details: DeviceRevokedDetails | null): Promise<void> {
  const session = getSessionState();
  const token = currentToken();
  const device = await deviceId();
  let pushed = false;
  if (token !== null && session.status === 'unlocked' && details?.finalPushOpen) {
    if (PUSH_ROLES.includes(session.user.role)) {
      const ctx: SyncContext = {
        token: () => {
          const current = currentToken();
          if (current === null) throw new SessionGoneError();
          return current;
        },
        deviceId: device,
        user: session.user,
        report: updateState,
      };
      // Best effort: what cannot go now (the link dropped) is wiped with the rest, as the revocation says.
      pushed = await lastPush(ctx).catch(() => false);
    }
  }
  if (token !== null) await reportDeviceWiped(token, device).catch(() => undefined);
  await withSyncLock(
    async () => {
      await deleteLocalDatabases();
      await clearDataCaches().catch(() => undefined);
    },
    { wait: true },
  );
  updateState({ running: false, phase: 'idle', lastError: null, nextAttemptAt: null });
  deviceWiped(revokedNotice(details, pushed));
}
