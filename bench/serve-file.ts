import { createReadStream, statSync } from 'node:fs';
import http from 'node:http';
import { listenUntilStopped } from './child-server.js';

// The download baseline: a bare node:http server streaming one file, `fs.createReadStream(...).pipe(res)`,
// so the ratio against it is what the registry adds on top of Node streaming a file from disk.
const [file] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: serve-file <file>');
const size = statSync(file).size;
const server = http.createServer((req, res) => {
  req.resume();
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': size });
  // Read in 1 MiB pieces, as the registry's disk store reads: with the 64 KiB default the baseline
  // would be the slower of the two and flatter the ratio.
  createReadStream(file, { highWaterMark: 1024 * 1024 }).pipe(res);
});
listenUntilStopped(server);
