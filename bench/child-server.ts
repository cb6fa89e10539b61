import { fork } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

/** What a server child sends on its IPC channel once it listens. */
export interface ReadyMessage {
  readonly url: string;
}

export interface ChildServer {
  readonly url: string;
  readonly pid: number;
  /** Asks the child to close its server and waits for it to exit. */
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

/**
 * Forks one of the bench's server entry points (compiled next to this file). Servers run in their
 * own process so the load generator and the server each get an event loop, and so the registry
 * and the empty handler are measured under identical conditions.
 */
export async function startChildServer(entry: string, args: readonly string[] = []): Promise<ChildServer> {
  const child = fork(fileURLToPath(new URL(entry, import.meta.url)), [...args], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${entry} did not start in ${START_TIMEOUT_MS} ms`)),
      START_TIMEOUT_MS,
    );
    child.once('message', (message: ReadyMessage) => {
      clearTimeout(timer);
      resolve(message.url);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited with code ${String(code)} before it was ready`));
    });
  });
  return {
    url,
    pid: child.pid ?? -1,
    async stop() {
      if (child.exitCode !== null) return;
      child.send('stop');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The child's side: report the URL, then close on 'stop' or when the parent goes away. */
export function serveUntilStopped(url: string, close: () => Promise<void>): void {
  let closing = false;
  const stop = () => {
    if (closing) return;
    closing = true;
    void close().then(() => process.disconnect?.());
  };
  process.on('message', (message) => {
    if (message === 'stop') stop();
  });
  process.on('disconnect', stop);
  process.send?.({ url } satisfies ReadyMessage);
}

/** The child's side for a bare `node:http` server: listen on 127.0.0.1, then serve until stopped. */
export function listenUntilStopped(server: Server): void {
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    serveUntilStopped(
      `http://127.0.0.1:${port}`,
      () =>
        new Promise<void>((done) => {
          server.close(() => done());
          server.closeIdleConnections();
        }),
    );
  });
}
