import type { Db } from '../db/database';
import { stmt } from './statements';

/**
 * Derived work of a push, done after the reply (docs/sync-protocol.md, "After the reply").
 *
 * Some of what a push sets off is not part of its answer: the monitoring of finalised visits (income
 * observations, warnings, register entries and their tablet copies) reads the batch's records and writes
 * rows of its own, and was a third of a push's time. A push writes one `sync_derived_work` row per batch
 * and kind, in its own transaction (so the work is durable exactly when the push is), and the server
 * does the work afterwards:
 * - a background step (`startDerivedDrain`, started with the server) drains the rows once pushes pause
 *   for `idleMs`, and in any case once the oldest row is `maxLagMs` old, one row (one batch) per
 *   transaction with the event loop free between rows, and at startup whatever a killed process left;
 * - any other API request drains what is left before it runs (app.ts), so an office screen or a pull
 *   made after a sync sees its effects, and so do tests.
 * A row is deleted in the transaction that does its work: the work is done exactly once.
 */

export type DerivedWorkHandler = (db: Db, payload: unknown) => void;

const handlers = new Map<string, DerivedWorkHandler>();

/** Installs the handler of `kind` (replacing any earlier one). */
export function registerDerivedWorkHandler(kind: string, handler: DerivedWorkHandler): void {
  handlers.set(kind, handler);
}

interface Scheduler {
  poke(): void;
}

const schedulers = new WeakMap<Db, Scheduler>();

/** Queues `payload` for the handler of `kind`. Call inside the push transaction. */
export function enqueueDerivedWork(db: Db, kind: string, payload: unknown): void {
  stmt(db, 'INSERT INTO sync_derived_work (kind, payload, created_at) VALUES (?, ?, ?)').run(
    kind,
    JSON.stringify(payload),
    new Date().toISOString(),
  );
  schedulers.get(db)?.poke();
}

interface WorkRow {
  id: number;
  kind: string;
  payload: string;
}

/** The kinds this process can do, as a JSON list for `json_each`. */
function handledKinds(): string {
  return JSON.stringify([...handlers.keys()]);
}

/**
 * The oldest row this process has a handler for: a process without the server's hooks (a CLI, the
 * bench's seeding) leaves the server's rows alone.
 */
function nextRow(db: Db): WorkRow | undefined {
  return stmt(
    db,
    `SELECT id, kind, payload FROM sync_derived_work
      WHERE error IS NULL AND kind IN (SELECT value FROM json_each(?)) ORDER BY id LIMIT 1`,
  ).get(handledKinds()) as WorkRow | undefined;
}

/** Does one queued row's work (in one transaction with its deletion); false when nothing is queued. */
function drainOne(db: Db): boolean {
  const row = nextRow(db);
  if (!row) return false;
  const handler = handlers.get(row.kind);
  try {
    db.transaction(() => {
      // Deleted first: another connection that took the same row in the meantime did its work already.
      if (stmt(db, 'DELETE FROM sync_derived_work WHERE id = ?').run(row.id).changes === 0) return;
      handler?.(db, JSON.parse(row.payload));
    })();
  } catch (err) {
    // The work rolled back; the row stays with its error so it neither blocks the rows after it nor is
    // lost (an operator can clear the error to have it tried again).
    console.error('[derived] work failed', row.id, row.kind, err);
    stmt(db, 'UPDATE sync_derived_work SET error = ? WHERE id = ?').run(String(err).slice(0, 2000), row.id);
  }
  return true;
}

/** Drains up to `limit` queued rows now; returns how many it did. */
export function drainDerivedWork(db: Db, limit = Number.POSITIVE_INFINITY): number {
  let done = 0;
  while (done < limit && drainOne(db)) done += 1;
  return done;
}

/** Rows waiting that this process can do (failed rows excluded). */
export function pendingDerivedWork(db: Db): number {
  return (
    stmt(
      db,
      `SELECT count(*) AS n FROM sync_derived_work
        WHERE error IS NULL AND kind IN (SELECT value FROM json_each(?))`,
    ).get(handledKinds()) as { n: number }
  ).n;
}

export interface DerivedDrain {
  /** Resolves once nothing is queued (tests, the bench). */
  idle(): Promise<void>;
  stop(): void;
}

/**
 * Drains the queue in the background: `idleMs` after the last push, or as soon as the oldest row is
 * `maxLagMs` old while pushes keep coming, one row per step with the event loop free between steps (a
 * step is one batch of a push, tens of ms). Anything a previous process left is drained at once.
 * Timers never keep the process alive.
 */
export function startDerivedDrain(db: Db, { idleMs = 20, maxLagMs = 1_000 } = {}): DerivedDrain {
  let timer: NodeJS.Timeout | null = null;
  let immediate: NodeJS.Immediate | null = null;
  let stopped = false;
  let oldestAt: number | null = null;
  let waiters: (() => void)[] = [];

  const settle = () => {
    const list = waiters;
    waiters = [];
    for (const resolve of list) resolve();
  };
  const step = () => {
    timer = null;
    immediate = null;
    if (stopped) return;
    let more = false;
    try {
      more = drainOne(db);
    } catch (err) {
      console.error('[derived] drain failed', err);
    }
    if (stopped) return;
    if (more) immediate = setImmediate(step);
    else {
      oldestAt = null;
      settle();
    }
  };
  const arm = (wait: number) => {
    if (immediate) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(step, Math.max(0, wait));
    timer.unref();
  };
  const scheduler: Scheduler = {
    poke() {
      if (stopped) return;
      const now = Date.now();
      oldestAt ??= now;
      arm(Math.min(idleMs, oldestAt + maxLagMs - now));
    },
  };
  schedulers.set(db, scheduler);
  arm(0);
  return {
    idle: () =>
      new Promise<void>((resolve) => {
        if (stopped || pendingDerivedWork(db) === 0) resolve();
        else {
          waiters.push(resolve);
          arm(0);
        }
      }),
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (immediate) clearImmediate(immediate);
      if (schedulers.get(db) === scheduler) schedulers.delete(db);
      settle();
    },
  };
}
