import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { whenServing } from '../../support/serving-url.js';

export const BIN = fileURLToPath(new URL('../../../packages/cli/bin/modelreg.js', import.meta.url));

export interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment without MODELREG_* (so a developer's settings never leak in), plus `env`. */
export function cleanEnv(env: Record<string, string> = {}): Record<string, string> {
  const kept = Object.entries(process.env).filter(
    (entry): entry is [string, string] => !entry[0].startsWith('MODELREG_') && entry[1] !== undefined,
  );
  return { ...Object.fromEntries(kept), ...env };
}

/** Runs a program to its end, collecting its output. */
export function runToEnd(
  command: string,
  args: readonly string[],
  options: { env?: Record<string, string>; cwd?: string; input?: string } = {},
): Promise<Finished> {
  const child = spawn(command, [...args], {
    env: cleanEnv(options.env),
    cwd: options.cwd,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // A program that exits without reading its input closes the pipe first: that EPIPE is no failure.
  child.stdin.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  child.stdin.end(options.input ?? '');
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs the built `modelreg` binary. */
export function modelreg(args: readonly string[], env: Record<string, string> = {}): Promise<Finished> {
  return runToEnd(process.execPath, [BIN, ...args], { env });
}

export interface RunningServer {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything the server wrote (its JSON log lines and any errors) so far. */
  readonly output: () => string;
  stop(): Promise<void>;
}

/** `modelreg serve --port 0`, resolved once it logs that it is serving. */
export async function startServer(
  dataDir: string,
  extraArgs: readonly string[] = [],
  env: Record<string, string> = {},
): Promise<RunningServer> {
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--port', '0', '--data-dir', dataDir, '--log-level', 'info', ...extraArgs],
    {
      env: cleanEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const url = await whenServing(child, () => stdout + stderr);
  return {
    url,
    child,
    output: () => stdout + stderr,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** One JSON call to a running server's API (`path` under /api/model_registry/v1alpha3/). */
export async function apiCall<T = Record<string, unknown>>(
  server: { readonly url: string } | undefined,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${server?.url}/api/model_registry/v1alpha3/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text === '' ? {} : JSON.parse(text)) as T };
}
