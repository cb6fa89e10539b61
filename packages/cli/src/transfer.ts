import { resolve } from 'node:path';
import {
  isRegistryError,
  type FollowedLink,
  type Manifest,
  type ModelRegistry,
  type ModelVersion,
  type RegistryErrorCode,
  type UploadStart,
} from '@modelreg/client';
import { CliFailure, EXIT_FAILURE } from './cli-failure.js';
import { connect, type GlobalOptions } from './global-options.js';
import { mustGetVersion } from './lookups.js';
import { Output } from './output.js';
import { formatBytes, ProgressBar } from './progress-bar.js';

/** What the help of push and pull says about --timeout and the progress bar. */
export const TRANSFER_NOTE = `
--timeout is how long a transfer may go without a byte moving before it is abandoned (the transfer
itself takes as long as it takes). A progress bar (bytes, rate, ETA) is drawn on stderr when it is
a terminal, never with --json.`;

/** One transfer of a version's content: what it does, what Ctrl-C leaves, what it prints. */
export interface ContentTransfer {
  /** What an interrupted transfer leaves behind, for the line that says so. */
  readonly interrupted: string;
  readonly transfer: (
    registry: ModelRegistry,
    version: ModelVersion,
    tools: { signal: AbortSignal; progress: ProgressBar },
  ) => Promise<Manifest>;
  /** The result: the value printed with --json, the text printed otherwise. */
  readonly result: (manifest: Manifest) => { value: unknown; text: string };
}

/**
 * The code path push and pull share: the version looked up by name, the transfer run with a
 * progress bar and Ctrl-C (runTransfer), its result printed.
 */
export async function transferContent(
  model: string,
  version: string,
  flags: GlobalOptions,
  content: ContentTransfer,
): Promise<void> {
  const registry = connect(flags);
  const found = await mustGetVersion(registry, model, version);
  const json = flags.json === true;
  const manifest = await runTransfer(json, content.interrupted, (tools) =>
    content.transfer(registry, found, tools),
  );
  const { value, text } = content.result(manifest);
  new Output(json).result(value, text);
}

/** A version's content in words: how many files, how many bytes. */
export function describeContent(manifest: Manifest): string {
  const files = manifest.fileCount === 1 ? '1 file' : `${manifest.fileCount} files`;
  return `${files} (${formatBytes(manifest.totalSize)})`;
}

/**
 * Runs a transfer with a progress bar on stderr (for a person at a terminal, never with --json)
 * and Ctrl-C turned into an abort, so the SDK stops cleanly (an upload keeps its session for a
 * resume; a partial download is removed) and the command ends with one line saying so.
 */
export async function runTransfer<T>(
  json: boolean,
  interrupted: string,
  work: (tools: { signal: AbortSignal; progress: ProgressBar }) => Promise<T>,
): Promise<T> {
  const progress = new ProgressBar(process.stderr, !json);
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    return await work({ signal: controller.signal, progress });
  } catch (error) {
    if (controller.signal.aborted) throw new CliFailure(`modelreg: interrupted; ${interrupted}`);
    throw error;
  } finally {
    process.removeListener('SIGINT', onSigint);
    progress.finish();
  }
}

/** The directory `pull` writes into without --out: `./<model>-<version>`, made safe as a file name. */
export function defaultOutDir(model: string, version: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are not file-name material
  const safe = `${model}-${version}`.replace(/[/\\:*?"<>|\u0000-\u001f]/g, '_').replace(/^\.+/, '_');
  return resolve(safe);
}

/** Rethrows the SDK's `code` failure as the command's one line, naming the flag that allows it. */
export function withFlagHint(code: RegistryErrorCode, hint: string): (error: unknown) => never {
  return (error) => {
    if (isRegistryError(error) && error.code === code)
      throw new CliFailure(`modelreg: ${error.message}; ${hint}`, EXIT_FAILURE, { cause: error });
    throw error;
  };
}

/**
 * The SDK's onStart of an upload: says on stderr that it resumes an open upload (and how much the
 * server holds; not with --json, like the progress bar), and warns about each link followed out of
 * the directory.
 */
export function announceUpload(start: UploadStart, json: boolean): void {
  if (start.resumed && !json)
    process.stderr.write(
      `modelreg: resuming upload ${start.uploadId}: the server holds ${formatBytes(start.heldBytes)} already\n`,
    );
  for (const link of start.links.filter((l) => l.outside))
    process.stderr.write(
      `modelreg: warning: ${link.path} links to ${link.target}, outside the directory; uploading what it points to (--follow-links)\n`,
    );
}

/** The line of an upload's output that says it resumed one (none for a new upload). */
export function describeResume(start: UploadStart | undefined): string[] {
  if (start?.resumed !== true) return [];
  return [`resumed upload ${start.uploadId}: ${formatBytes(start.heldBytes)} were on the server already`];
}

/** Lines of a command's output naming the links stored as what they point to (none without links). */
export function describeLinks(links: readonly FollowedLink[]): string[] {
  if (links.length === 0) return [];
  const what = links.length === 1 ? '1 symbolic link' : `${links.length} symbolic links`;
  return [
    `stored ${what} as the files they point to:`,
    ...links.map(
      (link) => `  ${link.path} -> ${link.target}${link.outside ? ' (outside the directory)' : ''}`,
    ),
  ];
}
