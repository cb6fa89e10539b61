import { readFile } from 'node:fs/promises';
import { InvalidArgumentError, type Command } from 'commander';
import { CliFailure } from './cli-failure.js';

/** A plain metadata value as the SDK takes it; the SDK types it (int, double, bool, string). */
export type MetadataScalar = string | number | boolean;

const INTEGER = /^-?(0|[1-9]\d*)$/;
const DECIMAL = /^-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?$/;

/**
 * The value typed the way a shell user means it: `true`/`false` a boolean, `12` an integer,
 * `0.97` or `1e-3` a number; anything else (`007`, `v1`, `NaN`, an integer too large to be exact)
 * stays a string.
 */
export function parseScalar(text: string): MetadataScalar {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (INTEGER.test(text)) return Number.isSafeInteger(Number(text)) ? Number(text) : text;
  if (DECIMAL.test(text) && Number.isFinite(Number(text))) return Number(text);
  return text;
}

/** Commander's collector for a repeated `--metadata key=value`. */
export function collectMetadata(
  pair: string,
  previous: Record<string, MetadataScalar> = {},
): Record<string, MetadataScalar> {
  const at = pair.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError('expected key=value');
  return { ...previous, [pair.slice(0, at)]: parseScalar(pair.slice(at + 1)) };
}

/** Commander's collector for a repeated option into a list. */
export function collectList(value: string, previous: readonly string[] = []): string[] {
  return [...previous, value];
}

/**
 * The metadata of a JSON or YAML file: a map of strings, numbers and booleans, which keep the
 * type the file gives them (null values are left out, as the SDK does).
 */
export async function readMetadataFile(path: string): Promise<Record<string, MetadataScalar>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new CliFailure(`modelreg: cannot read the metadata file ${path} (${code})`, 1, { cause: error });
  }
  // YAML 1.2 is a superset of JSON, so one parser reads both; it loads only when a file is given.
  const { parse } = await import('yaml');
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0] ?? '';
    throw new CliFailure(`modelreg: the metadata file ${path} is not JSON or YAML: ${reason}`, 1, {
      cause: error,
    });
  }
  if (document === null || document === undefined) return {};
  if (typeof document !== 'object' || Array.isArray(document))
    throw new CliFailure(`modelreg: the metadata file ${path} must hold a map of key: value`);
  const metadata: Record<string, MetadataScalar> = {};
  for (const [key, value] of Object.entries(document)) {
    if (value === null) continue;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')
      throw new CliFailure(
        `modelreg: the metadata file ${path}: '${key}' is a list or a map; values must be strings, numbers or booleans`,
      );
    metadata[key] = value;
  }
  return metadata;
}

/** The flags that set metadata on an entity. */
export interface MetadataFlags {
  readonly metadata?: Record<string, MetadataScalar> | undefined;
  readonly metadataFile?: string | undefined;
}

/** File values first, then `--metadata` flags, which win over the file's keys. */
export async function metadataFromFlags(flags: MetadataFlags): Promise<Record<string, MetadataScalar>> {
  const fromFile = flags.metadataFile === undefined ? {} : await readMetadataFile(flags.metadataFile);
  return { ...fromFile, ...flags.metadata };
}

/** Adds --metadata and --metadata-file, and for an update --remove-metadata. */
export function withMetadataOptions(command: Command, { update = false } = {}): Command {
  command
    .option(
      '--metadata <key=value>',
      'a metadata value, typed: true/false, 12, 0.97, else text (repeatable)',
      collectMetadata,
    )
    .option('--metadata-file <file>', 'metadata from a JSON or YAML map; --metadata wins on the same key');
  if (update) command.option('--remove-metadata <key>', 'remove a metadata key (repeatable)', collectList);
  return command;
}

/** Whether the flags set or remove any metadata. */
export function changesMetadata(
  flags: MetadataFlags & { readonly removeMetadata?: readonly string[] },
): boolean {
  return (
    flags.metadata !== undefined ||
    flags.metadataFile !== undefined ||
    (flags.removeMetadata?.length ?? 0) > 0
  );
}
