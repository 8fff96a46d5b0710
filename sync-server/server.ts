import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app';
import type { ServerConfig } from './config';
import { startCheckpointer } from './db/checkpointer';
import { openDatabase, type Db } from './db/database';
import { startMonitoringSweep } from './monitoring/evaluate';
import { startDerivedDrain, type DerivedDrain } from './sync/derived-work';

export interface RunningServer {
  url: string;
  db: Db;
  server: Server;
  /** The background drain of pushes' derived work (`idle()` resolves once it is all done). */
  derived: DerivedDrain;
  close(): Promise<void>;
}

const CLIENT_ERRORS: Record<string, [status: number, reason: string, message: string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', '请求头或网址过长'],
};

/**
 * Requests Node's HTTP parser refuses before Express sees them (a header or URL past 16 KB, a malformed
 * request line) get a JSON body with a Chinese message like every other refusal, instead of a bare status.
 */
function answerClientErrorsInChinese(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const [status, reason, message] = CLIENT_ERRORS[err.code ?? ''] ?? [400, 'Bad Request', '请求格式不正确'];
    const body = JSON.stringify({
      error: { code: status === 431 ? 'headers_too_large' : 'bad_request', message },
    });
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
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
  answerClientErrorsInChinese(server);
  const checkpointer = startCheckpointer(db);
  const sweep = startMonitoringSweep(db);
  const derived = startDerivedDrain(db);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${config.host}:${port}`,
    db,
    server,
    derived,
    close: () =>
      new Promise<void>((resolve) => {
        sweep.stop();
        derived.stop();
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
