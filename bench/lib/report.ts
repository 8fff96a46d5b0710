import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadAverage } from './measure';

/** The figures of one run: printed as a table with the goal beside each, and saved as JSON for comparisons. */

export type GoalOp = '<' | '<=' | '>=' | '=';

export interface Goal {
  op: GoalOp;
  value: number;
}

export interface Figure {
  /** Stable key, for comparing runs (e.g. `sync.initial.recordsPerSecond`). */
  id: string;
  /** The issue the figure belongs to. */
  /** The issue that set the figure's goal. */
  issue: number;
  label: string;
  value: number | null;
  unit: string;
  goal: Goal | null;
  /** 1-minute load average when the figure was taken (the machine is shared). */
  load: number;
  note?: string;
}

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  /** HEAD when the run started (the working tree may hold more). */
  commit: string | null;
  node: string;
  chromium: string | null;
  cpus: number;
  options: Record<string, unknown>;
  figures: Figure[];
  details: Record<string, unknown>;
}

export class Recorder {
  readonly figures: Figure[] = [];
  readonly details: Record<string, unknown> = {};

  add(figure: Omit<Figure, 'load'> & { load?: number }): void {
    const rounded = figure.value === null ? null : Math.round(figure.value * 100) / 100;
    this.figures.push({ ...figure, value: rounded, load: figure.load ?? round1(loadAverage()[0]) });
  }

  detail(key: string, value: unknown): void {
    this.details[key] = value;
  }
}

const round1 = (x: number) => Math.round(x * 10) / 10;

export function goalMet(figure: Figure): boolean | null {
  if (figure.value === null || figure.goal === null) return null;
  const { op, value } = figure.goal;
  switch (op) {
    case '<':
      return figure.value < value;
    case '<=':
      return figure.value <= value;
    case '>=':
      return figure.value >= value;
    case '=':
      return figure.value === value;
  }
}

function formatNumber(value: number): string {
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2).replace(/\.?0+$/, '') || '0';
}

function formatValue(figure: Figure): string {
  return figure.value === null ? 'not measured' : `${formatNumber(figure.value)} ${figure.unit}`;
}

function formatGoal(figure: Figure): string {
  if (!figure.goal) return '—';
  return `${figure.goal.op} ${formatNumber(figure.goal.value)} ${figure.unit}`;
}

/** A plain-text table: figure, measured value, goal, met, load at the time. */
export function formatTable(figures: readonly Figure[]): string {
  const rows = figures.map((f) => {
    const met = goalMet(f);
    return [
      `#${f.issue} ${f.label}`,
      formatValue(f),
      formatGoal(f),
      met === null ? '' : met ? 'yes' : 'NO',
      f.load.toFixed(1),
    ];
  });
  const header = ['figure', 'measured', 'goal', 'met', 'load'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const notes = figures.filter((f) => f.note).map((f) => `  ${f.id}: ${f.note}`);
  return [
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    ...(notes.length > 0 ? ['', 'notes:', ...notes] : []),
  ].join('\n');
}

export function gitCommit(root: string): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

export function buildReport(
  recorder: Recorder,
  input: {
    startedAt: Date;
    commit: string | null;
    chromium: string | null;
    options: Record<string, unknown>;
  },
): BenchReport {
  return {
    startedAt: input.startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    commit: input.commit,
    node: process.version,
    chromium: input.chromium,
    cpus: os.cpus().length,
    options: input.options,
    figures: recorder.figures,
    details: recorder.details,
  };
}

/** Writes `bench-results/bench-<time>.json` and `bench-results/latest.json`; returns the first path. */
export function saveReport(root: string, report: BenchReport): string {
  const dir = path.join(root, 'bench-results');
  fs.mkdirSync(dir, { recursive: true });
  const stamp = report.startedAt.replace(/[:.]/g, '-');
  const file = path.join(dir, `bench-${stamp}.json`);
  const text = `${JSON.stringify(report, null, 2)}\n`;
  fs.writeFileSync(file, text);
  fs.writeFileSync(path.join(dir, 'latest.json'), text);
  return file;
}
