import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer } from '../../sync-server/server';
import { seedDemo } from '../../sync-server/seed/demo';
import { DEMO_PASSWORD } from '../../sync-server/seed/demo-data';
import { loginReplySchema, type LoginReply } from '../../shared/auth';

/**
 * The real server (startServer) on 127.0.0.1 and a random port, with its own SQLite file in a temp folder,
 * seeded with the demo organisation through the same function `main.ts` uses.
 */
export interface DemoServer {
  url: string;
  dataDir: string;
  running: RunningServer;
  /** A request to `/api…` with an optional bearer token and JSON body. */
  api(pathname: string, options?: { token?: string; method?: string; body?: unknown }): Promise<Response>;
  /** Signs in and returns the parsed reply; throws unless the server answers 200. */
  login(username: string, password?: string): Promise<LoginReply>;
  close(): Promise<void>;
}

export async function startDemoServer(
  options: { sessionTtlHours?: number; trustProxy?: boolean | number | string } = {},
): Promise<DemoServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bangfu-int-'));
  const running = await startServer({
    host: '127.0.0.1',
    port: 0,
    dataDir,
    staticDir: null,
    sessionTtlHours: options.sessionTtlHours ?? 24,
    ...(options.trustProxy === undefined ? {} : { trustProxy: options.trustProxy }),
  });
  // Every test signs in with the demo password and works at once; tests of the forced change reset a
  // password or seed their own accounts (tests/integration/accounts.test.ts).
  await seedDemo(running.db, { demoPasswordsMustChange: false });
  const api: DemoServer['api'] = (pathname, { token, method, body } = {}) =>
    fetch(`${running.url}${pathname}`, {
      method: method ?? (body === undefined ? 'GET' : 'POST'),
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return {
    url: running.url,
    dataDir,
    running,
    api,
    async login(username, password = DEMO_PASSWORD) {
      const res = await api('/api/auth/login', { body: { username, password } });
      if (res.status !== 200) throw new Error(`login ${username} → ${res.status} ${await res.text()}`);
      return loginReplySchema.parse(await res.json());
    },
    async close() {
      await running.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
