import { useEffect, useSyncExternalStore } from 'react';
import { Workbox } from 'workbox-window';
import { activateWaitingWorker } from './activate-worker';
import { createUpdateController, type BeforeUpdateHook, type UpdateState } from './update-controller';

/** How often an open app asks the server for a new version (also on every return to the network). */
const CHECK_INTERVAL_MS = 60 * 60 * 1000;

const controller = createUpdateController();
let workbox: Workbox | null = null;

/**
 * Registers the service worker (production builds only). A new version never takes over by itself: it
 * waits until the user presses "立即更新" in the banner.
 */
export function startServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const wb = new Workbox('/sw.js', { scope: '/' });
  workbox = wb;
  wb.addEventListener('waiting', () => controller.markAvailable());
  const check = () => {
    if (navigator.onLine) wb.update().catch(() => undefined);
  };
  wb.register()
    .then(() => {
      window.addEventListener('online', check);
      window.setInterval(check, CHECK_INTERVAL_MS);
    })
    .catch((error: unknown) => console.error('service worker registration failed', error));
}

/**
 * Flushes drafts, then lets the waiting version take over and reloads once it controls the page (asking
 * the worker directly rather than through workbox-window, so a retry and a last-resort reload are possible).
 */
export async function applyUpdate(): Promise<void> {
  if (!workbox) return;
  await controller.applyUpdate(() =>
    activateWaitingWorker(navigator.serviceWorker, { reload: () => window.location.reload() }),
  );
}

/**
 * Registers work that must finish before an update reloads the page (a form saving its draft). Returns the
 * removal; forms should register while open and remove on unmount (or use `useBeforeUpdate`).
 */
export function registerBeforeUpdate(hook: BeforeUpdateHook): () => void {
  return controller.registerBeforeUpdate(hook);
}

/** React form helper: flush this form's draft before any update reload while it is mounted. */
export function useBeforeUpdate(flush: BeforeUpdateHook): void {
  useEffect(() => registerBeforeUpdate(flush), [flush]);
}

export function useUpdateState(): UpdateState {
  return useSyncExternalStore(controller.subscribe, controller.getState);
}
