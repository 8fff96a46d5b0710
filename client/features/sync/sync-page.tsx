import { Link } from 'react-router';
import { useCurrentUser } from '../../auth/use-session';
import { DEVICE_OVERVIEW_ROLES, IMPORT_ROLES, PULL_ROLES, PUSH_ROLES } from '../../sync/context';
import { ConflictList } from '../conflicts/conflict-list';
import { BundleExportPanel } from './bundle-export-panel';
import { BundleImportPanel } from './bundle-import-panel';
import { HeldList } from './held-list';
import { DeviceLabelPanel } from './device-label-panel';
import { LostWorkNotice } from './lost-work-notice';
import { RejectedList } from './rejected-list';
import { SyncProgress } from './sync-progress';
import './sync.css';

/**
 * /sync: progress and "立即同步", changes held until a field is fixed (待修正), refused changes, conflicts, and the bundle files for days without any
 * network; township and county staff also import bundles and see the devices of their scope.
 */
export function SyncPage() {
  const user = useCurrentUser();
  if (!PULL_ROLES.includes(user.role)) {
    return (
      <section className="card">
        <h1 className="card__title">数据同步</h1>
        <p>系统管理员账号只管理单位和用户，不在本机同步案件数据。</p>
      </section>
    );
  }
  return (
    <div className="page sync-page">
      <LostWorkNotice />
      <SyncProgress />
      <HeldList />
      <RejectedList />
      <ConflictList />
      {PUSH_ROLES.includes(user.role) ? <BundleExportPanel /> : null}
      {PUSH_ROLES.includes(user.role) ? <DeviceLabelPanel /> : null}
      {IMPORT_ROLES.includes(user.role) ? <BundleImportPanel /> : null}
      {DEVICE_OVERVIEW_ROLES.includes(user.role) ? (
        <p>
          <Link to="/sync/devices" className="inline-link">
            查看各设备同步情况
          </Link>
        </p>
      ) : null}
    </div>
  );
}
