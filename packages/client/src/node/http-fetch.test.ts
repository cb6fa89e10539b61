import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpFetch } from './http-fetch.js';

/** What a test server saw of one request. */
interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
  readonly port: number;
}

/** A loopback server answering by path; it records every request it got. */
async function startServer(
  answer: (request: Seen, response: http.ServerResponse) => void,
): Promise<{ url: string; seen: Seen[]; close: () => Promise<void> }> {
  const seen: Seen[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const got: Seen = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        port: request.socket.remotePort ?? 0,
      };
      seen.push(got);
      answer(got, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('httpFetch (the SDK’s JSON requests on Node, through node:http)', () => {
  let main: Awaited<ReturnType<typeof startServer>>;
  let other: Awaited<ReturnType<typeof startServer>>;

  beforeAll(async () => {
    other = await startServer((_request, response) => response.end('elsewhere'));
    main = await startServer((request, response) => {
      const path = request.url.split('?')[0];
      if (path === '/json') {
        response.writeHead(201, 'Made', { 'content-type': 'application/json', 'x-request-id': 'r1' });
        response.end(JSON.stringify({ got: request.body, method: request.method }));
      } else if (path === '/empty') {
        response.writeHead(204).end();
      } else if (path === '/gzip') {
        response.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync('{"packed":true}'));
      } else if (path === '/see-other') {
        response.writeHead(303, { location: '/json' }).end();
      } else if (path === '/found') {
        response.writeHead(302, { location: '/json' }).end();
      } else if (path === '/temporary') {
        response.writeHead(307, { location: '/json' }).end();
      } else if (path === '/away') {
        response.writeHead(302, { location: `${other.url}/landing` }).end();
      } else if (path === '/loop') {
        response.writeHead(302, { location: '/loop' }).end();
      } else if (path === '/never') {
        // No answer: the caller's signal must end the wait.
      } else {
        response.writeHead(404).end('no such path');
      }
    });
  });
  afterAll(async () => {
    await main.close();
    await other.close();
  });

  it('answers a Response with status, status text, headers, body and the URL it came from', async () => {
    const response = await httpFetch(`${main.url}/json?a=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer t' },
      body: JSON.stringify({ name: 'm' }),
    });
    expect(response.status).toBe(201);
    expect(response.statusText).toBe('Made');
    expect(response.headers.get('x-request-id')).toBe('r1');
    expect(response.url).toBe(`${main.url}/json?a=1`);
    expect(await response.json()).toEqual({ got: '{"name":"m"}', method: 'POST' });
    const request = main.seen.at(-1);
    expect(request?.headers['content-length']).toBe('12');
    expect(request?.headers['authorization']).toBe('Bearer t');
  });

  it('states a length of 0 for a POST without a body, and none for a GET', async () => {
    await httpFetch(`${main.url}/json`, { method: 'POST' });
    expect(main.seen.at(-1)?.headers['content-length']).toBe('0');
    expect(main.seen.at(-1)?.headers['transfer-encoding']).toBeUndefined();
    await httpFetch(`${main.url}/json`);
    expect(main.seen.at(-1)?.headers['content-length']).toBeUndefined();
  });

  it('keeps the connection alive between calls', async () => {
    await httpFetch(`${main.url}/json`);
    await httpFetch(`${main.url}/json`);
    const [first, second] = main.seen.slice(-2);
    expect(second?.port).toBe(first?.port);
  });

  it('answers 204 and HEAD without a body, and decodes a gzip body', async () => {
    const empty = await httpFetch(`${main.url}/empty`, { method: 'DELETE' });
    expect(empty.status).toBe(204);
    expect(empty.body).toBeNull();
    const head = await httpFetch(`${main.url}/json`, { method: 'HEAD' });
    expect(head.status).toBe(201);
    expect(await head.text()).toBe('');
    expect(await (await httpFetch(`${main.url}/gzip`)).json()).toEqual({ packed: true });
  });

  it('follows redirects as fetch does', async () => {
    // 303: a GET without the body; 302 of a POST: a GET; 307: the same method and body.
    const seeOther = await httpFetch(`${main.url}/see-other`, { method: 'PUT', body: 'x' });
    expect(await seeOther.json()).toEqual({ got: '', method: 'GET' });
    expect(seeOther.url).toBe(`${main.url}/json`);
    expect(await (await httpFetch(`${main.url}/found`, { method: 'POST', body: 'x' })).json()).toEqual({
      got: '',
      method: 'GET',
    });
    expect(await (await httpFetch(`${main.url}/temporary`, { method: 'POST', body: 'kept' })).json()).toEqual(
      {
        got: 'kept',
        method: 'POST',
      },
    );
    // To another origin the bearer token is not sent.
    const away = await httpFetch(`${main.url}/away`, { headers: { authorization: 'Bearer secret' } });
    expect(await away.text()).toBe('elsewhere');
    expect(other.seen.at(-1)?.headers['authorization']).toBeUndefined();
    // manual: the redirect itself; error: a rejection; a loop: a rejection after 20.
    expect((await httpFetch(`${main.url}/found`, { redirect: 'manual' })).status).toBe(302);
    await expect(httpFetch(`${main.url}/found`, { redirect: 'error' })).rejects.toThrow('fetch failed');
    await expect(httpFetch(`${main.url}/loop`)).rejects.toMatchObject({
      message: 'fetch failed',
      cause: { message: 'more than 20 redirects' },
    });
  });

  it('rejects with the signal’s reason when it aborts, and with fetch failed when nothing listens', async () => {
    const controller = new AbortController();
    const pending = httpFetch(`${main.url}/never`, { signal: controller.signal });
    // Aborted once the server has the request (however long that takes on a loaded machine), so
    // the wait cut short is the one for an answer, not for a connection.
    while (main.seen.at(-1)?.url !== '/never') await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort(new DOMException('timed out after 5 ms', 'TimeoutError'));
    await expect(pending).rejects.toMatchObject({ name: 'TimeoutError' });

    // Port 1 on loopback: nothing listens there.
    await expect(httpFetch('http://127.0.0.1:1/json')).rejects.toMatchObject({
      name: 'TypeError',
      message: 'fetch failed',
      cause: { code: 'ECONNREFUSED' },
    });
  });
});
