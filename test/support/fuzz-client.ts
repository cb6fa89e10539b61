import { Agent, request } from 'node:http';
import type { Socket } from 'node:net';

export interface FuzzAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
}

/**
 * An HTTP client over one keep-alive connection at a time, as client pools reuse them. It counts
 * the connections the server closed without announcing it (`Connection: close`): a client that
 * reuses such a connection sees "other side closed" or ECONNRESET instead of an answer.
 */
export function fuzzClient(baseUrl: string) {
  const { hostname, port } = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const announced = new WeakSet<Socket>();
  const seen = new WeakSet<Socket>();
  const dropped: string[] = [];
  let opened = 0;
  let closing = false;
  let current = '';

  const watch = (socket: Socket) => {
    if (seen.has(socket)) return;
    seen.add(socket);
    opened += 1;
    socket.on('close', () => {
      if (!closing && !announced.has(socket)) dropped.push(`after ${current}`);
    });
  };

  return {
    /** Requests the server ended without saying `Connection: close` first. */
    dropped: () => [...dropped],
    /** Connections opened so far: 1 while the server keeps the first one open. */
    connections: () => opened,
    send(
      method: string,
      path: string,
      options: { body?: string | Uint8Array; headers?: Record<string, string> } = {},
    ): Promise<FuzzAnswer> {
      current = `${method} ${path.slice(0, 160)}`;
      return new Promise((resolve, reject) => {
        const headers: Record<string, string | number> = { ...options.headers };
        if (options.body !== undefined) headers['content-length'] = Buffer.byteLength(options.body);
        const req = request({ agent, host: hostname, port: Number(port), method, path, headers }, (res) => {
          if (res.headers.connection === 'close') announced.add(res.socket);
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              text: Buffer.concat(chunks).toString('utf8'),
            }),
          );
        });
        req.on('socket', watch);
        req.on('error', (error) => reject(new Error(`${current}: ${error.message}`, { cause: error })));
        req.end(options.body);
      });
    },
    close() {
      closing = true;
      agent.destroy();
    },
  };
}
