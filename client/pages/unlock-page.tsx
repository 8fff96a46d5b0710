import { useState, type FormEvent } from 'react';
import { Link, Navigate, useLocation } from 'react-router';
import { ROLE_LABELS } from '../../shared/roles';
import { MAX_PIN_FAILURES } from '../auth/pin';
import { unlock } from '../auth/session-store';
import { useSession } from '../auth/use-session';
import { returnTarget } from '../shell/redirect';
import { Splash } from '../shell/splash';
import { AuthLayout } from './auth-layout';
import { PinInput } from './pin-input';

/** Every start with a stored session lands here: the PIN opens the app, online or not. */
export function UnlockPage() {
  const session = useSession();
  const location = useLocation();
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (session.status === 'loading') return <Splash />;
  if (session.status === 'unlocked') return <Navigate to={returnTarget(location.state)} replace />;
  if (session.status !== 'locked') return <Navigate to="/login" replace state={location.state} />;

  const remaining = MAX_PIN_FAILURES - session.failures;
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!/^\d{4,6}$/.test(pin)) {
      setError('请输入 4–6 位数字 PIN');
      return;
    }
    setBusy(true);
    const result = await unlock(pin);
    if (result.outcome === 'wrong') {
      setError(`PIN 错误，还可尝试 ${result.remaining} 次`);
      setPin('');
      setBusy(false);
    }
  };

  return (
    <AuthLayout>
      <form className="form" onSubmit={(event) => void onSubmit(event)} noValidate>
        <h2 className="form__title">输入 PIN 解锁</h2>
        <p className="form__lead">
          {session.user.displayName}（{ROLE_LABELS[session.user.role]} · {session.user.unitName}）
        </p>
        <PinInput label="PIN" name="pin" value={pin} onChange={setPin} autoFocus />
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : session.failures > 0 ? (
          <p className="form-error">
            已输错 {session.failures} 次，还可尝试 {remaining} 次
          </p>
        ) : null}
        <button type="submit" className="button button--primary button--block" disabled={busy}>
          {busy ? '正在验证…' : '解锁'}
        </button>
        <p className="form__footer">
          忘记 PIN？
          <Link to="/login" state={location.state} className="inline-link">
            使用用户名和密码登录
          </Link>
          （需要网络）
        </p>
      </form>
    </AuthLayout>
  );
}
