import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { onDeviceRevoked } from './api/api-failure';
import { App } from './app';
import { getSessionState, initSession, subscribeSession } from './auth/session-store';
import { startServiceWorker } from './pwa/update';
import './styles/app.css';

startServiceWorker();
void initSession();
startSyncOnUnlock();
prefetchWhenIdle();

/**
 * Sync runs beside the UI (on unlock, when the network returns, periodically), never inside a component.
 * Its code comes with the signed-in screens, so the login and PIN screens neither download nor run it: it
 * is loaded and started the first time the device is unlocked. A revocation can be met before that (the
 * login answers it too), so its handler is installed now and loaded when needed (the engine installs the
 * same one when it starts).
 */
function startSyncOnUnlock(): void {
  onDeviceRevoked((details) => {
    void import('./sync/device-revoked').then((revoked) => revoked.handleDeviceRevoked(details));
  });
  let started = false;
  const unsubscribe = subscribeSession(() => {
    if (started || getSessionState().status !== 'unlocked') return;
    started = true;
    unsubscribe();
    void import('./sync/engine').then((engine) => engine.startSyncEngine());
  });
}

/**
 * The first screen carries only itself. Once it is on screen (the stored session has been read and the
 * login or PIN form painted) and the page is idle, the code the next steps need is fetched, from the service
 * worker's cache when it holds the app: the login's requests, the app shell with its home page and the sync
 * engine, and the tablet's pages, so the moment after the PIN does not wait for them either. Never earlier: on a slow link and
 * CPU these would compete with the first screen itself.
 */
function prefetchWhenIdle(): void {
  let scheduled = false;
  const fetchNext = () => {
    void Promise.all([
      import('./auth/auth-api'),
      import('./shell/app-shell'),
      import('./pages/home-page'),
      import('./sync/engine'),
      // The tablet's pages too: a worker who goes offline right after the first login, before the service
      // worker has finished its precache, must still open the households, the visit form and the rest.
      import('./features/households/households-page'),
      import('./features/households/household-page'),
      import('./features/visit-form/visit-form-page'),
      import('./features/sync/sync-page'),
      import('./features/five-ones/five-ones-hub'),
      import('./features/five-ones/training-list-page'),
      import('./features/five-ones/training-page'),
      import('./features/five-ones/self-assessment-list-page'),
      import('./features/five-ones/self-assessment-page'),
      import('./features/five-ones/visit-round-list-page'),
      import('./features/five-ones/visit-round-new-page'),
      import('./features/five-ones/visit-round-page'),
    ]).catch(() => undefined);
  };
  const unsubscribe = subscribeSession(() => {
    if (scheduled || getSessionState().status === 'loading') return;
    scheduled = true;
    unsubscribe();
    // Two frames: React has committed the screen and the browser has painted it.
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        if ('requestIdleCallback' in window) window.requestIdleCallback(fetchNext, { timeout: 3_000 });
        else setTimeout(fetchNext, 500);
      }),
    );
  });
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
