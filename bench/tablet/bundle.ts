import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { PAGE_API_GLOBAL, type PageApi } from './page-api';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Client modules the in-page benchmark binds into a ClientApi (see client-api.ts). */
const REQUIRED = [
  'client/db/database.ts',
  'client/db/records.ts',
  'client/db/blobs.ts',
  'client/db/session.ts',
  'client/db/meta.ts',
  'client/db/search-tokens.ts',
  'client/sync/run.ts',
  'client/sync/lock.ts',
];
const LIST_DATA = 'client/features/households/household-list-data.ts';
/** The search index built after a first pull (absent in code before it). */
const SEARCH_INDEX = 'client/db/search-index.ts';

/**
 * The glue between the real client modules and the in-page benchmark. It is plain JavaScript handed to
 * esbuild because the tools project that type-checks bench/ cannot import client/ (the lead may add a
 * project reference to change that); the ClientApi it builds is checked function by function at load.
 */
function glue(withListData: boolean, withSearchIndex: boolean): string {
  return `
import './bench/tablet/zod-jitless';
import { BangfuDatabase, db } from './client/db/database';
import { saveFields } from './client/db/records';
import { attachBlob } from './client/db/blobs';
import { readSession } from './client/db/session';
import { deviceId } from './client/db/meta';
import { householdSearchTokens } from './client/db/search-tokens';
import { runSync } from './client/sync/run';
import { withSyncLock } from './client/sync/lock';
${withSearchIndex ? `import { buildSearchIndex } from './${SEARCH_INDEX.replace(/\.ts$/, '')}';` : ''}
${withListData ? `import { planHouseholdList, fetchHouseholdRows, completeHouseholdList } from './${LIST_DATA.replace(/\.ts$/, '')}';` : ''}
import { createPageApi, PAGE_API_GLOBAL } from './bench/tablet/page-api';

const client = {
  db,
  openScratch: (name) => new BangfuDatabase(name),
  saveFields,
  attachBlob,
  readSession,
  deviceId,
  householdSearchTokens,
  // As the engine runs it: one sync at a time across the origin (Web Locks).
  runSync: async (ctx) => {
    const outcome = await withSyncLock(() => runSync(ctx), { wait: true });
    if (!outcome.acquired) throw new Error('bench: the sync lock was not granted');
    return outcome.value;
  },
  buildSearchIndex: ${withSearchIndex ? 'buildSearchIndex' : 'null'},
  householdList: ${withListData ? '{ plan: planHouseholdList, rows: fetchHouseholdRows, complete: completeHouseholdList }' : 'null'},
};
const missing = Object.entries({ ...client, ...(client.householdList ?? {}) })
  .filter(
    ([key, value]) =>
      key !== 'db' && key !== 'householdList' && key !== 'buildSearchIndex' && typeof value !== 'function',
  )
  .map(([key]) => key);
if (missing.length > 0) throw new Error('bench: client functions missing: ' + missing.join(', '));
globalThis[PAGE_API_GLOBAL] = createPageApi(client);
`;
}

export interface PageBundle {
  code: string;
  hasListData: boolean;
}

/** Bundles the current client source with the in-page benchmark into one script (a few hundred kB). */
export async function buildPageBundle(): Promise<PageBundle> {
  const absent = REQUIRED.filter((file) => !fs.existsSync(path.join(ROOT, file)));
  if (absent.length > 0) throw new Error(`bench: client modules missing: ${absent.join(', ')}`);
  const hasListData = fs.existsSync(path.join(ROOT, LIST_DATA));
  const hasSearchIndex = fs.existsSync(path.join(ROOT, SEARCH_INDEX));
  const result = await build({
    stdin: {
      contents: glue(hasListData, hasSearchIndex),
      resolveDir: ROOT,
      loader: 'js',
      sourcefile: 'bench-glue.js',
    },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: false,
    logLevel: 'warning',
    define: {
      'import.meta.env': JSON.stringify({
        DEV: false,
        PROD: true,
        MODE: 'production',
        BASE_URL: '/',
        SSR: false,
      }),
    },
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error('bench: esbuild produced no bundle');
  return { code: file.text, hasListData };
}

/**
 * Installs the bundle in the page (the app's own origin, so it opens the tablet's IndexedDB). Evaluated
 * through the DevTools protocol, which the app's Content-Security-Policy does not apply to.
 */
export async function installPageBundle(page: Page, bundle: PageBundle): Promise<void> {
  await page.evaluate(bundle.code);
  const ok = await page.evaluate((name) => name in globalThis, PAGE_API_GLOBAL);
  if (!ok) throw new Error('bench: the page bundle did not install');
}

/** Calls one in-page benchmark function with JSON arguments and returns its JSON result. */
export async function callPage<K extends keyof PageApi>(
  page: Page,
  name: K,
  ...args: Parameters<PageApi[K]>
): Promise<Awaited<ReturnType<PageApi[K]>>> {
  return page.evaluate(
    ({ global, name, args }) => {
      const api = (globalThis as unknown as Record<string, Record<string, (...a: unknown[]) => unknown>>)[
        global
      ];
      const fn = api?.[name];
      if (!fn) throw new Error(`bench: no page function ${name}`);
      return fn(...args);
    },
    { global: PAGE_API_GLOBAL, name, args: args as unknown[] },
  ) as Promise<Awaited<ReturnType<PageApi[K]>>>;
}
