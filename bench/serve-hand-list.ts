import http from 'node:http';
import { listenUntilStopped } from './child-server.js';
import { openDriver } from './dataset.js';
import { HandSql } from './list-hand-sql.js';

// The list bench's HTTP baseline: the hand SQL's page behind a bare node:http server, as JSON
// (`GET /?name=…&id=…` for the page after that row), so the registry's ratio against it is what
// the registry adds to the same SQL and one HTTP exchange with a JSON body.
const [dbFile, modelId] = process.argv.slice(2);
if (dbFile === undefined || modelId === undefined)
  throw new Error('usage: serve-hand-list <db file> <model id>');
const hand = new HandSql(openDriver(dbFile), Number(modelId));
const server = http.createServer((req, res) => {
  const query = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams;
  const name = query.get('name');
  const page = hand.page(name === null ? undefined : [name, Number(query.get('id'))]);
  const body = JSON.stringify({
    items: page.rows.map((row) => ({ ...row, customProperties: page.properties.get(Number(row['id'])) })),
    next: page.next ?? null,
  });
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
});
listenUntilStopped(server);
