import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenInDatabase, loadServerConfig, startServer, type RunningServer } from '@modelreg/server';

// A client that sends slowly must not hold a connection: refused before its body when it has no
// credential, cut at the request timeout when it has one, and closed when its headers stall.
// These run over real sockets: what matters is what the connection does.

interface Exchange {
  /** Everything the server sent before it closed the connection. */
  readonly received: string;
}

/** Opens a connection, writes `head` (and then nothing more), and resolves when the server closes it. */
function exchange(url: string, head: string): Promise<Exchange> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(head));
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    socket.on('error', reject);
    socket.on('close', () => resolve({ received }));
  });
}

describe('timeouts and slow clients', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'modelreg-timeouts-'));
  let server: RunningServer;
  let token: string;
  beforeAll(async () => {
    const config = loadServerConfig(
      {
        dataDir,
        port: 0,
        auth: 'token',
        logLevel: 'silent',
        requestTimeoutSeconds: 1,
        headersTimeoutSeconds: 1,
      },
      {},
    );
    server = await startServer(config);
    token = (await createTokenInDatabase(config.db, { name: 'root', role: 'admin' })).token;
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const post = (headers: string[], sent: string) =>
    [
      'POST /api/model_registry/v1alpha3/registered_models HTTP/1.1',
      `Host: 127.0.0.1`,
      'Content-Type: application/json',
      'Content-Length: 1000',
      ...headers,
      '',
      sent,
    ].join('\r\n');

  it('answers a caller without a credential 401 before its body, and closes the connection', async () => {
    // 1000 bytes announced, 10 sent, and the rest never comes: the answer does not wait for it.
    const { received } = await exchange(server.url, post([], '{"name": "'));
    expect(received).toMatch(/^HTTP\/1\.1 401 /);
    expect(received.toLowerCase()).toContain('connection: close');
    expect(received).toContain('AUTHENTICATION_REQUIRED');
  });

  it('cuts a body that trickles past the request timeout with 408, and closes the connection', async () => {
    const { received } = await exchange(server.url, post([`Authorization: Bearer ${token}`], '{"name": "'));
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    expect(received.toLowerCase()).toContain('connection: close');
    expect(received).toContain('REQUEST_TIMEOUT');
  });

  it('closes a connection whose headers do not arrive in time', async () => {
    const { received } = await exchange(server.url, 'GET /readyz/health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('keeps an idle connection open longer than client pools do (undici: 4 s)', async () => {
    const response = await fetch(`${server.url}/readyz/health`);
    expect(response.headers.get('keep-alive')).toBe('timeout=65');
  });
});
