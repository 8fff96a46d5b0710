import { describe, expect, it } from 'vitest';
import type { Unit } from '../../../../shared/org';
import { indentedName, loadUnitTree } from './unit-tree';

const UNITS: Unit[] = [
  { id: '341602', parentId: '341600', level: 'county', name: '谯城区', path: '341600/341602' },
  {
    id: '341602002',
    parentId: '341602',
    level: 'township',
    name: '薛阁街道',
    path: '341600/341602/341602002',
  },
  {
    id: '341602001',
    parentId: '341602',
    level: 'township',
    name: '花戏楼街道',
    path: '341600/341602/341602001',
  },
  {
    id: '341602001001',
    parentId: '341602001',
    level: 'grid',
    name: '花戏楼社区第一网格',
    path: '341600/341602/341602001/341602001001',
  },
  {
    id: '341602002001',
    parentId: '341602002',
    level: 'grid',
    name: '薛阁社区第一网格',
    path: '341600/341602/341602002/341602002001',
  },
];

function fakeApi() {
  const asked: string[] = [];
  const fetchUnit = async (id: string) => {
    asked.push(id);
    const unit = UNITS.find((u) => u.id === id);
    if (!unit) throw new Error(`no unit ${id}`);
    return { unit, children: UNITS.filter((u) => u.parentId === id) };
  };
  return { asked, fetchUnit };
}

describe('loadUnitTree', () => {
  it('reads the caller unit and every unit below it, ordered as a tree', async () => {
    const api = fakeApi();
    const tree = await loadUnitTree('341602', api.fetchUnit);
    expect(tree.map((u) => [u.id, u.depth])).toEqual([
      ['341602', 0],
      ['341602001', 1],
      ['341602001001', 2],
      ['341602002', 1],
      ['341602002001', 2],
    ]);
    // Grids have no children that hold cases: they are never asked for.
    expect(api.asked.sort()).toEqual(['341602', '341602001', '341602002']);
    const grid = tree[2];
    expect(grid ? indentedName(grid) : null).toBe('\u3000\u3000花戏楼社区第一网格');
  });

  it('asks once for a grid worker or township below which nothing is to be found', async () => {
    const api = fakeApi();
    const tree = await loadUnitTree('341602001001', api.fetchUnit);
    expect(tree.map((u) => u.id)).toEqual(['341602001001']);
    expect(api.asked).toEqual(['341602001001']);
  });
});
