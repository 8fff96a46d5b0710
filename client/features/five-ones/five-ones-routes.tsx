import { lazy, type ReactNode } from 'react';
import type { RouteObject } from 'react-router';
import { ROLES, type Role } from '../../../shared/roles';
import { useCurrentUser } from '../../auth/use-session';
import '../capture/capture.css';
import './five-ones.css';

/** Who does five-ones work on a tablet: grid workers and township (street) union staff. */
export const FIVE_ONES_ROLES: readonly Role[] = [ROLES.gridWorker, ROLES.townshipStaff];

function FiveOnesOnly({ children }: { children: ReactNode }) {
  const user = useCurrentUser();
  if (!FIVE_ONES_ROLES.includes(user.role)) {
    return (
      <section className="card">
        <h1 className="card__title">无权访问</h1>
        <p>“五个一”工作页面供网格员和乡镇（街道）工会使用。</p>
      </section>
    );
  }
  return children;
}

// Loaded when first opened (the app shell's Suspense shows meanwhile): not part of the first screen.
// main.tsx fetches them all once the first screen is up (`fiveOnesPageLoaders`).
const loadHub = () => import('./five-ones-hub');
const loadTrainingList = () => import('./training-list-page');
const loadTraining = () => import('./training-page');
const loadSelfAssessmentList = () => import('./self-assessment-list-page');
const loadSelfAssessment = () => import('./self-assessment-page');
const loadVisitRoundList = () => import('./visit-round-list-page');
const loadVisitRoundNew = () => import('./visit-round-new-page');
const loadVisitRound = () => import('./visit-round-page');

/** Every five-ones page's code, for fetching ahead of the first visit (main.tsx). */
export const fiveOnesPageLoaders: readonly (() => Promise<unknown>)[] = [
  loadHub,
  loadTrainingList,
  loadTraining,
  loadSelfAssessmentList,
  loadSelfAssessment,
  loadVisitRoundList,
  loadVisitRoundNew,
  loadVisitRound,
];

const FiveOnesHub = lazy(() => loadHub().then((m) => ({ default: m.FiveOnesHub })));
const TrainingListPage = lazy(() => loadTrainingList().then((m) => ({ default: m.TrainingListPage })));
const TrainingPage = lazy(() => loadTraining().then((m) => ({ default: m.TrainingPage })));
const SelfAssessmentListPage = lazy(() =>
  loadSelfAssessmentList().then((m) => ({ default: m.SelfAssessmentListPage })),
);
const SelfAssessmentPage = lazy(() => loadSelfAssessment().then((m) => ({ default: m.SelfAssessmentPage })));
const VisitRoundListPage = lazy(() => loadVisitRoundList().then((m) => ({ default: m.VisitRoundListPage })));
const VisitRoundNewPage = lazy(() => loadVisitRoundNew().then((m) => ({ default: m.VisitRoundNewPage })));
const VisitRoundPage = lazy(() => loadVisitRound().then((m) => ({ default: m.VisitRoundPage })));

const page = (element: ReactNode) => <FiveOnesOnly>{element}</FiveOnesOnly>;

/** The five-ones pages, relative to "/" (see client/routes.tsx). */
export const fiveOnesRoutes: RouteObject[] = [
  { path: 'five-ones', element: page(<FiveOnesHub />) },
  { path: 'five-ones/trainings', element: page(<TrainingListPage />) },
  { path: 'five-ones/trainings/:id', element: page(<TrainingPage />) },
  { path: 'five-ones/self-assessments', element: page(<SelfAssessmentListPage />) },
  { path: 'five-ones/self-assessments/:id', element: page(<SelfAssessmentPage />) },
  { path: 'five-ones/visit-rounds', element: page(<VisitRoundListPage />) },
  { path: 'five-ones/visit-rounds/new', element: page(<VisitRoundNewPage />) },
  { path: 'five-ones/visit-rounds/:id', element: page(<VisitRoundPage />) },
];
