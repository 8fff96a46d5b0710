import { describe, expect, it } from 'vitest';
import { childPath, isWithinScope, pathIds } from './org';

describe('organisation scope', () => {
  it('includes the unit itself and its descendants', () => {
    const county = childPath('341600', '341602');
    const township = childPath(county, '341602001');
    expect(isWithinScope(township, county)).toBe(true);
    expect(isWithinScope(county, county)).toBe(true);
  });

  it('excludes siblings whose code merely starts the same way', () => {
    expect(isWithinScope('341600/3416021', '341600/341602')).toBe(false);
    expect(isWithinScope('341600/341621/341621001', '341600/341602')).toBe(false);
  });

  it('splits a path into ids, root first', () => {
    expect(pathIds('341600/341602/341602001')).toEqual(['341600', '341602', '341602001']);
  });
});
