import { lazy, Suspense, type ReactNode } from 'react';
import { useCurrentUser } from '../../auth/use-session';
import { OVERSIGHT_ROLES } from './oversight-roles';

// The dashboard brings the charts library; the drill-down and the circular do not need it.
const DashboardPage = lazy(() => import('./dashboard-page').then((m) => ({ default: m.DashboardPage })));
const IndicatorCasesPage = lazy(() =>
  import('./indicator-cases-page').then((m) => ({ default: m.IndicatorCasesPage })),
);
const CircularPage = lazy(() => import('./circular-page').then((m) => ({ default: m.CircularPage })));

/** County and city staff only; everyone else is told so (the server refuses them too). */
function Only({ children }: { children: ReactNode }) {
  const user = useCurrentUser();
  if (!OVERSIGHT_ROLES.includes(user.role)) {
    return (
      <section className="card">
        <h1 className="card__title">无权访问</h1>
        <p>督导指标供县总和市总帮扶中心的工作人员使用。</p>
      </section>
    );
  }
  return <Suspense fallback={<p className="muted">正在打开…</p>}>{children}</Suspense>;
}

/** `/oversight`: 督导首页. */
export function DashboardScreen() {
  return (
    <Only>
      <DashboardPage />
    </Only>
  );
}

/** `/oversight/cases`: the cases behind a number. */
export function CasesScreen() {
  return (
    <Only>
      <IndicatorCasesPage />
    </Only>
  );
}

/** `/oversight/circular`: the printable circular (通报). */
export function CircularScreen() {
  return (
    <Only>
      <CircularPage />
    </Only>
  );
}
