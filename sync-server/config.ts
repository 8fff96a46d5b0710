import path from 'node:path';

export interface ServerConfig {
  host: string;
  port: number;
  dataDir: string;
  /** Folder with the built PWA (vite's output); null serves the API only. */
  staticDir: string | null;
  sessionTtlHours: number;
  /**
   * Which proxies' `X-Forwarded-For` to believe for the client's address (Express's `trust proxy`): unset
   * or `false` believes none — the address is the connection's, so a client cannot pick its own address to
   * slip past the per-address login limit. Set it only when a reverse proxy really stands in front:
   * `loopback`, a comma-separated list of addresses/CIDR ranges, or a hop count.
   */
  trustProxy?: boolean | number | string;
  /**
   * Accept bundle files exported before bundles were encrypted (ACCEPT_PLAIN_BUNDLES=1), for a township
   * still holding such files after the update. Off by default: a plain file is refused with a request to
   * export it again (docs/sync-protocol.md, section 9.1).
   */
  acceptPlainBundles?: boolean;
  /**
   * Whether the demo accounts seeded on the first start must choose their own password at their first
   * login (DEMO_PASSWORDS_MUST_CHANGE, default yes). Test fixtures turn it off; a real start never should.
   */
  demoPasswordsMustChange?: boolean;
}

/** TRUST_PROXY as Express's `trust proxy` value; anything else is refused at start. */
export function parseTrustProxy(value: string | undefined): boolean | number | string {
  const text = value?.trim() ?? '';
  if (text === '' || text === 'false' || text === '0') return false;
  if (/^[1-9]\d?$/.test(text)) return Number(text);
  if (
    /^(loopback|linklocal|uniquelocal|[0-9a-fA-F.:/]+)(\s*,\s*(loopback|linklocal|uniquelocal|[0-9a-fA-F.:/]+))*$/.test(
      text,
    )
  ) {
    return text;
  }
  throw new Error(
    `TRUST_PROXY must be empty, false, a hop count, loopback or a list of addresses, got "${value}"`,
  );
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
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    acceptPlainBundles: env.ACCEPT_PLAIN_BUNDLES === '1',
    demoPasswordsMustChange: !['0', 'false', 'no'].includes((env.DEMO_PASSWORDS_MUST_CHANGE ?? '').trim()),
  };
}
