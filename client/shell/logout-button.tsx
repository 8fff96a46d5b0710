import { useState } from 'react';
import { useNavigate } from 'react-router';
import { signOut, unsyncedBeforeLogout } from '../auth/session-store';
import { ConfirmDialog } from './confirm-dialog';

/** Logs out and wipes the tablet; when unsynced work would be lost it says how much and asks first. */
export function LogoutButton() {
  const navigate = useNavigate();
  const [unsynced, setUnsynced] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);

  const finish = async () => {
    setBusy(true);
    await signOut();
    await navigate('/login', { replace: true });
  };
  const start = async () => {
    const count = await unsyncedBeforeLogout();
    if (count > 0) setUnsynced(count);
    else await finish();
  };

  return (
    <>
      <button type="button" className="button button--header" onClick={() => void start()} disabled={busy}>
        退出登录
      </button>
      {unsynced !== null ? (
        <ConfirmDialog
          title="确认退出？"
          message={`本机还有 ${unsynced} 条未同步的记录，退出将永久丢失。退出后本机的所有数据都会被清除。`}
          confirmLabel="仍然退出"
          busy={busy}
          onConfirm={() => void finish()}
          onCancel={() => setUnsynced(null)}
        />
      ) : null}
    </>
  );
}
