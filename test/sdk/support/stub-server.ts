import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
}

export interface StubServer {
  readonly url: string;
  /** Every request that reached the server, in order. */
  readonly requests: SeenRequest[];
  close(): Promise<void>;
}

/**
 * A plain HTTP server on a free port that answers as `handle` says, for the failures a real
 * registry cannot be made to produce on demand (hangs, 503s, non-JSON answers).
 */
export async function startStubServer(
  handle: (request: IncomingMessage, response: ServerResponse, seen: SeenRequest[]) => void,
): Promise<StubServer> {
  const requests: SeenRequest[] = [];
  const server = createServer((request, response) => {
    requests.push({
      method: request.method ?? '',
      path: request.url ?? '',
      authorization: request.headers.authorization,
    });
    handle(request, response, requests);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        // A stub that never answers keeps its sockets open; close them rather than wait.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function answerJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

/** A URL on which nothing listens: a port that was free a moment ago. */
export async function unusedUrl(): Promise<string> {
  const stub = await startStubServer(() => undefined);
  await stub.close();
  return stub.url;
}

/** The manifest of version 1 as a registry answers it, holding one file. */
export function answerManifest(
  response: ServerResponse,
  file: { readonly path: string; readonly size: number; readonly sha256: string },
): void {
  answerJson(response, 200, {
    modelVersionId: '1',
    rootDigest: `sha256:${'0'.repeat(64)}`,
    totalSize: file.size,
    fileCount: 1,
    files: [file],
    uri: 'http://stub/content.tar',
    createTime: '0',
  });
}
