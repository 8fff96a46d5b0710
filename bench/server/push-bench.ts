import { createApp } from '../../sync-server/app';
import { startCheckpointer } from '../../sync-server/db/checkpointer';
import Database from 'better-sqlite3';
import path from 'node:path';
import { openDatabase } from '../../sync-server/db/database';
import type { PushReply, RecordChange } from '../../shared/sync/changes';
import { PROTOCOL_VERSION, SCHEMA_VERSION } from '../../shared/sync/protocol';
import { perSecond, stopwatch } from '../lib/measure';
import { apiLogin } from '../tablet/tablet';
import { BENCH_USER, actorOf, pushBatches, pushInProcess, withDerivedWork, type PushRun } from './seed';

/**
 * The server's push path alone: in this process straight into the push service over a real SQLite file,
 * and over HTTP against the production build, both with the batches a tablet sends.
 */

/**
 * In-process: opens the data folder as the server does, builds the app once (which installs the
 * closed-loop record guards and command handler the real server runs with) and starts the WAL
 * checkpoint worker as `startServer` does, then pushes. The worker's CPU time is in `cpuMs` (the
 * process's), its wall time is not: it runs beside the pushes, as on the server.
 */
export async function pushServerInProcess(
  dataDir: string,
  deviceId: string,
  changes: RecordChange[],
): Promise<PushRun> {
  const db = openDatabase(dataDir);
  const checkpointer = startCheckpointer(db);
  try {
    createApp({ db, config: { host: '127.0.0.1', port: 0, dataDir, staticDir: null, sessionTtlHours: 24 } });
    return withDerivedWork(db, pushInProcess(db, actorOf(db, BENCH_USER), deviceId, changes));
  } finally {
    await checkpointer.stop();
    db.close();
  }
}

async function postPush(serverUrl: string, token: string, body: string): Promise<void> {
  const response = await fetch(`${serverUrl}/api/sync/push`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body,
  });
  const text = await response.text();
  if (response.status !== 200)
    throw new Error(`bench: push answered ${response.status}: ${text.slice(0, 300)}`);
  // Only the statuses are checked: parsing the reply with its schema would load this (the client's) side
  // of a two-core machine, and the server is what is measured here.
  const reply = JSON.parse(text) as Pick<PushReply, 'results'>;
  const refused = reply.results.find((result) => result.status !== 'applied');
  if (refused) throw new Error(`bench: a generated change was not applied: ${JSON.stringify(refused)}`);
}

/**
 * Over HTTP: one request at a time, as one tablet sends (auth, body parsing, schema check and the reply
 * included). The bodies are encoded beforehand, and `warmUp` changes go first, untimed, so the figure is
 * the server's steady state rather than its first requests after start.
 */
export async function pushServerOverHttp(
  serverUrl: string,
  dataDir: string,
  deviceId: string,
  changes: RecordChange[],
  warmUp: RecordChange[],
): Promise<PushRun> {
  const { token } = await apiLogin(serverUrl, BENCH_USER, deviceId);
  const encode = (list: RecordChange[]) => {
    let left = list.length;
    return pushBatches(list).map((batch) => {
      left -= batch.length;
      const body = {
        protocolVersion: PROTOCOL_VERSION,
        schemaVersion: SCHEMA_VERSION,
        deviceId,
        pendingCount: left,
        changes: batch,
      };
      return JSON.stringify(body);
    });
  };
  // The server's derived-work queue, read beside it (WAL): the time until the pushes' derived work is
  // done is the time until the queue is empty.
  const queue = new Database(path.join(dataDir, 'bangfu.sqlite'), { readonly: true });
  const pending = queue.prepare('SELECT count(*) AS n FROM sync_derived_work WHERE error IS NULL');
  const queueEmpty = async () => {
    for (;;) {
      if ((pending.get() as { n: number }).n === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  try {
    for (const body of encode(warmUp)) await postPush(serverUrl, token, body);
    await queueEmpty();
    const bodies = encode(changes);
    const batchMs: number[] = [];
    const watch = stopwatch();
    for (const body of bodies) {
      const t0 = performance.now();
      await postPush(serverUrl, token, body);
      batchMs.push(performance.now() - t0);
    }
    const wallMs = watch.wallMs();
    const cpuMs = watch.cpuMs();
    await queueEmpty();
    const derivedMs = watch.wallMs() - wallMs;
    return {
      changes: changes.length,
      batches: bodies.length,
      wallMs,
      // The server's CPU is in another process; this one only sends and reads.
      cpuMs,
      perSecond: perSecond(changes.length, wallMs),
      perCpuSecond: 0,
      batchMs,
      derivedMs,
      withDerivedPerSecond: perSecond(changes.length, wallMs + derivedMs),
    };
  } finally {
    queue.close();
  }
}
