import { useEffect, useState } from 'react';
import { ROLE_LABELS } from '../../../shared/roles';
import { roleSchema } from '../../../shared/role-schema';
import { DEVICE_REVOKE_ROLES } from '../../../shared/sync/device-revocation';
import type { DevicesReply, DeviceStatus } from '../../../shared/sync/protocol';
import { ApiFailure } from '../../api/http';
import { currentToken } from '../../auth/session-store';
import { useCurrentUser } from '../../auth/use-session';
import { formatDateTime } from '../../shell/format';
import { describeFailure } from '../../sync/engine';
import { fetchDeviceOverview } from '../../sync/transport';
import { RevokeDeviceDialog } from './revoke-device-dialog';
import { count } from './sync-text';

/** A tablet in words: the name its worker gave it, else its browser, with the start of its id. */
export function deviceName(device: DeviceStatus): { name: string; detail: string } {
  const short = `编号 ${device.deviceId.slice(0, 8)}`;
  if (device.label)
    return { name: device.label, detail: [device.userAgent, short].filter(Boolean).join(' · ') };
  if (device.userAgent) return { name: device.userAgent, detail: short };
  return { name: '未命名设备', detail: short };
}

function revokedText(device: DeviceStatus): string | null {
  const r = device.revocation;
  if (!r) return null;
  const after = r.wipedAt
    ? `，设备已于 ${formatDateTime(r.wipedAt)} 清除本机数据`
    : r.pushFirst
      ? '，等待设备联网上传后清除'
      : '，等待设备联网后清除';
  return `已停用（${r.revokedByName} 于 ${formatDateTime(r.revokedAt)}，原因：${r.reason}${after}）`;
}

function when(iso: string | null): string {
  return iso ? formatDateTime(iso) : '—';
}

/** The latest of a device's push, pull and bundle import: when it last synced at all. */
function lastSync(device: DeviceStatus): string | null {
  const times = [device.lastPushAt, device.lastPullAt, device.lastBundleAt].filter(
    (t): t is string => t !== null,
  );
  return times.sort().at(-1) ?? null;
}

function roleLabel(role: string): string {
  const parsed = roleSchema.safeParse(role);
  return parsed.success ? ROLE_LABELS[parsed.data] : role;
}

type Load =
  { status: 'loading' } | { status: 'error'; message: string } | { status: 'ok'; reply: DevicesReply };

/**
 * The township's overview: per grid worker (and township account) in scope, each device — by the name its
 * worker gave it or its browser — with its last sync and how many changes it still had waiting when it
 * last reported, and 停用设备 for a lost or handed-over tablet. Read from the server, so it needs the network.
 */
export function DevicesPage() {
  const user = useCurrentUser();
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [revoking, setRevoking] = useState<{ deviceId: string; describe: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // The server checks the scope as well.
  const mayRevoke = DEVICE_REVOKE_ROLES.includes(user.role);

  useEffect(() => {
    let live = true;
    const token = currentToken();
    if (!token) return;
    fetchDeviceOverview(token).then(
      (reply) => live && setLoad({ status: 'ok', reply }),
      (error: unknown) => {
        if (!live) return;
        const message =
          error instanceof ApiFailure && error.kind === 'network'
            ? '需要联网才能查看各设备的同步情况'
            : describeFailure(error);
        setLoad({ status: 'error', message });
      },
    );
    return () => {
      live = false;
    };
  }, [attempt]);

  return (
    <section className="card" aria-labelledby="devices-title">
      <h1 id="devices-title" className="card__title">
        各设备同步情况
      </h1>
      <p className="muted">
        “待同步”是该设备最后一次同步时报告的、尚未上传的修改数。设备名称由网格员在本机“数据同步”页设置。
      </p>
      {notice ? (
        <p className="notice" role="status" data-testid="device-notice">
          {notice}
        </p>
      ) : null}
      {revoking ? (
        <RevokeDeviceDialog
          deviceId={revoking.deviceId}
          describe={revoking.describe}
          onCancel={() => setRevoking(null)}
          onDone={(message) => {
            setRevoking(null);
            setNotice(message);
            setAttempt((n) => n + 1);
          }}
        />
      ) : null}
      {load.status === 'loading' ? <p className="muted">正在读取…</p> : null}
      {load.status === 'error' ? (
        <>
          <p className="form-error" role="alert">
            {load.message}
          </p>
          <button
            type="button"
            className="button"
            onClick={() => {
              setLoad({ status: 'loading' });
              setAttempt((n) => n + 1);
            }}
          >
            重试
          </button>
        </>
      ) : null}
      {load.status === 'ok' ? (
        <div className="sync-table-wrap">
          <table className="sync-table">
            <thead>
              <tr>
                <th scope="col">人员</th>
                <th scope="col">单位</th>
                <th scope="col">设备</th>
                <th scope="col">最后同步</th>
                <th scope="col">最后上传</th>
                <th scope="col">同步文件导入</th>
                <th scope="col">待同步</th>
                {mayRevoke ? <th scope="col">操作</th> : null}
              </tr>
            </thead>
            <tbody>
              {load.reply.workers.flatMap((worker) => {
                const devices: (DeviceStatus | null)[] = worker.devices.length > 0 ? worker.devices : [null];
                return devices.map((device, index) => (
                  <tr key={`${worker.userId}-${device?.deviceId ?? 'none'}`} data-testid="device-row">
                    {index === 0 ? (
                      <>
                        <th scope="row" rowSpan={devices.length}>
                          {worker.displayName}
                          <span className="muted sync-table__sub">
                            {worker.username} · {roleLabel(worker.role)}
                          </span>
                        </th>
                        <td rowSpan={devices.length}>{worker.unitName}</td>
                      </>
                    ) : null}
                    {device ? (
                      <>
                        <td className={device.revocation ? 'sync-device--revoked' : undefined}>
                          <span className="sync-device__name">{deviceName(device).name}</span>
                          <span className="muted sync-table__sub">{deviceName(device).detail}</span>
                          {device.revocation ? (
                            <span
                              className="sync-device__revoked sync-table__sub"
                              data-testid="device-revoked"
                            >
                              {revokedText(device)}
                            </span>
                          ) : null}
                        </td>
                        <td>{when(lastSync(device))}</td>
                        <td>{when(device.lastPushAt)}</td>
                        <td>{when(device.lastBundleAt)}</td>
                        <td data-testid="device-pending">
                          {device.pendingCount === null
                            ? '—'
                            : `${count(device.pendingCount)} 条（${when(device.pendingReportedAt)}）`}
                        </td>
                        {mayRevoke ? (
                          <td>
                            {device.revocation ? null : (
                              <button
                                type="button"
                                className="button button--danger"
                                onClick={() =>
                                  setRevoking({
                                    deviceId: device.deviceId,
                                    describe: `${worker.displayName}（${worker.unitName}）的设备「${deviceName(device).name}」`,
                                  })
                                }
                              >
                                停用设备
                              </button>
                            )}
                          </td>
                        ) : null}
                      </>
                    ) : (
                      <td colSpan={mayRevoke ? 6 : 5} className="muted">
                        尚未同步过
                      </td>
                    )}
                  </tr>
                ));
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
