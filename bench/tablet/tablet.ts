import type { CDPSession, Page } from 'playwright-core';
import { closeAndRemove, launchTablet, type TabletProfile } from '../../tests/support/browser';
import {
  choosePin,
  enterPin,
  expectSignedIn,
  signInWithPassword,
  waitForServiceWorkerControl,
} from '../../tests/browser/auth-steps';
import { loginReplySchema } from '../../shared/auth';
import { DEMO_PASSWORD } from '../../sync-server/seed/demo-data';

/** A tablet for the benchmark: a persistent on-disk Chromium profile with the worker signed in. */

export const BENCH_PIN = '2580';

export interface BenchTablet {
  profile: TabletProfile;
  page: Page;
  close(): Promise<void>;
}

/**
 * Opens a fresh profile, signs `username` in with the password (online) as a worker does on the first
 * morning, sets the PIN and waits for the service worker. `locked` reloads the app afterwards so it waits
 * on the PIN screen: the app's own sync engine then stays idle while the benchmark drives the engine.
 */
export async function openSignedInTablet(
  serverUrl: string,
  username: string,
  options: {
    locked: boolean;
    /**
     * Refuse the app's own pulls until the tablet is locked, so that a grid seeded before the sign-in is
     * pulled whole by the measured sync (the app syncs right after a sign-in). Needs `locked`.
     */
    holdPull?: boolean;
  },
): Promise<BenchTablet> {
  const profile = await launchTablet();
  const close = () => closeAndRemove(profile);
  try {
    const page = await profile.context.newPage();
    const pullRoute = '**/api/sync/pull**';
    if (options.holdPull) await profile.context.route(pullRoute, (route) => route.abort());
    await page.goto(serverUrl);
    await signInWithPassword(page, username);
    await choosePin(page, BENCH_PIN);
    const displayName = await serverDisplayName(serverUrl, username);
    await expectSignedIn(page, { displayName });
    await waitForServiceWorkerControl(page);
    if (options.locked) {
      await page.reload();
      await page.getByRole('heading', { name: '输入 PIN 解锁' }).waitFor();
    }
    if (options.holdPull) await profile.context.unroute(pullRoute);
    return { profile, page, close };
  } catch (error) {
    await close();
    throw error;
  }
}

export async function unlock(page: Page): Promise<void> {
  await enterPin(page, BENCH_PIN);
}

async function serverDisplayName(serverUrl: string, username: string): Promise<string> {
  const { user, token } = await apiLogin(serverUrl, username);
  await fetch(`${serverUrl}/api/auth/logout`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
  });
  return user.displayName;
}

/** Signs in over HTTP (for the Node-side push benchmark). */
export async function apiLogin(serverUrl: string, username: string, deviceId?: string) {
  const response = await fetch(`${serverUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD, ...(deviceId ? { deviceId } : {}) }),
  });
  if (response.status !== 200) throw new Error(`bench: login as ${username} failed: ${response.status}`);
  return loginReplySchema.parse(await response.json());
}

export interface HeapSampler {
  /** Stops sampling; returns the peak and the last JSHeapUsedSize in bytes and the sample count. */
  stop(): Promise<{ peakBytes: number; lastBytes: number; samples: number }>;
}

/**
 * Samples the page's used JS heap through the DevTools protocol (`Performance.getMetrics`), which is
 * exact in headless Chromium where `performance.memory` is coarse and rounded.
 */
export async function sampleHeap(page: Page, everyMs = 200): Promise<HeapSampler> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  let peak = 0;
  let last = 0;
  let samples = 0;
  let stopped = false;
  const read = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const used = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
    last = used;
    peak = Math.max(peak, used);
    samples++;
  };
  const loop = (async () => {
    while (!stopped) {
      await read().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      await read().catch(() => undefined);
      await cdp.detach().catch(() => undefined);
      return { peakBytes: peak, lastBytes: last, samples };
    },
  };
}

export interface RequestCounter {
  /** API requests the page made since the last `reset()`, as `METHOD path`. */
  take(): string[];
}

/** Counts the page's own requests to /api (what the app sent, whatever the service worker does). */
export function countApiRequests(page: Page): RequestCounter {
  let seen: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/api/')) seen.push(`${request.method()} ${url.pathname}`);
  });
  return {
    take: () => {
      const out = seen;
      seen = [];
      return out;
    },
  };
}
