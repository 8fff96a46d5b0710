import type { OrgUnit } from '../../../../shared/org/api';
import { UNIT_LEVEL_LABELS } from '../../../../shared/org';

/** The tree's rows in display order (parents before children) with their depth; pure, for the screen. */
export interface TreeRow {
  unit: OrgUnit;
  depth: number;
}

export function treeRows(units: readonly OrgUnit[]): TreeRow[] {
  // The server orders by path, so a parent always precedes its children; depth is the path's length.
  const top = units[0]?.path.split('/').length ?? 1;
  return units.map((unit) => ({ unit, depth: unit.path.split('/').length - top }));
}

/** "花戏楼街道（乡镇（街道），341602001）" for lists of targets. */
export function unitLabel(unit: OrgUnit): string {
  const code = unit.code ?? unit.creditCode;
  return `${unit.name}（${UNIT_LEVEL_LABELS[unit.level]}${code ? `，${code}` : ''}）`;
}

/** The units a unit may be moved under: same parent levels as creation allows, never itself or below it. */
export function moveTargets(
  units: readonly OrgUnit[],
  moving: OrgUnit,
  parentLevels: readonly string[],
): OrgUnit[] {
  return units.filter(
    (unit) =>
      unit.active &&
      unit.id !== moving.parentId &&
      parentLevels.includes(unit.level) &&
      unit.path !== moving.path &&
      !unit.path.startsWith(`${moving.path}/`),
  );
}
