import type { ReactNode } from 'react';
import type { RouteObject } from 'react-router';
import { ROLES, type Role } from '../../../shared/roles';
import { useCurrentUser } from '../../auth/use-session';
import { FiveOnesHub } from './five-ones-hub';
import { SelfAssessmentListPage } from './self-assessment-list-page';
import { SelfAssessmentPage } from './self-assessment-page';
import { TrainingListPage } from './training-list-page';
import { TrainingPage } from './training-page';
import { VisitRoundListPage } from './visit-round-list-page';
import { VisitRoundNewPage } from './visit-round-new-page';
import { VisitRoundPage } from './visit-round-page';
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
