import { lazy, Suspense, type ReactNode } from 'react';
import type { RouteObject } from 'react-router';
import type { Role } from '../../../shared/roles';
import { useCurrentUser } from '../../auth/use-session';
import {
  COMPARISON_IMPORT_ROLES,
  DATA_MONITORING_ROLES,
  DUPLICATE_ROLES,
  FUNDS_ROLES,
  MONITORING_ROLES,
  REGISTER_ROLES,
  REVIEW_ROLES,
  ROUND_CALENDAR_ROLES,
  COUNTY_SETTINGS_ROLES,
} from './review-roles';

export { RoleHome } from './role-home';
export {
  COMPARISON_IMPORT_ROLES,
  DATA_MONITORING_ROLES,
  DUPLICATE_ROLES,
  FUNDS_ROLES,
  MONITORING_ROLES,
  REGISTER_ROLES,
  REVIEW_ROLES,
  ROUND_CALENDAR_ROLES,
  COUNTY_SETTINGS_ROLES,
} from './review-roles';

// Office screens are loaded when first opened: a tablet's first load carries none of them (the service
// worker still precaches their chunks, so they open offline too).
const WorkQueuePage = lazy(() =>
  import('./queue/work-queue-page').then((m) => ({ default: m.WorkQueuePage })),
);
const RegisterCasePage = lazy(() =>
  import('./register/register-case-page').then((m) => ({ default: m.RegisterCasePage })),
);
const CasePage = lazy(() => import('./case/case-page').then((m) => ({ default: m.CasePage })));
const ComparisonImportPage = lazy(() =>
  import('./import/comparison-import-page').then((m) => ({ default: m.ComparisonImportPage })),
);
const DuplicateQueuePage = lazy(() =>
  import('./duplicates/duplicate-queue-page').then((m) => ({ default: m.DuplicateQueuePage })),
);
const CoveragePage = lazy(() => import('./rounds/coverage-page').then((m) => ({ default: m.CoveragePage })));
const RoundCalendarPage = lazy(() =>
  import('./rounds/calendar-page').then((m) => ({ default: m.RoundCalendarPage })),
);

const WarningsPage = lazy(() =>
  import('./monitoring/warnings-page').then((m) => ({ default: m.WarningsPage })),
);
const MonitoringRegisterPage = lazy(() =>
  import('./monitoring/register-page').then((m) => ({ default: m.RegisterPage })),
);
const DataMonitoringPage = lazy(() =>
  import('./monitoring/data-monitoring-page').then((m) => ({ default: m.DataMonitoringPage })),
);
const CountySettingsPage = lazy(() =>
  import('./settings/county-settings-page').then((m) => ({ default: m.CountySettingsPage })),
);

const FundsPage = lazy(() => import('./funds/funds-page').then((m) => ({ default: m.FundsPage })));

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
  return <Suspense fallback={<p className="muted">正在打开…</p>}>{children}</Suspense>;
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
  { path: 'duplicates', element: <Only roles={DUPLICATE_ROLES}>{<DuplicateQueuePage />}</Only> },
  { path: 'rounds', element: <Only roles={REVIEW_ROLES}>{<CoveragePage />}</Only> },
  { path: 'rounds/calendar', element: <Only roles={ROUND_CALENDAR_ROLES}>{<RoundCalendarPage />}</Only> },
  { path: 'monitoring', element: <Only roles={MONITORING_ROLES}>{<WarningsPage />}</Only> },
  {
    path: 'monitoring/register',
    element: <Only roles={MONITORING_ROLES}>{<MonitoringRegisterPage />}</Only>,
  },
  { path: 'monitoring/data', element: <Only roles={DATA_MONITORING_ROLES}>{<DataMonitoringPage />}</Only> },
  { path: 'settings/county', element: <Only roles={COUNTY_SETTINGS_ROLES}>{<CountySettingsPage />}</Only> },
  { path: 'funds', element: <Only roles={FUNDS_ROLES}>{<FundsPage />}</Only> },
];
