// `npm run bench`: builds, then measures what issues 3 and 4 set goals for and prints the figures beside
// their goals. It reports; it never fails on a timing. Options: `--only=sync,server,list,office,identity,ledgers,net,peer`, `--quick` (small data),
// `--profile` (CPU profiles of the tablet during the initial sync and the push, in bench-results/),
// `--first-screen` (with `--only=net`: only the first-screen figures, cold and warm, in about a minute),
// `--net-sync` (with `--only=net`: only the 3G initial sync, profiled with `--profile`).
// Phases run in the order of PHASES whatever the order given, so `peer` (PouchDB 9 replication on the same
// records; its packages are installed into bench/peer on first use) comes after `sync` and `net` and prints
// our ratio to PouchDB when they ran in the same invocation.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { CHROMIUM_PATH } from '../tests/support/browser';
import { loadAverage } from './lib/measure';
import { Recorder, buildReport, formatTable, gitCommit, saveReport } from './lib/report';
import { runIdentityPhase } from './phases/identity-phase';
import { runLedgerPhase } from './phases/ledger-phase';
import { runListPhase } from './phases/list-phase';
import { runNetPhase } from './phases/net-phase';
import { runOfficePhase } from './phases/office-phase';
import { runOversightPhase } from './phases/oversight-phase';
import { runPeerPhase } from './phases/peer-phase';
import { FULL_OPTIONS, QUICK_OPTIONS, type BenchOptions } from './phases/options';
import { runServerPhase } from './phases/server-phase';
import { runSyncPhase } from './phases/sync-phase';

const ROOT = path.resolve(import.meta.dirname, '..');
const PHASES = {
  sync: runSyncPhase,
  server: runServerPhase,
  list: runListPhase,
  office: runOfficePhase,
  identity: runIdentityPhase,
  net: runNetPhase,
  ledgers: runLedgerPhase,
  oversight: runOversightPhase,
  peer: runPeerPhase,
} as const;
type PhaseName = keyof typeof PHASES;

function parseArgs(argv: readonly string[]) {
  const only = argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  const names = only ? only.split(',') : Object.keys(PHASES);
  const unknown = names.filter((n) => !(n in PHASES));
  if (unknown.length > 0)
    throw new Error(`unknown phase(s): ${unknown.join(', ')} (phases: ${Object.keys(PHASES).join(', ')})`);
  const order = Object.keys(PHASES);
  return {
    phases: [...new Set(names)].sort((a, b) => order.indexOf(a) - order.indexOf(b)) as PhaseName[],
    quick: argv.includes('--quick'),
    profile: argv.includes('--profile'),
    firstScreen: argv.includes('--first-screen'),
    netSync: argv.includes('--net-sync'),
    sizes: sizeOverrides(argv),
  };
}

/** `--records=N`, `--visits=N`, `--households=N`: one size changed, for a faster run of one part. */
function sizeOverrides(
  argv: readonly string[],
): Partial<Pick<BenchOptions, 'records' | 'visits' | 'households'>> {
  const sizes: Partial<Pick<BenchOptions, 'records' | 'visits' | 'households'>> = {};
  for (const key of ['records', 'visits', 'households'] as const) {
    const raw = argv.find((a) => a.startsWith(`--${key}=`))?.slice(key.length + 3);
    if (raw === undefined) continue;
    const value = Number(raw);
    if (!Number.isInteger(value) || value <= 0) throw new Error(`--${key} needs a positive whole number`);
    sizes[key] = value;
  }
  return sizes;
}

function chromiumVersion(): string | null {
  try {
    return execFileSync(CHROMIUM_PATH, ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return null;
  }
}

function log(line: string): void {
  const [one] = loadAverage();
  console.log(`[bench ${new Date().toISOString().slice(11, 19)} load ${one.toFixed(1)}] ${line}`);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const options = {
    ...(args.quick ? QUICK_OPTIONS : FULL_OPTIONS),
    ...args.sizes,
    profile: args.profile,
    netFirstScreenOnly: args.firstScreen,
    netSyncOnly: args.netSync,
  };
  const startedAt = new Date();
  const commit = gitCommit(ROOT);
  const recorder = new Recorder();
  log(`phases ${args.phases.join(', ')}${args.quick ? ' (quick)' : ''}; ${JSON.stringify(options)}`);
  for (const name of args.phases) {
    try {
      await PHASES[name](options, recorder, log);
    } catch (error) {
      // A broken phase is reported with the rest, not hidden behind an exit code.
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      log(`phase ${name} failed: ${message}`);
      recorder.detail(`${name}Error`, message);
    }
  }
  const report = buildReport(recorder, {
    startedAt,
    commit,
    chromium: chromiumVersion(),
    options: { ...options, phases: args.phases, quick: args.quick },
  });
  const file = saveReport(ROOT, report);
  console.log('');
  console.log(formatTable(report.figures));
  console.log('');
  console.log(
    `load average at the end: ${loadAverage()
      .map((x) => x.toFixed(1))
      .join(' ')} on ${report.cpus} CPUs`,
  );
  console.log(`saved ${path.relative(ROOT, file)}`);
}

await main();
