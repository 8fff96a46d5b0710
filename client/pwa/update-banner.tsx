import { useState } from 'react';
import { applyUpdate, useUpdateState } from './update';

/** Offers a waiting new version; nothing reloads until the user presses "立即更新". */
export function UpdateBanner() {
  const update = useUpdateState();
  const [dismissed, setDismissed] = useState(false);
  if (!update.available || (dismissed && !update.applying)) return null;
  return (
    <div className="update-banner" role="status">
      <span className="update-banner__text">
        {update.applying ? '正在保存草稿并更新…' : '有新版本可用'}
        {update.error ? <span className="update-banner__error">{update.error}</span> : null}
      </span>
      {update.applying ? null : (
        <span className="update-banner__actions">
          <button type="button" className="button button--light" onClick={() => setDismissed(true)}>
            稍后
          </button>
          <button type="button" className="button button--primary-light" onClick={() => void applyUpdate()}>
            立即更新
          </button>
        </span>
      )}
    </div>
  );
}
