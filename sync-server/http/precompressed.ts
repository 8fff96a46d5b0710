import type { RequestHandler } from 'express';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The app's hashed files (`/assets/…`) as compressed at build time: the client build writes a brotli
 * (quality 11) and a gzip (level 9) copy beside each JS, CSS and SVG file (vite.config.ts), and this sends the
 * copy the client accepts, as is, with the same long cache headers as the file itself. Quality 11 is too slow
 * for each request (the `compression` middleware uses br 5 for replies, which is what files without a copy
 * still get) but is paid once per build: the first screen's code is ~9 % smaller than at q5, and the server
 * does no compression work for the service worker's precache.
 *
 * Only names of the assets folder as it was when the server started are served this way (a fixed set, so no
 * path from the request ever reaches the file system); anything else falls through to express.static.
 */

/** Served as `Content-Encoding`, in order of preference, with their file suffix. */
const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

export const IMMUTABLE = 'public, max-age=31536000, immutable';

export function servePrecompressed(staticDir: string): RequestHandler {
  const assetsDir = path.join(staticDir, 'assets');
  const present = new Set(fs.existsSync(assetsDir) ? fs.readdirSync(assetsDir) : []);
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const match = /^\/assets\/([\w.-]+)$/.exec(req.path);
    const name = match?.[1];
    if (!name || !present.has(name)) return next();
    const available = ENCODINGS.filter((encoding) => present.has(name + encoding.suffix));
    if (available.length === 0) return next();
    res.vary('Accept-Encoding');
    const encoding = negotiate(req.get('accept-encoding') ?? '', available);
    if (!encoding) return next();
    res.type(path.extname(name));
    res.setHeader('Content-Encoding', encoding.name);
    res.sendFile(
      name + encoding.suffix,
      { root: assetsDir, acceptRanges: false, headers: { 'Cache-Control': IMMUTABLE }, cacheControl: false },
      (error) => {
        if (error && !res.headersSent) {
          res.removeHeader('Content-Encoding');
          next();
        }
      },
    );
  };
}

/**
 * The encoding to send: the highest q-value the client gives, brotli before gzip on a tie (as the
 * compression middleware prefers; browsers list gzip first but weigh them the same). Null when the client
 * accepts neither (then the file goes as it is).
 */
export function negotiate<T extends { name: string }>(header: string, available: readonly T[]): T | null {
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [token = '', ...params] = part.trim().toLowerCase().split(';');
    if (!token) continue;
    const q = params
      .map((param) => /^\s*q=([\d.]+)\s*$/.exec(param)?.[1])
      .find((value) => value !== undefined);
    const weight = q === undefined ? 1 : Number(q);
    weights.set(token.trim(), Number.isFinite(weight) ? weight : 0);
  }
  let best: T | null = null;
  let bestWeight = 0;
  for (const candidate of available) {
    const weight = weights.get(candidate.name) ?? weights.get('*') ?? 0;
    if (weight > bestWeight) {
      best = candidate;
      bestWeight = weight;
    }
  }
  return best;
}
