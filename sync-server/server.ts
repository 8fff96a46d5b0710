import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app';
import type { ServerConfig } from './config';
import { startCheckpointer } from './db/checkpointer';
import { openDatabase, type Db } from './db/database';

export interface RunningServer {
  url: string;
  db: Db;
  server: Server;
  close(): Promise<void>;
}

/** Opens the database (migrating it) and listens; used by main.ts and by the integration tests. */
export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const db = openDatabase(config.dataDir);
  const app = createApp({ db, config });
  let server: Server;
  try {
    server = await new Promise<Server>((resolve, reject) => {
      // Express 5 hands a listen error (EADDRINUSE…) to this callback instead of throwing.
      const s = app.listen(config.port, config.host, (err?: Error) => (err ? reject(err) : resolve(s)));
    });
  } catch (err) {
    db.close();
    throw err;
  }
  const checkpointer = startCheckpointer(db);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${config.host}:${port}`,
    db,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          void checkpointer.stop().then(() => {
            db.close();
            resolve();
          });
        });
      }),
  };
}
