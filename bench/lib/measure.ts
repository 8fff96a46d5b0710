import os from 'node:os';

/** Small measuring helpers shared by the benchmark phases. */

export interface Distribution {
  count: number;
  min: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function distribution(samples: readonly number[]): Distribution {
  if (samples.length === 0) return { count: 0, min: 0, p50: 0, p95: 0, p99: 0, max: 0, mean: 0 };
  const sorted = [...samples].sort((a, b) => a - b);
  // Nearest-rank percentiles: the value below which p% of the samples fall.
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
  return {
    count: sorted.length,
    min: sorted[0] ?? 0,
    p50: at(50),
    p95: at(95),
    p99: at(99),
    max: sorted.at(-1) ?? 0,
    mean: sorted.reduce((sum, x) => sum + x, 0) / sorted.length,
  };
}

/** 1-, 5- and 15-minute load averages, to read every figure against how busy the machine was. */
export function loadAverage(): [number, number, number] {
  const [one = 0, five = 0, fifteen = 0] = os.loadavg();
  return [one, five, fifteen];
}

export interface Stopwatch {
  /** Wall milliseconds since start. */
  wallMs(): number;
  /** CPU milliseconds (user + system) this process used since start. */
  cpuMs(): number;
}

export function stopwatch(): Stopwatch {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  return {
    wallMs: () => performance.now() - t0,
    cpuMs: () => {
      const used = process.cpuUsage(c0);
      return (used.user + used.system) / 1000;
    },
  };
}

export const perSecond = (count: number, ms: number) => (ms > 0 ? (count / ms) * 1000 : 0);
