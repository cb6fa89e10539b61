import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTokenInDatabase, loadServerConfig, startServer, type RunningServer } from '@modelreg/server';
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
  beforeAll(async () => {
    const config = loadServerConfig({ dataDir, port: 0, auth: 'token', logLevel: 'silent' }, {});
    server = await startServer(config);
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

  it('keeps an idle connection longer than client pools do (undici: 4 s)', async () => {
    const answer = await get('registered_models');
    const timeout = /timeout=(\d+)/.exec(String(answer.headers['keep-alive']))?.[1];
    expect(Number(timeout)).toBeGreaterThan(4);
  });
});
