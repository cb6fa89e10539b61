import { resolve } from 'node:path';
import { CliFailure } from './cli-failure.js';
import { ProgressBar } from './progress-bar.js';

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
