import type { RouteObject } from 'react-router';

export { OVERSIGHT_ROLES } from './oversight-roles';

// Route-level `lazy`: the tablet's first load carries only these three objects; the role check, the
// screens and the charts library come with their chunks when an office user opens them.
const screens = () => import('./oversight-screens');

export const oversightRoutes: RouteObject[] = [
  { path: 'oversight', lazy: () => screens().then((m) => ({ Component: m.DashboardScreen })) },
  { path: 'oversight/cases', lazy: () => screens().then((m) => ({ Component: m.CasesScreen })) },
  { path: 'oversight/circular', lazy: () => screens().then((m) => ({ Component: m.CircularScreen })) },
];
