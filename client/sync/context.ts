import type { SessionUserInfo } from '../../shared/auth';
import { ROLES, type Role } from '../../shared/roles';
import type { SyncState } from './sync-state';

/** What every sync step needs: who is syncing, from which device, and where to report progress. */
export interface SyncContext {
  /** The bearer token; throws `SessionGoneError` once the device has been locked or signed out. */
  token(): string;
  deviceId: string;
  user: SessionUserInfo;
  report(patch: Partial<SyncState>): void;
}

/** The device was locked or signed out during a run: stop quietly, nothing failed. */
export class SessionGoneError extends Error {
  constructor() {
    super('session ended during sync');
    this.name = 'SessionGoneError';
  }
}

/** Roles whose tablets push changes (and resolve conflicts, and sign bundle files). */
export const PUSH_ROLES: readonly Role[] = [ROLES.gridWorker, ROLES.townshipStaff, ROLES.countyStaff];
/** Roles that pull; the administrator manages accounts and never holds case data. */
export const PULL_ROLES: readonly Role[] = [...PUSH_ROLES, ROLES.cityStaff];
/** Roles that import bundle files. */
export const IMPORT_ROLES: readonly Role[] = [ROLES.townshipStaff, ROLES.countyStaff];
/** Roles that see the device overview (the administrator too: it revokes lost tablets there). */
export const DEVICE_OVERVIEW_ROLES: readonly Role[] = [
  ROLES.townshipStaff,
  ROLES.countyStaff,
  ROLES.cityStaff,
  ROLES.admin,
];
