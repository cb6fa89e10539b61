import { Option, type Command } from 'commander';
import { CliFailure, EXIT_FAILURE, EXIT_USAGE } from '../cli-failure.js';
import { startedByNpm, whenParentExits } from '../parent-watch.js';

const SERVE_HELP = `Usage: modelreg serve [options]

Runs the registry. With no options it keeps everything under ./modelreg-data
(SQLite metadata, files on local disk) and listens on http://127.0.0.1:8080,
where a browser finds the web UI (the API is under /api/model_registry/v1alpha3).

Options (each also read from the environment variable shown):
  --host <address>      address to bind                     MODELREG_HOST (127.0.0.1)
  --port <n>            port to listen on, 0 for any free   MODELREG_PORT (8080)
  --data-dir <dir>      directory for the embedded defaults MODELREG_DATA_DIR (./modelreg-data)
  --db <url>            sqlite:<file> | postgres://… | mysql://…
                                                            MODELREG_DB (sqlite:<data-dir>/registry.db)
  --artifacts <where>   directory or s3://bucket/prefix     MODELREG_ARTIFACTS (<data-dir>/artifacts)
  --config <file>       YAML or JSON config file            MODELREG_CONFIG
  --log-level <level>   debug | info | warn | error | silent MODELREG_LOG_LEVEL (info)
  --auth <modes>        none | token | oidc | header, comma-separated
                                                            MODELREG_AUTH (none)
  --allow-remote-without-auth
                        with auth none, bind beyond loopback anyway (a gateway authenticates)
                                                            MODELREG_ALLOW_REMOTE_WITHOUT_AUTH
  --request-timeout <s> seconds a JSON body may take to arrive (0: none; uploads are
                        cut after a minute without a byte)  MODELREG_REQUEST_TIMEOUT_SECONDS (60)
  --headers-timeout <s> seconds a client may take to send its headers
                                                            MODELREG_HEADERS_TIMEOUT_SECONDS (20)
  --keep-alive-timeout <s>
                        seconds an idle connection stays open MODELREG_KEEP_ALIVE_TIMEOUT_SECONDS (65)
  --metrics-port <n>    also serve GET /metrics on this port, without authentication
                                                            MODELREG_METRICS_PORT (none)
  --no-metrics          keep no Prometheus metrics (…/metrics is for admins)
                                                            MODELREG_METRICS (true)
  --verify-interval <s> seconds between scheduled re-hashes of all stored content, shared
                        by the replicas (0: none)           MODELREG_VERIFY_INTERVAL_SECONDS (0)

Authentication (docs/config.example.yaml lists every key):
  none    the default: every request has full rights; only loopback addresses may be bound
  token   API tokens: create the first with
            modelreg token create --name admin --role admin --db <the server's --db>
  oidc    bearer JWTs: MODELREG_OIDC_ISSUER, MODELREG_OIDC_AUDIENCE (and _JWKS_URL, _SUBJECT_CLAIM,
          _GROUPS_CLAIM, _CLOCK_SKEW_SECONDS)
  header  kubeflow-userid / kubeflow-groups set by a gateway, from MODELREG_TRUSTED_PROXIES only
Behind a proxy or ingress, MODELREG_TRUSTED_PROXIES (addresses or CIDR blocks) also says whose
X-Forwarded-For names the client (docs/security.md).

Precedence: defaults < config file < environment < flags.

Examples:
  modelreg serve
  modelreg serve --port 9000 --data-dir /var/lib/modelreg
  modelreg serve --db postgres://registry@db.internal/registry --host 0.0.0.0 --auth token
`;

interface ServeFlags {
  readonly host?: string;
  readonly port?: string;
  readonly dataDir?: string;
  readonly db?: string;
  readonly artifacts?: string;
  readonly config?: string;
  readonly logLevel?: string;
  readonly auth?: string;
  readonly allowRemoteWithoutAuth?: boolean;
  readonly requestTimeout?: string;
  readonly headersTimeout?: string;
  readonly keepAliveTimeout?: string;
  readonly metricsPort?: string;
  /** false with --no-metrics; commander's default (true) otherwise, which must not override the environment. */
  readonly metrics?: boolean;
  readonly verifyInterval?: string;
}

export function addServeCommand(program: Command): void {
  const serve = program
    .command('serve')
    .description('run the registry server')
    // The server's config loader validates values and reads MODELREG_* itself; here they stay strings.
    .addOption(new Option('--host <address>'))
    .addOption(new Option('--port <n>'))
    .addOption(new Option('--data-dir <dir>'))
    .addOption(new Option('--db <url>'))
    .addOption(new Option('--artifacts <where>'))
    .addOption(new Option('--config <file>'))
    .addOption(new Option('--log-level <level>'))
    .addOption(new Option('--auth <modes>'))
    .addOption(new Option('--allow-remote-without-auth'))
    .addOption(new Option('--request-timeout <s>'))
    .addOption(new Option('--headers-timeout <s>'))
    .addOption(new Option('--keep-alive-timeout <s>'))
    .addOption(new Option('--metrics-port <n>'))
    .addOption(new Option('--no-metrics'))
    .addOption(new Option('--verify-interval <s>'))
    .configureHelp({ formatHelp: () => SERVE_HELP });
  serve.action(async (flags: ServeFlags) => {
    // The server (and its native database drivers) loads only for `serve`.
    const { loadServerConfig, startServer, ConfigError, StartupError } = await import('@modelreg/server');
    let server;
    try {
      const config = loadServerConfig({
        host: flags.host,
        port: flags.port,
        dataDir: flags.dataDir,
        db: flags.db,
        artifacts: flags.artifacts,
        config: flags.config,
        logLevel: flags.logLevel,
        auth: flags.auth,
        allowRemoteWithoutAuth: flags.allowRemoteWithoutAuth,
        requestTimeoutSeconds: flags.requestTimeout,
        headersTimeoutSeconds: flags.headersTimeout,
        keepAliveTimeoutSeconds: flags.keepAliveTimeout,
        metricsPort: flags.metricsPort,
        metrics: flags.metrics === false ? false : undefined,
        verifyIntervalSeconds: flags.verifyInterval,
      });
      server = await startServer(config);
    } catch (error) {
      if (error instanceof ConfigError || error instanceof StartupError) {
        throw new CliFailure(
          `modelreg serve: ${error.message}`,
          error instanceof ConfigError ? EXIT_USAGE : EXIT_FAILURE,
          { cause: error },
        );
      }
      throw error;
    }
    const running = server;
    await new Promise<void>((done) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        unwatch();
        void running.close().then(done);
      };
      // Under npx the signal a supervisor sends to npm kills npm's shell, not this process.
      const unwatch = startedByNpm() ? whenParentExits(stop) : () => undefined;
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
  });
}
