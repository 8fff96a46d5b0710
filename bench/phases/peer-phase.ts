import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { build } from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { closeAndRemove, launchTablet, type TabletProfile } from '../../tests/support/browser';
import { gridRecords, newVisits, type BenchRecord } from '../data/generate';
import { perSecond } from '../lib/measure';
import type { Figure, Recorder } from '../lib/report';
import { CPU_SLOWDOWN, LINKS, emulate, wireSeconds } from './net-phase';
import type { BenchOptions } from './options';

/**
 * Issue 13: the same initial sync and push through PouchDB 9 replication, on the same machine in the same
 * run: pouchdb-browser in the same headless Chromium (a persistent on-disk profile, as our tablet's) ↔
 * express-pouchdb on PouchDB's LevelDB adapter (leveldown) in its own Node process on 127.0.0.1. The
 * documents are the bench's own records (bench/data), one document per record with the record's fields.
 * Replication runs with PouchDB's default options. Our ratio to each figure is printed when the sync and net
 * phases ran earlier in the same invocation (their figures are read from the Recorder); otherwise it is
 * "not measured", never a figure from another run.
 *
 * PouchDB's packages are not the project's: they live in bench/peer (own package.json and lock) and are
 * installed here on first use, so `npm ci` and `npm test` stay as they are.
 */

const PEER_DIR = path.resolve(import.meta.dirname, '../peer');
const PEER_PACKAGES = ['pouchdb-browser', 'pouchdb-node', 'express-pouchdb', 'events'];
const MB = 1024 * 1024;
/** The issue's reference for PouchDB on 3G (CPU 4× slower) was 10,000 documents. */
const NET_DOCS = 10_000;
/** Documents per `_bulk_docs` request while seeding the PouchDB server (not timed). */
const SEED_BATCH = 1000;
/** Our goal against PouchDB: at least this many times its rate. */
const RATIO_GOAL = 4;

type Log = (line: string) => void;

function ensurePeerPackages(log: Log): void {
  const missing = PEER_PACKAGES.filter(
    (name) => !fs.existsSync(path.join(PEER_DIR, 'node_modules', name, 'package.json')),
  );
  if (missing.length === 0) return;
  log(`peer: installing bench/peer's packages (npm ci --prefix bench/peer; missing ${missing.join(', ')})`);
  execFileSync('npm', ['ci', '--prefix', PEER_DIR, '--no-audit', '--no-fund'], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

interface PeerServer {
  url: string;
  dispose(): Promise<void>;
}

async function startPeerServer(): Promise<PeerServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bangfu-peer-'));
  const child: ChildProcess = spawn(process.execPath, [path.join(PEER_DIR, 'server.mjs'), dataDir], {
    cwd: PEER_DIR,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const dispose = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`PouchDB server did not start:\n${output}`)), 60_000);
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`PouchDB server exited with ${code}:\n${output}`));
      });
    });
    return { url, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/** A PouchDB document with the record's fields (the same bytes of content as our record). */
function asDoc(record: BenchRecord): Record<string, unknown> {
  return { _id: record.id, type: record.type, unitId: record.unitId, ...record.data };
}

/** Creates `db` on the PouchDB server and writes the documents through `_bulk_docs` (not timed). */
async function seedPeer(url: string, db: string, records: readonly BenchRecord[]) {
  const t0 = performance.now();
  const created = await fetch(`${url}/db/${db}`, { method: 'PUT' });
  if (!created.ok) throw new Error(`PouchDB server: PUT /db/${db} ${created.status}`);
  let bytes = 0;
  for (let i = 0; i < records.length; i += SEED_BATCH) {
    const body = JSON.stringify({ docs: records.slice(i, i + SEED_BATCH).map(asDoc) });
    bytes += Buffer.byteLength(body);
    const response = await fetch(`${url}/db/${db}/_bulk_docs`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
    });
    const results = (await response.json()) as { error?: string }[];
    const failed = Array.isArray(results) ? results.find((r) => r.error) : results;
    if (!response.ok || failed) throw new Error(`PouchDB seed refused: ${JSON.stringify(failed)}`);
  }
  return { docs: records.length, bytes, ms: performance.now() - t0 };
}

/** pouchdb-browser's ES build bundled for the page (it needs the `events` shim, in bench/peer). */
async function bundlePouchDB(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(PEER_DIR, 'node_modules/pouchdb-browser/lib/index.es.js')],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: 'PouchDB',
    footer: { js: 'PouchDB = PouchDB.default;' },
    platform: 'browser',
    target: 'es2022',
    minify: true,
    logLevel: 'warning',
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error('bench: esbuild produced no PouchDB bundle');
  return file.text;
}

interface PeerBrowser {
  profile: TabletProfile;
  page: Page;
  close(): Promise<void>;
}

/** A fresh persistent profile on the PouchDB server's blank page, with PouchDB loaded. */
async function openPeerPage(url: string, pouchCode: string): Promise<PeerBrowser> {
  const profile = await launchTablet();
  const close = () => closeAndRemove(profile);
  try {
    const page = await profile.context.newPage();
    await page.goto(`${url}/peer.html`);
    await page.addScriptTag({ content: pouchCode });
    const version = await page.evaluate(
      () => (globalThis as unknown as { PouchDB?: { version?: string } }).PouchDB?.version ?? null,
    );
    if (!version) throw new Error('bench: PouchDB did not load in the page');
    return { profile, page, close };
  } catch (error) {
    await close();
    throw error;
  }
}

interface Replicated {
  ms: number;
  docsRead: number;
  docsWritten: number;
  failures: number;
  localDocs: number;
  requests: number;
  /** Reply bodies as they crossed the wire, and decoded (Resource Timing). */
  bytes: number;
  decodedBytes: number;
  pouchVersion: string;
}

/**
 * One replication timed inside the page: `from`/`to` are the remote database's URL or the name of a local
 * one. `preload` documents are first written to the local database with `bulkDocs` (not timed).
 */
async function replicateInPage(
  page: Page,
  input: { from: string; to: string; local: string; preload?: Record<string, unknown>[] },
): Promise<Replicated> {
  const preload = input.preload ?? [];
  for (let i = 0; i < preload.length; i += SEED_BATCH) {
    await page.evaluate(
      async ({ name, docs }) => {
        const P = (globalThis as unknown as { PouchDB: PouchStatic }).PouchDB;
        const result = await new P(name).bulkDocs(docs);
        const failed = result.find((r) => 'error' in r && r.error);
        if (failed) throw new Error(`bench: local bulkDocs refused ${JSON.stringify(failed)}`);
      },
      { name: input.local, docs: preload.slice(i, i + SEED_BATCH) },
    );
  }
  return page.evaluate(async ({ from, to, local }) => {
    const P = (globalThis as unknown as { PouchDB: PouchStatic }).PouchDB;
    // No named functions in here: tsx would wrap them in a helper the page does not have.
    const source = from.startsWith('http') ? from : new P(from);
    const target = to.startsWith('http') ? to : new P(to);
    performance.setResourceTimingBufferSize(100_000);
    performance.clearResourceTimings();
    const t0 = performance.now();
    const result = await P.replicate(source, target);
    const ms = performance.now() - t0;
    const entries = performance
      .getEntriesByType('resource')
      .filter((e): e is PerformanceResourceTiming => e instanceof PerformanceResourceTiming)
      .filter((e) => e.startTime >= t0);
    const info = await new P(local).info();
    return {
      ms,
      docsRead: result.docs_read,
      docsWritten: result.docs_written,
      failures: result.doc_write_failures,
      localDocs: info.doc_count,
      requests: entries.length,
      bytes: entries.reduce((sum, e) => sum + e.encodedBodySize, 0),
      decodedBytes: entries.reduce((sum, e) => sum + e.decodedBodySize, 0),
      pouchVersion: P.version,
    };
  }, input);
}

/** The slice of PouchDB's API the page uses (typed here; the library itself is bench/peer's). */
interface PouchStatic {
  new (name: string): PouchDatabase;
  version: string;
  replicate(
    from: string | PouchDatabase,
    to: string | PouchDatabase,
  ): Promise<{ docs_read: number; docs_written: number; doc_write_failures: number }>;
}
interface PouchDatabase {
  bulkDocs(docs: Record<string, unknown>[]): Promise<({ ok: true } | { error: string })[]>;
  info(): Promise<{ doc_count: number }>;
}

/**
 * Bytes that crossed the emulated link: down as Chromium's network stack counted them
 * (`Network.loadingFinished.encodedDataLength`: headers and bodies as sent, compressed), up the request
 * bodies (`Network.requestWillBeSent` post data) plus ~400 bytes of request line and headers per request.
 */
function countWire(cdp: CDPSession) {
  let down = 0;
  let upBodies = 0;
  let requests = 0;
  const onFinished = (event: { encodedDataLength: number }) => {
    down += event.encodedDataLength;
  };
  const onRequest = (event: { request: { postData?: string } }) => {
    requests++;
    upBodies += Buffer.byteLength(event.request.postData ?? '');
  };
  cdp.on('Network.loadingFinished', onFinished);
  cdp.on('Network.requestWillBeSent', onRequest);
  return {
    take() {
      cdp.off('Network.loadingFinished', onFinished);
      cdp.off('Network.requestWillBeSent', onRequest);
      return { down, up: upBodies + requests * 400, upBodies, requests };
    },
  };
}

function figureValue(rec: Recorder, id: string): number | null {
  return rec.figures.find((f: Figure) => f.id === id)?.value ?? null;
}

/** Our ratio to PouchDB as a figure: `ours / peer`, or not measured (with why) when ours is absent. */
function addRatio(
  rec: Recorder,
  input: { id: string; label: string; ours: number | null; peer: number; oursFrom: string; note: string },
): void {
  const ratio = input.ours === null || input.peer <= 0 ? null : input.ours / input.peer;
  rec.add({
    id: input.id,
    issue: 13,
    label: input.label,
    value: ratio,
    unit: '×',
    goal: { op: '>=', value: RATIO_GOAL },
    note:
      input.ours === null
        ? `${input.oursFrom} was not measured in this invocation: run the phases together (e.g. --only=sync,net,peer) for the ratio`
        : input.note,
  });
}

export async function runPeerPhase(options: BenchOptions, rec: Recorder, log: Log) {
  ensurePeerPackages(log);
  const records = gridRecords(options.seed, options.records, { caseFields: 'opening' });
  const netDocs = Math.min(NET_DOCS, records.length);
  const visits = newVisits(options.seed + 1, records, options.visits);
  const pouchCode = await bundlePouchDB();
  const server = await startPeerServer();
  let browser: PeerBrowser | null = null;
  try {
    log(`peer: seeding the PouchDB server (LevelDB) with ${records.length} + ${netDocs} documents`);
    const seeded = await seedPeer(server.url, 'grid', records);
    const seeded3g = await seedPeer(server.url, 'grid3g', records.slice(0, netDocs));
    rec.detail('peerSeed', { grid: seeded, grid3g: seeded3g, options: 'PouchDB.replicate defaults' });
    const remote = `${server.url}/db/grid`;

    // Initial pull, loopback.
    browser = await openPeerPage(server.url, pouchCode);
    log(`peer: PouchDB initial pull of ${records.length} documents`);
    const pull = await replicateInPage(browser.page, { from: remote, to: 'peer-pull', local: 'peer-pull' });
    rec.detail('peerPull', pull);
    const pullRate = perSecond(pull.docsWritten, pull.ms);
    rec.add({
      id: 'peer.pull.docsPerSecond',
      issue: 13,
      label: `PouchDB ${pull.pouchVersion} initial pull of ${pull.docsWritten} documents (pouchdb-browser ← express-pouchdb/LevelDB)`,
      value: pullRate,
      unit: 'docs/s',
      goal: null,
      note: `${(pull.ms / 1000).toFixed(1)} s, ${pull.requests} requests, ${(pull.bytes / MB).toFixed(1)} MB of reply bodies (${(pull.decodedBytes / MB).toFixed(1)} MB decoded); page holds ${pull.localDocs} docs; ${pull.failures} write failures`,
    });
    const oursPull = figureValue(rec, 'sync.initial.recordsPerSecond');
    addRatio(rec, {
      id: 'peer.pull.ourRatio',
      label: 'our initial sync ÷ PouchDB initial pull (records/s ÷ docs/s, loopback)',
      ours: oursPull,
      peer: pullRate,
      oursFrom: 'sync.initial.recordsPerSecond',
      note: `ours ${Math.round(oursPull ?? 0)} records/s (sync phase of this run) vs PouchDB ${Math.round(pullRate)} docs/s`,
    });

    // Push of new visits from a local database that holds them alone (so the replication does not first
    // compare the 50,000 pulled documents with the server), into the server's grid database.
    log(`peer: PouchDB push of ${visits.length} visit documents`);
    const push = await replicateInPage(browser.page, {
      from: 'peer-push',
      to: remote,
      local: 'peer-push',
      preload: visits.map(asDoc),
    });
    rec.detail('peerPush', push);
    const pushRate = perSecond(push.docsWritten, push.ms);
    rec.add({
      id: 'peer.push.docsPerSecond',
      issue: 13,
      label: `PouchDB push of ${push.docsWritten} visit documents (pouchdb-browser → express-pouchdb/LevelDB)`,
      value: pushRate,
      unit: 'docs/s',
      goal: null,
      note: `${(push.ms / 1000).toFixed(1)} s, ${push.requests} requests; ${push.failures} write failures`,
    });
    const oursPush = figureValue(rec, 'push.tablet.visitsPerSecond');
    addRatio(rec, {
      id: 'peer.push.ourRatio',
      label: 'our tablet push ÷ PouchDB push (visits/s ÷ docs/s, loopback)',
      ours: oursPush,
      peer: pushRate,
      oursFrom: 'push.tablet.visitsPerSecond',
      note: `ours ${Math.round(oursPush ?? 0)} visits/s (sync phase of this run) vs PouchDB ${Math.round(pushRate)} docs/s`,
    });
    await browser.close();
    browser = null;

    // Initial pull on 3G with the CPU 4× slower, from a database of the grid's first `netDocs` records.
    const link = LINKS['3g'];
    browser = await openPeerPage(server.url, pouchCode);
    const cdp = await emulate(browser.page, link);
    const wire = countWire(cdp);
    log(`peer: PouchDB initial pull of ${netDocs} documents on 3G, CPU ${CPU_SLOWDOWN}× slower`);
    const slow = await replicateInPage(browser.page, {
      from: `${server.url}/db/grid3g`,
      to: 'peer-3g',
      local: 'peer-3g',
    });
    const bytes = wire.take();
    await cdp.detach();
    rec.detail('peerPull3g', { ...slow, wire: bytes });
    const seconds = slow.ms / 1000;
    const limit = wireSeconds(link, bytes);
    rec.add({
      id: 'peer.pull.3g.seconds',
      issue: 13,
      label: `PouchDB initial pull of ${slow.docsWritten} documents on 3G, CPU ${CPU_SLOWDOWN}× slower`,
      value: seconds,
      unit: 's',
      goal: null,
      note: `${Math.round(perSecond(slow.docsWritten, slow.ms))} docs/s; wire limit ${limit.toFixed(1)} s (${(bytes.down / MB).toFixed(2)} MB down, ${(bytes.up / 1024).toFixed(0)} KB up, ${bytes.requests} requests), ${(seconds / limit).toFixed(2)}× the limit; ${(bytes.down / Math.max(1, slow.docsWritten)).toFixed(0)} wire bytes per doc (issue's reference: 10,000 docs in 55 s, 3.22 MB, 3.4× its limit)`,
    });
    const ourSeconds = figureValue(rec, 'net.initialSync.3g.seconds');
    const ourRun = rec.details['net.initialSync.3g'] as { summary?: { pulled?: number } } | undefined;
    const ourPulled = ourRun?.summary?.pulled ?? null;
    // A net run that pulled nothing (or was not run) gives no rate to compare.
    const ours3g = ourSeconds && ourPulled ? ourPulled / ourSeconds : null;
    const peer3g = perSecond(slow.docsWritten, slow.ms);
    addRatio(rec, {
      id: 'peer.pull.3g.ourRatio',
      label: `our initial sync ÷ PouchDB initial pull on 3G, CPU ${CPU_SLOWDOWN}× slower (records/s ÷ docs/s)`,
      ours: ours3g,
      peer: peer3g,
      oursFrom:
        ourPulled === 0
          ? 'net.initialSync.3g.seconds (its sync pulled 0 records)'
          : 'net.initialSync.3g.seconds',
      note: `ours ${ourPulled ?? 0} records in ${(ourSeconds ?? 0).toFixed(1)} s = ${Math.round(ours3g ?? 0)}/s (net phase of this run) vs PouchDB ${slow.docsWritten} docs in ${seconds.toFixed(1)} s = ${Math.round(peer3g)}/s`,
    });
  } finally {
    await browser?.close();
    await server.dispose();
  }
}
