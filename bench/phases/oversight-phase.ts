import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../sync-server/db/database';
import { startBuiltServer, type BuiltServer } from '../../tests/support/built-server';
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '../../shared/sync/protocol';
import { todayInChina } from '../../shared/validation/clock';
import { creationChange, newVisits } from '../data/generate';
import { createRng } from '../data/prng';
import { stopwatch } from '../lib/measure';
import type { Recorder } from '../lib/report';
import { apiLogin } from '../tablet/tablet';
import { seedOfficeDatabase } from '../server/office-seed';
import { getJson, percentile, startPushers, type Tablet } from './office-phase';
import type { BenchOptions } from './options';

/**
 * 督导首页 on a city of `officeHouseholds` households (the office phase's data set): the filed households
 * get the dates a year of work leaves (filing, plan approval, first payment, exits) and the data-monitoring
 * counts of their first payments; the server's start derives the indicator facts of every household
 * (`fillIndicatorFacts`, timed as the start). Then the city's and a county's dashboard reads are timed
 * (year and month) while tablets keep pushing, beside the < 1 s limit, and the pushes' p99 meanwhile.
 */

const CALLS = 10;
const PUSH_CHANGES = 20;
const TABLETS = ['grid', 'grid2', 'grid3'] as const;
const TABLET_GRIDS = ['341602001001', '341602001002', '341621001001'];
const FILED = `('disbursement', 'managed', 'phase_out', 'exited')`;

/** Case dates of a filed household, spread over the last 600 days by its rev (deterministic). */
export function addCaseDates(dataDir: string): { filed: number } {
  const db = openDatabase(dataDir);
  try {
    const filedOn = `date('now', printf('-%d days', 20 + (rev * 7919) % 600))`;
    const paidOn = `min(date('now'), date(${filedOn}, printf('+%d days', rev % 45)))`;
    const exitOn = `min(date('now'), date(${paidOn}, '+60 days'))`;
    const stage = `json_extract(data, '$.stage')`;
    return db.transaction(() => {
      const filed = db
        .prepare(
          `UPDATE sync_records SET data = json_set(data,
             '$.cityFiled', json('true'), '$.cityFiledOn', ${filedOn},
             '$.planApproved', json('true'), '$.planApprovedOn', date(${filedOn}, '-12 days'),
             '$.planMeasures', json(CASE rev % 3 WHEN 0 THEN '["illness_relief"]' ELSE '["living_relief"]' END),
             '$.mainCause', CASE rev % 4 WHEN 0 THEN 6 WHEN 1 THEN 1 WHEN 2 THEN 7 ELSE 2 END,
             '$.disbursed', json(CASE WHEN ${stage} = 'disbursement' THEN 'false' ELSE 'true' END),
             '$.lastDisbursedOn', CASE WHEN ${stage} = 'disbursement' THEN NULL ELSE ${paidOn} END,
             '$.exitReason', CASE WHEN ${stage} IN ('phase_out', 'exited')
                                  THEN CASE rev % 5 WHEN 0 THEN 'deceased' ELSE 'lifted_out' END END,
             '$.exitNoticeDate', CASE WHEN ${stage} = 'phase_out' THEN json_extract(data, '$.phaseOutStartDate')
                                      WHEN ${stage} = 'exited' THEN ${exitOn} END,
             '$.exitedOn', CASE WHEN ${stage} = 'exited' THEN ${exitOn} END)
           WHERE type = 'household' AND ${stage} IN ${FILED}`,
        )
        .run().changes;
      // The data-monitoring counts of the first payments (the case-event indexer writes them in use).
      db.prepare(
        `INSERT INTO monitoring_counts (event_id, household_id, unit_path, year, month, kind)
         SELECT 'bench-' || id, id, unit_path, CAST(substr(d, 1, 4) AS INTEGER), CAST(substr(d, 6, 2) AS INTEGER),
                CASE WHEN rev % 10 = 0 THEN 'relief_late' ELSE 'relief_on_time' END
           FROM (SELECT id, unit_path, rev, json_extract(data, '$.lastDisbursedOn') AS d FROM sync_records
                  WHERE type = 'household' AND json_type(data, '$.lastDisbursedOn') = 'text')`,
      ).run();
      return { filed };
    })();
  } finally {
    db.close();
  }
}

export async function runOversightPhase(options: BenchOptions, rec: Recorder, log: (line: string) => void) {
  const size = options.officeHouseholds;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bangfu-oversight-'));
  let server: BuiltServer | null = null;
  try {
    log(`oversight: writing ${size} households with their members into a new database`);
    const data = await seedOfficeDatabase(dataDir, size, options.seed + 40);
    const { filed } = addCaseDates(dataDir);
    log(`oversight: ${data.households} households, ${filed} of them filed with case dates`);

    const started = stopwatch();
    server = await startBuiltServer({ dataDir, startTimeoutMs: 900_000 });
    rec.add({
      id: 'oversight.start.ms',
      issue: 11,
      label: `server start on ${size} households (case index and indicator facts derived at start)`,
      value: started.wallMs(),
      unit: 'ms',
      goal: null,
      note: 'once, the first start after the upgrade',
    });
    const url = server.url;
    const rng = createRng(options.seed + 51);
    const tablets = await Promise.all(
      TABLETS.map(async (username, i): Promise<Tablet> => {
        const deviceId = rng.uuid();
        const { token } = await apiLogin(url, username, deviceId);
        const homes = data.householdsByGrid.get(TABLET_GRIDS[i] ?? '') ?? [];
        let pushes = 0;
        return {
          token,
          nextBody: () => {
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
          },
        };
      }),
    );
    const city = (await apiLogin(url, 'city', rng.uuid())).token;
    const county = (await apiLogin(url, 'county', rng.uuid())).token;
    const today = todayInChina();
    const year = today.slice(0, 4);
    const month = today.slice(0, 7);
    // The first read counts the rounds' coverage (one index probe per due household); later reads within a
    // minute take those counts from the cache, so the cold read is a figure of its own.
    const cold = await getJson(`${url}/api/oversight/indicators?period=${year}`, city);
    rec.add({
      id: 'oversight.cityYear.coldMs',
      issue: 11,
      label: `city dashboard, year ${year}, first read (round coverage counted)`,
      value: cold.ms,
      unit: 'ms',
      goal: { op: '<', value: 1000 },
      note: 'no tablet pushing; the rounds of the period and the current round counted per county',
    });

    const reads = async (id: string, what: string, route: string, token: string) => {
      log(`oversight: ${what}, ${CALLS} calls, tablets pushing`);
      const pushers = startPushers(url, tablets);
      const ms: number[] = [];
      let units = 0;
      let filedTotal = 0;
      for (let i = 0; i < CALLS; i++) {
        const reply = await getJson(`${url}${route}`, token);
        ms.push(reply.ms);
        const body = reply.body as { units: unknown[]; totals: { identification: { denominator: number } } };
        units = body.units.length;
        filedTotal = body.totals.identification.denominator;
      }
      const pushMs = await pushers.stop();
      rec.add({
        id: `oversight.${id}.p50Ms`,
        issue: 11,
        label: `${what}: p50 (${size} households)`,
        value: percentile(ms, 50),
        unit: 'ms',
        goal: { op: '<', value: 1000 },
        note: `p99 ${percentile(ms, 99).toFixed(0)} ms, max ${Math.max(...ms).toFixed(0)} ms over ${CALLS} calls; ${units} units, ${filedTotal} filings in the period; push p99 meanwhile ${percentile(pushMs, 99).toFixed(0)} ms (${pushMs.length} pushes)`,
      });
      rec.add({
        id: `oversight.${id}.p99Ms`,
        issue: 11,
        label: `${what}: p99`,
        value: percentile(ms, 99),
        unit: 'ms',
        goal: { op: '<', value: 1000 },
      });
    };
    await reads('cityYear', `city dashboard, year ${year}`, `/api/oversight/indicators?period=${year}`, city);
    await reads(
      'cityMonth',
      `city dashboard, month ${month}`,
      `/api/oversight/indicators?period=${month}`,
      city,
    );
    await reads(
      'countyYear',
      `county dashboard, year ${year}`,
      `/api/oversight/indicators?period=${year}`,
      county,
    );
    const drill = await getJson(
      `${url}/api/oversight/indicators/cases?period=${year}&indicator=coverage&part=denominator`,
      city,
    );
    rec.add({
      id: 'oversight.drillDown.ms',
      issue: 11,
      label: 'drill-down: the city’s households on file (first 200 and the total)',
      value: drill.ms,
      unit: 'ms',
      goal: { op: '<', value: 1000 },
      note: `total ${(drill.body as { total: number }).total}`,
    });
  } finally {
    await server?.kill();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
