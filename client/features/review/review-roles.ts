import { ROLES, type Role } from '../../../shared/roles';

/** Roles whose daily work is the review queue (工作台). */
export const REVIEW_ROLES: readonly Role[] = [ROLES.townshipStaff, ROLES.countyStaff, ROLES.cityStaff];
/** Who registers cases at the office; the city oversees and files but does not open cases. */
export const REGISTER_ROLES: readonly Role[] = [ROLES.townshipStaff, ROLES.countyStaff];
/** The comparison centre's results go to the county assistance centre. */
export const COMPARISON_IMPORT_ROLES: readonly Role[] = [ROLES.countyStaff];
/** Who may settle sync conflicts (docs/sync-protocol.md §2); the city only reads. */
export const CONFLICT_ROLES: readonly Role[] = [ROLES.gridWorker, ROLES.townshipStaff, ROLES.countyStaff];
/** Who sees a case's audit log (issue 5: county staff; the city for oversight). */
export const AUDIT_ROLES: readonly Role[] = [ROLES.countyStaff, ROLES.cityStaff];
/** Who works through the duplicate queue (重复建档核查, one person, one file): the county its scope, the city all. */
export const DUPLICATE_ROLES: readonly Role[] = [ROLES.countyStaff, ROLES.cityStaff];
/** Who may scan the stored files for duplicates. */
export const DUPLICATE_SCAN_ROLES: readonly Role[] = [ROLES.cityStaff, ROLES.admin];
/** Who sees the monitoring warnings and register (监测预警): the offices that own warnings. */
export const MONITORING_ROLES: readonly Role[] = [ROLES.townshipStaff, ROLES.countyStaff, ROLES.cityStaff];
/** Who may put a household on the register by hand; only the county takes one off. */
export const MONITORING_ADD_ROLES: readonly Role[] = [ROLES.townshipStaff, ROLES.countyStaff];
export const MONITORING_REMOVE_ROLES: readonly Role[] = [ROLES.countyStaff];
/** Who reads data monitoring (数据监测): the county its townships, the city its counties. */
export const DATA_MONITORING_ROLES: readonly Role[] = [ROLES.countyStaff, ROLES.cityStaff];
/** Who sets visit rounds (走访轮次安排): the city the year's calendar, a county rounds of its own. */
export const ROUND_CALENDAR_ROLES: readonly Role[] = [ROLES.countyStaff, ROLES.cityStaff];
/** Who sets the county settings (县级参数设置): a county its own, the city any county's. */
export const COUNTY_SETTINGS_ROLES: readonly Role[] = [ROLES.countyStaff, ROLES.cityStaff];
/** Who manages funds by project kind (资金管理): the county its budgets and adjustments, the city all counties. */
export const FUNDS_ROLES: readonly Role[] = [ROLES.countyStaff, ROLES.cityStaff];
