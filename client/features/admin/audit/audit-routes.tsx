import { lazy, Suspense } from 'react';
import type { RouteObject } from 'react-router';
import { ROLES, type Role } from '../../../../shared/roles';
import { useCurrentUser } from '../../../auth/use-session';

/** Who reads the audit view: the administrator and the city, each within their unit scope. */
export const AUDIT_VIEW_ROLES: readonly Role[] = [ROLES.admin, ROLES.cityStaff];

// An office screen: loaded when first opened, never part of the tablet's first load.
const AuditPage = lazy(() => import('./audit-page').then((m) => ({ default: m.AuditPage })));

function AuditGate() {
  const user = useCurrentUser();
  if (!AUDIT_VIEW_ROLES.includes(user.role)) {
    return (
      <section className="card">
        <h1 className="card__title">无权访问</h1>
        <p>审计日志供系统管理员和市总帮扶中心查看。</p>
      </section>
    );
  }
  return (
    <Suspense fallback={<p className="muted">正在打开…</p>}>
      <AuditPage />
    </Suspense>
  );
}

export const auditRoutes: RouteObject[] = [{ path: 'admin/audit', element: <AuditGate /> }];
