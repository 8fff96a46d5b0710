import { useEffect, useState } from 'react';
import { currentToken } from '../../auth/session-store';
import { deviceId } from '../../db/meta';
import { describeFailure } from '../../sync/engine';
import { fetchMyDevices, saveDeviceLabel } from '../../sync/transport';

/**
 * 本机名称: the name the township sees for this tablet on its device overview (e.g. "刘网格的华为平板"),
 * so a lost or handed-over tablet can be told apart. Needs the network.
 */
export function DeviceLabelPanel() {
  const [label, setLabel] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    const token = currentToken();
    if (!token || !navigator.onLine) return;
    void Promise.all([deviceId(), fetchMyDevices(token)])
      .then(([id, devices]) => {
        const mine = devices.find((device) => device.deviceId === id);
        if (live && mine?.label) setLabel(mine.label);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);

  async function save(): Promise<void> {
    const token = currentToken();
    if (!token) return;
    setBusy(true);
    try {
      await saveDeviceLabel(token, await deviceId(), label.trim());
      setMessage('已保存，乡镇（街道）工会在设备同步情况中看到这个名称');
    } catch (error) {
      setMessage(describeFailure(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="device-label-title">
      <h2 id="device-label-title" className="card__title">
        本机名称
      </h2>
      <form
        className="sync-new-value"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <div className="field">
          <label className="field__label" htmlFor="device-label">
            给这台设备起个名字，便于乡镇（街道）工会识别
          </label>
          <input
            id="device-label"
            className="field__input"
            maxLength={40}
            value={label}
            placeholder="例如：刘网格的华为平板"
            onChange={(event) => setLabel(event.target.value)}
          />
        </div>
        <button type="submit" className="button" disabled={busy}>
          保存名称
        </button>
      </form>
      {message ? (
        <p className="muted" role="status">
          {message}
        </p>
      ) : null}
    </section>
  );
}
