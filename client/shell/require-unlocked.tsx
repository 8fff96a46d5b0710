import { Navigate, Outlet, useLocation, type Location } from 'react-router';
import type { SessionState } from '../auth/session-store';
import { useSession } from '../auth/use-session';
import { CHANGE_PASSWORD_PATH, returnStateFor, type ReturnState } from './redirect';
import { Splash } from './splash';

/**
 * Where a page behind the login sends a device that is not unlocked: a stored session to the PIN, none to
 * the password, with the page to return to. Null while the session is being read, and once unlocked.
 */
export function authRedirect(
  status: SessionState['status'],
  location: Location,
): { to: '/unlock' | '/login'; state: ReturnState } | null {
  switch (status) {
    case 'locked':
      return { to: '/unlock', state: returnStateFor(location) };
    case 'signedOut':
    case 'choosingPin':
      return { to: '/login', state: returnStateFor(location) };
    case 'loading':
    case 'unlocked':
      return null;
  }
}

/** Every page behind the login: a stored session needs the PIN, no session needs the password. */
export function RequireUnlocked() {
  const session = useSession();
  const location = useLocation();
  const redirect = authRedirect(session.status, location);
  if (redirect) return <Navigate to={redirect.to} replace state={redirect.state} />;
  if (session.status !== 'unlocked') return <Splash />;
  // A one-time or demo password: nothing else until the user has chosen their own (the server agrees).
  if (session.user.mustChangePassword === true && location.pathname !== CHANGE_PASSWORD_PATH) {
    return <Navigate to={CHANGE_PASSWORD_PATH} replace />;
  }
  return <Outlet />;
}
