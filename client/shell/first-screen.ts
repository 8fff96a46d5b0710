/**
 * The moment the first screen (the login form or the PIN) is on screen. Work that can wait — registering
 * the service worker, fetching the next steps' code, opening the local database with Dexie — waits for it,
 * so on a slow link and CPU it does not compete with the first screen itself (docs/benchmarks.md, first
 * screen). The login and PIN screens mark it when they mount (AuthLayout); main.tsx marks it anyway a while
 * after the page's load event, so a start that never shows them (an error page) still registers the worker.
 */
let shown = false;
const waiting: (() => void)[] = [];

export function markFirstScreen(): void {
  if (shown) return;
  shown = true;
  for (const run of waiting.splice(0)) run();
}

/** Runs `run` once the first screen has been marked (at once if it has). */
export function afterFirstScreen(run: () => void): void {
  if (shown) run();
  else waiting.push(run);
}
