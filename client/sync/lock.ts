/**
 * One sync at a time across every window of the app on this device (Web Locks). Without the API (old
 * browsers, unit tests) the caller's own one-run-at-a-time rule is all there is.
 */

export const SYNC_LOCK_NAME = 'bangfu-sync';

export type LockOutcome<T> = { acquired: true; value: T } | { acquired: false };

/**
 * Runs `task` holding the sync lock. With `wait: false` it gives up at once when another window holds
 * the lock (background syncs); with `wait: true` it queues behind it (a file export must not interleave).
 */
export async function withSyncLock<T>(
  task: () => Promise<T>,
  options: { wait: boolean },
): Promise<LockOutcome<T>> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) return { acquired: true, value: await task() };
  return locks.request(SYNC_LOCK_NAME, { ifAvailable: !options.wait }, async (lock) => {
    if (!lock) return { acquired: false } as const;
    return { acquired: true, value: await task() } as const;
  });
}
