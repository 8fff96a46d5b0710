import { lazy, Suspense } from 'react';
import type { RouteObject } from 'react-router';

// Office-only: the print views load as one chunk when first opened; a tablet's first load carries none.
const PrintForms = lazy(() => import('./print-forms'));

/**
 * The printable forms (docs/print-forms.md), rendered without the app shell — no navigation, header or
 * status bar — so that what prints is the form alone: `/cases/:caseId/print/visit/:visitId`,
 * `…/authorization/:visitId`, `…/file`, `…/comparison`, `…/exit`, and `/notice-list/print?unitId=`.
 */
export const printRoutes: RouteObject[] = [
  { path: '/cases/:caseId/print/*', element: <Suspense fallback={null}>{<PrintForms />}</Suspense> },
  { path: '/notice-list/print', element: <Suspense fallback={null}>{<PrintForms notice />}</Suspense> },
];
