import http from 'node:http';
import { listenUntilStopped } from './child-server.js';

// The HTTP baseline: a bare node:http server answering `{}`, so the ratio against it is what the
// registry adds on top of Node's HTTP stack (routing, validation, the database, JSON).
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '2' });
    res.end('{}');
  });
});
listenUntilStopped(server);
