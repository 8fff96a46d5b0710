import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configFromEnv, type ServerConfig } from './config';
import { seedOnFirstStart, type StartupSeed } from './seed/demo';
import { startupSeedReport } from './seed/report';
import { startServer, type RunningServer } from './server';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function errorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : undefined;
}

async function listen(config: ServerConfig): Promise<RunningServer> {
  try {
    return await startServer(config);
  } catch (err) {
    const where = `${config.host}:${config.port}`;
    if (errorCode(err) === 'EADDRINUSE') {
      fail(
        `error: port ${where} is already in use — 端口已被占用，请关闭占用该端口的程序，或用 PORT=其他端口 重新启动`,
      );
    }
    fail(`error: cannot start the server on ${where}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

// Built into dist/server/main.js; the PWA is built into dist/client.
const here = path.dirname(fileURLToPath(import.meta.url));
let config: ServerConfig;
try {
  config = configFromEnv(process.env, path.resolve(here, '../client'));
} catch (err) {
  fail(`error: ${err instanceof Error ? err.message : String(err)}`);
}
const running = await listen(config);

// Seeded before the "listening on" line: whoever waits for that line can sign in at once.
let seed: StartupSeed;
try {
  seed = await seedOnFirstStart(running.db, {
    demoPasswordsMustChange: config.demoPasswordsMustChange ?? true,
  });
} catch (err) {
  await running.close();
  fail(`error: could not create the demo data: ${err instanceof Error ? err.message : String(err)}`);
}

console.log(`困难职工精准帮扶 — server listening on ${running.url}`);
console.log(`在浏览器中打开 (open in a browser): ${running.url}`);
console.log(`data folder: ${config.dataDir}`);
console.log(startupSeedReport(seed));

const stop = () => {
  void running.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
