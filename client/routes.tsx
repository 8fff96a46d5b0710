import type { RouteObject } from 'react-router';
import { ROLES, type Role } from '../shared/roles';
import { NotFoundPage } from './pages/not-found-page';
import { FIVE_ONES_ROLES, fiveOnesRoutes } from './features/five-ones/five-ones-routes';
import { HOUSEHOLD_ROLES, householdRoutes } from './features/households/household-routes';
import {
  COUNTY_SETTINGS_ROLES,
  DATA_MONITORING_ROLES,
  DUPLICATE_ROLES,
  FUNDS_ROLES,
  MONITORING_ROLES,
  REVIEW_ROLES,
  ROUND_CALENDAR_ROLES,
  RoleHome,
  reviewRoutes,
} from './features/review/review-routes';
import { DEVICE_OVERVIEW_ROLES, SYNC_ROLES, syncRoutes } from './features/sync/sync-routes';
import { ADMIN_ROLES, adminRoutes } from './features/admin/admin-routes';
import { AUDIT_VIEW_ROLES, auditRoutes } from './features/admin/audit/audit-routes';
import { accountRoutes } from './features/account/account-routes';
import { ACCOUNT_ADMIN_ROLES, accountAdminRoutes } from './features/admin/users/users-routes';
import { OVERSIGHT_ROLES, oversightRoutes } from './features/oversight/oversight-routes';

/**
 * The signed-in part of the app. Every route here renders inside the app shell (header, status bar) and
 * only once the device is unlocked. Features add their pages to `shellRoutes` (paths relative to "/", e.g.
 * `{ path: 'households/:id', element: <HouseholdPage /> }` from `client/features/households/`) and, when the
 * page belongs in the main navigation, an entry to `NAV_ITEMS`. Keep the catch-all last.
 */
export const shellRoutes: RouteObject[] = [
  { index: true, element: <RoleHome /> },
  ...fiveOnesRoutes,
  ...householdRoutes,
  ...reviewRoutes,
  ...syncRoutes,
  ...adminRoutes,
  ...auditRoutes,
  ...accountRoutes,
  ...accountAdminRoutes,
  ...oversightRoutes,
  { path: '*', element: <NotFoundPage /> },
];

export interface NavItem {
  to: string;
  label: string;
  /** Roles that see this item. */
  roles: readonly Role[];
}

const EVERYONE: readonly Role[] = Object.values(ROLES);

export const NAV_ITEMS: NavItem[] = [
  { to: '/', label: '首页', roles: EVERYONE },
  { to: '/oversight', label: '督导首页', roles: OVERSIGHT_ROLES },
  { to: '/households', label: '我的家庭户', roles: HOUSEHOLD_ROLES },
  { to: '/five-ones', label: '五个一', roles: FIVE_ONES_ROLES },
  { to: '/review', label: '工作台', roles: REVIEW_ROLES },
  { to: '/rounds', label: '走访覆盖', roles: REVIEW_ROLES },
  { to: '/rounds/calendar', label: '走访轮次安排', roles: ROUND_CALENDAR_ROLES },
  { to: '/duplicates', label: '重复建档核查', roles: DUPLICATE_ROLES },
  { to: '/monitoring', label: '监测预警', roles: MONITORING_ROLES },
  { to: '/monitoring/data', label: '数据监测', roles: DATA_MONITORING_ROLES },
  { to: '/settings/county', label: '县级参数设置', roles: COUNTY_SETTINGS_ROLES },
  { to: '/funds', label: '资金管理', roles: FUNDS_ROLES },
  { to: '/sync', label: '数据同步', roles: SYNC_ROLES },
  { to: '/sync/devices', label: '设备同步情况', roles: DEVICE_OVERVIEW_ROLES },
  { to: '/admin/units', label: '组织单位', roles: ADMIN_ROLES },
  { to: '/admin/audit', label: '审计日志', roles: AUDIT_VIEW_ROLES },
  { to: '/admin/users', label: '用户账号', roles: ACCOUNT_ADMIN_ROLES },
];
