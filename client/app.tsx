import { lazy, Suspense } from 'react';
import { createBrowserRouter, Outlet, RouterProvider } from 'react-router';
import { ErrorPage } from './pages/error-page';
import { printRoutes } from './features/print/print-routes';
import { LoginPage } from './pages/login-page';
import { UnlockPage } from './pages/unlock-page';
import { UpdateBanner } from './pwa/update-banner';
import { shellRoutes } from './routes';
import { RequireUnlocked } from './shell/require-unlocked';
import { Splash } from './shell/splash';

// The first screen is the login or the PIN: the shell (header, navigation, status bar with the sync state)
// and the pages behind it load once the device is unlocked, so a cold start on a slow link and a warm one
// on a slow CPU fetch and run only what those two screens need (docs/benchmarks.md, first screen).
const AppShell = lazy(() => import('./shell/app-shell').then((m) => ({ default: m.AppShell })));

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

const router = createBrowserRouter([
  {
    element: <RootLayout />,
    errorElement: <ErrorPage />,
    children: [
      { path: '/login', element: <LoginPage /> },
      { path: '/unlock', element: <UnlockPage /> },
      {
        element: <RequireUnlocked />,
        children: [{ element: <SignedInShell />, children: shellRoutes }, ...printRoutes],
      },
    ],
  },
]);

export function App() {
  return <RouterProvider router={router} />;
}
