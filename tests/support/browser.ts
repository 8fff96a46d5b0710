import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// The machine has no outside network: keep Chromium from calling home (see the env notes).
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export interface TabletProfile {
  context: BrowserContext;
  userDataDir: string;
  close(): Promise<void>;
}

/**
 * A persistent Chromium profile on disk, like a tablet's: IndexedDB, the service worker and its caches
 * survive a reload and a relaunch on the same `userDataDir`.
 */
export async function launchTablet(options: { userDataDir?: string } = {}): Promise<TabletProfile> {
  const userDataDir = options.userDataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'bangfu-tablet-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ARGS,
    locale: 'zh-CN',
    viewport: { width: 1280, height: 800 },
    serviceWorkers: 'allow',
  });
  return {
    context,
    userDataDir,
    close: async () => {
      await context.close();
    },
  };
}

export function removeProfile(profile: TabletProfile): void {
  fs.rmSync(profile.userDataDir, { recursive: true, force: true });
}

/** Closes the browser and deletes its profile folder. */
export async function closeAndRemove(profile: TabletProfile): Promise<void> {
  await profile.close();
  removeProfile(profile);
}
