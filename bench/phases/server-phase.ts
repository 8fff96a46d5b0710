import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBuiltServer } from '../../tests/support/built-server';
import { creationChange, gridRecords, newVisits, type BenchRecord } from '../data/generate';
import { createRng } from '../data/prng';
import { distribution } from '../lib/measure';
import type { Recorder } from '../lib/report';
import { pushServerInProcess, pushServerOverHttp } from '../server/push-bench';
import { rawServerFloor } from '../server/raw-floor';
import { seedServerRecords } from '../server/seed';
import type { BenchOptions } from './options';

/**
 * Issue 4, the server alone: a data folder holding the grid's records (seeded through the push service,
 * which is itself a figure), then finalised visits pushed in-process into the push service and over
 * HTTP into the production build, in the batches a tablet sends.
 */

function visitChanges(seed: number, records: readonly BenchRecord[], count: number) {
  const rng = createRng(seed);
  return newVisits(seed, records, count).map((visit) => creationChange(visit, rng.uuid()));
}

export async function runServerPhase(options: BenchOptions, rec: Recorder, log: (line: string) => void) {
  const rng = createRng(options.seed + 10);
  const records = gridRecords(options.seed, options.records, { caseFields: 'opening' });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bangfu-bench-'));
  try {
    log(`server: seeding ${records.length} records through the push service`);
    const seeded = await seedServerRecords(dataDir, records, rng);
    rec.detail('serverSeed', seeded);
    rec.add({
      id: 'server.seed.changesPerSecond',
      issue: 4,
      label: `server push service, ${records.length} new records of all kinds (in-process)`,
      value: seeded.perSecond,
      unit: 'changes/s',
      goal: null,
      note: `${Math.round(seeded.perCpuSecond)} per CPU-second; ${seeded.batches} batches`,
    });

    log(`server: pushing ${options.visits} finalised visits in-process`);
    const inProcess = await pushServerInProcess(
      dataDir,
      rng.uuid(),
      visitChanges(options.seed + 2, records, options.visits),
    );
    rec.detail('serverInProcess', inProcess);
    rec.add({
      id: 'push.server.inProcess.changesPerSecond',
      issue: 4,
      label: `server push service alone, ${options.visits} finalised visits (in-process, real SQLite file)`,
      value: inProcess.perSecond,
      unit: 'changes/s',
      goal: { op: '>=', value: 10_000 },
      note: `${Math.round(inProcess.perCpuSecond)} per CPU-second; ${inProcess.batches} batches, median ${distribution(inProcess.batchMs).p50.toFixed(0)} ms`,
    });
    rec.add({
      id: 'push.server.inProcess.derivedMs',
      issue: 4,
      label: `… then the derived work of those ${options.visits} visits (monitoring, after the replies)`,
      value: inProcess.derivedMs ?? 0,
      unit: 'ms',
      goal: null,
      note: `push + derived work: ${Math.round(inProcess.withDerivedPerSecond ?? 0)} changes/s`,
    });

    log(`server: the SQLite floor of that push (the same rows inserted, on a copy)`);
    const raw = rawServerFloor(dataDir, visitChanges(options.seed + 5, records, options.visits));
    rec.detail('serverRaw', raw);
    rec.add({
      id: 'push.server.raw.changesPerSecond',
      issue: 4,
      label: `the rows alone of pushing ${options.visits} visits, inserted straight into SQLite (server floor)`,
      value: raw.perSecond,
      unit: 'changes/s',
      goal: null,
      note: `the push service reaches ${((inProcess.perSecond / raw.perSecond) * 100).toFixed(0)}% of it; ${Math.round(raw.perCpuSecond)} per CPU-second; median batch ${distribution(raw.batchMs).p50.toFixed(0)} ms`,
    });

    log(`server: pushing ${options.visits} finalised visits over HTTP`);
    const server = await startBuiltServer({ dataDir, startTimeoutMs: 900_000 });
    const overHttp = await pushServerOverHttp(
      server.url,
      dataDir,
      rng.uuid(),
      visitChanges(options.seed + 3, records, options.visits),
      visitChanges(options.seed + 4, records, 500),
    ).finally(() => server.kill());
    rec.detail('serverHttp', overHttp);
    rec.add({
      id: 'push.server.http.changesPerSecond',
      issue: 4,
      label: `server over HTTP, ${options.visits} finalised visits (production build, one client)`,
      value: overHttp.perSecond,
      unit: 'changes/s',
      goal: { op: '>=', value: 10_000 },
      note: `${overHttp.batches} requests after a 500-visit warm-up, median ${distribution(overHttp.batchMs).p50.toFixed(0)} ms each`,
    });
    rec.add({
      id: 'push.server.http.derivedMs',
      issue: 4,
      label: `… derived work of those visits done, ms after the last reply (server's background drain)`,
      value: overHttp.derivedMs ?? 0,
      unit: 'ms',
      goal: null,
      note: `push + derived work: ${Math.round(overHttp.withDerivedPerSecond ?? 0)} changes/s`,
    });
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
