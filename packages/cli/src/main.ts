import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const VERSION = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

const HELP = `modelreg — a model registry that speaks the Kubeflow Model Registry API

Usage:
  modelreg serve [options]     run the registry server
  modelreg --version           print the version
  modelreg --help              show this help

Run "modelreg serve --help" for the server's options.
`;

const SERVE_HELP = `Usage: modelreg serve [options]

Runs the registry. With no options it keeps everything under ./modelreg-data
(SQLite metadata, files on local disk) and listens on http://127.0.0.1:8080.

Options (each also read from the environment variable shown):
  --host <address>      address to bind                     MODELREG_HOST (127.0.0.1)
  --port <n>            port to listen on, 0 for any free   MODELREG_PORT (8080)
  --data-dir <dir>      directory for the embedded defaults MODELREG_DATA_DIR (./modelreg-data)
  --db <url>            sqlite:<file> | postgres://… | mysql://…
                                                            MODELREG_DB (sqlite:<data-dir>/registry.db)
  --artifacts <where>   directory or s3://bucket/prefix     MODELREG_ARTIFACTS (<data-dir>/artifacts)
  --config <file>       YAML or JSON config file            MODELREG_CONFIG
  --log-level <level>   debug | info | warn | error | silent MODELREG_LOG_LEVEL (info)

Precedence: defaults < config file < environment < flags.

Examples:
  modelreg serve
  modelreg serve --port 9000 --data-dir /var/lib/modelreg
  modelreg serve --db postgres://registry@db.internal/registry --host 0.0.0.0
`;

/** Runs the CLI and resolves to the process exit code (0 ok, 1 failure, 2 usage error). */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(HELP);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-V') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (command === 'serve') return serve(rest);
  process.stderr.write(`modelreg: unknown command '${command}'; run "modelreg --help"\n`);
  return 2;
}

async function serve(argv: readonly string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        db: { type: 'string' },
        artifacts: { type: 'string' },
        config: { type: 'string' },
        'log-level': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    process.stderr.write(`modelreg serve: ${(error as Error).message}\n`);
    return 2;
  }
  if (values.help === true) {
    process.stdout.write(SERVE_HELP);
    return 0;
  }
  // The server (and its native database drivers) loads only for `serve`.
  const { loadServerConfig, startServer, ConfigError, StartupError } = await import('@modelreg/server');
  let server;
  try {
    const config = loadServerConfig({
      host: values.host,
      port: values.port,
      dataDir: values['data-dir'],
      db: values.db,
      artifacts: values.artifacts,
      config: values.config,
      logLevel: values['log-level'],
    });
    server = await startServer(config);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof StartupError) {
      process.stderr.write(`modelreg serve: ${error.message}\n`);
      return error instanceof ConfigError ? 2 : 1;
    }
    throw error;
  }
  const running = server;
  await new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void running.close().then(done);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return 0;
}
