import { BENCH_TODAY, gridHouseholds, newVisits } from '../data/generate';
import { createRng } from '../data/prng';
import type { ClientApi, ListQuery, LocalRow } from './client-api';

/**
 * Runs in the tablet's page (bundled by tablet/bundle.ts): the "My households" data set, the list's
 * indexed queries, the list screen itself as a worker uses it, and the visit form's autosave write.
 */

/**
 * Puts `count` households on the tablet as a sync leaves them (server revs, nothing pending, search
 * tokens from the client's own tokeniser), newest change first spread over the last year.
 */
export async function seedHouseholds(client: ClientApi, count: number, seed: number): Promise<number> {
  const records = gridHouseholds(seed, count);
  const start = Date.parse(`${BENCH_TODAY}T08:00:00.000Z`);
  const t0 = performance.now();
  for (let i = 0; i < records.length; i += 2000) {
    const rows: LocalRow[] = records.slice(i, i + 2000).map((record, j) => ({
      id: record.id,
      rev: i + j + 1,
      unitId: record.unitId,
      householdId: record.id,
      deleted: 0,
      data: record.data,
      updatedAt: new Date(start - (i + j) * 600_000).toISOString(),
      pending: 0,
      searchTokens: client.householdSearchTokens(record.data),
    }));
    await client.db.households.bulkPut(rows);
  }
  return performance.now() - t0;
}

/** What a worker types to find a household, with the part of the record it comes from. */
export interface SearchCase {
  label: string;
  text: string;
}

/** Queries drawn from the seeded households: a full name, a surname and given name start, ID and phone tails, an address part. */
export function searchCases(seed: number, count: number): SearchCase[] {
  const records = gridHouseholds(seed, count);
  const rng = createRng(seed + 1);
  const pick = () => rng.pick(records).data;
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const address = text(pick().address);
  const estate = /街道(.+?)(\d|号)/.exec(address)?.[1] ?? address.slice(9, 13);
  return [
    { label: '姓名', text: text(pick().headName) },
    { label: '姓名前两字', text: text(pick().headName).slice(0, 2) },
    { label: '身份证后6位', text: text(pick().headIdNumber).slice(-6) },
    { label: '手机后4位', text: text(pick().mobile).slice(-4) },
    { label: '住址片段', text: estate },
  ];
}

export interface QueryTiming {
  label: string;
  text: string;
  total: number;
  /** Working out the list and reading its first screen (what the worker waits for). */
  planMs: number;
  /** Reading the first 40 rows again through the paging function. */
  rowsMs: number;
  /** The whole list and its count for 「共 N 户」, which the screen shows after the rows. */
  countMs: number;
  firstId: string | null;
}

/** The list's own queries (plan + first screen of rows), straight through the client module. */
export async function timeListQuery(client: ClientApi, label: string, search: string): Promise<QueryTiming> {
  const list = client.householdList;
  if (!list) throw new Error('bench: client/features/households/household-list-data.ts is missing');
  const query: ListQuery = { search, filter: 'all', stage: null, category: null };
  const t0 = performance.now();
  const plan = await list.plan(query, BENCH_TODAY);
  const t1 = performance.now();
  const rows = await list.rows(plan, 0, 40);
  const t2 = performance.now();
  const { total } = await list.complete(plan, query, BENCH_TODAY);
  const t3 = performance.now();
  return {
    label,
    text: search,
    total,
    planMs: t1 - t0,
    rowsMs: t2 - t1,
    countMs: t3 - t2,
    firstId: rows[0]?.id ?? null,
  };
}

/** Resolves at the first animation frame after `ready()` holds: the frame that shows it. */
function painted(ready: () => boolean, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const deadline = performance.now() + timeoutMs;
    const check = () => {
      if (ready()) {
        requestAnimationFrame(() => resolve(performance.now()));
        return true;
      }
      return false;
    };
    if (check()) return;
    const observer = new MutationObserver(() => {
      if (check()) observer.disconnect();
      else if (performance.now() > deadline) {
        observer.disconnect();
        reject(new Error('bench: the list did not show in time'));
      }
    });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  });
}

const firstRow = () => document.querySelector<HTMLAnchorElement>('[data-testid="household-row"]');

/**
 * Taps the "我的家庭户" navigation link and times until the first household row is painted (an
 * in-app navigation, as the worker does it; the page is not reloaded).
 */
export async function timeListFirstScreen(): Promise<number> {
  const link = [...document.querySelectorAll<HTMLAnchorElement>('a')].find(
    (a) => a.textContent?.trim() === '我的家庭户',
  );
  if (!link) throw new Error('bench: no 我的家庭户 link in the navigation');
  const t0 = performance.now();
  link.click();
  const shown = await painted(() => firstRow() !== null, 30_000);
  return shown - t0;
}

export interface SearchTiming {
  /** From the keystroke to the matching rows painted, including the list's typing pause. */
  fromKeystroke: number;
  /** From the end of the typing pause (the query reaching the address bar) to the rows painted. */
  fromQuery: number;
}

/**
 * Types `text` into the list's search box (as one input event, like a paste or an IME commit) and waits
 * until the first row is the household the query's first result should be (`expectedFirstId`).
 */
export async function timeSearch(text: string, expectedFirstId: string | null): Promise<SearchTiming> {
  const input = document.querySelector<HTMLInputElement>('input[type="search"]');
  if (!input) throw new Error('bench: no search box on the list');
  let queryAt = 0;
  const replace = history.replaceState.bind(history);
  history.replaceState = (...args: Parameters<History['replaceState']>) => {
    if (queryAt === 0) queryAt = performance.now();
    replace(...args);
  };
  try {
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
    const t0 = performance.now();
    setValue?.call(input, text);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    const shown = await painted(() => {
      if (queryAt === 0) return false;
      if (expectedFirstId === null) return document.querySelector('[data-testid="household-empty"]') !== null;
      return firstRow()?.getAttribute('href')?.endsWith(expectedFirstId) ?? false;
    }, 30_000);
    return { fromKeystroke: shown - t0, fromQuery: shown - queryAt };
  } finally {
    history.replaceState = replace;
  }
}

/** Empties the search box and waits for the full list (whose first row is `firstId`) to come back. */
export async function clearSearch(firstId: string | null): Promise<void> {
  await timeSearch('', firstId);
}

/**
 * The visit form's autosave write: a visit-form-sized record (household visit with checklist, signatures
 * and GPS) saved once, then `samples` single-field edits as typing produces them, each timed.
 */
export async function timeAutosave(client: ClientApi, samples: number, seed: number): Promise<number[]> {
  const household = await client.db.households.limit(1).first();
  if (!household) throw new Error('bench: no household on the tablet');
  const [visit] = newVisits(
    seed,
    [{ type: 'household', id: household.id, unitId: household.unitId, data: {} }],
    1,
  );
  if (!visit) throw new Error('bench: no visit generated');
  const draft: Record<string, unknown> = { ...visit.data, status: 'draft', householdId: household.id };
  await client.saveFields('visit', visit.id, visit.unitId, draft, { householdId: household.id });
  const findings = String(draft.findings);
  const times: number[] = [];
  for (let i = 1; i <= samples; i++) {
    // Mostly the findings text growing a character at a time; now and then another field of the form.
    const patch: Record<string, unknown> =
      i % 25 === 0
        ? { preliminaryOpinion: `情况属实，建议上报（第${i}次修改）` }
        : { findings: findings + '补充说明'.repeat(1 + Math.floor(i / 4)).slice(0, i) };
    const t0 = performance.now();
    await client.saveFields('visit', visit.id, visit.unitId, patch, { householdId: household.id });
    times.push(performance.now() - t0);
  }
  return times;
}

/** Taps "首页" and waits until the household list has left the screen. */
export async function goHome(): Promise<void> {
  const link = [...document.querySelectorAll<HTMLAnchorElement>('a')].find(
    (a) => a.textContent?.trim() === '首页',
  );
  if (!link) throw new Error('bench: no 首页 link in the navigation');
  link.click();
  await painted(() => firstRow() === null, 30_000);
}

export interface ListBreakdown {
  /** `households.count()` of the whole table. */
  tableCountMs: number;
  /** Counting the live households on the list's `[deleted+updatedAt]` index (what the list shows as 共 N 户). */
  indexCountMs: number;
  /** Reading the first 40 rows, newest change first, from the same index. */
  firstRowsMs: number;
}

/** Where the list's first screen spends its time in IndexedDB: counting versus reading the rows shown. */
export async function listBreakdown(client: ClientApi): Promise<ListBreakdown> {
  const range = () =>
    client.db.households.where('[deleted+updatedAt]').between([0, ''], [0, '\uffff']).reverse();
  let t0 = performance.now();
  await client.db.households.count();
  const tableCountMs = performance.now() - t0;
  t0 = performance.now();
  await range().count();
  const indexCountMs = performance.now() - t0;
  t0 = performance.now();
  await range().limit(40).toArray();
  return { tableCountMs, indexCountMs, firstRowsMs: performance.now() - t0 };
}
