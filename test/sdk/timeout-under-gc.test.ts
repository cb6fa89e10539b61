import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// A request to a server that never answers ends in TIMEOUT even while the garbage collector runs
// all the time. The per-attempt timeout used to be AbortSignal.any([…, AbortSignal.timeout(ms)]):
// Node holds such a timeout signal only weakly, so a collection could drop it before it fired and
// the request (and a CLI waiting on it) hung for good; seen once as a 30 s CLI hang under load.

const CLIENT = fileURLToPath(new URL('../../packages/client/dist/index.js', import.meta.url));

describe('the SDK timeout under garbage-collection pressure', () => {
  const sockets: Socket[] = [];
  const children: ChildProcess[] = [];
  const silent = createServer((socket) => void sockets.push(socket));
  let url = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    // A child that hung (the failure this test catches) must not outlive the suite.
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('times out a request to a server that never answers while gc runs every few ms', async () => {
    const script = `
      const { ModelRegistry } = await import(${JSON.stringify(CLIENT)});
      const collecting = setInterval(() => globalThis.gc(), 2);
      const registry = new ModelRegistry({ url: ${JSON.stringify(url)}, timeoutMs: 150, retries: 0 });
      try { await registry.getRegisteredModel('m'); console.log('ANSWERED'); }
      catch (error) { console.log(error.code); }
      clearInterval(collecting);`;
    const child = spawn(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(out.trim()).toBe('TIMEOUT');
    expect(code).toBe(0);
  });
});
