/**
 * Lets the waiting service worker take over and reloads the page once it controls it. Drafts are already
 * saved when this runs (see update-controller.ts), so the page must never stay stuck at "正在保存草稿并更新…":
 * if the worker does not take over (a lost message, a worker already activated by another window, a worker
 * replaced while waiting), it asks again once and then reloads anyway; the reloaded page offers the update
 * again if a version is still waiting.
 */
export interface WaitingWorker {
  postMessage(message: unknown): void;
}

export interface WorkerRegistrationView {
  waiting: WaitingWorker | null;
  active: unknown;
}

export interface WorkerContainerView {
  readonly controller: unknown;
  getRegistration(): Promise<WorkerRegistrationView | undefined>;
  addEventListener(type: 'controllerchange', listener: () => void): void;
}

export interface ActivateOptions {
  reload: () => void;
  /** How long to wait for the new worker before asking again, and again before reloading anyway. */
  graceMs?: number;
  setTimer?: (run: () => void, ms: number) => void;
}

export const SKIP_WAITING_MESSAGE = { type: 'SKIP_WAITING' } as const;
const GRACE_MS = 5_000;

export async function activateWaitingWorker(
  container: WorkerContainerView,
  options: ActivateOptions,
): Promise<void> {
  const graceMs = options.graceMs ?? GRACE_MS;
  const setTimer = options.setTimer ?? ((run, ms) => void setTimeout(run, ms));
  let done = false;
  const reload = () => {
    if (done) return;
    done = true;
    options.reload();
  };
  container.addEventListener('controllerchange', reload);

  // True when a message was sent; false when the page should simply reload now.
  const askToTakeOver = async (): Promise<boolean> => {
    const registration = await container.getRegistration().catch(() => undefined);
    if (registration?.waiting) {
      registration.waiting.postMessage(SKIP_WAITING_MESSAGE);
      return true;
    }
    return false;
  };

  if (!(await askToTakeOver())) {
    // Nothing waits any more: the new version is already active (or gone); a reload shows what is current.
    reload();
    return;
  }
  setTimer(() => {
    if (done) return;
    void askToTakeOver().then((asked) => {
      if (!asked) reload();
      else setTimer(reload, graceMs);
    });
  }, graceMs);
}
