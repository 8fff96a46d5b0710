import type { NewUnit } from '../org/units';
import type { Role } from '../../shared/roles';

/**
 * The demo organisation: 亳州市 with two counties, two townships (streets) each, two grids each.
 * City and county codes are real GB/T 2260 codes (341600 亳州市, 341602 谯城区, 341621 涡阳县). Township
 * codes follow GB/T 10114's structure (county code + 3 digits) and grid codes add 3 more, but both are demo
 * values, not the official codes of these streets and communities.
 */
export const DEMO_UNITS: readonly NewUnit[] = [
  { id: '341600', parentId: null, level: 'city', name: '亳州市' },
  { id: '341602', parentId: '341600', level: 'county', name: '谯城区' },
  { id: '341621', parentId: '341600', level: 'county', name: '涡阳县' },
  { id: '341602001', parentId: '341602', level: 'township', name: '花戏楼街道' },
  { id: '341602002', parentId: '341602', level: 'township', name: '薛阁街道' },
  { id: '341621001', parentId: '341621', level: 'township', name: '城关街道' },
  { id: '341621002', parentId: '341621', level: 'township', name: '星园街道' },
  { id: '341602001001', parentId: '341602001', level: 'grid', name: '花戏楼社区第一网格' },
  { id: '341602001002', parentId: '341602001', level: 'grid', name: '花戏楼社区第二网格' },
  { id: '341602002001', parentId: '341602002', level: 'grid', name: '薛阁社区第一网格' },
  { id: '341602002002', parentId: '341602002', level: 'grid', name: '薛阁社区第二网格' },
  { id: '341621001001', parentId: '341621001', level: 'grid', name: '城关社区第一网格' },
  { id: '341621001002', parentId: '341621001', level: 'grid', name: '城关社区第二网格' },
  { id: '341621002001', parentId: '341621002', level: 'grid', name: '星园社区第一网格' },
  { id: '341621002002', parentId: '341621002', level: 'grid', name: '星园社区第二网格' },
];

/**
 * The demo counties' monthly 低保 standards (fen per person) from 1 January 2026: demo figures, not
 * published standards. Stored as county settings at the first start; each county edits its own in
 * 县级参数设置 (docs/administration.md).
 */
export const DEMO_DIBAO_STANDARDS: readonly {
  countyId: string;
  monthlyFen: number;
  effectiveFrom: string;
}[] = [
  { countyId: '341602', monthlyFen: 85_000, effectiveFrom: '2026-01-01' },
  { countyId: '341621', monthlyFen: 80_000, effectiveFrom: '2026-01-01' },
];

/** Shared by every demo account; printed at start so the demo can be tried at once (never a new password). */
export { DEMO_PASSWORD } from '../../shared/password-policy';

export interface DemoAccount {
  username: string;
  role: Role;
  unitId: string;
  displayName: string;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { username: 'admin', role: 'admin', unitId: '341600', displayName: '系统管理员 张管理' },
  { username: 'city', role: 'city_staff', unitId: '341600', displayName: '李市总' },
  { username: 'county', role: 'county_staff', unitId: '341602', displayName: '王县总' },
  { username: 'county2', role: 'county_staff', unitId: '341621', displayName: '赵县总' },
  { username: 'township', role: 'township_staff', unitId: '341602001', displayName: '陈乡镇' },
  { username: 'grid', role: 'grid_worker', unitId: '341602001001', displayName: '刘网格' },
  { username: 'grid2', role: 'grid_worker', unitId: '341602001002', displayName: '周网格' },
  { username: 'grid3', role: 'grid_worker', unitId: '341621001001', displayName: '吴网格' },
];
