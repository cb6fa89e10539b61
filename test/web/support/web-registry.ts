import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTokenInDatabase } from '@modelreg/server';
import { cleanEnvironment, REPO_ROOT } from '../../sdk/support/modelreg-process.js';

const BIN = join(REPO_ROOT, 'packages/cli/bin/modelreg.js');

export interface WebRegistry {
  readonly url: string;
  /** Bearer tokens by role (authentication `token` only). */
  readonly tokens: Readonly<Record<'admin' | 'viewer' | 'promoter', string>>;
  readonly output: () => string;
  stop(): Promise<void>;
}

/**
 * `modelreg serve` as a real process on a fresh SQLite database, as a browser reaches it. With
 * `auth: 'token'`, admin, viewer and promoter tokens are created in the database first (how an
 * operator bootstraps one); with `header`, the gateway headers are trusted from 127.0.0.1.
 */
export async function startWebRegistry(options: {
  auth: 'token' | 'header' | 'none';
  db?: string;
}): Promise<WebRegistry> {
  const dataDir = mkdtempSync(join(tmpdir(), 'modelreg-web-'));
  const db = options.db ?? `sqlite:${join(dataDir, 'registry.db')}`;
  const tokens: Record<string, string> = {};
  if (options.auth === 'token') {
    for (const role of ['admin', 'viewer', 'promoter'] as const) {
      tokens[role] = (await createTokenInDatabase(db, { name: role, role })).token;
    }
  }
  const args = [BIN, 'serve', '--port', '0', '--data-dir', dataDir, '--db', db, '--auth', options.auth];
  const child = spawn(process.execPath, args, {
    cwd: dataDir,
    env: cleanEnvironment(options.auth === 'header' ? { MODELREG_TRUSTED_PROXIES: '127.0.0.1' } : {}),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const started = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => l.includes('"modelreg is serving"'));
      if (line !== undefined) resolve((JSON.parse(line) as { url: string }).url);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`modelreg serve exited (${code}) before serving:\n${output}`)),
    );
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const url = await started;
    return { url, tokens: tokens as WebRegistry['tokens'], output: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
