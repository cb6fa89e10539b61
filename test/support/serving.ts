import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadServerConfig } from '../../packages/server/src/config/config.js';
import { silentLogger } from '../../packages/server/src/logger.js';
import { startServer, type RunningServer } from '../../packages/server/src/server.js';
import { runToEnd } from '../cli/support/modelreg-process.js';

// What the verified-serving tests share: a registry on SQLite over a given artifact store, and curl
// as the plain HTTP client whose exit code says whether a download ended cleanly.

/** A registry on its own SQLite database `<name>.db` in `dataDir`, over the store `artifacts` names. */
export async function startStoreServer(
  dataDir: string,
  name: string,
  artifacts: Record<string, unknown>,
): Promise<RunningServer> {
  const config = loadServerConfig(
    {
      db: `sqlite:${join(dataDir, `${name}.db`)}`,
      host: '127.0.0.1',
      port: 0,
      logLevel: 'silent',
      dataDir,
      ...artifacts,
    },
    {},
  );
  return startServer(config, silentLogger);
}

/** GETs `url` with curl into a file of `dataDir`: its exit code, the status and the bytes it wrote. */
export async function curl(dataDir: string, url: string, ...args: string[]) {
  const out = join(dataDir, `out-${randomBytes(4).toString('hex')}`);
  const result = await runToEnd('curl', [
    '-sS',
    '--max-time',
    '60',
    '-o',
    out,
    '-w',
    '%{http_code}',
    ...args,
    url,
  ]);
  let body = Buffer.alloc(0);
  try {
    body = readFileSync(out);
  } catch {
    // curl wrote nothing
  }
  return { exit: result.code, status: Number(result.stdout), body, stderr: result.stderr };
}
