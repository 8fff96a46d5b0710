import { lazy, Suspense, type ReactNode } from 'react';
import type { RouteObject } from 'react-router';
import { ROLES, type Role } from '../../../../shared/roles';
import { useCurrentUser } from '../../../auth/use-session';

/** Who manages accounts: the administrator (within their own unit's scope, checked by the server). */
export const ACCOUNT_ADMIN_ROLES: readonly Role[] = [ROLES.admin];

// Office screens, loaded when first opened: the tablet's first load carries none of them.
const UsersPage = lazy(() => import('./users-page').then((m) => ({ default: m.UsersPage })));

function AdminOnly({ children }: { children: ReactNode }) {
  const user = useCurrentUser();
  if (!ACCOUNT_ADMIN_ROLES.includes(user.role)) {
    return (
      <section className="card">
        <h1 className="card__title">无权访问</h1>
        <p>此页面供系统管理员使用。</p>
      </section>
    );
  }
  return <Suspense fallback={<p className="muted">正在打开…</p>}>{children}</Suspense>;
}

/** Relative to "/" (see client/routes.tsx). */
export const accountAdminRoutes: RouteObject[] = [
  {
    path: 'admin/users',
    element: (
      <AdminOnly>
        <UsersPage />
      </AdminOnly>
    ),
  },
];
