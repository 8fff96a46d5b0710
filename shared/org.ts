import { z } from 'zod';

/**
 * Organisation units (组织单位): city → county/district → township/street → community/grid, plus enterprise
 * unions hanging under any of them. A unit's id is its administrative code (GB/T 2260 to county, GB/T 10114
 * to township, three more digits for the community/grid); its path lists the ids from the root, so that
 * "within a scope" is a prefix test.
 */
export const UNIT_LEVELS = ['city', 'county', 'township', 'grid', 'enterprise'] as const;
export const unitLevelSchema = z.enum(UNIT_LEVELS);
export type UnitLevel = z.infer<typeof unitLevelSchema>;

export const UNIT_LEVEL_LABELS: Record<UnitLevel, string> = {
  city: '市',
  county: '县（区）',
  township: '乡镇（街道）',
  grid: '社区/网格',
  enterprise: '企业工会',
};

export const unitIdSchema = z.string().regex(/^[0-9A-Za-z-]{2,32}$/, '单位编码只能包含数字、字母和连字符');

export const unitSchema = z.object({
  id: unitIdSchema,
  parentId: unitIdSchema.nullable(),
  level: unitLevelSchema,
  name: z.string().min(1).max(60),
  /** ids from the root to this unit joined by "/", e.g. "341600/341602/341602001". */
  path: z.string().min(1),
});
export type Unit = z.infer<typeof unitSchema>;

export const PATH_SEPARATOR = '/';

export function childPath(parentPath: string | null, id: string): string {
  return parentPath ? `${parentPath}${PATH_SEPARATOR}${id}` : id;
}

/** True when `path` is the scope unit itself or lies below it. */
export function isWithinScope(path: string, scopePath: string): boolean {
  return path === scopePath || path.startsWith(scopePath + PATH_SEPARATOR);
}

/** The ids along a path, root first. */
export function pathIds(path: string): string[] {
  return path.split(PATH_SEPARATOR);
}
