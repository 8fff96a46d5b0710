import { describe, expect, it } from 'vitest';
import { hashPin, PIN_ITERATIONS, pinProblem, verifyPin } from './pin';

describe('device PIN', () => {
  it('stores a salted PBKDF2 hash with at least 200,000 rounds, never the PIN', async () => {
    const stored = await hashPin('2580');
    expect(PIN_ITERATIONS).toBeGreaterThanOrEqual(200_000);
    expect(stored.iterations).toBe(PIN_ITERATIONS);
    expect(JSON.stringify(stored)).not.toContain('2580');
    const again = await hashPin('2580');
    expect(again.salt).not.toBe(stored.salt);
    expect(again.hash).not.toBe(stored.hash);
  });

  it('accepts the right PIN and refuses any other', async () => {
    const stored = await hashPin('258013', 1_000);
    expect(await verifyPin('258013', stored)).toBe(true);
    expect(await verifyPin('258014', stored)).toBe(false);
    expect(await verifyPin('25801', stored)).toBe(false);
  });

  it('asks for 4–6 digits that are not trivially guessable', () => {
    expect(pinProblem('2580')).toBeNull();
    expect(pinProblem('975310')).toBeNull();
    expect(pinProblem('123')).toBe('PIN 须为 4–6 位数字');
    expect(pinProblem('1234567')).toBe('PIN 须为 4–6 位数字');
    expect(pinProblem('12a4')).toBe('PIN 须为 4–6 位数字');
    expect(pinProblem('0000')).toBe('PIN 不能全部是相同的数字');
    expect(pinProblem('123456')).toBe('PIN 不能是连续的数字');
    expect(pinProblem('6543')).toBe('PIN 不能是连续的数字');
  });
});
