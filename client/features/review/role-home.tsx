import { lazy } from 'react';
import { Navigate } from 'react-router';
import { useCurrentUser } from '../../auth/use-session';
import { REVIEW_ROLES } from './review-roles';

// Loaded when first opened (the app shell's Suspense shows meanwhile): not part of the first screen.
/** The home page's code, for fetching ahead of the unlock (main.tsx). */
export const loadHomePage = () => import('../../pages/home-page');
const HomePage = lazy(() => loadHomePage().then((m) => ({ default: m.HomePage })));

/** `/`: township, county and city staff go straight to their work queue; everyone else sees the home page. */
export function RoleHome() {
  const user = useCurrentUser();
  return REVIEW_ROLES.includes(user.role) ? <Navigate to="/review" replace /> : <HomePage />;
}
