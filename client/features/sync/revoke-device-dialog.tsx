import { useEffect, useRef, useState } from 'react';
import { ApiFailure } from '../../api/http';
import { currentToken } from '../../auth/session-store';
import { revokeDevice } from '../../sync/transport';

interface RevokeDeviceDialogProps {
  deviceId: string;
  /** Whose tablet, in words: "刘网格 · 花戏楼社区第一网格 · 华为平板". */
  describe: string;
  onDone(message: string): void;
  onCancel(): void;
}

/**
 * 停用设备: a reason and the choice whether the tablet pushes what it still holds before it wipes itself
 * (the default) or wipes without pushing (a tablet in the wrong hands). docs/administration.md.
 */
export function RevokeDeviceDialog({ deviceId, describe, onDone, onCancel }: RevokeDeviceDialogProps) {
  const [reason, setReason] = useState('');
  const [pushFirst, setPushFirst] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const first = useRef<HTMLTextAreaElement>(null);
  useEffect(() => first.current?.focus(), []);

  async function submit(): Promise<void> {
    const token = currentToken();
    if (!token) return;
    setBusy(true);
    setError(null);
    try {
      await revokeDevice(token, deviceId, { reason: reason.trim(), pushFirst });
      onDone(
        pushFirst
          ? `已停用 ${describe}：该设备下次联网时先上传未同步的数据，然后清除本机数据。`
          : `已停用 ${describe}：该设备下次联网时直接清除本机数据。`,
      );
    } catch (failure) {
      setError(
        failure instanceof ApiFailure && failure.kind === 'network'
          ? '无法连接服务器，请联网后再停用'
          : failure instanceof Error
            ? failure.message
            : String(failure),
      );
      setBusy(false);
    }
  }

  return (
    <div className="dialog-backdrop">
      <form
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="revoke-title"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <h2 id="revoke-title" className="dialog__title">
          停用设备
        </h2>
        <p className="dialog__message">
          {describe}
          。停用后该设备的登录立即失效，它签名的同步文件不再被接受；设备下次联网时会清除本机的全部数据。
        </p>
        <div className="field">
          <label className="field__label" htmlFor="revoke-reason">
            停用原因
          </label>
          <textarea
            ref={first}
            id="revoke-reason"
            className="field__input"
            rows={2}
            maxLength={200}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            placeholder="例如：平板丢失；人员调离，设备交回"
          />
        </div>
        <fieldset className="field">
          <legend className="field__label">本机尚未同步的数据</legend>
          <label className="sync-choice">
            <input type="radio" name="revoke-push" checked={pushFirst} onChange={() => setPushFirst(true)} />
            先上传，再清除（默认）
          </label>
          <label className="sync-choice">
            <input
              type="radio"
              name="revoke-push"
              checked={!pushFirst}
              onChange={() => setPushFirst(false)}
            />
            不上传，直接清除（设备可能落入他人之手时）
          </label>
        </fieldset>
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onCancel} disabled={busy}>
            取消
          </button>
          <button type="submit" className="button button--danger" disabled={busy}>
            {busy ? '正在停用…' : '确认停用'}
          </button>
        </div>
      </form>
    </div>
  );
}
