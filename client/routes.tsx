import type { RouteObject } from 'react-router';
import { ROLES, type Role } from '../shared/roles';
import { HomePage } from './pages/home-page';
import { NotFoundPage } from './pages/not-found-page';

/**
 * The signed-in part of the app. Every route here renders inside the app shell (header, status bar) and
 * only once the device is unlocked. Features add their pages to `shellRoutes` (paths relative to "/", e.g.
 * `{ path: 'households/:id', element: <HouseholdPage /> }` from `client/features/households/`) and, when the
 * page belongs in the main navigation, an entry to `NAV_ITEMS`. Keep the catch-all last.
 */
export const shellRoutes: RouteObject[] = [
  { index: true, element: <HomePage /> },
  { path: '*', element: <NotFoundPage /> },
];

export interface NavItem {
  to: string;
  label: string;
  /** Roles that see this item. */
  roles: readonly Role[];
}

const EVERYONE: readonly Role[] = Object.values(ROLES);

export const NAV_ITEMS: NavItem[] = [{ to: '/', label: '首页', roles: EVERYONE }];
