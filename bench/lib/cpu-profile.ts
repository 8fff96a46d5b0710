import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

/**
 * `--profile`: CPU profiles of the tablet's page (DevTools protocol) around the runs that miss their goal,
 * saved as .cpuprofile files (open them in Chrome DevTools) with a short "where the time went" summary.
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface PageProfiler {
  stop(name: string): Promise<{ file: string; top: string[] }>;
}

export async function startPageProfiler(page: Page, dir: string): Promise<PageProfiler> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return {
    stop: async (name) => {
      const { profile } = await cdp.send('Profiler.stop');
      await cdp.detach().catch(() => undefined);
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `${name}.cpuprofile`);
      fs.writeFileSync(file, JSON.stringify(profile));
      return { file, top: summarize(profile as CpuProfile, 15) };
    },
  };
}

function frameKey(node: ProfileNode): string {
  const file = node.callFrame.url.split('/').slice(-2).join('/');
  return `${node.callFrame.functionName || '(anonymous)'} ${file}:${node.callFrame.lineNumber + 1}`;
}

/** The functions with the most time including their callees ("total"), as "share  function file:line". */
export function summarize(profile: CpuProfile, count: number): string[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfTime = new Map<number, number>();
  profile.samples.forEach((id, i) =>
    selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)),
  );
  const total = new Map<string, number>();
  let all = 0;
  for (const [id, time] of selfTime) {
    all += time;
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const node = byId.get(at);
      if (!node) break;
      const key = frameKey(node);
      if (seen.has(key)) continue;
      seen.add(key);
      total.set(key, (total.get(key) ?? 0) + time);
    }
  }
  return [...total]
    .filter(([key]) => !key.startsWith('(root)') && !key.startsWith('(program)'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([key, time]) => `${((time / all) * 100).toFixed(1).padStart(5)}%  ${key}`);
}
