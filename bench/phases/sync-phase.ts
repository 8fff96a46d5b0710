import path from 'node:path';
import { startBuiltServer, type BuiltServer } from '../../tests/support/built-server';
import { gridRecords } from '../data/generate';
import { createRng } from '../data/prng';
import { startPageProfiler, type PageProfiler } from '../lib/cpu-profile';
import { distribution, perSecond } from '../lib/measure';
import type { Recorder } from '../lib/report';
import { BENCH_USER, seedServerRecords } from '../server/seed';
import { buildPageBundle, callPage, installPageBundle } from '../tablet/bundle';
import type { TimedSync } from '../tablet/page-sync';
import { countApiRequests, openSignedInTablet, sampleHeap, type BenchTablet } from '../tablet/tablet';
import type { BenchOptions } from './options';

/**
 * Issue 4, the tablet: a fresh tablet's initial sync from a server holding the grid's records, the raw
 * IndexedDB write of the same records, a push of finalised visits from the tablet, and syncs with nothing
 * new. The server's push path alone is server-phase.ts.
 */

const MB = 1024 * 1024;
const PROFILE_DIR = path.resolve(import.meta.dirname, '../../bench-results/profiles');

function phaseSpan(run: TimedSync, from: string, to: string): number | null {
  const start = run.phases.find((p) => p.phase === from)?.atMs;
  const end = run.phases.find((p) => p.phase === to)?.atMs ?? run.totalMs;
  return start === undefined ? null : end - start;
}

/** How much of a run was the requests (and of that, waiting for the server's answers). */
function networkNote(run: TimedSync): string {
  const { requests, requestMs, waitMs, bytes } = run.network;
  return `${requests} requests took ${(requestMs / 1000).toFixed(2)} s (first-byte waits ${(waitMs / 1000).toFixed(2)} s, ${(bytes / 1024 / 1024).toFixed(1)} MB)`;
}

export async function runSyncPhase(options: BenchOptions, rec: Recorder, log: (line: string) => void) {
  const rng = createRng(options.seed);
  const records = gridRecords(options.seed, options.records, { caseFields: 'opening' });
  const byType = records.reduce<Record<string, number>>(
    (acc, r) => ({ ...acc, [r.type]: (acc[r.type] ?? 0) + 1 }),
    {},
  );
  rec.detail('syncDataSet', byType);
  const server: BuiltServer = await startBuiltServer();
  let tablet: BenchTablet | null = null;
  try {
    log('sync: signing the worker in on a fresh tablet');
    tablet = await openSignedInTablet(server.url, BENCH_USER, { locked: true });
    const { page } = tablet;

    log(`sync: seeding ${records.length} records through the push service`);
    const seeded = await seedServerRecords(server.dataDir, records, rng);
    // The same measurement as the server phase's seeding; kept with the details only.
    rec.detail('syncSeed', seeded);

    const bundle = await buildPageBundle();
    await installPageBundle(page, bundle);
    const requests = countApiRequests(page);

    log('sync: initial sync');
    const heap = await sampleHeap(page);
    let profiler: PageProfiler | null = options.profile ? await startPageProfiler(page, PROFILE_DIR) : null;
    const initial = await callPage(page, 'timedSync');
    if (profiler) rec.detail('initialSyncProfile', await profiler.stop('initial-sync'));
    // The search index the pull left to build in the background: waited for, so nothing after it is
    // measured while it runs.
    const searchIndex = await callPage(page, 'timedSearchIndex');
    const heapUse = await heap.stop();
    const counts = await callPage(page, 'countRecords');
    const initialRequests = requests.take().length;
    rec.detail('initialSync', {
      ...initial,
      pulledAt: initial.pulledAt.filter((_, i) => i % 5 === 0),
      counts,
      initialRequests,
    });
    const pullMs = phaseSpan(initial, 'pulling', 'end') ?? initial.totalMs;
    const syncRate = perSecond(initial.summary.pulled, initial.totalMs);
    rec.add({
      id: 'sync.initial.recordsPerSecond',
      issue: 4,
      label: `initial sync of ${initial.summary.pulled} records to a fresh tablet`,
      value: syncRate,
      unit: 'records/s',
      goal: { op: '>=', value: 2000 },
      note: `${(initial.totalMs / 1000).toFixed(1)} s (pulling ${(pullMs / 1000).toFixed(1)} s), ${networkNote(initial)}; tablet holds ${JSON.stringify(counts)}`,
    });
    if (searchIndex) {
      rec.add({
        id: 'sync.initial.searchIndexSeconds',
        issue: 13,
        label: 'search index built in the background after the initial sync',
        value: searchIndex.ms / 1000,
        unit: 's',
        goal: null,
        note: `${searchIndex.wasPending ? 'still building when the sync returned' : 'built already'}; sync and index together: ${Math.round(perSecond(initial.summary.pulled, initial.totalMs + searchIndex.ms))} records/s (search meanwhile scans the households not yet indexed)`,
      });
    }
    rec.add({
      id: 'sync.initial.peakHeapMB',
      issue: 4,
      label: 'peak JS heap of the page during the initial sync',
      value: heapUse.peakBytes / MB,
      unit: 'MB',
      goal: null,
      note: `${heapUse.samples} samples (CDP Performance.getMetrics JSHeapUsedSize); ${(heapUse.lastBytes / MB).toFixed(1)} MB at the end`,
    });

    log('sync: raw IndexedDB bulk write of the same records');
    const raw = await callPage(page, 'rawBulkWrite');
    const rawRate = perSecond(raw.records, raw.writeMs);
    rec.detail('rawWrite', raw);
    rec.add({
      id: 'sync.raw.recordsPerSecond',
      issue: 4,
      label: `raw Dexie bulkAdd of the same ${raw.records} records (IndexedDB floor)`,
      value: rawRate,
      unit: 'records/s',
      goal: null,
      note: `initial sync reaches ${((syncRate / rawRate) * 100).toFixed(0)}% of the raw write rate; ${Object.entries(
        raw.tables,
      )
        .map(([table, t]) => `${table} ${Math.round(perSecond(t.records, t.writeMs))}/s`)
        .join(', ')}`,
    });

    log(`sync: queueing ${options.visits} finalised visits on the tablet`);
    const queued = await callPage(page, 'queueFinalVisits', options.visits, options.seed + 1);
    rec.detail('pushBreakdown', await callPage(page, 'pushBreakdown'));
    log('sync: the IndexedDB floor of that push (scratch database)');
    const rawPush = await callPage(page, 'rawPushFloor');
    rec.detail('rawPush', rawPush);
    const rawPushRate = perSecond(rawPush.visits, rawPush.totalMs);
    requests.take();
    log('sync: pushing them');
    profiler = options.profile ? await startPageProfiler(page, PROFILE_DIR) : null;
    const pushed = await callPage(page, 'timedSync');
    if (profiler) rec.detail('tabletPushProfile', await profiler.stop('tablet-push'));
    const pushRequests = requests.take().filter((r) => r.endsWith('/api/sync/push')).length;
    const pushMs = phaseSpan(pushed, 'pushing', 'pulling');
    const acked = await callPage(page, 'countAcked');
    rec.detail('tabletPush', { queued, ...pushed, pushRequests, acked });
    rec.add({
      id: 'push.tablet.visitsPerSecond',
      issue: 4,
      label: `push of ${pushed.summary.pushed} finalised visits from the tablet (end to end)`,
      value: pushMs === null ? null : perSecond(pushed.summary.pushed, pushMs),
      unit: 'visits/s',
      goal: { op: '>=', value: 2000 },
      note: `${pushRequests} push requests, ${networkNote(pushed)}; push less the first-byte waits (the tablet's work not hidden behind the server's) ${pushMs === null ? '?' : ((pushMs - pushed.network.waitMs) / 1000).toFixed(1)} s; ${acked} visits acknowledged without a rewrite; the same sync then pulled ${pushed.summary.pulled} records back in ${((phaseSpan(pushed, 'pulling', 'end') ?? 0) / 1000).toFixed(1)} s`,
    });

    const pushRate = pushMs === null ? null : perSecond(pushed.summary.pushed, pushMs);
    rec.add({
      id: 'push.raw.visitsPerSecond',
      issue: 4,
      label: `the IndexedDB work alone of pushing ${rawPush.visits} visits (floor of the tablet push)`,
      value: rawPushRate,
      unit: 'visits/s',
      goal: null,
      note: `${pushRate === null ? '' : `the push reaches ${((pushRate / rawPushRate) * 100).toFixed(0)}% of it; `}${rawPush.batches} batches, ms in all: ${Object.entries(
        rawPush.steps,
      )
        .map(([step, ms]) => `${step} ${Math.round(ms)}`)
        .join(', ')}`,
    });

    log('sync: syncs with nothing new');
    const noop: { ms: number; requests: string[] }[] = [];
    let lastNoopRun: TimedSync | null = null;
    for (let i = 0; i < options.noopRuns; i++) {
      requests.take();
      lastNoopRun = await callPage(page, 'timedSync');
      noop.push({ ms: lastNoopRun.totalMs, requests: requests.take() });
    }
    rec.detail('noopSync', noop);
    const lastNoop = noop.at(-1);
    rec.add({
      id: 'sync.noop.ms',
      issue: 4,
      label: 'sync with nothing new (median)',
      value: distribution(noop.map((n) => n.ms)).p50,
      unit: 'ms',
      goal: { op: '<', value: 50 },
      note: `runs: ${noop.map((n) => n.ms.toFixed(0)).join(', ')} ms; last: ${lastNoopRun ? networkNote(lastNoopRun) : ''}`,
    });
    rec.add({
      id: 'sync.noop.requests',
      issue: 4,
      label: 'requests of a sync with nothing new',
      value: lastNoop ? lastNoop.requests.length : null,
      unit: 'requests',
      goal: { op: '=', value: 1 },
      note: lastNoop?.requests.join(', '),
    });
  } finally {
    await tablet?.close();
    await server.dispose();
  }
}
