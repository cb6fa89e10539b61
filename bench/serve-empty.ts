import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveUntilStopped } from './child-server.js';

// The HTTP baseline: a bare node:http server answering `{}`, so the ratio against it is what the
// registry adds on top of Node's HTTP stack (routing, validation, the database, JSON).
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '2' });
    res.end('{}');
  });
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  serveUntilStopped(
    `http://127.0.0.1:${port}`,
    () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeIdleConnections();
      }),
  );
});
