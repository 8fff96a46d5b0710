import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { onDeviceRevoked } from './api/api-failure';
import { App, loadAppShell, routeFirstScreen } from './app';
import { getSessionState, initSession, openLocalDatabase, subscribeSession } from './auth/session-store';
import { fiveOnesPageLoaders } from './features/five-ones/five-ones-routes';
import { householdPageLoaders } from './features/households/household-routes';
import { loadHomePage } from './features/review/role-home';
import { loadSyncPage } from './features/sync/sync-routes';
import { startServiceWorker } from './pwa/update';
import { afterFirstScreen, markFirstScreen } from './shell/first-screen';
import './styles/app.css';

/** How long after the load event the worker is registered if no login or PIN screen has shown. */
const FIRST_SCREEN_FALLBACK_MS = 5_000;

const sessionRead = initSession();
startSyncOnUnlock();
afterFirstScreenPainted(() => {
  // Registering the worker starts its install, which downloads the whole app (1.2 MB) for offline use:
  // after the first screen, never beside it.
  startServiceWorker();
  fetchNextSteps();
});
// A start that never shows the login or PIN screen (an error page) still registers the worker.
window.addEventListener('load', () => setTimeout(markFirstScreen, FIRST_SCREEN_FALLBACK_MS), { once: true });

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
 * Runs `run` once the first screen (login or PIN) has been committed, painted and the page is idle
 * (client/shell/first-screen.ts).
 */
function afterFirstScreenPainted(run: () => void): void {
  afterFirstScreen(() =>
    // Two frames: the browser has painted the screen React committed.
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        if ('requestIdleCallback' in window) window.requestIdleCallback(run, { timeout: 3_000 });
        else setTimeout(run, 500);
      }),
    ),
  );
}

/**
 * The first screen carries only itself. Once it is on screen and the page is idle, the code the next steps
 * need is fetched, from the service worker's cache when it holds the app: the local database (Dexie,
 * opened: the first screen read the session without it), the login's requests, the app shell with its home
 * page and the sync engine, and the tablet's pages (their routes' own loaders), so the moment after the PIN
 * does not wait for them either.
 */
function fetchNextSteps(): void {
  // The local database first: on a new device Dexie creates its tables while the user types.
  void openLocalDatabase();
  void Promise.all(
    [
      () => import('./auth/auth-api'),
      loadAppShell,
      loadHomePage,
      () => import('./sync/engine'),
      // The tablet's pages too: a worker who goes offline right after the first login, before the service
      // worker has finished its precache, must still open the households, the visit form and the rest.
      ...householdPageLoaders,
      loadSyncPage,
      ...fiveOnesPageLoaders,
    ].map((load) => load()),
  ).catch(() => undefined);
}

/**
 * The first render waits for the stored session (a read of one IndexedDB row, without Dexie), so the first
 * screen is rendered once, at its place, instead of a splash, then a redirect, then the screen. A read that
 * has not answered within SESSION_WAIT_MS renders the splash meanwhile, as before.
 */
const SESSION_WAIT_MS = 1_000;

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');
let rendered = false;
const render = () => {
  if (rendered) return;
  rendered = true;
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
};
void sessionRead
  .then(() => (rendered ? undefined : routeFirstScreen()))
  .catch(() => undefined)
  .finally(render);
setTimeout(render, SESSION_WAIT_MS);
