import { Navigate, Outlet, useLocation } from 'react-router';
import { useSession } from '../auth/use-session';
import { CHANGE_PASSWORD_PATH, returnStateFor } from './redirect';
import { Splash } from './splash';

/** Every page behind the login: a stored session needs the PIN, no session needs the password. */
export function RequireUnlocked() {
  const session = useSession();
  const location = useLocation();
  switch (session.status) {
    case 'loading':
      return <Splash />;
    case 'locked':
      return <Navigate to="/unlock" replace state={returnStateFor(location)} />;
    case 'signedOut':
    case 'choosingPin':
      return <Navigate to="/login" replace state={returnStateFor(location)} />;
    case 'unlocked':
      // A one-time or demo password: nothing else until the user has chosen their own (the server agrees).
      if (session.user.mustChangePassword === true && location.pathname !== CHANGE_PASSWORD_PATH) {
        return <Navigate to={CHANGE_PASSWORD_PATH} replace />;
      }
      return <Outlet />;
  }
}
