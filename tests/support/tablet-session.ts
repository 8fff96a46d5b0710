// A signed-in tablet for feature tests: the real built server, a persistent Chromium profile, the grid
// worker logged in with the password once (online) and a PIN set, as on a worker's first morning.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { SessionUserInfo } from '../../shared/auth';
import {
  choosePin,
  expectSignedIn,
  serverUser,
  signInWithPassword,
  waitForServiceWorkerControl,
} from '../browser/auth-steps';
import { startBuiltServer, type BuiltServer } from './built-server';
import { launchTablet, removeProfile, type TabletProfile } from './browser';

// The app refuses runs such as 1234 (client/auth/pin.ts), so the tests use a PIN a worker might pick.
export const DEMO_PIN = '2580';

export interface TabletSession {
  server: BuiltServer;
  tablet: TabletProfile;
  page: Page;
  user: SessionUserInfo;
  /** Closes the browser, removes the profile and stops the server. */
  close(): Promise<void>;
}

/**
 * Starts the server and a tablet and signs `username` in (online), sets the PIN and waits until the service
 * worker controls the page, so the test may go offline right after.
 */
export async function startTabletSession(username = 'grid'): Promise<TabletSession> {
  const server = await startBuiltServer();
  let tablet: TabletProfile | null = null;
  try {
    tablet = await launchTablet();
    const page = await tablet.context.newPage();
    const user = await serverUser(server.url, username);
    await page.goto(server.url);
    await signInWithPassword(page, username);
    await choosePin(page, DEMO_PIN);
    await expectSignedIn(page, user);
    await waitForServiceWorkerControl(page);
    const opened = tablet;
    return {
      server,
      tablet: opened,
      page,
      user,
      close: async () => {
        await opened.close();
        removeProfile(opened);
        await server.dispose();
      },
    };
  } catch (error) {
    if (tablet) {
      await tablet.close();
      removeProfile(tablet);
    }
    await server.dispose();
    throw error;
  }
}

/** A started server and a fresh tablet with one blank page; `user` is the account as the server knows it. */
export interface BareTablet {
  server: BuiltServer;
  tablet: TabletProfile;
  page: Page;
  user: SessionUserInfo;
}

/** For tests of signing in itself: nothing is signed in yet. Close with `closeBareTablet`. */
export async function openBareTablet(username = 'grid'): Promise<BareTablet> {
  const server = await startBuiltServer();
  const tablet = await launchTablet();
  const page = await tablet.context.newPage();
  return { server, tablet, page, user: await serverUser(server.url, username) };
}

/** Closes what `openBareTablet` opened, also when it failed half way (parts still unset). */
export async function closeBareTablet(parts: {
  server?: BuiltServer;
  tablet?: TabletProfile;
}): Promise<void> {
  await parts.tablet?.close();
  if (parts.tablet) removeProfile(parts.tablet);
  await parts.server?.dispose();
}

const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * Builds the client again as "the next release" into a temporary folder (dist/ stays as it is), for tests
 * that deploy an update while the app is open. Returns the folder; the caller removes it.
 */
export function buildNextRelease(buildId: string): string {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bangfu-next-build-'));
  const result = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', outDir, '--logLevel', 'error'],
    { cwd: ROOT, env: { ...process.env, VITE_BUILD_ID: buildId }, encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`next build failed:\n${result.stdout}\n${result.stderr}`);
  return outDir;
}
