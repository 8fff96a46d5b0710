import { lazy } from 'react';
import type { RouteObject } from 'react-router';
import { ROLES, type Role } from '../../../shared/roles';

/** Tablet roles that visit households: grid workers and the township union staff who help them. */
export const HOUSEHOLD_ROLES: readonly Role[] = [ROLES.gridWorker, ROLES.townshipStaff];

// Loaded when first opened (the app shell's Suspense shows meanwhile), so the login and PIN screens do not
// carry the list, the household page or the visit form; the service worker precaches them for offline use.
const loadHouseholds = () => import('./households-page');
const loadHousehold = () => import('./household-page');
const loadVisitForm = () => import('../visit-form/visit-form-page');

/** These pages' code, for fetching ahead of the first visit (main.tsx). */
export const householdPageLoaders: readonly (() => Promise<unknown>)[] = [
  loadHouseholds,
  loadHousehold,
  loadVisitForm,
];

const HouseholdsPage = lazy(() => loadHouseholds().then((m) => ({ default: m.HouseholdsPage })));
const HouseholdPage = lazy(() => loadHousehold().then((m) => ({ default: m.HouseholdPage })));
const VisitFormPage = lazy(() => loadVisitForm().then((m) => ({ default: m.VisitFormPage })));

/** "My households", one household, and the visit form (paths relative to "/"). */
export const householdRoutes: RouteObject[] = [
  { path: 'households', element: <HouseholdsPage /> },
  { path: 'households/:id', element: <HouseholdPage /> },
  { path: 'visits/:id', element: <VisitFormPage /> },
];
