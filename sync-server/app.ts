import express, { type Express } from 'express';
import helmet from 'helmet';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from './db/database';
import type { ServerConfig } from './config';
import { compressReplies } from './http/compression';
import { IMMUTABLE, servePrecompressed } from './http/precompressed';
import { errorHandler, notFoundApi } from './http/errors';
import { apiRouter } from './routes';
import { drainDerivedWork } from './sync/derived-work';

export interface AppContext {
  db: Db;
  config: ServerConfig;
}

export function createApp(ctx: AppContext): Express {
  const app = express();
  app.disable('x-powered-by');
  // The client's address (login limits, audit) is the connection's unless TRUST_PROXY names a real proxy.
  app.set('trust proxy', ctx.config.trustProxy ?? false);
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'blob:', 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          workerSrc: ["'self'"],
          manifestSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
      // The app asks for the camera and location itself; nothing else may.
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.use((_req, res, next) => {
    res.setHeader('Permissions-Policy', 'camera=(self), geolocation=(self), microphone=()');
    next();
  });

  // Replies above 1 KB leave compressed when the client accepts it (br, else gzip); attachment bytes never
  // (http/compression.ts). Before every route, static files included: the app shell is JS and CSS too.
  app.use(compressReplies());

  app.use('/api', (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  // What pushes left for after their reply (sync/derived-work.ts) is done before any other API request,
  // so a screen or a pull after a sync sees it; a push does not wait for earlier pushes' work.
  app.use('/api', (req, _res, next) => {
    if (!(req.method === 'POST' && req.path === '/sync/push')) drainDerivedWork(ctx.db);
    next();
  });
  app.use('/api', apiRouter(ctx));
  app.use('/api', notFoundApi);

  const staticDir = ctx.config.staticDir;
  if (staticDir && fs.existsSync(path.join(staticDir, 'index.html'))) {
    // The hashed files as the build compressed them (brotli q11, gzip), when the client accepts it.
    app.use(servePrecompressed(staticDir));
    app.use(
      express.static(staticDir, {
        index: false,
        setHeaders(res, filePath) {
          const name = path.basename(filePath);
          if (name === 'sw.js' || name === 'index.html' || name.endsWith('.webmanifest')) {
            res.setHeader('Cache-Control', 'no-cache');
          } else if (filePath.includes(`${path.sep}assets${path.sep}`)) {
            res.setHeader('Cache-Control', IMMUTABLE);
          }
        },
      }),
    );
    // Deep links open the app shell; the client router takes it from there.
    app.get(/^\/(?!api\/).*/, (_req, res) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(path.join(staticDir, 'index.html'));
    });
  }

  app.use(errorHandler);
  return app;
}
