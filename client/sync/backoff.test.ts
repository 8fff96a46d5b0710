import { describe, expect, it } from 'vitest';
import { BACKOFF, backoffDelay } from './backoff';

describe('backoffDelay', () => {
  it('doubles after each failure up to the cap', () => {
    const top = (failures: number) => backoffDelay(failures, () => 1);
    expect([1, 2, 3, 4].map(top)).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(top(10)).toBe(BACKOFF.capMs);
    expect(top(1_000)).toBe(BACKOFF.capMs);
  });

  it('spreads retries over the upper half of the window', () => {
    expect(backoffDelay(3, () => 0)).toBe(10_000);
    expect(backoffDelay(3, () => 0.5)).toBe(15_000);
    for (let i = 0; i < 100; i++) {
      const delay = backoffDelay(20);
      expect(delay).toBeGreaterThanOrEqual(BACKOFF.capMs / 2);
      expect(delay).toBeLessThanOrEqual(BACKOFF.capMs);
    }
  });
});
