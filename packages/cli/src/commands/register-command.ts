import { existsSync } from 'node:fs';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { FollowedLink } from '@modelreg/client';
import { CliFailure, EXIT_USAGE } from '../cli-failure.js';
import { connect, type GlobalOptions } from '../global-options.js';
import { examples } from '../help-text.js';
import { metadataFromFlags, withMetadataOptions, type MetadataFlags } from '../metadata-flags.js';
import { Output } from '../output.js';
import { describeLinks, runTransfer, announceUpload, withFlagHint } from '../transfer.js';
import { lineageFromFlags, withLineageOptions, type LineageFlags } from '../lineage-flags.js';

interface RegisterFlags extends GlobalOptions, MetadataFlags, LineageFlags {
  readonly name: string;
  readonly version?: string;
  readonly uri?: string;
  readonly path?: string;
  readonly format?: string;
  readonly formatVersion?: string;
  readonly author?: string;
  readonly owner?: string;
  readonly description?: string;
  readonly storageKey?: string;
  readonly storagePath?: string;
  readonly followLinks?: boolean;
  readonly bump?: 'major' | 'minor' | 'patch';
}

export function addRegisterCommand(program: Command): void {
  const register = program
    .command('register')
    .summary('register a model version and its artifact in one step')
    .description(
      'register a version of a model and its model artifact in one step, creating the model if needed (the call a training pipeline makes); a failure leaves nothing half-registered',
    )
    .requiredOption('--name <model>', 'model name')
    .option('--version <version>', 'version name; registering an existing one fails')
    .addOption(
      new Option('--bump <part>', 'instead of --version: the next semantic version of the model').choices([
        'major',
        'minor',
        'patch',
      ]),
    )
    .addOption(
      new Option(
        '--uri <uri>',
        "where the model's files are, recorded without copying: s3://…, gs://…, oci://…, hf://…, https://…",
      ).argParser(parseUri),
    )
    .option('--path <path>', 'instead of --uri: a local file or directory to upload into the registry')
    .option(
      '--follow-links',
      'with --path: upload what symbolic links leading outside the directory point to',
    )
    .option('--format <name>', 'model format, e.g. onnx, pytorch, tensorflow, sklearn')
    .option('--format-version <version>', 'version of the model format')
    .option('--author <author>', 'author of the version (default: MODELREG_AUTHOR or USER)')
    .option('--owner <owner>', 'owner of the model, when this creates it')
    .option('--description <text>', 'description of the version')
    .option('--storage-key <key>', 'name of the storage secret (KServe)')
    .option('--storage-path <path>', 'path of the model within that storage');
  withLineageOptions(withMetadataOptions(register))
    .addHelpText(
      'after',
      `
Metrics, params and datasets become the version's Metric, Parameter and DataSet artifacts; code,
pipeline run and parents its lineage (see "modelreg lineage"). Metadata become the version's
custom properties. On the command line true/false are booleans,
integers ints, other numbers doubles, anything else text; a file's values keep their JSON or YAML
types; --metadata wins over the file on the same key.

With --path the files are uploaded (sha256 checked end to end, progress on a terminal's stderr) and
the artifact's uri is the registry's; if the upload fails or is interrupted, nothing is registered.
A symbolic link below the directory is stored as the file it points to; one that leads outside the
directory is refused unless --follow-links.
${examples(
  'modelreg register --name mnist --version v1 --uri s3://models/mnist/v1 --format onnx',
  'modelreg register --name churn --bump minor --uri s3://models/churn/latest',
  'modelreg register --name mnist --version v3 --path ./model-dir --format onnx',
  'modelreg register --name mnist --version v2 --uri s3://models/mnist/v2 \\',
  '    --metadata accuracy=0.97 --metadata epochs=12 --metadata-file metrics.yaml --json',
  'modelreg register --name churn --version 1.3.0 --uri s3://models/churn/1.3.0 \\',
  '    --metric accuracy=0.95 --param lr=0.01 --param optimizer=adam \\',
  '    --dataset train=s3://data/churn/train.parquet@sha256:9f86d081884c7d65 --git \\',
  '    --pipeline-run https://ci.example/runs/812 --parent churn-base:1.0.0 --parent-relation fine-tuned-from',
)}`,
    )
    .action(registerVersion);
}

/** The action of `modelreg register`: one registration, with the upload of --path. */
async function registerVersion(flags: RegisterFlags): Promise<void> {
  if ((flags.version === undefined) === (flags.bump === undefined)) {
    throw new CliFailure(
      'modelreg: register needs --version or --bump (one of them); see "modelreg register --help"',
      EXIT_USAGE,
    );
  }
  if ((flags.uri === undefined) === (flags.path === undefined)) {
    throw new CliFailure(
      'modelreg: register needs --uri or --path (one of them); see "modelreg register --help"',
      EXIT_USAGE,
    );
  }
  const metadata = await metadataFromFlags(flags);
  const lineage = await lineageFromFlags(flags);
  const registry = connect(flags);
  const versionName =
    flags.version ??
    ((await registry.getRegisteredModel(flags.name)) === undefined
      ? '0.1.0'
      : await registry.nextVersionName(flags.name, flags.bump ?? 'patch'));
  const input = {
    name: flags.name,
    version: versionName,
    modelFormatName: flags.format,
    modelFormatVersion: flags.formatVersion,
    author: flags.author,
    owner: flags.owner,
    description: flags.description,
    storageKey: flags.storageKey,
    storagePath: flags.storagePath,
    metadata,
    ...lineage,
  };
  const path = flags.path;
  let links: readonly FollowedLink[] = [];
  const registration =
    path === undefined
      ? await registry.registerModel({ ...input, uri: flags.uri })
      : await runTransfer(flags.json === true, 'nothing was registered', ({ signal, progress }) =>
          registry
            .registerModel(
              { ...input, files: path },
              {
                signal,
                onProgress: progress.update,
                followLinks: flags.followLinks === true,
                onStart: (start) => {
                  links = start.links;
                  announceUpload(start, flags.json === true);
                },
              },
            )
            .catch(withFlagHint('LINK_OUTSIDE', 'pass --follow-links to upload what it points to')),
        );
  const { model, version, artifact } = registration;
  new Output(flags.json === true).result(
    registration,
    [
      `registered version '${versionName}' of model '${flags.name}'`,
      `model id:     ${model.id ?? ''}`,
      `version id:   ${version.id ?? ''}`,
      `artifact uri: ${artifact.uri ?? ''}`,
      ...describeLinks(links),
    ].join('\n'),
  );
}

/**
 * A URI with a scheme (`s3:`, `https:`, `file:`, …): what KServe and every other client resolves.
 * A local path is no URI: its files either go into the registry (--path) or are named by a URI.
 */
export function parseUri(value: string): string {
  // Two letters at least: `C:\models` is a Windows path, not a scheme.
  if (/^[a-z][a-z0-9+.-]+:/i.test(value)) return value;
  if (/[/\\]/.test(value) || existsSync(value))
    throw new InvalidArgumentError(
      `that is a local path, not a URI: upload its files with --path ${value} (or give a file:// URI)`,
    );
  throw new InvalidArgumentError(
    'a URI needs a scheme: s3://…, gs://…, oci://…, hf://…, https://… (local files go up with --path)',
  );
}
