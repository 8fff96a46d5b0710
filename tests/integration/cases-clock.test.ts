import { describe, expect, it } from 'vitest';
import { clockFromEnv } from '../../sync-server/cases/context';

/** The BANGFU_NOW hook: the case clock starts at the given instant and runs on from there. */
describe('case clock from the environment', () => {
  it('starts at BANGFU_NOW and keeps running; unset or unreadable means the real clock', () => {
    let real = Date.parse('2026-11-25T00:00:00Z');
    const realNow = () => real;
    const shifted = clockFromEnv({ BANGFU_NOW: '2027-03-01T09:00:00+08:00' }, realNow);
    expect(shifted().toISOString()).toBe('2027-03-01T01:00:00.000Z');
    real += 90_000;
    expect(shifted().toISOString()).toBe('2027-03-01T01:01:30.000Z');
    expect(clockFromEnv({}, realNow)().getTime()).toBe(real);
    expect(clockFromEnv({ BANGFU_NOW: 'next tuesday' }, realNow)().getTime()).toBe(real);
  });
});
