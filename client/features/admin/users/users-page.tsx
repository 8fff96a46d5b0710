import { useMemo, useState } from 'react';
import type { AccountListItem, OneTimePasswordReply } from '../../../../shared/accounts';
import { ROLE_LABELS } from '../../../../shared/roles';
import { useCurrentUser } from '../../../auth/use-session';
import { ConfirmDialog } from '../../../shell/confirm-dialog';
import { formatDateTime } from '../../../shell/format';
import { failureMessage } from '../../review/api/review-api';
import { useResource } from '../../review/api/use-resource';
import { ActionNotice, ResourceProgress } from '../../review/resource-parts';
import { CreateUserDialog } from './create-user-dialog';
import { ImportPanel } from './import-panel';
import { OneTimePasswordNotice } from './one-time-password';
import { listAccounts, listUnits, resetAccountPassword, setAccountActive } from './users-api';
import '../../review/review.css';
import './users.css';

type Pending = { kind: 'reset' | 'deactivate'; account: AccountListItem } | null;

function DevicesCell({ account }: { account: AccountListItem }) {
  if (account.deviceCount === 0) return <span className="muted">无</span>;
  return (
    <>
      {account.deviceCount} 台
      {account.lastSyncAt ? (
        <span className="muted">（最近同步 {formatDateTime(account.lastSyncAt)}）</span>
      ) : null}
    </>
  );
}

function StatusCell({ account }: { account: AccountListItem }) {
  if (!account.active) return <span className="admin-badge admin-badge--off">已停用</span>;
  if (account.mustChangePassword) return <span className="admin-badge">待首次改密</span>;
  return <span>启用</span>;
}

/** 用户账号: every account within the administrator's unit, with its last login and devices. */
export function UsersPage() {
  const me = useCurrentUser();
  const [accounts, reload] = useResource('accounts', listAccounts);
  const [units] = useResource('units', listUnits);
  const [filter, setFilter] = useState('');
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const [pending, setPending] = useState<Pending>(null);
  const [busy, setBusy] = useState(false);
  const [secret, setSecret] = useState<OneTimePasswordReply | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const shown = useMemo(() => {
    if (accounts.status !== 'ready') return [];
    const needle = filter.trim().toLowerCase();
    if (needle === '') return accounts.data;
    return accounts.data.filter((a) =>
      [a.username, a.displayName, a.unitName, a.unitId].some((text) => text.toLowerCase().includes(needle)),
    );
  }, [accounts, filter]);

  async function act(run: () => Promise<void>): Promise<void> {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await run();
      reload();
    } catch (failure) {
      setError(failureMessage(failure));
    } finally {
      setBusy(false);
      setPending(null);
    }
  }

  const confirm = () => {
    if (!pending) return;
    const { account } = pending;
    void act(async () => {
      if (pending.kind === 'reset') setSecret(await resetAccountPassword(account.id));
      else {
        await setAccountActive(account.id, false);
        setNotice(`已停用 ${account.displayName}（${account.username}），其所有设备上的登录已立即失效。`);
      }
    });
  };

  const reactivate = (account: AccountListItem) =>
    void act(async () => {
      await setAccountActive(account.id, true);
      setNotice(`已启用 ${account.displayName}（${account.username}）。`);
    });

  return (
    <div className="review-page">
      <section className="card" aria-labelledby="users-title">
        <h1 className="card__title" id="users-title">
          用户账号
        </h1>
        <p className="muted">
          {me.unitName}
          及下级单位的账号：新建、批量导入、重置密码、停用。重置或停用后，该账号在所有设备上的登录立即失效。
        </p>
        <div className="review-page__actions">
          <button type="button" className="button button--primary" onClick={() => setCreating(true)}>
            新建账号
          </button>
          <button
            type="button"
            className="button"
            onClick={() => setImporting((v) => !v)}
            aria-expanded={importing}
          >
            批量导入（CSV）
          </button>
        </div>
      </section>
      {secret && secret.oneTimePassword ? (
        <OneTimePasswordNotice
          username={secret.user.username}
          displayName={secret.user.displayName}
          password={secret.oneTimePassword}
          onClose={() => setSecret(null)}
        />
      ) : null}
      <ActionNotice text={notice} />
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {importing ? <ImportPanel onImported={reload} /> : null}
      <section className="card" aria-label="账号列表">
        <label className="field admin-filter">
          <span className="field__label">查找</span>
          <input
            className="field__input"
            type="search"
            placeholder="姓名、用户名或单位"
            value={filter}
            onChange={(event) => setFilter(event.target.value)}
          />
        </label>
        <ResourceProgress resource={accounts} />
        {accounts.status === 'ready' ? (
          <div className="review-table-wrap">
            <table className="review-table" aria-label="用户账号">
              <thead>
                <tr>
                  <th scope="col">姓名</th>
                  <th scope="col">用户名</th>
                  <th scope="col">角色</th>
                  <th scope="col">单位</th>
                  <th scope="col">状态</th>
                  <th scope="col">上次登录</th>
                  <th scope="col">设备</th>
                  <th scope="col">操作</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((account) => (
                  <tr key={account.id} data-username={account.username}>
                    <td>{account.displayName}</td>
                    <td>{account.username}</td>
                    <td>{ROLE_LABELS[account.role]}</td>
                    <td>{account.unitName}</td>
                    <td>
                      <StatusCell account={account} />
                    </td>
                    <td>{account.lastLoginAt ? formatDateTime(account.lastLoginAt) : '从未登录'}</td>
                    <td>
                      <DevicesCell account={account} />
                    </td>
                    <td>
                      <div className="admin-actions">
                        {account.active ? (
                          <>
                            <button
                              type="button"
                              className="button"
                              disabled={busy}
                              onClick={() => setPending({ kind: 'reset', account })}
                            >
                              重置密码
                            </button>
                            {account.id === me.id ? null : (
                              <button
                                type="button"
                                className="button button--danger"
                                disabled={busy}
                                onClick={() => setPending({ kind: 'deactivate', account })}
                              >
                                停用
                              </button>
                            )}
                          </>
                        ) : (
                          <button
                            type="button"
                            className="button"
                            disabled={busy}
                            onClick={() => reactivate(account)}
                          >
                            启用
                          </button>
                        )}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {shown.length === 0 ? <p className="muted">没有符合条件的账号。</p> : null}
          </div>
        ) : null}
      </section>
      {creating && units.status === 'ready' ? (
        <CreateUserDialog
          units={units.data}
          onCancel={() => setCreating(false)}
          onCreated={(reply) => {
            setCreating(false);
            setSecret(reply);
            reload();
          }}
        />
      ) : null}
      {pending ? (
        <ConfirmDialog
          title={pending.kind === 'reset' ? '重置密码？' : '停用账号？'}
          message={
            pending.kind === 'reset'
              ? `将为 ${pending.account.displayName}（${pending.account.username}）生成一次性密码，原密码和所有设备上的登录立即失效。`
              : `${pending.account.displayName}（${pending.account.username}）将无法登录，所有设备上的登录立即失效；平板下次联网时会提示账号已停用，未同步的记录保留在平板上。`
          }
          confirmLabel={pending.kind === 'reset' ? '重置' : '停用'}
          busy={busy}
          onConfirm={confirm}
          onCancel={() => setPending(null)}
        />
      ) : null}
    </div>
  );
}
