import type { UnitLevel } from '../org';

/** Which level may hang under which: the administrative ladder, plus enterprise unions under any level. */
export const CHILD_LEVELS: Record<UnitLevel, readonly UnitLevel[]> = {
  city: ['county', 'enterprise'],
  county: ['township', 'enterprise'],
  township: ['grid', 'enterprise'],
  grid: ['enterprise'],
  enterprise: [],
};

/** The levels a unit of `level` may hang under. */
export function parentLevelsOf(level: UnitLevel): UnitLevel[] {
  return (Object.keys(CHILD_LEVELS) as UnitLevel[]).filter((parent) => CHILD_LEVELS[parent].includes(level));
}
