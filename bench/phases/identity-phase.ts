import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../../sync-server/app';
import { openDatabase } from '../../sync-server/db/database';
import { identity } from '../../sync-server/db/migrations/20261207-0003-identity';
import { lookupIdentity } from '../../sync-server/identity/lookup';
import { scanForDuplicates } from '../../sync-server/identity/scan';
import { removeBatchObserver } from '../../sync-server/sync/hooks';
import { installIdentityHooks } from '../../sync-server/routes/identity';
import { applyChanges } from '../../sync-server/sync/push-service';
import type { RecordChange } from '../../shared/sync/changes';
import { BENCH_GRID, creationChange, household, member, type BenchRecord } from '../data/generate';
import { createRng } from '../data/prng';
import { distribution, stopwatch } from '../lib/measure';
import type { Recorder } from '../lib/report';
import { seedOfficeDatabase } from '../server/office-seed';
import { actorOf, BENCH_USER } from '../server/seed';
import type { BenchOptions } from './options';

/**
 * Issue 9, one person, one file: on the office data set (a city's households with about three members
 * each), how long the server takes to say whether an ID number is already filed (the lookup a tablet makes
 * while the worker types, audit row included), and what the duplicate check adds to a push of 500 new
 * records (households and members, each with an ID number), measured against the same push with the check
 * removed, alternating so that drift on a shared machine falls on both.
 */

const ROUNDS = 10;
const PUSH_RECORDS = 500;

function newFamilies(seed: number, count: number): RecordChange[] {
  const rng = createRng(seed);
  const changes: RecordChange[] = [];
  while (changes.length < count) {
    const head: BenchRecord = household(rng, BENCH_GRID, { caseFields: 'opening' });
    changes.push(creationChange(head, rng.uuid()));
    for (const relation of ['spouse', 'child', 'child'] as const) {
      if (changes.length >= count) break;
      changes.push(creationChange(member(rng, head, relation), rng.uuid()));
    }
  }
  return changes;
}

export async function runIdentityPhase(options: BenchOptions, rec: Recorder, log: (line: string) => void) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bangfu-bench-identity-'));
  try {
    log(`identity: seeding ${options.officeHouseholds} households with their members`);
    const seeded = await seedOfficeDatabase(dataDir, options.officeHouseholds, options.seed + 30);
    // The identity migration ran before the rows went in: run it again over them, as an upgrade would.
    const raw = new Database(path.join(dataDir, 'bangfu.sqlite'));
    raw.exec('DROP TABLE identity_findings; DROP TABLE identity_dismissals;');
    raw.prepare('DELETE FROM schema_migrations WHERE id = ?').run(identity.id);
    raw.close();
    const start = stopwatch();
    const db = openDatabase(dataDir);
    const upgradeMs = start.wallMs();
    try {
      createApp({
        db,
        config: { host: '127.0.0.1', port: 0, dataDir, staticDir: null, sessionTtlHours: 24 },
      });
      const actor = actorOf(db, BENCH_USER);
      const people = (db.prepare('SELECT count(*) FROM person_ids').pluck().get() as number) ?? 0;
      rec.detail('identitySeed', { ...seeded, householdsByGrid: undefined, people, upgradeMs });
      log(
        `identity: ${people} people indexed; upgrade (summaries and evidence keys) ${Math.round(upgradeMs)} ms`,
      );

      // Lookups: half filed people, half numbers nobody has.
      const filed = db
        .prepare('SELECT id_number FROM person_ids ORDER BY record_id LIMIT 1000')
        .pluck()
        .all() as string[];
      const unknown = newFamilies(options.seed + 31, 1000).flatMap((change) => {
        const id = change.fields.headIdNumber?.to ?? change.fields.idNumber?.to;
        return typeof id === 'string' ? [id] : [];
      });
      const samples: number[] = [];
      for (const idNumber of [...filed, ...unknown]) {
        const t0 = performance.now();
        lookupIdentity(db, { ...actor, id: `bench-${samples.length % 100}` }, { idNumber });
        samples.push(performance.now() - t0);
      }
      const lookups = distribution(samples);
      rec.add({
        id: 'identity.lookup.p99Ms',
        issue: 9,
        label: `ID-number lookup on ${options.officeHouseholds} households / ${people} people (p99 of ${samples.length}; p50 ${lookups.p50.toFixed(2)} ms)`,
        value: lookups.p99,
        unit: 'ms',
        goal: { op: '<', value: 5 },
        note: 'in-process: index probe, unit names, audit row',
      });

      // Pushes of 500 new records with and without the duplicate check, alternating.
      const withCheck: number[] = [];
      const without: number[] = [];
      for (let round = 0; round < ROUNDS * 2; round++) {
        const checking = round % 2 === 0;
        if (checking) installIdentityHooks();
        else {
          removeBatchObserver('identity.duplicates');
        }
        const changes = newFamilies(options.seed + 40 + round, PUSH_RECORDS);
        const t0 = performance.now();
        const outcome = applyChanges(db, changes, { actor, deviceId: `bench-identity-${round}` });
        const ms = performance.now() - t0;
        const refused = outcome.results.find((r) => r.status !== 'applied');
        if (refused) throw new Error(`bench: a generated change was not applied: ${JSON.stringify(refused)}`);
        (checking ? withCheck : without).push(ms);
      }
      installIdentityHooks();
      const raised = db.prepare('SELECT kind, count(*) AS n FROM identity_findings GROUP BY kind').all();
      rec.detail('identityFindingsRaisedByPushes', raised);
      log(`identity: findings raised by the pushes: ${JSON.stringify(raised)}`);
      const median = (xs: number[]) => distribution(xs).p50;
      const overhead = ((median(withCheck) - median(without)) / median(without)) * 100;
      rec.detail('identityPush', { withCheck, without });
      rec.add({
        id: 'identity.push500.overheadPercent',
        issue: 9,
        label: `push of ${PUSH_RECORDS} new households and members: duplicate check's cost (median ${median(withCheck).toFixed(0)} ms with, ${median(without).toFixed(0)} ms without, ${ROUNDS} each)`,
        value: overhead,
        unit: '%',
        goal: { op: '<=', value: 10 },
      });
      // The scan of existing data: one pass in batches that yield; the longest stall of the event loop
      // while it runs is what a tablet's push could wait.
      const stalls: number[] = [];
      let last = performance.now();
      const ticker = setInterval(() => {
        const now = performance.now();
        stalls.push(now - last - 5);
        last = now;
      }, 5);
      const scanWatch = stopwatch();
      const scanned = await scanForDuplicates(db, actorOf(db, 'city'));
      const scanMs = scanWatch.wallMs();
      clearInterval(ticker);
      rec.detail('identityScan', { ...scanned, scanMs });
      rec.add({
        id: 'identity.scan.seconds',
        issue: 9,
        label: `scan of ${people} people for duplicates (${scanned.newFindings} findings raised)`,
        value: scanMs / 1000,
        unit: 's',
        goal: null,
      });
      rec.add({
        id: 'identity.scan.longestStallMs',
        issue: 9,
        label: 'longest event-loop stall during the scan (what a push could wait)',
        value: Math.max(0, ...stalls),
        unit: 'ms',
        goal: { op: '<', value: 200 },
      });
      log(
        `identity: lookup p50 ${lookups.p50.toFixed(2)} ms p99 ${lookups.p99.toFixed(2)} ms; push 500 ${median(withCheck).toFixed(0)} ms with check, ${median(without).toFixed(0)} ms without`,
      );
    } finally {
      db.close();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
