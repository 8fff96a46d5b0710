import type { ReactNode } from 'react';
import type { RouteObject } from 'react-router';
import type { Role } from '../../../shared/roles';
import { useCurrentUser } from '../../auth/use-session';
import { CasePage } from './case/case-page';
import { ComparisonImportPage } from './import/comparison-import-page';
import { WorkQueuePage } from './queue/work-queue-page';
import { RegisterCasePage } from './register/register-case-page';
import { COMPARISON_IMPORT_ROLES, REGISTER_ROLES, REVIEW_ROLES } from './review-roles';

export { RoleHome } from './role-home';
export { COMPARISON_IMPORT_ROLES, REGISTER_ROLES, REVIEW_ROLES } from './review-roles';

function Only({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const user = useCurrentUser();
  if (!roles.includes(user.role)) {
    return (
      <section className="card">
        <h1 className="card__title">无权访问</h1>
        <p>此页面供乡镇（街道）工会、县总和市总帮扶中心的工作人员使用。</p>
      </section>
    );
  }
  return children;
}

/** The review screens, relative to "/" (see client/routes.tsx). */
export const reviewRoutes: RouteObject[] = [
  { path: 'review', element: <Only roles={REVIEW_ROLES}>{<WorkQueuePage />}</Only> },
  { path: 'review/cases/new', element: <Only roles={REGISTER_ROLES}>{<RegisterCasePage />}</Only> },
  { path: 'review/cases/:caseId', element: <Only roles={REVIEW_ROLES}>{<CasePage />}</Only> },
  {
    path: 'review/comparison-import',
    element: <Only roles={COMPARISON_IMPORT_ROLES}>{<ComparisonImportPage />}</Only>,
  },
];
