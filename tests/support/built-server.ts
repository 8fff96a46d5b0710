import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface BuiltServer {
  url: string;
  dataDir: string;
  process: ChildProcess;
  /** Kills the process (SIGKILL when `hard`), leaving the data folder for a restart. */
  kill(hard?: boolean): Promise<void>;
  /** Starts the same build again on the same data folder and port. */
  restart(): Promise<BuiltServer>;
  /** Stops the server and removes its data folder. */
  dispose(): Promise<void>;
}

const ROOT = path.resolve(import.meta.dirname, '../..');
const MAIN = path.join(ROOT, 'dist/server/main.js');

/**
 * Starts the production build (`dist/server/main.js`, as `npm start` does) on 127.0.0.1 with a fresh data
 * folder; the port is random unless given. Browser tests use it so that they exercise the real artefact.
 */
export async function startBuiltServer(
  options: {
    dataDir?: string;
    port?: number;
    env?: Record<string, string>;
    /** How long to wait for "listening": a first start over a large database migrates and derives its summaries; 30 s unless given. */
    startTimeoutMs?: number;
  } = {},
): Promise<BuiltServer> {
  if (!fs.existsSync(MAIN)) throw new Error('dist/server/main.js is missing: run `npm run build` first');
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'bangfu-test-'));
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: {
      ...process.env,
      // The demo accounts work with the demo password at once (npm start would ask for a new one first);
      // a test of that first login passes DEMO_PASSWORDS_MUST_CHANGE=1 in `env`.
      DEMO_PASSWORDS_MUST_CHANGE: '0',
      ...options.env,
      HOST: '127.0.0.1',
      PORT: String(options.port ?? 0),
      DATA_DIR: dataDir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start:\n${output}`)),
      options.startTimeoutMs ?? 30_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  const port = Number(new URL(url).port);
  const kill = (hard = false) =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill(hard ? 'SIGKILL' : 'SIGTERM');
    });
  return {
    url,
    dataDir,
    process: child,
    kill,
    restart: () => startBuiltServer({ ...options, dataDir, port }),
    dispose: async () => {
      await kill();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
