import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { passwordProblem, PASSWORD_RULE_TEXT } from '../../../shared/password-policy';
import { passwordChanged } from '../../auth/session-store';
import { useCurrentUser } from '../../auth/use-session';
import { failureMessage } from '../review/api/review-api';
import { changeOwnPassword } from './account-api';

/**
 * 修改密码, for everyone. While the account must change its password (a one-time password from the
 * administrator, or the demo password) the app shows only this page; the rule is checked here with the
 * same function the server uses, before anything is sent.
 */
export function ChangePasswordPage() {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const forced = user.mustChangePassword === true;
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (current === '') return setError('请输入当前密码');
    const problem = passwordProblem(next, { username: user.username });
    if (problem) return setError(problem);
    if (next !== repeat) return setError('两次输入的新密码不一致');
    if (next === current) return setError('新密码不能与当前密码相同');
    setBusy(true);
    setError(null);
    try {
      const updated = await changeOwnPassword(current, next);
      await passwordChanged(updated);
      setDone(true);
      if (forced) await navigate('/', { replace: true });
    } catch (failure) {
      setError(failureMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page">
      <section className="card">
        <form className="form" onSubmit={(event) => void onSubmit(event)} noValidate>
          <h1 className="form__title">修改密码</h1>
          {forced ? (
            <p className="notice notice--warning" role="status" data-testid="password-change-required">
              首次登录须设置您自己的密码：管理员提供的一次性密码（或演示密码）修改后即失效。修改完成前无法使用其他功能。
            </p>
          ) : null}
          <p className="muted">{PASSWORD_RULE_TEXT}</p>
          <label className="field">
            <span className="field__label">{forced ? '当前密码（一次性密码）' : '当前密码'}</span>
            <input
              className="field__input"
              name="current-password"
              type="password"
              autoComplete="current-password"
              value={current}
              onChange={(event) => setCurrent(event.target.value)}
            />
          </label>
          <label className="field">
            <span className="field__label">新密码</span>
            <input
              className="field__input"
              name="new-password"
              type="password"
              autoComplete="new-password"
              value={next}
              onChange={(event) => setNext(event.target.value)}
            />
          </label>
          <label className="field">
            <span className="field__label">再次输入新密码</span>
            <input
              className="field__input"
              name="new-password-repeat"
              type="password"
              autoComplete="new-password"
              value={repeat}
              onChange={(event) => setRepeat(event.target.value)}
            />
          </label>
          {error ? (
            <p className="form-error" role="alert">
              {error}
            </p>
          ) : null}
          {done && !forced ? (
            <p className="notice" role="status">
              密码已修改。其他设备上的登录已退出，需用新密码重新登录。
            </p>
          ) : null}
          <div className="form__actions">
            <button type="submit" className="button button--primary" disabled={busy}>
              {busy ? '正在保存…' : '保存新密码'}
            </button>
          </div>
        </form>
      </section>
    </div>
  );
}
