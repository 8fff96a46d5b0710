// The PouchDB side of the bench's peer phase (bench/phases/peer-phase.ts): express-pouchdb on PouchDB 9 with
// its LevelDB adapter (leveldown), on 127.0.0.1, in its own process as a real server would be. It also serves
// a blank page at /peer.html so that pouchdb-browser in the page replicates with /db/* on its own origin (no
// CORS). Usage: node bench/peer/server.mjs <data folder>; prints "listening on http://127.0.0.1:<port>".
// Its packages live in bench/peer/node_modules (installed by the phase with `npm ci --prefix bench/peer`).
import expressPouchDB from 'express-pouchdb';
import PouchDB from 'pouchdb-node';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: node bench/peer/server.mjs <data folder>');
fs.mkdirSync(dataDir, { recursive: true });

const LevelPouch = PouchDB.defaults({ prefix: `${path.resolve(dataDir)}/` });
// The mode a PouchDB client needs (CouchDB's replication API, compression included), without the config
// and log files of the full mode.
const pouchApp = expressPouchDB(LevelPouch, { mode: 'minimumForPouchDB' });
const PAGE =
  '<!doctype html><html><head><meta charset="utf-8"><title>peer</title></head><body></body></html>';

const server = http.createServer((req, res) => {
  const url = req.url ?? '/';
  if (url === '/peer.html') {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(PAGE);
  } else if (url === '/db' || url.startsWith('/db/') || url.startsWith('/db?')) {
    req.url = url.slice('/db'.length) || '/';
    pouchApp(req, res);
  } else {
    res.writeHead(404).end();
  }
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  console.log(`listening on http://127.0.0.1:${port}`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
