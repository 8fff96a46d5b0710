// No schema library here: the login and PIN screens use these names and labels, and the first screen does not
// load zod (docs/benchmarks.md, first screen). The schema is in role-schema.ts.

/** The five roles of the system (see ../shared/domain.md, "Who works with the system"). */
export const ROLES = {
  gridWorker: 'grid_worker',
  townshipStaff: 'township_staff',
  countyStaff: 'county_staff',
  cityStaff: 'city_staff',
  admin: 'admin',
} as const;

export type Role = (typeof ROLES)[keyof typeof ROLES];

/** Every role, in the order above (`roleSchema` in role-schema.ts accepts these). */
export const ROLE_VALUES = [
  ROLES.gridWorker,
  ROLES.townshipStaff,
  ROLES.countyStaff,
  ROLES.cityStaff,
  ROLES.admin,
] as const satisfies readonly Role[];

export const ROLE_LABELS: Record<Role, string> = {
  grid_worker: '网格员/基层工会工作者',
  township_staff: '乡镇（街道）工会',
  county_staff: '县总帮扶中心',
  city_staff: '市总帮扶中心',
  admin: '系统管理员',
};

/** The organisation level a role's account must be attached to. */
export const ROLE_UNIT_LEVEL = {
  grid_worker: 'grid',
  township_staff: 'township',
  county_staff: 'county',
  city_staff: 'city',
  admin: 'city',
} as const satisfies Record<Role, string>;
