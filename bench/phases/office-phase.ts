import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBuiltServer, type BuiltServer } from '../../tests/support/built-server';
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '../../shared/sync/protocol';
import { withCheckChar } from '../../shared/domain/test-fixtures';
import { creationChange, newVisits, type BenchRecord } from '../data/generate';
import { createRng } from '../data/prng';
import { stopwatch } from '../lib/measure';
import type { Recorder } from '../lib/report';
import { apiLogin } from '../tablet/tablet';
import { seedOfficeDatabase } from '../server/office-seed';
import type { BenchOptions } from './options';

/**
 * "No request may stall the server": a city's database (`officeHouseholds` households, ~3 members each)
 * behind the production build, and the office's heavy requests — a county's comparison import of 1,000
 * rows, the city's case list, a county's work queue — each timed while tablets keep pushing small batches.
 * The pushes' latency during that work is set beside the same pushes' latency with nothing else running.
 */

/** Tablets pushing during the office work: grid workers of the city, one device each. */
const TABLETS = ['grid', 'grid2', 'grid3'] as const;
/** Record changes per push (a tablet's small batch of finalised visits). */
const PUSH_CHANGES = 20;
const IMPORT_ROWS = 1000;
const IMPORT_UNMATCHED = 10;
const LIST_CALLS = 20;
/** The county of the import and the queue (谯城区), and its grids. */
const COUNTY = '341602';

/** Nearest-rank percentile. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

export interface Tablet {
  token: string;
  /** A new push body each call (new visits, new change ids: no replays). */
  nextBody(): string;
}

interface Pusher {
  /** Stops pushing; resolves with each push's latency (ms) since start. */
  stop(): Promise<number[]>;
}

/** Each tablet pushes its pre-encoded bodies one after another, in a loop, until stopped. */
export function startPushers(url: string, tablets: Tablet[]): Pusher {
  let running = true;
  const latencies: number[] = [];
  const failures: string[] = [];
  const loops = tablets.map(async ({ token, nextBody }) => {
    while (running) {
      const body = nextBody();
      const t0 = performance.now();
      try {
        const response = await fetch(`${url}/api/sync/push`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body,
        });
        await response.text();
        if (response.status !== 200) throw new Error(`bench: push answered ${response.status}`);
      } catch (error) {
        // Reported after the run instead of crashing the bench mid-way (e.g. a server that fell over).
        failures.push(error instanceof Error ? error.message : String(error));
        if (failures.length > 20) throw error;
      }
      latencies.push(performance.now() - t0);
    }
  });
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
      if (failures.length > 0) throw new Error(`bench: ${failures.length} pushes failed: ${failures[0]}`);
      return latencies;
    },
  };
}

export async function getJson(url: string, token: string): Promise<{ ms: number; body: unknown }> {
  const t0 = performance.now();
  const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
  const text = await response.text();
  const ms = performance.now() - t0;
  if (response.status !== 200)
    throw new Error(`bench: GET ${url} answered ${response.status}: ${text.slice(0, 300)}`);
  return { ms, body: JSON.parse(text) as unknown };
}

/** The county's import: ID numbers of its households (cases at 信息比对 first), members too, a few unknown. */
function importCsv(byGrid: Map<string, BenchRecord[]>): string {
  const county = [...byGrid.entries()]
    .filter(([grid]) => grid.startsWith(COUNTY))
    .flatMap(([, list]) => list);
  const atComparison = county.filter((h) => h.data.stage === 'comparison');
  const others = county.filter((h) => h.data.stage !== 'comparison');
  const chosen = [...atComparison, ...others].slice(0, IMPORT_ROWS - IMPORT_UNMATCHED);
  const sources = ['民政', '社保', '税务', '不动产', '车辆', '银行存款'];
  const lines = ['身份证号,数据来源,结果,备注'];
  chosen.forEach((h, i) => lines.push(`${String(h.data.headIdNumber)},${sources[i % sources.length]},一致,`));
  for (let i = 0; i < IMPORT_UNMATCHED; i++) {
    lines.push(
      `${withCheckChar(`34160219${String(60 + i).padStart(2, '0')}0101${String(900 + i)}`)},民政,一致,`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export async function runOfficePhase(options: BenchOptions, rec: Recorder, log: (line: string) => void) {
  const size = options.officeHouseholds;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bangfu-office-'));
  let server: BuiltServer | null = null;
  try {
    log(`office: writing ${size} households with their members into a new database`);
    const data = await seedOfficeDatabase(dataDir, size, options.seed + 40);
    rec.detail('officeSeed', { households: data.households, members: data.members, seedMs: data.seedMs });
    log(
      `office: ${data.households} households, ${data.members} members in ${(data.seedMs / 1000).toFixed(1)} s`,
    );

    log('office: starting the production build (runs the case-index migration over every record)');
    const started = stopwatch();
    server = await startBuiltServer({ dataDir, startTimeoutMs: 900_000 });
    const startMs = started.wallMs();
    rec.add({
      id: 'office.start.ms',
      issue: 4,
      label: `server start on ${size} households + ${data.members} members (case-index backfill included)`,
      value: startMs,
      unit: 'ms',
      goal: null,
      note: 'once, the first start after the upgrade; later starts skip the migration',
    });
    const url = server.url;

    const rng = createRng(options.seed + 41);
    const tabletGrids = ['341602001001', '341602001002', '341621001001'];
    const tablets = await Promise.all(
      TABLETS.map(async (username, i): Promise<Tablet> => {
        const deviceId = rng.uuid();
        const { token } = await apiLogin(url, username, deviceId);
        const homes = data.householdsByGrid.get(tabletGrids[i] ?? '') ?? [];
        let pushes = 0;
        const nextBody = () => {
          pushes++;
          const start = (pushes * PUSH_CHANGES) % Math.max(1, homes.length - PUSH_CHANGES);
          const visits = newVisits(options.seed + 1000 * i + pushes, homes.slice(start), PUSH_CHANGES);
          return JSON.stringify({
            protocolVersion: PROTOCOL_VERSION,
            schemaVersion: SCHEMA_VERSION,
            deviceId,
            pendingCount: 0,
            changes: visits.map((v) => creationChange(v, rng.uuid())),
          });
        };
        return { token, nextBody };
      }),
    );
    const city = (await apiLogin(url, 'city', rng.uuid())).token;
    const county = (await apiLogin(url, 'county', rng.uuid())).token;

    // Warm-up (untimed): a few pushes and one list each, so the figures are the steady state.
    const warm = startPushers(url, tablets);
    await getJson(`${url}/api/cases?view=all`, city);
    await getJson(`${url}/api/cases?view=queue`, county);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await warm.stop();

    log('office: pushes with no office work');
    const idle = startPushers(url, tablets);
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const idleMs = await idle.stop();
    const idleP99 = percentile(idleMs, 99);
    rec.add({
      id: 'office.push.idle.p99Ms',
      issue: 4,
      label: `push of ${PUSH_CHANGES} visits, ${TABLETS.length} tablets in a loop, no office work: p99`,
      value: idleP99,
      unit: 'ms',
      goal: null,
      note: `${idleMs.length} pushes, p50 ${percentile(idleMs, 50).toFixed(0)} ms, max ${Math.max(...idleMs).toFixed(0)} ms`,
    });
    rec.detail('officePushIdleMs', idleMs);

    const duringPushes = (id: string, what: string, pushMs: number[]) => {
      const p99 = percentile(pushMs, 99);
      const max = Math.max(0, ...pushMs);
      rec.add({
        id: `office.push.${id}.p99Ms`,
        issue: 4,
        label: `push p99 during ${what}`,
        value: p99,
        unit: 'ms',
        // Within 2x of the same pushes' p99 with nothing else running.
        goal: { op: '<=', value: Math.round(2 * idleP99) },
        note: `${pushMs.length} pushes, max ${max.toFixed(0)} ms (idle p99 ${idleP99.toFixed(0)} ms; goal 2x idle)`,
      });
    };

    log(`office: comparison import of ${IMPORT_ROWS} rows as the county, tablets pushing`);
    const csv = importCsv(data.householdsByGrid);
    const importPushers = startPushers(url, tablets);
    const t0 = performance.now();
    const response = await fetch(`${url}/api/cases/comparison-import`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/csv; charset=utf-8', Authorization: `Bearer ${county}` },
      body: csv,
    });
    const importText = await response.text();
    const importMs = performance.now() - t0;
    const importPushMs = await importPushers.stop();
    if (response.status !== 200)
      throw new Error(`bench: import answered ${response.status}: ${importText.slice(0, 300)}`);
    const imported = JSON.parse(importText) as { matched: number; applied: number; cases: unknown[] };
    rec.detail('officeImport', {
      ms: importMs,
      matched: imported.matched,
      applied: imported.applied,
      cases: imported.cases.length,
    });
    rec.add({
      id: 'office.import.ms',
      issue: 4,
      label: `comparison import, ${IMPORT_ROWS} rows of one county (${size} households in the city)`,
      value: importMs,
      unit: 'ms',
      goal: { op: '<', value: 10_000 },
      note: `${imported.matched} rows matched, ${imported.applied} applied, ${imported.cases.length} cases stepped or refused`,
    });
    duringPushes('import', 'the comparison import', importPushMs);

    const lists = async (id: string, what: string, route: string, token: string) => {
      log(`office: ${what}, ${LIST_CALLS} calls, tablets pushing`);
      const pushers = startPushers(url, tablets);
      const ms: number[] = [];
      let total = 0;
      for (let i = 0; i < LIST_CALLS; i++) {
        const reply = await getJson(`${url}${route}`, token);
        ms.push(reply.ms);
        total = (reply.body as { total: number }).total;
      }
      const pushMs = await pushers.stop();
      rec.add({
        id: `office.${id}.p50Ms`,
        issue: 4,
        label: `${what}: p50 (${size} households)`,
        value: percentile(ms, 50),
        unit: 'ms',
        goal: { op: '<', value: 1000 },
        note: `p99 ${percentile(ms, 99).toFixed(0)} ms over ${LIST_CALLS} calls; total ${total}`,
      });
      rec.add({
        id: `office.${id}.p99Ms`,
        issue: 4,
        label: `${what}: p99`,
        value: percentile(ms, 99),
        unit: 'ms',
        goal: { op: '<', value: 1000 },
      });
      duringPushes(id, what, pushMs);
    };
    await lists('cityList', 'city case list, first page (view=all)', '/api/cases?view=all', city);
    await lists('countyQueue', 'county work queue, first page', '/api/cases?view=queue', county);
  } finally {
    await server?.kill();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
