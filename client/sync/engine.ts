import { ApiFailure, onDeviceRevoked } from '../api/http';
import { currentToken, getSessionState, sessionRejected, subscribeSession } from '../auth/session-store';
import { deviceId, getMeta } from '../db/meta';
import { buildSearchIndex } from '../db/search-index';
import { SyncOwnerChangedError } from '../db/sync-apply';
import { backoffDelay } from './backoff';
import { handleDeviceRevoked } from './device-revoked';
import { PULL_ROLES, SessionGoneError, type SyncContext } from './context';
import { withSyncLock } from './lock';
import { runSync, type RunSummary } from './run';
import { getState, updateState } from './sync-state';

/**
 * The sync engine: decides WHEN to sync (network back, on demand, right after unlock, every few minutes)
 * and runs one sync at a time across windows; run.ts says WHAT a sync does. Failures back off
 * exponentially with jitter (capped at 5 minutes) and the count resets on success. A server that refuses
 * this app version stops automatic syncing until the app is updated; every change stays on the tablet.
 */

export { getState, subscribe } from './sync-state';
export type { SyncState } from './sync-state';

/** Interval of background syncs while the app is open and unlocked. */
export const SYNC_PERIOD_MS = 3 * 60_000;
/** When another window holds the lock, look again after this long. */
const BUSY_RETRY_MS = 30_000;

export type SyncReason = 'manual' | 'online' | 'unlock' | 'timer';

let started = false;
let running: Promise<void> | null = null;
let again = false;
let timer: ReturnType<typeof setTimeout> | null = null;
let failures = 0;
let wasUnlocked = false;

function clearTimer(): void {
  if (timer !== null) clearTimeout(timer);
  timer = null;
}

function schedule(delayMs: number): void {
  clearTimer();
  timer = setTimeout(() => void requestSync('timer'), delayMs);
  updateState({ nextAttemptAt: Date.now() + delayMs });
}

/** A failure in words a worker understands (zh-CN). */
export function describeFailure(error: unknown): string {
  if (error instanceof ApiFailure) {
    if (error.kind === 'network') return '无法连接服务器，将自动重试';
    if (error.kind === 'reply') return '服务器的回复格式不正确，将自动重试';
    if (error.status !== null && error.status >= 500)
      return `服务器暂时无法处理（${error.status}），将自动重试`;
    return error.message;
  }
  const message = error instanceof Error ? error.message : String(error);
  return `同步出错：${message}`;
}

function summaryNotice(summary: RunSummary): string | null {
  if (summary.uploadProblems.length === 0) return null;
  const first = summary.uploadProblems[0]?.message ?? '';
  return `有 ${summary.uploadProblems.length} 个附件无法上传：${first}`;
}

async function handleFailure(error: unknown): Promise<void> {
  if (error instanceof SessionGoneError || error instanceof SyncOwnerChangedError) {
    updateState({ running: false, phase: 'idle' });
    return;
  }
  if (error instanceof ApiFailure && error.code === 'device_revoked') {
    // client/sync/device-revoked.ts takes over (last push when allowed, then the wipe): no retry.
    clearTimer();
    updateState({ running: false, phase: 'idle', lastError: error.message, nextAttemptAt: null });
    return;
  }
  if (error instanceof ApiFailure && error.status === 401) {
    // The login screen takes over with the reason (expired, deactivated, password reset); the outbox stays.
    updateState({ running: false, phase: 'idle', lastError: '登录已失效，请重新登录后再同步' });
    if (currentToken() !== null) await sessionRejected(error);
    return;
  }
  if (error instanceof ApiFailure && error.status === 426) {
    clearTimer();
    updateState({
      running: false,
      phase: 'idle',
      blocked: error.message,
      lastError: error.message,
      nextAttemptAt: null,
    });
    return;
  }
  failures++;
  const delay = backoffDelay(failures);
  updateState({ running: false, phase: 'idle', lastError: describeFailure(error), failures });
  schedule(delay);
}

async function attempt(reason: SyncReason): Promise<void> {
  const session = getSessionState();
  if (session.status !== 'unlocked' || !canSync(session) || !PULL_ROLES.includes(session.user.role)) return;
  // An app the server refuses waits for its update; only a person asking tries again.
  if (getState().blocked !== null && reason !== 'manual') return;
  if (reason !== 'manual' && !navigator.onLine) {
    schedule(SYNC_PERIOD_MS);
    return;
  }
  clearTimer();
  const ctx: SyncContext = {
    token: () => {
      const token = currentToken();
      if (token === null) throw new SessionGoneError();
      return token;
    },
    deviceId: await deviceId(),
    user: session.user,
    report: updateState,
  };
  updateState({ running: true, busyElsewhere: false, nextAttemptAt: null });
  try {
    const outcome = await withSyncLock(() => runSync(ctx), { wait: false });
    if (!outcome.acquired) {
      updateState({ running: false, phase: 'idle', busyElsewhere: true });
      schedule(BUSY_RETRY_MS);
      return;
    }
    failures = 0;
    updateState({
      running: false,
      phase: 'idle',
      lastSuccessAt: new Date().toISOString(),
      lastError: summaryNotice(outcome.value),
      blocked: null,
      failures: 0,
    });
    schedule(SYNC_PERIOD_MS);
  } catch (error) {
    await handleFailure(error);
  }
}

/**
 * Asks for a sync now. While one runs, a request from a person (or a decision just queued) makes another
 * run follow it, so what was saved meanwhile goes too; background requests then have nothing to add.
 */
export function requestSync(reason: SyncReason = 'manual'): Promise<void> {
  if (running) {
    if (reason === 'manual') again = true;
    return running;
  }
  running = (async () => {
    do {
      again = false;
      updateState({ runsStarted: getState().runsStarted + 1 });
      try {
        await attempt(reason);
      } finally {
        updateState({ runsFinished: getState().runsFinished + 1 });
      }
    } while (again);
  })().finally(() => {
    running = null;
  });
  return running;
}

/** Unlocked, and not held on the change-password page (the server would answer every sync with 403). */
function canSync(session: ReturnType<typeof getSessionState>): boolean {
  return session.status === 'unlocked' && session.user.mustChangePassword !== true;
}

function onSessionChange(): void {
  // A forced password change just done counts as an unlock: the first sync starts then.
  const unlocked = canSync(getSessionState());
  if (unlocked && !wasUnlocked) {
    failures = 0;
    void requestSync('unlock');
    // A search index build that a closed tab cut short goes on (nothing to do otherwise).
    buildSearchIndex().catch(() => undefined);
  }
  if (!unlocked && wasUnlocked) {
    clearTimer();
    updateState({ nextAttemptAt: null });
  }
  wasUnlocked = unlocked;
}

/**
 * Starts listening (once per page): network back, unlock, and the periodic timer. Idempotent, so the
 * shell can call it on every mount.
 */
export function startSyncEngine(): void {
  if (started || typeof window === 'undefined') return;
  started = true;
  onDeviceRevoked((details) => void handleDeviceRevoked(details));
  window.addEventListener('online', () => void requestSync('online'));
  subscribeSession(onSessionChange);
  void getMeta('lastSyncAt')
    .then((at) => {
      if (at && getState().lastSuccessAt === null) updateState({ lastSuccessAt: at });
    })
    .catch(() => undefined);
  onSessionChange();
}
