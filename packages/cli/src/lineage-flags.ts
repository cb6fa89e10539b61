import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { ParentRelation, RegisterModelInput } from '@modelreg/client';
import { CliFailure } from './cli-failure.js';
import { collectList, collectMetadata, type MetadataScalar } from './metadata-flags.js';

/** `register`'s flags for metrics, hyperparameters, datasets, code, pipeline run and parents. */
export interface LineageFlags {
  readonly metric?: Record<string, MetadataScalar>;
  readonly param?: Record<string, MetadataScalar>;
  readonly dataset?: readonly string[];
  readonly git?: boolean;
  readonly codeRepo?: string;
  readonly codeCommit?: string;
  readonly codePath?: string;
  readonly pipelineRun?: string;
  readonly parent?: readonly string[];
  readonly parentRelation?: ParentRelation;
}

const RELATIONS: readonly ParentRelation[] = [
  'fine-tuned-from',
  'distilled-from',
  'quantized-from',
  'derived-from',
];

export function withLineageOptions(command: Command): Command {
  return command
    .option(
      '--metric <name=value>',
      'a metric of the version, e.g. accuracy=0.95 (repeatable)',
      collectMetadata,
    )
    .option(
      '--param <name=value>',
      'a hyperparameter, e.g. lr=0.01 or optimizer=adam (repeatable)',
      collectMetadata,
    )
    .option(
      '--dataset <name=uri[@digest]>',
      'a dataset it was trained on, e.g. train=s3://data/train@sha256:… (repeatable)',
      collectList,
    )
    .option('--git', 'record the code from the current git checkout: remote URL, HEAD commit, path')
    .option('--code-repo <url>', 'repository of the code (overrides --git)')
    .option('--code-commit <sha>', 'commit of the code (overrides --git)')
    .option('--code-path <path>', 'path of the training code in the repository (overrides --git)')
    .option(
      '--pipeline-run <id|url>',
      'the pipeline run that produced it: a Kubeflow Pipelines run id or a CI run URL',
    )
    .option('--parent <model>:<version>', 'a version this one derives from (repeatable)', collectList)
    .addOption(
      new Option(
        '--parent-relation <relation>',
        'how it derives from its parents (default derived-from)',
      ).choices(RELATIONS),
    );
}

/** `model:version`, split at the last ':' (model names may hold '/', versions rarely ':'). */
export function parseVersionRef(text: string): { model: string; version: string } {
  const colon = text.lastIndexOf(':');
  if (colon <= 0 || colon === text.length - 1) {
    throw new CliFailure(`modelreg: expected <model>:<version>, got '${text}'`, 2);
  }
  return { model: text.slice(0, colon), version: text.slice(colon + 1) };
}

/** `train=s3://bucket/train.parquet@sha256:ab12…`: the digest is the last `@algorithm:hex`. */
export function parseDataset(text: string): { name: string; uri: string; digest?: string } {
  const at = text.indexOf('=');
  if (at <= 0 || at === text.length - 1) {
    throw new InvalidArgumentError(`expected name=uri[@digest], got '${text}'`);
  }
  const name = text.slice(0, at);
  const rest = text.slice(at + 1);
  const digest = /@([a-z0-9]+:[0-9a-fA-F]{16,})$/.exec(rest);
  return digest === null
    ? { name, uri: rest }
    : { name, uri: rest.slice(0, digest.index), digest: digest[1] ?? '' };
}

const run = promisify(execFile);

async function git(args: readonly string[]): Promise<string | undefined> {
  try {
    const { stdout } = await run('git', [...args], { timeout: 10_000 });
    return stdout.trim() === '' ? undefined : stdout.trim();
  } catch {
    return undefined;
  }
}

/** The checkout's origin URL (credentials stripped), HEAD commit and path within the repository. */
export async function codeFromGit(): Promise<{ repository?: string; commit?: string; path?: string }> {
  const commit = await git(['rev-parse', 'HEAD']);
  if (commit === undefined) {
    throw new CliFailure('modelreg: --git needs a git checkout with at least one commit here', 1);
  }
  const remote = await git(['config', '--get', 'remote.origin.url']);
  const prefix = await git(['rev-parse', '--show-prefix']);
  const repository = remote?.replace(/^(https?:\/\/)[^@/]+@/, '$1');
  return {
    commit,
    ...(repository === undefined ? {} : { repository }),
    ...(prefix === undefined ? {} : { path: prefix.replace(/\/$/, '') }),
  };
}

/** The part of the SDK's registration input these flags give. */
export async function lineageFromFlags(flags: LineageFlags): Promise<Partial<RegisterModelInput>> {
  const metrics: Record<string, number> = {};
  for (const [name, value] of Object.entries(flags.metric ?? {})) {
    if (typeof value !== 'number')
      throw new CliFailure(`modelreg: --metric ${name} needs a number, got '${String(value)}'`, 2);
    metrics[name] = value;
  }
  const gitCode = flags.git === true ? await codeFromGit() : {};
  const code = {
    ...gitCode,
    ...(flags.codeRepo === undefined ? {} : { repository: flags.codeRepo }),
    ...(flags.codeCommit === undefined ? {} : { commit: flags.codeCommit }),
    ...(flags.codePath === undefined ? {} : { path: flags.codePath }),
  };
  return {
    ...(Object.keys(metrics).length > 0 ? { metrics } : {}),
    ...(flags.param === undefined ? {} : { params: flags.param }),
    ...(flags.dataset === undefined ? {} : { datasets: flags.dataset.map(parseDataset) }),
    ...(Object.keys(code).length > 0 ? { code } : {}),
    ...(flags.pipelineRun === undefined ? {} : { pipelineRun: flags.pipelineRun }),
    ...(flags.parent === undefined
      ? {}
      : { parents: flags.parent.map((p) => ({ ...parseVersionRef(p), relation: flags.parentRelation })) }),
  };
}
