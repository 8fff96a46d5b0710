import { Navigate } from 'react-router';
import { useCurrentUser } from '../../auth/use-session';
import { HomePage } from '../../pages/home-page';
import { REVIEW_ROLES } from './review-roles';

/** `/`: township, county and city staff go straight to their work queue; everyone else sees the home page. */
export function RoleHome() {
  const user = useCurrentUser();
  return REVIEW_ROLES.includes(user.role) ? <Navigate to="/review" replace /> : <HomePage />;
}
