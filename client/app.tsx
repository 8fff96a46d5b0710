import { createBrowserRouter, Outlet, RouterProvider } from 'react-router';
import { ErrorPage } from './pages/error-page';
import { printRoutes } from './features/print/print-routes';
import { LoginPage } from './pages/login-page';
import { UnlockPage } from './pages/unlock-page';
import { UpdateBanner } from './pwa/update-banner';
import { shellRoutes } from './routes';
import { AppShell } from './shell/app-shell';
import { RequireUnlocked } from './shell/require-unlocked';

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
        children: [{ element: <AppShell />, children: shellRoutes }, ...printRoutes],
      },
    ],
  },
]);

export function App() {
  return <RouterProvider router={router} />;
}
