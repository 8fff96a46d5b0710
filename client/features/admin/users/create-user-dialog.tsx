import { useMemo, useState, type FormEvent } from 'react';
import type { OneTimePasswordReply } from '../../../../shared/accounts';
import type { Unit } from '../../../../shared/org';
import { ROLE_LABELS, ROLE_UNIT_LEVEL, type Role } from '../../../../shared/roles';
import { roleSchema } from '../../../../shared/role-schema';
import { displayNameSchema, usernameSchema } from '../../../../shared/users';
import { failureMessage } from '../../review/api/review-api';
import { createAccount } from './users-api';

/** 新建账号: username, name, role and a unit of the level the role works at; the server issues the password. */
export function CreateUserDialog({
  units,
  onCreated,
  onCancel,
}: {
  units: readonly Unit[];
  onCreated(reply: OneTimePasswordReply): void;
  onCancel(): void;
}) {
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>('grid_worker');
  const [unitId, setUnitId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fitting = useMemo(() => units.filter((u) => u.level === ROLE_UNIT_LEVEL[role]), [units, role]);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const name = usernameSchema.safeParse(username);
    if (!name.success) return setError(name.error.issues[0]?.message ?? '用户名格式不正确');
    const display = displayNameSchema.safeParse(displayName);
    if (!display.success) return setError(display.error.issues[0]?.message ?? '请输入姓名');
    if (!fitting.some((u) => u.id === unitId)) return setError('请选择单位');
    setBusy(true);
    setError(null);
    try {
      onCreated(await createAccount({ username: name.data, displayName: display.data, role, unitId }));
    } catch (failure) {
      setError(failureMessage(failure));
      setBusy(false);
    }
  };

  return (
    <div className="dialog-backdrop">
      <form
        className="dialog form"
        role="dialog"
        aria-modal="true"
        aria-labelledby="create-user-title"
        onSubmit={(event) => void onSubmit(event)}
        noValidate
      >
        <h2 id="create-user-title" className="dialog__title">
          新建账号
        </h2>
        <label className="field">
          <span className="field__label">用户名（登录用）</span>
          <input
            className="field__input"
            name="username"
            autoCapitalize="none"
            spellCheck={false}
            value={username}
            onChange={(event) => setUsername(event.target.value)}
          />
        </label>
        <label className="field">
          <span className="field__label">姓名</span>
          <input
            className="field__input"
            name="displayName"
            value={displayName}
            onChange={(event) => setDisplayName(event.target.value)}
          />
        </label>
        <label className="field">
          <span className="field__label">角色</span>
          <select
            className="field__input"
            name="role"
            value={role}
            onChange={(event) => {
              setRole(roleSchema.parse(event.target.value));
              setUnitId('');
            }}
          >
            {roleSchema.options.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">单位</span>
          <select
            className="field__input"
            name="unitId"
            value={unitId}
            onChange={(event) => setUnitId(event.target.value)}
          >
            <option value="">请选择</option>
            {fitting.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}（{u.id}）
              </option>
            ))}
          </select>
        </label>
        <p className="muted">系统将生成一次性密码，只显示一次；本人首次登录时须修改。</p>
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onCancel} disabled={busy}>
            取消
          </button>
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? '正在创建…' : '创建'}
          </button>
        </div>
      </form>
    </div>
  );
}
