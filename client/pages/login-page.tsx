import { Link, Navigate, useLocation } from 'react-router';
import { useSession } from '../auth/use-session';
import { returnTarget } from '../shell/redirect';
import { Splash } from '../shell/splash';
import { AuthLayout } from './auth-layout';
import { LoginForm } from './login-form';
import { SetPinForm } from './set-pin-form';

/** Step 1 online: username and password. Step 2: choose the device PIN used from then on. */
export function LoginPage() {
  const session = useSession();
  const location = useLocation();
  if (session.status === 'loading') return <Splash />;
  if (session.status === 'unlocked') return <Navigate to={returnTarget(location.state)} replace />;
  return (
    <AuthLayout>
      {session.status === 'choosingPin' ? (
        <SetPinForm user={session.login.user} />
      ) : (
        <>
          {session.status === 'signedOut' && session.notice ? (
            <p className="notice notice--warning" role="alert">
              {session.notice}
            </p>
          ) : null}
          {session.status === 'locked' ? (
            <p className="notice">
              {session.user.displayName} 已在本机登录。
              <Link to="/unlock" state={location.state} className="inline-link">
                使用 PIN 解锁
              </Link>
            </p>
          ) : null}
          <LoginForm />
        </>
      )}
    </AuthLayout>
  );
}
