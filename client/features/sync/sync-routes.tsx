import { lazy, Suspense } from 'react';
import type { RouteObject } from 'react-router';
import { useCurrentUser } from '../../auth/use-session';
import { DEVICE_OVERVIEW_ROLES, PULL_ROLES } from '../../sync/context';
import './sync.css';

/** Roles that see the sync page in the navigation (everyone who holds case data on a device). */
export const SYNC_ROLES = PULL_ROLES;
export { DEVICE_OVERVIEW_ROLES };

// Loaded when first opened (the app shell's Suspense shows meanwhile): not part of the first screen.
/** The sync page's code, for fetching ahead of its first visit (main.tsx). */
export const loadSyncPage = () => import('./sync-page');
const SyncPage = lazy(() => loadSyncPage().then((m) => ({ default: m.SyncPage })));

// An office page (the township's overview of its tablets, with revocation): loaded only when opened, so the
// tablet's first load does not carry it.
const DevicesPage = lazy(() => import('./devices-page').then((m) => ({ default: m.DevicesPage })));

function DevicesRoute() {
  const user = useCurrentUser();
  if (!DEVICE_OVERVIEW_ROLES.includes(user.role)) {
    return (
      <section className="card">
        <h1 className="card__title">无权访问</h1>
        <p>此页面供乡镇（街道）工会、县总和市总帮扶中心的工作人员及系统管理员查看各设备的同步情况。</p>
      </section>
    );
  }
  return (
    <Suspense fallback={<p className="muted">正在打开…</p>}>
      <DevicesPage />
    </Suspense>
  );
}

/** The sync screens, relative to "/" (see client/routes.tsx). */
export const syncRoutes: RouteObject[] = [
  { path: 'sync', element: <SyncPage /> },
  { path: 'sync/devices', element: <DevicesRoute /> },
];
