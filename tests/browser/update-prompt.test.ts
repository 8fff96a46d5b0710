import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { SessionUserInfo } from '../../shared/auth';
import { startBuiltServer, type BuiltServer } from '../support/built-server';
import { closeBareTablet, openBareTablet } from '../support/tablet-session';
import { type TabletProfile } from '../support/browser';
import {
  choosePin,
  enterPin,
  expectSignedIn,
  signInWithPassword,
  waitForServiceWorkerControl,
} from './auth-steps';

// A new version is deployed while a worker has the app open: it is offered, never forced.
const ROOT = path.resolve(import.meta.dirname, '../..');
const NEXT_BUILD_ID = `update-test-${process.pid}`;

let nextBuildDir: string;
let server: BuiltServer;
let tablet: TabletProfile;
let page: Page;
let grid: SessionUserInfo;

/** Builds the client again, as the next release, into its own folder (dist/ stays as it is). */
function buildNextRelease(): string {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bangfu-next-build-'));
  const result = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', outDir, '--logLevel', 'error'],
    { cwd: ROOT, env: { ...process.env, VITE_BUILD_ID: NEXT_BUILD_ID }, encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`next build failed:\n${result.stdout}\n${result.stderr}`);
  return outDir;
}

beforeAll(async () => {
  nextBuildDir = buildNextRelease();
  ({ server, tablet, page, user: grid } = await openBareTablet());
});

afterAll(async () => {
  await closeBareTablet({ server, tablet });
  if (nextBuildDir) fs.rmSync(nextBuildDir, { recursive: true, force: true });
});

async function buildIdShown(): Promise<string> {
  return ((await page.getByTestId('build-id').textContent()) ?? '').replace(/^版本\s*/, '');
}

it('offers a new version and reloads only when the user accepts', async () => {
  await page.goto(server.url);
  await signInWithPassword(page, 'grid');
  await choosePin(page, '2580');
  await expectSignedIn(page, grid);
  await waitForServiceWorkerControl(page);
  const firstBuild = await buildIdShown();
  expect(firstBuild).not.toBe(NEXT_BUILD_ID);
  // Survives only as long as this page is not reloaded.
  await page.evaluate(() => {
    Object.assign(window, { samePage: true });
  });

  // Deploy: the same server address and data, the next release's files.
  const port = Number(new URL(server.url).port);
  await server.kill();
  server = await startBuiltServer({ dataDir: server.dataDir, port, env: { STATIC_DIR: nextBuildDir } });

  // The app looks for a new version whenever the network comes back.
  await tablet.context.setOffline(true);
  await tablet.context.setOffline(false);
  await page.getByRole('status').getByText('有新版本可用').waitFor({ timeout: 60_000 });

  // Offered, not taken: the old version still runs this very page, the new one waits.
  const state = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    return {
      samePage: (window as unknown as { samePage?: boolean }).samePage === true,
      waiting: registration?.waiting !== null && registration?.waiting !== undefined,
    };
  });
  expect(state).toEqual({ samePage: true, waiting: true });
  expect(await buildIdShown()).toBe(firstBuild);
  await expectSignedIn(page, grid);

  await page.getByRole('button', { name: '立即更新' }).click();
  await enterPin(page, '2580');
  await expectSignedIn(page, grid);
  expect(await page.evaluate(() => (window as unknown as { samePage?: boolean }).samePage)).toBeUndefined();
  await expect.poll(buildIdShown).toBe(NEXT_BUILD_ID);
  expect(await page.getByText('有新版本可用').count()).toBe(0);
});
