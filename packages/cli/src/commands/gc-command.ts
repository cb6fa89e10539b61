import { InvalidArgumentError, type Command } from 'commander';
import type { GarbageCollection } from '@modelreg/client';
import { CliFailure, EXIT_USAGE } from '../cli-failure.js';
import { connect, type GlobalOptions } from '../global-options.js';
import { examples } from '../help-text.js';
import { Output } from '../output.js';
import { formatBytes } from '../progress-bar.js';

/** `modelreg gc`: remove stored files no version references (admins). */
export function addGcCommand(program: Command): void {
  program
    .command('gc')
    .description(
      'remove stored files that no version references and no open upload is writing, once older than the grace period (admins)',
    )
    .summary('remove stored files no version references (admins)')
    .option('--dry-run', 'only list what would be removed')
    .option('--grace <seconds>', 'keep anything younger than this (default 3600)', parseSeconds)
    .option('--db <url>', 'on the server host: collect straight from this database, without the API')
    .option('--data-dir <dir>', 'on the server host: the server’s data directory (its SQLite and files)')
    .option('--artifacts <where>', 'on the server host: the server’s file store (directory or s3://…)')
    .option('--config <file>', 'on the server host: the server’s config file')
    .addHelpText(
      'after',
      `
The content of a live version is never touched; deleting a version (or a model) releases its content
to the next collection. Uploads left OPEN with nothing written to them for the server's
uploadExpirySeconds (default 7 days) are expired first, and their staged bytes removed. With --db, --data-dir, --artifacts or --config the collection runs here, on
the server host, against the server's own database and file store (read as "modelreg serve" reads
them, MODELREG_* included), and is audited as <user>@<host>.
${examples('modelreg gc --dry-run', 'modelreg gc --grace 0 --json', 'modelreg gc --data-dir /var/lib/modelreg --dry-run   # on the server host')}`,
    )
    .action(async (flags: GcFlags) => {
      const options = { dryRun: flags.dryRun === true, graceSeconds: flags.grace };
      const direct = [flags.db, flags.dataDir, flags.artifacts, flags.config].some((v) => v !== undefined);
      const result = direct
        ? await collectOnHost(flags, options)
        : await connect(flags).collectGarbage(options);
      new Output(flags.json === true).result(result, describeCollection(result));
    });
}

interface GcFlags extends GlobalOptions {
  readonly dryRun?: boolean;
  readonly grace?: number;
  readonly db?: string;
  readonly dataDir?: string;
  readonly artifacts?: string;
  readonly config?: string;
}

/** `gc --db …`: the server's own collector, run in this process (as `token create --db` does). */
async function collectOnHost(
  flags: GcFlags,
  options: { dryRun: boolean; graceSeconds: number | undefined },
): Promise<GarbageCollection> {
  // The server's code (and its drivers) loads only for this operator task.
  const { collectGarbage, loadServerConfig, ConfigError } = await import('@modelreg/server');
  let config;
  try {
    config = loadServerConfig({
      db: flags.db,
      dataDir: flags.dataDir,
      artifacts: flags.artifacts,
      config: flags.config,
    });
  } catch (error) {
    if (error instanceof ConfigError)
      throw new CliFailure(`modelreg gc: ${error.message}`, EXIT_USAGE, { cause: error });
    throw error;
  }
  const report = await collectGarbage(config, {
    dryRun: options.dryRun,
    graceSeconds: options.graceSeconds ?? 3600,
  });
  return { ...report, expiredUploads: report.expiredUploads.map(String), removed: [...report.removed] };
}

function describeCollection(result: GarbageCollection): string {
  const verb = result.dryRun ? 'would remove' : 'removed';
  const expired = result.expiredUploads.length;
  const lines = [
    ...(expired === 0
      ? []
      : [
          `${result.dryRun ? 'would expire' : 'expired'} ${expired} idle ${expired === 1 ? 'upload' : 'uploads'}: ${result.expiredUploads.join(', ')}`,
        ]),
    `${verb} ${result.removed.length} stored ${result.removed.length === 1 ? 'file' : 'files'} (${formatBytes(result.removedBytes)}); ${result.kept} kept`,
  ];
  for (const item of result.removed) lines.push(`  ${item.key}  ${formatBytes(item.size)}`);
  return lines.join('\n');
}

function parseSeconds(value: string): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)))
    throw new InvalidArgumentError('expected a whole number of seconds (0 or more)');
  return Number(value);
}
