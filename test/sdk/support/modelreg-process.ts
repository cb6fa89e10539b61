import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { whenServing } from '../../support/serving-url.js';

export const REPO_ROOT = new URL('../../../', import.meta.url).pathname;
const BIN = join(REPO_ROOT, 'packages/cli/bin/modelreg.js');
const BUILT_FILES = [
  'packages/client/dist/index.js',
  'packages/server/dist/index.js',
  'packages/cli/dist/main.js',
];

/** Why the suites that need `npm run build` cannot run, or undefined when they can. */
export function missingBuild(): string | undefined {
  const missing = BUILT_FILES.filter((file) => !existsSync(join(REPO_ROOT, file)));
  if (missing.length === 0) return undefined;
  const reason = `needs \`npm run build\` first (missing ${missing.join(', ')})`;
  console.warn(`skipped: ${reason}`);
  return reason;
}

/** The environment without MODELREG_*, so that the developer's own settings never leak into a test. */
export function cleanEnvironment(extra: Record<string, string> = {}): Record<string, string> {
  const kept = Object.entries(process.env).filter(
    (entry): entry is [string, string] => !entry[0].startsWith('MODELREG_') && entry[1] !== undefined,
  );
  return { ...Object.fromEntries(kept), ...extra };
}

export interface ModelregProcess {
  /** The base URL it serves on, e.g. http://127.0.0.1:39513. */
  readonly url: string;
  /** Its data directory (SQLite database and stored files). */
  readonly dataDir: string;
  /** Everything it wrote to stdout and stderr so far. */
  readonly output: () => string;
  /** SIGTERM, then waits for the exit; removes the data directory. */
  stop(): Promise<void>;
}

/** `modelreg serve` as a real process on a fresh SQLite database; resolves once it serves. */
export async function startModelreg(): Promise<ModelregProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'modelreg-sdk-'));
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--port', '0', '--data-dir', dataDir, '--log-level', 'info'],
    { cwd: dataDir, env: cleanEnvironment(), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    const url = await whenServing(child, () => output);
    return { url, dataDir, output: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
