import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import type { GarbageCollection, Manifest, Upload, UploadStart, UploadState } from '@modelreg/client';
import { notFound } from '../api-result.js';
import { CliFailure, EXIT_USAGE } from '../cli-failure.js';
import { connect, type GlobalOptions } from '../global-options.js';
import { examples } from '../help-text.js';
import { mustGetVersion } from '../lookups.js';
import { formatTable, formatTime, Output, type Column } from '../output.js';
import { formatBytes } from '../progress-bar.js';
import {
  announceUpload,
  defaultOutDir,
  describeLinks,
  describeResume,
  runTransfer,
  withFlagHint,
} from '../transfer.js';

type ManifestEntry = Manifest['files'][number];

const FILE_COLUMNS: readonly Column<ManifestEntry>[] = [
  { header: 'PATH', value: (f) => f.path },
  { header: 'SIZE', value: (f) => formatBytes(f.size) },
  { header: 'SHA256', value: (f) => f.sha256 },
];

const UPLOAD_STATES: readonly UploadState[] = ['OPEN', 'COMMITTED', 'ABORTED', 'EXPIRED'];

const UPLOAD_COLUMNS: readonly Column<Upload>[] = [
  { header: 'ID', value: (u) => u.id },
  { header: 'STATE', value: (u) => u.state },
  { header: 'FILES', value: (u) => u.files.length },
  {
    header: 'RECEIVED',
    value: (u) =>
      `${formatBytes(u.files.reduce((sum, f) => sum + f.received, 0))} of ${formatBytes(u.files.reduce((sum, f) => sum + f.size, 0))}`,
  },
  { header: 'LAST WRITE', value: (u) => formatTime(u.lastUpdateTime) },
  { header: 'EXPIRES', value: (u) => (u.expireTime === undefined ? '' : formatTime(u.expireTime)) },
];

const TRANSFER_NOTE = `
--timeout is how long a transfer may go without a byte moving before it is abandoned (the transfer
itself takes as long as it takes). A progress bar (bytes, rate, ETA) is drawn on stderr when it is
a terminal, never with --json.`;

/** `modelreg push`, `pull`, `files` and `gc`. */
export function addFilesCommands(program: Command): void {
  program
    .command('push')
    .description(
      "upload a file or a directory as the content of an existing version; once committed it is sealed, and the version's model artifact gets the registry's uri",
    )
    .summary('upload a file or directory as the content of an existing version')
    .argument('<model>', 'model name')
    .argument('<version>', 'version name')
    .argument('<path>', 'a file, or a directory uploaded with every file below it')
    .option('--upload <id>', 'resume this open upload (see "modelreg uploads"), e.g. from another machine')
    .option('--follow-links', 'upload what symbolic links leading outside the directory point to')
    .addHelpText(
      'after',
      `
Each file is streamed with its sha256 computed on the way and checked against the server's. A
dropped connection resumes where the server stopped; after Ctrl-C or a failure, the same command
resumes the upload instead of starting again. From another machine (or after the local note in
~/.cache/modelreg/uploads is gone), --upload <id> resumes an open upload the server lists.
A symbolic link below the directory is stored as the file it points to; one that leads outside the
directory is refused unless --follow-links (a warning names each one followed).
${TRANSFER_NOTE}
${examples('modelreg push mnist v3 ./model-dir', 'modelreg push mnist v3 model.onnx --json', 'modelreg push mnist v3 ./model-dir --upload 12')}`,
    )
    .action(
      async (
        model: string,
        version: string,
        path: string,
        flags: GlobalOptions & { upload?: string; followLinks?: boolean },
      ) => {
        const registry = connect(flags);
        const found = await mustGetVersion(registry, model, version);
        const json = flags.json === true;
        let started: UploadStart | undefined;
        const manifest = await runTransfer(
          json,
          'the upload stays open: run the same command again to resume it',
          ({ signal, progress }) =>
            registry
              .uploadFiles(found, path, {
                signal,
                onProgress: progress.update,
                uploadId: flags.upload,
                followLinks: flags.followLinks === true,
                onStart: (start) => {
                  started = start;
                  announceUpload(start, flags.json === true);
                },
              })
              .catch(withFlagHint('LINK_OUTSIDE', 'pass --follow-links to upload what it points to')),
        );
        new Output(json).result(
          manifest,
          [
            `uploaded ${describeContent(manifest)} to version '${version}' of model '${model}'`,
            ...describeResume(started),
            ...describeLinks(started?.links ?? []),
            `root digest: ${manifest.rootDigest}`,
            `uri:         ${manifest.uri}`,
          ].join('\n'),
        );
      },
    );

  program
    .command('pull')
    .description(
      "download a version's files into a directory, each written under a temporary name and renamed into place once its sha256 matches the manifest",
    )
    .summary("download a version's files, verifying each sha256")
    .argument('<model>', 'model name')
    .argument('<version>', 'version name')
    .option('--out <dir>', 'where the files go (default: ./<model>-<version>)')
    .option('--no-verify', 'skip the sha256 check (sizes are still checked)')
    .option('--force', 'replace files already in the output directory whose content differs')
    .addHelpText(
      'after',
      `
A file whose digest differs from the manifest is removed and the command fails; a manifest path that
would land outside the output directory, or a file already there with other content (unless --force),
is refused before anything is written.
${TRANSFER_NOTE}
${examples('modelreg pull mnist v3', 'modelreg pull mnist v3 --out /models/mnist --json')}`,
    )
    .action(
      async (
        model: string,
        version: string,
        flags: GlobalOptions & { out?: string; verify: boolean; force?: boolean },
      ) => {
        const registry = connect(flags);
        const found = await mustGetVersion(registry, model, version);
        const outDir = flags.out === undefined ? defaultOutDir(model, version) : resolve(flags.out);
        const json = flags.json === true;
        const manifest = await runTransfer(
          json,
          'files already verified were kept; those in transfer were removed',
          ({ signal, progress }) =>
            registry
              .downloadFiles(found, outDir, {
                signal,
                verify: flags.verify,
                overwrite: flags.force === true,
                onProgress: progress.update,
              })
              .catch(withFlagHint('FILE_EXISTS', 'pass --force to replace it')),
        );
        new Output(json).result(
          { outDir, verified: flags.verify, manifest },
          [
            `downloaded ${describeContent(manifest)} of version '${version}' of model '${model}' into ${outDir}`,
            flags.verify
              ? 'every sha256 matches the manifest'
              : 'sha256 not checked (--no-verify); sizes match',
            `root digest: ${manifest.rootDigest}`,
          ].join('\n'),
        );
      },
    );

  program
    .command('files')
    .description("list the files of a version's content: path, size and sha256, with the root digest")
    .summary("list a version's files: path, size, sha256")
    .argument('<model>', 'model name')
    .argument('<version>', 'version name')
    .addHelpText('after', examples('modelreg files mnist v3', 'modelreg files mnist v3 --json'))
    .action(async (model: string, version: string, flags: GlobalOptions) => {
      const registry = connect(flags);
      const found = await mustGetVersion(registry, model, version);
      const manifest = await registry.getManifest(found);
      if (manifest === undefined)
        throw notFound(`content in version '${version}' of model '${model}'`, 'CONTENT_NOT_FOUND');
      const out = new Output(flags.json === true);
      out.result(
        manifest,
        [
          `${describeContent(manifest)}, root digest ${manifest.rootDigest}`,
          `uri: ${manifest.uri}`,
          '',
          formatTable(manifest.files, FILE_COLUMNS),
        ].join('\n'),
      );
    });

  program
    .command('uploads')
    .description(
      "list a version's uploads with how much of each the server holds, or abort an open one (its staged bytes are discarded)",
    )
    .summary("list a version's uploads, or abort one")
    .argument('<model>', 'model name')
    .argument('<version>', 'version name')
    .option('--state <state>', `only uploads in this state: ${UPLOAD_STATES.join(', ')}`, (value: string) => {
      const state = value.toUpperCase();
      if (!(UPLOAD_STATES as readonly string[]).includes(state))
        throw new InvalidArgumentError(`expected one of ${UPLOAD_STATES.join(', ')}`);
      return state as UploadState;
    })
    .option('--abort <id>', 'abort this open upload of the version')
    .addHelpText(
      'after',
      `
An OPEN upload can be resumed with "modelreg push <model> <version> <path> --upload <id>". One that
nothing is written to for the server's uploadExpirySeconds (default 7 days) expires, and the next
"modelreg gc" discards its bytes.
${examples('modelreg uploads mnist v3 --state open', 'modelreg uploads mnist v3 --abort 12')}`,
    )
    .action(
      async (
        model: string,
        version: string,
        flags: GlobalOptions & { state?: UploadState; abort?: string },
      ) => {
        const registry = connect(flags);
        const found = await mustGetVersion(registry, model, version);
        const out = new Output(flags.json === true);
        if (flags.abort !== undefined) {
          const uploads = await registry.listUploads(found);
          if (!uploads.some((upload) => upload.id === flags.abort))
            throw notFound(
              `upload ${flags.abort} in version '${version}' of model '${model}'`,
              'UPLOAD_NOT_FOUND',
            );
          await registry.abortUpload(flags.abort);
          out.result(
            { aborted: flags.abort },
            `aborted upload ${flags.abort}; its staged bytes are discarded`,
          );
          return;
        }
        const uploads = await registry.listUploads(
          found,
          flags.state === undefined ? {} : { state: flags.state },
        );
        out.list(uploads, UPLOAD_COLUMNS, 'uploads');
      },
    );

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

function describeContent(manifest: Manifest): string {
  const files = manifest.fileCount === 1 ? '1 file' : `${manifest.fileCount} files`;
  return `${files} (${formatBytes(manifest.totalSize)})`;
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
