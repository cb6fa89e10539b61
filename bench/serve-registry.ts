import { loadServerConfig, silentLogger, startServer } from '@modelreg/server';
import { serveUntilStopped } from './child-server.js';

// The registry under test, exactly as `modelreg serve` builds it, but with the silent logger: at
// log level info every request writes a JSON line to stdout, which would measure the terminal.
// `unchecked`: downloads served as stored, without verified serving (the baseline of its cost).
const [dbFile, dataDir, metrics = 'metrics', downloads = 'checked'] = process.argv.slice(2);
if (dbFile === undefined || dataDir === undefined)
  throw new Error('usage: serve-registry <db file> <data dir> [metrics|no-metrics] [checked|unchecked]');
// An empty environment: MODELREG_* variables of whoever runs the bench must not change the server.
const config = loadServerConfig(
  {
    db: `sqlite:${dbFile}`,
    host: '127.0.0.1',
    port: 0,
    logLevel: 'silent',
    dataDir,
    metrics: metrics === 'metrics',
  },
  {},
);
const server = await startServer(config, silentLogger, { uncheckedDownloads: downloads === 'unchecked' });
serveUntilStopped(server.url, () => server.close());
