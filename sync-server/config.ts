import path from 'node:path';

export interface ServerConfig {
  host: string;
  port: number;
  dataDir: string;
  /** Folder with the built PWA (vite's output); null serves the API only. */
  staticDir: string | null;
  sessionTtlHours: number;
}

export function configFromEnv(env: NodeJS.ProcessEnv, defaultStaticDir: string | null): ServerConfig {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be an integer from 0 to 65535, got "${env.PORT}"`);
  }
  return {
    host: env.HOST ?? '127.0.0.1',
    port,
    dataDir: path.resolve(env.DATA_DIR ?? 'data'),
    staticDir: env.STATIC_DIR ? path.resolve(env.STATIC_DIR) : defaultStaticDir,
    sessionTtlHours: Number(env.SESSION_TTL_HOURS ?? 24 * 30),
  };
}
