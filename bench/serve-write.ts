import { openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger, loadServerConfig, silentLogger, startServer } from '@modelreg/server';
import { serveUntilStopped } from './child-server.js';

// The registry of the write bench (write-bench.ts): `modelreg serve` on a database URL (SQLite or
// PostgreSQL), several of which may share one database. `info` logs one JSON line per request, as
// `modelreg serve` does, into a file of the data directory (a terminal would measure itself);
// `silent` logs nothing. Metrics are on, as they are by default.
const [dbUrl, dataDir, logging = 'silent'] = process.argv.slice(2);
if (dbUrl === undefined || dataDir === undefined)
  throw new Error('usage: serve-write <db url> <data dir> [silent|info]');
const config = loadServerConfig({ db: dbUrl, host: '127.0.0.1', port: 0, logLevel: 'silent', dataDir }, {});
const logFile = logging === 'info' ? openSync(join(dataDir, `server-${process.pid}.log`), 'a') : undefined;
const logger =
  logFile === undefined ? silentLogger : createLogger('info', (line) => void writeSync(logFile, line));
const server = await startServer(config, logger);
serveUntilStopped(server.url, () => server.close());
