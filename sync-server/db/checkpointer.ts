import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from './database';

/**
 * WAL checkpoints off the request path. A checkpoint copies committed pages from the write-ahead log into
 * the database file and syncs both; run by the writing connection, it happens inside the COMMIT of
 * whichever push crosses the threshold and costs more than the push itself (a batch of visits dirties a
 * few thousand pages, mostly index leaves with random UUID keys). Here a worker thread with its own
 * connection runs `PRAGMA wal_checkpoint(PASSIVE)` a few times a second instead: PASSIVE never waits for
 * or blocks the writer or readers, and the server's own connection keeps `wal_autocheckpoint` as a
 * fallback should the worker fall behind or stop. Durability is unchanged: a commit is durable against
 * a process kill once it is in the WAL, whoever later copies it into the database file.
 */

/** How often the worker looks for committed pages to copy; a look with nothing to do costs microseconds. */
export const CHECKPOINT_INTERVAL_MS = 100;

// CommonJS, evaluated in the worker; errors (SQLITE_BUSY while another checkpoint runs, a file removed by
// a test) are left for the next round or for the writer's own auto-checkpoint.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {}
}, workerData.intervalMs);
parentPort.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  /** Stops the worker after its current checkpoint and closes its connection. */
  stop(): Promise<void>;
}

/** Starts the checkpoint worker for `db` (a file database in WAL mode, opened by `openDatabase`). */
export function startCheckpointer(db: Db, intervalMs = CHECKPOINT_INTERVAL_MS): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { driver, file: db.name, intervalMs },
  });
  // Never what keeps the process alive, and a worker that dies leaves the writer's auto-checkpoint in charge.
  worker.unref();
  worker.on('error', (err) => console.error('[db] checkpoint worker stopped', err));
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    stop: () => {
      // Held until it has closed its connection, so the caller can close (or delete) the database after.
      worker.ref();
      worker.postMessage('stop');
      return exited;
    },
  };
}
