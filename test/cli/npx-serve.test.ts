import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cleanEnv } from './support/modelreg-process.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BUILT = existsSync(new URL('../../packages/cli/dist/main.js', import.meta.url));
const LINUX = process.platform === 'linux';

/** Every process under `pid` (its children, their children, …), from /proc. */
function descendants(pid: number): number[] {
  const pairs: [number, number][] = [];
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      // The parent's pid follows the state, after the command name in parentheses.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      pairs.push([Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])]);
    } catch {
      // exited while we read
    }
  }
  const found: number[] = [];
  for (let queue = [pid]; queue.length > 0;) {
    const children = pairs.filter(([, parent]) => queue.includes(parent)).map(([child]) => child);
    found.push(...children);
    queue = children;
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!BUILT || !LINUX)('npx modelreg serve under a supervisor', () => {
  it('stops the node server when SIGTERM is sent to the npx process only', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'modelreg-npx-serve-'));
    const npx = spawn('npx', ['--offline', 'modelreg', 'serve', '--port', '0', '--data-dir', dataDir], {
      cwd: ROOT,
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const serving = new Promise<void>((resolve, reject) => {
      npx.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('"modelreg is serving"')) resolve();
      });
      npx.on('exit', () => reject(new Error(`npx exited before serving: ${output}`)));
    });
    npx.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // 'close' comes once every process holding the pipes (npx, its shell, the server) has exited.
    const allExited = new Promise<void>((resolve) => npx.on('close', () => resolve()));
    await serving;
    const tree = descendants(npx.pid ?? 0);
    let timer: NodeJS.Timeout | undefined;
    try {
      npx.kill('SIGTERM');
      // The deadline only turns a hang into a failure that names what is left running.
      const deadline = new Promise<string>((resolve) => {
        timer = setTimeout(() => resolve(`still running: ${tree.filter(alive).join(', ')}`), 20_000);
      });
      const outcome = await Promise.race([allExited.then(() => 'every process exited'), deadline]);
      expect(outcome).toBe('every process exited');
      expect(output).toContain('"modelreg stopped"');
    } finally {
      clearTimeout(timer);
      for (const pid of tree.filter(alive)) process.kill(pid, 'SIGKILL');
    }
  });
});
