import type { Db } from '../db/database';
import type { SessionUser } from '../auth/sessions';
import { ROLES, type Role } from '../../shared/roles';
import { stmt } from './statements';

/** Who a sync write is made as: the signed-in user, or a bundle's author when township staff import it. */
export type SyncActor = SessionUser;

/** Roles that may push record changes and resolve conflicts (city and admin oversee, they do not edit). */
export const WRITE_ROLES: readonly Role[] = [ROLES.gridWorker, ROLES.townshipStaff, ROLES.countyStaff];
/** Roles that may pull; the administrator manages accounts and never needs case data. */
export const PULL_ROLES: readonly Role[] = [
  ROLES.gridWorker,
  ROLES.townshipStaff,
  ROLES.countyStaff,
  ROLES.cityStaff,
];
/** Roles that import bundle files brought in from tablets with no network. */
export const IMPORT_ROLES: readonly Role[] = [ROLES.townshipStaff, ROLES.countyStaff];
/** Roles that see other users' devices. */
export const DEVICE_OVERVIEW_ROLES: readonly Role[] = [
  ROLES.townshipStaff,
  ROLES.countyStaff,
  ROLES.cityStaff,
  ROLES.admin,
];

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  unit_id: string;
  unit_name: string;
  unit_level: string;
  unit_path: string;
}

/** An active user as a sync actor, or null when unknown or deactivated. */
export function loadActor(db: Db, userId: string): SyncActor | null {
  const row = stmt(
    db,
    `SELECT u.id, u.username, u.display_name, u.role, u.unit_id, un.name AS unit_name, un.level AS unit_level,
            un.path AS unit_path
       FROM users u JOIN units un ON un.id = u.unit_id
      WHERE u.id = ? AND u.active = 1`,
  ).get(userId) as UserRow | undefined;
  if (!row) return null;
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    unitId: row.unit_id,
    unitName: row.unit_name,
    unitLevel: row.unit_level,
    unitPath: row.unit_path,
  };
}
