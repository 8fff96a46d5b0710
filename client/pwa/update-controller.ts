/**
 * The update prompt's logic without the service worker, so it can be tested: a new version is only
 * offered; taking it first runs every registered `beforeUpdate` hook (forms flush their drafts there) and
 * only then activates the new worker, which reloads the page.
 */
export type BeforeUpdateHook = () => void | Promise<void>;

export interface UpdateState {
  /** A new version is installed and waiting. */
  available: boolean;
  /** The user accepted; drafts are being saved and the new version activated. */
  applying: boolean;
  /** Why the last attempt stopped (zh-CN), e.g. a draft that could not be saved. */
  error: string | null;
}

export interface UpdateController {
  subscribe(listener: () => void): () => void;
  getState(): UpdateState;
  /** Called when the service worker reports a waiting version. */
  markAvailable(): void;
  /** Registers a hook run before the update reloads the page; returns its removal. */
  registerBeforeUpdate(hook: BeforeUpdateHook): () => void;
  /** Runs the hooks, then `activate` (skip waiting + reload). Does nothing unless a version is waiting. */
  applyUpdate(activate: () => void | Promise<void>): Promise<void>;
}

export function createUpdateController(): UpdateController {
  let state: UpdateState = { available: false, applying: false, error: null };
  const listeners = new Set<() => void>();
  const hooks = new Set<BeforeUpdateHook>();
  const set = (next: Partial<UpdateState>) => {
    state = { ...state, ...next };
    for (const listener of listeners) listener();
  };
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getState: () => state,
    markAvailable() {
      if (!state.available) set({ available: true });
    },
    registerBeforeUpdate(hook) {
      hooks.add(hook);
      return () => hooks.delete(hook);
    },
    async applyUpdate(activate) {
      if (!state.available || state.applying) return;
      set({ applying: true, error: null });
      try {
        for (const hook of [...hooks]) await hook();
      } catch (error) {
        // Reloading now could lose the draft that failed to save: stay on this version.
        const reason = error instanceof Error ? error.message : String(error);
        set({ applying: false, error: `草稿未能保存，暂不更新（${reason}）` });
        return;
      }
      await activate();
    },
  };
}
