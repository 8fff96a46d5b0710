/**
 * The sync engine's observable state: what it is doing, how far it got, and how the last attempt ended.
 * React reads it with `useSyncExternalStore(subscribe, getState)`; every change makes a new snapshot
 * object, so identity tells React when to render.
 */

export const SYNC_PHASES = ['idle', 'checking', 'uploading', 'pushing', 'pulling'] as const;
export type SyncPhase = (typeof SYNC_PHASES)[number];

export interface Progress {
  done: number;
  total: number;
}

export interface SyncState {
  phase: SyncPhase;
  running: boolean;
  /** Files uploaded / to upload in the current run. */
  upload: Progress;
  /** Bytes of those files on the server / in all (a resumed file counts what the server already had). */
  uploadBytes: Progress;
  /**
   * Bytes per second the last uploads went at (this page, any run), once a chunk has gone; null until
   * then. The sync screen turns what is left into an estimate with it.
   */
  uploadRate: number | null;
  /** Changes answered / to send in the current run. */
  push: Progress;
  /** Records received in the current run. */
  pulled: number;
  /** ISO time the last run finished without error. */
  lastSuccessAt: string | null;
  /** zh-CN reason of the last failed run, null after a success. */
  lastError: string | null;
  /** Set when the server refuses this app version: nothing syncs until the app is updated (zh-CN). */
  blocked: string | null;
  /** Epoch ms of the next automatic attempt, when one is scheduled. */
  nextAttemptAt: number | null;
  /** Failed runs in a row (drives the back-off). */
  failures: number;
  /** Another window of the app holds the sync lock right now. */
  busyElsewhere: boolean;
  /** Runs started and finished (either way) since the page loaded: "has a sync run since I asked?". */
  runsStarted: number;
  runsFinished: number;
}

export const INITIAL_SYNC_STATE: SyncState = {
  phase: 'idle',
  running: false,
  upload: { done: 0, total: 0 },
  uploadBytes: { done: 0, total: 0 },
  uploadRate: null,
  push: { done: 0, total: 0 },
  pulled: 0,
  lastSuccessAt: null,
  lastError: null,
  blocked: null,
  nextAttemptAt: null,
  failures: 0,
  busyElsewhere: false,
  runsStarted: 0,
  runsFinished: 0,
};

let state: SyncState = INITIAL_SYNC_STATE;
const listeners = new Set<() => void>();

export function getState(): SyncState {
  return state;
}

export function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function updateState(patch: Partial<SyncState>): void {
  state = { ...state, ...patch };
  for (const listener of listeners) listener();
}

/** For tests: back to the state of a fresh page. */
export function resetState(): void {
  state = INITIAL_SYNC_STATE;
  for (const listener of listeners) listener();
}
