import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { connect } from 'node:net';
import {
  createLogger,
  createTokenInDatabase,
  loadServerConfig,
  startServer,
  type RunningServer,
} from '@modelreg/server';
import { fuzzClient, type FuzzAnswer } from '../support/fuzz-client.js';
import { BASE } from '../support/registry-harness.js';

// What a client pool sees of the server's connections (issue 15, defects 7 and 9a): refusals of
// long URLs and large headers carry the JSON error body, the server closes a keep-alive connection
// only after an answer that says `Connection: close`, and the client always reads that answer.

function errorCode(answer: FuzzAnswer): unknown {
  return (JSON.parse(answer.text) as { errorCode?: unknown }).errorCode;
}

describe('connections', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'modelreg-connections-'));
  let server: RunningServer;
  let token: string;
  let client: ReturnType<typeof fuzzClient>;
  const logs: Record<string, unknown>[] = [];
  const waiting: { match: (line: Record<string, unknown>) => boolean; found: () => void }[] = [];
  /** Resolves once the server has logged a line that matches. */
  const logged = (match: (line: Record<string, unknown>) => boolean) =>
    new Promise<void>((found) => {
      if (logs.some(match)) found();
      else waiting.push({ match, found });
    });
  beforeAll(async () => {
    const config = loadServerConfig({ dataDir, port: 0, auth: 'token', logLevel: 'info' }, {});
    const logger = createLogger('info', (text) => {
      const line = JSON.parse(text) as Record<string, unknown>;
      logs.push(line);
      for (const w of waiting) if (w.match(line)) w.found();
    });
    server = await startServer(config, logger);
    token = (await createTokenInDatabase(config.db, { name: 'root', role: 'admin' })).token;
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  beforeEach(() => {
    client = fuzzClient(server.url);
  });
  afterEach(() => client.close());

  const get = (path: string, headers: Record<string, string> = {}) =>
    client.send('GET', `${BASE}/${path}`, { headers: { authorization: `Bearer ${token}`, ...headers } });

  it('answers a URL over 16 KiB 414 with a JSON body, and keeps the connection', async () => {
    const filter = encodeURIComponent(`name = '${'x'.repeat(17_000)}'`);
    const answer = await get(`registered_models?filterQuery=${filter}`);
    expect(answer.status).toBe(414);
    expect(errorCode(answer)).toBe('URI_TOO_LONG');
    expect(JSON.parse(answer.text).message).toContain('16384');
    expect((await get('registered_models')).status).toBe(200);
    expect(client.connections()).toBe(1);
    expect(client.dropped()).toEqual([]);
  });

  it('answers headers over 64 KiB 431 with a JSON body and Connection: close', async () => {
    const answer = await get('registered_models', { 'x-fill': 'z'.repeat(70 * 1024) });
    expect(answer.status).toBe(431);
    expect(answer.headers['connection']).toBe('close');
    expect(errorCode(answer)).toBe('HEADERS_TOO_LARGE');
    expect((await get('registered_models')).status).toBe(200);
    expect(client.dropped()).toEqual([]);
  });

  it('answers a request Node cannot parse 400 with a JSON body', async () => {
    const answer = await get('registered_models', { 'content-length': 'x' });
    expect(answer.status).toBe(400);
    expect(errorCode(answer)).toBe('MALFORMED_REQUEST');
    expect(client.dropped()).toEqual([]);
    // A NUL byte in a header, as no HTTP client library would send it.
    const { port } = new URL(server.url);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () =>
        socket.write(`GET ${BASE}/registered_models HTTP/1.1\r\nHost: x\r\nX-Nul: a\u0000b\r\n\r\n`),
      );
      let received = '';
      socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
      socket.on('error', reject);
      socket.on('close', () => resolve(received));
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    expect(raw).toContain('"errorCode":"MALFORMED_REQUEST"');
  });

  it('lets the client read an early refusal while its body is still coming', async () => {
    const body = JSON.stringify({ name: 'x', description: 'y'.repeat(8 * 1024 * 1024) });
    const refusals: [string, Record<string, string>, number][] = [
      [`${BASE}/registered_models`, {}, 401],
      [`${BASE}/registered_models%00`, { authorization: `Bearer ${token}` }, 400],
      [`${BASE}/no_such_route`, { authorization: `Bearer ${token}` }, 404],
    ];
    for (const [path, headers, status] of refusals) {
      const answer = await client.send('POST', path, {
        body,
        headers: { 'content-type': 'application/json', ...headers },
      });
      expect(answer.status, path).toBe(status);
      expect(answer.headers['connection'], path).toBe('close');
      expect((await get('registered_models')).status).toBe(200);
    }
    expect(client.dropped()).toEqual([]);
  });

  it('refuses a JSON body over the size limit 413, its length declared or chunked', async () => {
    const body = JSON.stringify({ name: 'big', description: 'y'.repeat(17 * 1024 * 1024) });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const declared = await client.send('POST', `${BASE}/registered_models`, { body, headers });
    expect(declared.status).toBe(413);
    expect(errorCode(declared)).toBe('BODY_TOO_LARGE');
    expect(declared.headers['connection']).toBe('close');
    // Without a length (chunked), the body is counted as it arrives.
    const chunked = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const { port } = new URL(server.url);
      const req = request(
        { host: '127.0.0.1', port: Number(port), method: 'POST', path: `${BASE}/registered_models`, headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
          );
        },
      );
      req.on('error', reject);
      for (let at = 0; at < body.length; at += 1024 * 1024) req.write(body.slice(at, at + 1024 * 1024));
      req.end();
    });
    expect(chunked.status).toBe(413);
    expect(errorCode({ text: chunked.text } as FuzzAnswer)).toBe('BODY_TOO_LARGE');
    expect((await get('registered_models')).status).toBe(200);
    expect(client.dropped()).toEqual([]);
  });

  it('keeps an idle connection longer than client pools do (undici: 4 s)', async () => {
    const answer = await get('registered_models');
    const timeout = /timeout=(\d+)/.exec(String(answer.headers['keep-alive']))?.[1];
    expect(Number(timeout)).toBeGreaterThan(4);
  });

  it('logs a client that aborts mid-upload at info as status 499, without a stack', async () => {
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const created = async (path: string, body: unknown) =>
      JSON.parse(
        (await client.send('POST', `${BASE}/${path}`, { body: JSON.stringify(body), headers: auth })).text,
      ) as {
        id: string;
      };
    const model = await created('registered_models', { name: 'aborted-upload' });
    const version = await created('model_versions', { name: 'v1', registeredModelId: model.id });
    const upload = await created(`model_versions/${version.id}/uploads`, {
      files: [{ path: 'big.bin', size: 1_000_000 }],
    });
    const path = `${BASE}/uploads/${upload.id}/files/big.bin`;
    const { port } = new URL(server.url);
    const socket = connect(Number(port), '127.0.0.1', () => {
      socket.write(
        [
          `PUT ${path} HTTP/1.1`,
          'Host: 127.0.0.1',
          `Authorization: Bearer ${token}`,
          'Content-Type: application/octet-stream',
          'Content-Length: 1000000',
          '',
          '',
        ].join('\r\n'),
      );
      // Part of the body, then the client goes away once the server has taken the bytes in.
      socket.write(Buffer.alloc(100_000), () => socket.destroy());
    });
    socket.on('error', () => undefined);
    await logged((line) => line['msg'] === 'request' && line['path'] === path);
    const request = logs.find((line) => line['msg'] === 'request' && line['path'] === path);
    expect(request?.['status']).toBe(499);
    const closed = logs.find((line) => line['msg'] === 'client closed the request');
    expect(closed).toMatchObject({ level: 'info', requestId: request?.['requestId'], status: 499 });
    expect(JSON.stringify(closed)).not.toContain('    at ');
    expect(logs.filter((line) => line['level'] === 'error')).toEqual([]);
  });
});
