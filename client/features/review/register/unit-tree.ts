import type { Unit, UnitLevel } from '../../../../shared/org';

/**
 * The units within the caller's scope, read from GET /api/units/:id (the list of every unit is for the
 * administrator only): the caller's own unit, then each unit's children, level by level.
 */

export interface ScopedUnit extends Unit {
  /** 0 for the caller's own unit, 1 for its children… */
  depth: number;
}

/** Levels whose children the tree asks for; grids and enterprise unions have none that hold cases. */
const LEVELS_WITH_CHILDREN: readonly UnitLevel[] = ['city', 'county', 'township'];

export async function loadUnitTree(
  rootId: string,
  fetchUnit: (id: string) => Promise<{ unit: Unit; children: Unit[] }>,
): Promise<ScopedUnit[]> {
  const root = await fetchUnit(rootId);
  const rootDepth = root.unit.path.split('/').length;
  const found: Unit[] = [root.unit];
  let frontier = root.children;
  while (frontier.length > 0) {
    found.push(...frontier);
    const next = await Promise.all(
      frontier.filter((unit) => LEVELS_WITH_CHILDREN.includes(unit.level)).map((unit) => fetchUnit(unit.id)),
    );
    frontier = next.flatMap((reply) => reply.children);
  }
  return found
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((unit) => ({ ...unit, depth: unit.path.split('/').length - rootDepth }));
}

/** The unit's name indented by its depth, for a `<select>` that reads like a tree. */
export function indentedName(unit: ScopedUnit): string {
  return `${'\u3000'.repeat(unit.depth)}${unit.name}`;
}
