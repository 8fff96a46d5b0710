/** When to try again after failed syncs: exponential, capped, with jitter so tablets do not retry together. */

export const BACKOFF = {
  baseMs: 5_000,
  capMs: 5 * 60_000,
} as const;

/**
 * Delay before the next attempt after `failures` failed attempts in a row (1 or more): base × 2^(n−1),
 * at most the cap, then a random point in its upper half ("equal jitter": never sooner than half).
 */
export function backoffDelay(failures: number, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(failures, 1) - 1, 30);
  const ceiling = Math.min(BACKOFF.capMs, BACKOFF.baseMs * 2 ** exponent);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
