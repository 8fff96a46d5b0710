import { useState, type FormEvent } from 'react';
import { signIn } from '../auth/session-store';
import { NEEDS_NETWORK_MESSAGE } from '../auth/messages';
import { ConfirmDialog } from '../shell/confirm-dialog';
import { useOnline } from '../shell/use-online';

interface WipeQuestion {
  unsynced: number;
  ownerName: string;
}

export function LoginForm() {
  const online = useOnline();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [wipeQuestion, setWipeQuestion] = useState<WipeQuestion | null>(null);

  const submit = async (confirmedWipe: boolean) => {
    setBusy(true);
    setError(null);
    try {
      const result = await signIn(username, password, { confirmedWipe });
      if (result.outcome === 'error') setError(result.message);
      if (result.outcome === 'confirmWipe') setWipeQuestion(result);
      if (result.outcome !== 'ok') setBusy(false);
    } catch (failure) {
      setError(`登录时出错：${failure instanceof Error ? failure.message : String(failure)}`);
      setBusy(false);
    }
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit(false);
  };

  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <h2 className="form__title">登录</h2>
      {online ? null : <p className="notice notice--warning">当前处于离线状态。{NEEDS_NETWORK_MESSAGE}。</p>}
      <label className="field">
        <span className="field__label">用户名</span>
        <input
          className="field__input"
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          value={username}
          onChange={(event) => setUsername(event.target.value)}
          required
        />
      </label>
      <label className="field">
        <span className="field__label">密码</span>
        <input
          className="field__input"
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          required
        />
      </label>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" className="button button--primary button--block" disabled={busy}>
        {busy ? '正在登录…' : '登录'}
      </button>
      {wipeQuestion ? (
        <ConfirmDialog
          title="本机还有未同步的工作"
          message={`本机还有 ${wipeQuestion.ownerName} 的 ${wipeQuestion.unsynced} 条未同步的记录。使用其他账号登录会清除本机数据，这些记录将永久丢失。`}
          confirmLabel="清除并登录"
          onCancel={() => setWipeQuestion(null)}
          onConfirm={() => {
            setWipeQuestion(null);
            void submit(true);
          }}
        />
      ) : null}
    </form>
  );
}
