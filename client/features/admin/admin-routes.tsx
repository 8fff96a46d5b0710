import { lazy, Suspense } from 'react';
import type { RouteObject } from 'react-router';
import { ROLES, type Role } from '../../../shared/roles';
import { useCurrentUser } from '../../auth/use-session';

/** The administrator's screens (docs/administration.md), office-only and lazy-loaded. */
export const ADMIN_ROLES: readonly Role[] = [ROLES.admin];

const UnitsPage = lazy(() => import('./units/units-page').then((m) => ({ default: m.UnitsPage })));

function AdminOnly({ children }: { children: React.ReactNode }) {
  const user = useCurrentUser();
  if (!ADMIN_ROLES.includes(user.role)) {
    return (
      <section className="card">
        <h1 className="card__title">无权访问</h1>
        <p>此页面供系统管理员使用。</p>
      </section>
    );
  }
  return <Suspense fallback={<p className="muted">正在打开…</p>}>{children}</Suspense>;
}

export const adminRoutes: RouteObject[] = [
  { path: 'admin/units', element: <AdminOnly>{<UnitsPage />}</AdminOnly> },
];
