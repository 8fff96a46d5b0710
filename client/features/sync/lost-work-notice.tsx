import { useLiveQuery } from 'dexie-react-hooks';
import { getMeta } from '../../db/meta';
import { formatDateTime } from '../../shell/format';
import { dismissLostWork } from '../../sync/lost-work';
import { count } from './sync-text';

/**
 * Says plainly that work the server expected from this account is not on this tablet (a wiped browser
 * database looks like a fresh tablet). Other pages (e.g. an empty household list) may show it too.
 */
export function LostWorkNotice() {
  const notice = useLiveQuery(() => getMeta('lostWork'), []);
  if (!notice) return null;
  const when = notice.reportedAt ? formatDateTime(notice.reportedAt) : '上次同步';
  return (
    <section className="notice notice--warning sync-lost-work" role="alert" data-testid="lost-work-notice">
      <p>
        <strong>本机没有找到应有的未同步数据。</strong>
        服务器记录显示，您的账号在 {when} 同步时还有 {count(notice.pendingCount)} 条修改没有上传到服务器，
        但这台平板上现在没有这些修改。
      </p>
      <p>
        {notice.sameDevice
          ? '这台平板的本机数据很可能已被清除（例如清理了浏览器数据或退出登录时放弃了未同步的记录），这些修改已经无法找回。'
          : '如果这台平板的浏览器数据被清除过，这些修改可能已经丢失；如果它们在另一台平板上，请用那台平板联网同步。'}
        请核对纸质记录，必要时重新录入。
      </p>
      <button type="button" className="button" onClick={() => void dismissLostWork()}>
        我知道了
      </button>
    </section>
  );
}
