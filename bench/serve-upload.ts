import { createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import http from 'node:http';
import { pipeline } from 'node:stream/promises';
import { listenUntilStopped } from './child-server.js';

// Upload reference points: a bare node:http server that streams a PUT body into one file
// (`req.pipe(fs.createWriteStream(file))`) and fsyncs it before it answers (no hashing, no
// database, no resumable state: what Node itself costs to receive a durable file over HTTP), or,
// with `--discard`, reads the body and throws it away (what moving the bytes through HTTP costs).
const [file] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: serve-upload <file> | serve-upload --discard');
const server = http.createServer((req, res) => {
  const receive = async () => {
    if (file === '--discard') {
      for await (const chunk of req) void chunk;
      return;
    }
    await pipeline(req, createWriteStream(file, { highWaterMark: 1024 * 1024 }));
    const handle = await open(file, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  };
  receive().then(
    () => res.end('{}'),
    (error: unknown) => {
      res.statusCode = 500;
      res.end(JSON.stringify({ message: String(error) }));
    },
  );
});
listenUntilStopped(server);
