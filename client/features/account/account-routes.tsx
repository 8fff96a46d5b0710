import { lazy, Suspense } from 'react';
import type { RouteObject } from 'react-router';
import { CHANGE_PASSWORD_PATH } from '../../shell/redirect';

const ChangePasswordPage = lazy(() =>
  import('./change-password-page').then((m) => ({ default: m.ChangePasswordPage })),
);

/** Relative to "/" (see client/routes.tsx). */
export const accountRoutes: RouteObject[] = [
  {
    path: CHANGE_PASSWORD_PATH.slice(1),
    element: (
      <Suspense fallback={<p className="muted">正在打开…</p>}>
        <ChangePasswordPage />
      </Suspense>
    ),
  },
];
