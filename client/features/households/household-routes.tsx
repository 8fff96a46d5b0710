import type { RouteObject } from 'react-router';
import { ROLES, type Role } from '../../../shared/roles';
import { VisitFormPage } from '../visit-form/visit-form-page';
import { HouseholdPage } from './household-page';
import { HouseholdsPage } from './households-page';

/** Tablet roles that visit households: grid workers and the township union staff who help them. */
export const HOUSEHOLD_ROLES: readonly Role[] = [ROLES.gridWorker, ROLES.townshipStaff];

/** "My households", one household, and the visit form (paths relative to "/"). */
export const householdRoutes: RouteObject[] = [
  { path: 'households', element: <HouseholdsPage /> },
  { path: 'households/:id', element: <HouseholdPage /> },
  { path: 'visits/:id', element: <VisitFormPage /> },
];
