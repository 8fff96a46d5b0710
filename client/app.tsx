import { lazy, Suspense } from 'react';
import { createBrowserRouter, Outlet, RouterProvider } from 'react-router';
import { getSessionState } from './auth/session-store';
import { ErrorPage } from './pages/error-page';
import { printRoutes } from './features/print/print-routes';
import { LoginPage } from './pages/login-page';
import { UnlockPage } from './pages/unlock-page';
import { UpdateBanner } from './pwa/update-banner';
import { shellRoutes } from './routes';
import { authRedirect, RequireUnlocked } from './shell/require-unlocked';
import { Splash } from './shell/splash';

// The first screen is the login or the PIN: the shell (header, navigation, status bar with the sync state)
// and the pages behind it load once the device is unlocked, so a cold start on a slow link and a warm one
// on a slow CPU fetch and run only what those two screens need (docs/benchmarks.md, first screen).
/** The shell's code, for fetching ahead of the unlock (main.tsx). */
export const loadAppShell = () => import('./shell/app-shell');
const AppShell = lazy(() => loadAppShell().then((m) => ({ default: m.AppShell })));

function SignedInShell() {
  return (
    <Suspense fallback={<Splash />}>
      <AppShell />
    </Suspense>
  );
}

/** Shown on every page, the login included: the update offer sits above everything else. */
function RootLayout() {
  return (
    <>
      <UpdateBanner />
      <Outlet />
    </>
  );
}

const REQUIRE_UNLOCKED = 'require-unlocked';

const router = createBrowserRouter([
  {
    element: <RootLayout />,
    errorElement: <ErrorPage />,
    children: [
      { path: '/login', element: <LoginPage /> },
      { path: '/unlock', element: <UnlockPage /> },
      {
        id: REQUIRE_UNLOCKED,
        element: <RequireUnlocked />,
        children: [{ element: <SignedInShell />, children: shellRoutes }, ...printRoutes],
      },
    ],
  },
]);

/**
 * Before the first render, once the stored session is known: a start on a page behind the login goes
 * straight to the PIN or the login form, as RequireUnlocked would send it, without first rendering that page's
 * guard and then the redirect (on a slow tablet each render of the first screen costs a few hundred ms).
 */
export async function routeFirstScreen(): Promise<void> {
  if (!router.state.matches.some((match) => match.route.id === REQUIRE_UNLOCKED)) return;
  const redirect = authRedirect(getSessionState().status, router.state.location);
  if (redirect) await router.navigate(redirect.to, { replace: true, state: redirect.state });
}

export function App() {
  return <RouterProvider router={router} />;
}
