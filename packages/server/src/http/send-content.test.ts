import { randomBytes, createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ContentReader } from '../ports/artifact-store.js';
import { sendContent } from './send-content.js';

// sendContent on its own, in a bare Hono app (no middleware touching the response afterwards):
// through @hono/node-server on a socket it writes the Node response itself; without one (as
// `app.request()` in tests) it answers a web stream. Both must send exactly the bytes asked for.

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
const DATA = randomBytes(6 * 1024 * 1024 + 333);

/** The buffers the reads went into. */
const readInto: Buffer[] = [];

function memoryReader(data: Buffer, log: number[]): ContentReader {
  return {
    size: async () => data.length,
    read: async (buffer, length, position) => {
      log.push(position);
      readInto.push(buffer);
      return data.copy(buffer, 0, position, Math.min(data.length, position + length));
    },
    close: async () => undefined,
  };
}

async function* chunks(data: Buffer): AsyncGenerator<Uint8Array> {
  yield data;
}

function app(log: number[]) {
  const routes = new Hono();
  routes.get('/file', (c) =>
    sendContent(
      c,
      200,
      { 'content-length': String(DATA.length) },
      {
        start: 0,
        length: DATA.length,
        read: async () => chunks(DATA),
        openReader: async () => memoryReader(DATA, log),
      },
    ),
  );
  routes.get('/range', (c) =>
    sendContent(
      c,
      206,
      { 'content-length': '1000' },
      {
        start: 2_000_000,
        length: 1000,
        read: async () => chunks(DATA.subarray(2_000_000, 2_001_000)),
        openReader: async () => memoryReader(DATA, log),
      },
    ),
  );
  return routes;
}

describe('sendContent', () => {
  const log: number[] = [];
  let server: ServerType;
  let url = '';
  beforeAll(async () => {
    server = serve({ fetch: app(log).fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('writes the Node response itself, once, with positional reads', async () => {
    const errors = vi.spyOn(console, 'error');
    try {
      log.length = 0;
      const whole = await fetch(`${url}/file`);
      expect(whole.status).toBe(200);
      expect(sha256(new Uint8Array(await whole.arrayBuffer()))).toBe(sha256(DATA));
      expect(log).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => i * 1024 * 1024));
      // Into page-aligned buffers, four to a slab of memory (send-content.ts says why).
      for (const buffer of readInto) {
        expect(buffer.byteOffset % 4096).toBe(0);
        expect(buffer.buffer.byteLength).toBe(4 * 1024 * 1024);
      }
      const part = await fetch(`${url}/range`);
      expect(part.status).toBe(206);
      expect(Buffer.from(await part.arrayBuffer()).equals(DATA.subarray(2_000_000, 2_001_000))).toBe(true);
      // A second head on the sent response would be reported by @hono/node-server here.
      expect(errors).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
    }
  });

  it('answers a web stream where there is no socket', async () => {
    log.length = 0;
    const response = await app(log).request('/file');
    expect(sha256(new Uint8Array(await response.arrayBuffer()))).toBe(sha256(DATA));
    expect(log).toEqual([]);
  });
});
