import type { UnitInfo } from '../cases/case-queries';
import { unitsAlong } from '../cases/case-queries';

/** The county, township and grid names along a record's unit path, for a ledger's first columns. */
export function unitColumns(
  units: Map<string, UnitInfo>,
  path: string,
): { county: string; township: string; grid: string } {
  const along = unitsAlong(units, path);
  const named = (level: string) => along.find((u) => u.level === level)?.name ?? '';
  const grid = along.find((u) => u.level === 'grid' || u.level === 'enterprise')?.name ?? '';
  return { county: named('county'), township: named('township'), grid };
}
