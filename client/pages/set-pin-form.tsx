import { useState, type FormEvent } from 'react';
import type { SessionUserInfo } from '../../shared/auth';
import { ROLE_LABELS } from '../../shared/roles';
import { MAX_PIN_FAILURES } from '../auth/pin';
import { cancelPinSetup, choosePin } from '../auth/session-store';
import { PinInput } from './pin-input';

export function SetPinForm({ user }: { user: SessionUserInfo }) {
  const [pin, setPin] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (pin !== repeat) {
      setError('两次输入的 PIN 不一致');
      return;
    }
    setBusy(true);
    setError(null);
    const problem = await choosePin(pin);
    if (problem) {
      setError(problem);
      setBusy(false);
    }
  };

  return (
    <form className="form" onSubmit={(event) => void onSubmit(event)} noValidate>
      <h2 className="form__title">设置本机 PIN</h2>
      <p className="form__lead">
        {user.displayName}（{ROLE_LABELS[user.role]} · {user.unitName}），您好。
      </p>
      <p className="muted">
        以后在本机打开应用时（包括没有网络时），输入 4–6 位数字 PIN 即可，无需密码。连续输错{' '}
        {MAX_PIN_FAILURES} 次后需联网用密码重新登录。
      </p>
      <PinInput label="设置 PIN（4–6 位数字）" name="pin" value={pin} onChange={setPin} autoFocus />
      <PinInput label="再次输入 PIN" name="pin-repeat" value={repeat} onChange={setRepeat} />
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="form__actions">
        <button type="button" className="button" onClick={() => void cancelPinSetup()} disabled={busy}>
          取消
        </button>
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? '正在保存…' : '确定'}
        </button>
      </div>
    </form>
  );
}
