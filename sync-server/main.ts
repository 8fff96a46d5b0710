import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configFromEnv } from './config';
import { startServer } from './server';

// Built into dist/server/main.js; the PWA is built into dist/client.
const here = path.dirname(fileURLToPath(import.meta.url));
const config = configFromEnv(process.env, path.resolve(here, '../client'));
const running = await startServer(config);

console.log(`困难职工精准帮扶 — server listening on ${running.url}`);
console.log(`data folder: ${config.dataDir}`);

const stop = () => {
  void running.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
