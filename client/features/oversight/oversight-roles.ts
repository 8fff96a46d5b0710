import { ROLES, type Role } from '../../../shared/roles';

/** Who reads the oversight dashboard (督导首页): county staff their county, city staff the city. */
export const OVERSIGHT_ROLES: readonly Role[] = [ROLES.countyStaff, ROLES.cityStaff];
