import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { putFileRange } from './node-http-transfer.js';
import { SentBytesHash } from './sent-bytes-hash.js';

// A PUT's bytes go from the file to the socket through a few page-aligned buffers in shared memory,
// which the upload's hash reads where they are; the sets of buffers are reused from PUT to PUT.

const MiB = 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'modelreg-put-range-'));
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let server: http.Server;
let url: string;

beforeAll(async () => {
  // Answers each PUT with the sha256 and length of what it received.
  server = http.createServer((request, response) => {
    const hash = createHash('sha256');
    let length = 0;
    request.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      length += chunk.length;
    });
    request.on('end', () => response.end(JSON.stringify({ sha256: hash.digest('hex'), length })));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/put`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

async function put(
  path: string,
  size: number,
  written?: SentBytesHash,
): Promise<{ sha256: string; length: number }> {
  const handle = await open(path, 'r');
  try {
    const target = { url, headers: { 'content-length': String(size) }, signal: new AbortController().signal };
    const source = { handle, offset: 0, size, shortened: () => new Error('shortened'), written };
    const answer = await putFileRange(target, source, () => undefined);
    return JSON.parse(answer.text) as { sha256: string; length: number };
  } finally {
    await handle.close();
  }
}

describe('putFileRange', () => {
  it('sends the file, and the hash fed with the sent chunks agrees with what arrived', async () => {
    const bytes = randomBytes(5 * MiB + 321);
    const path = join(dir, 'large.bin');
    writeFileSync(path, bytes);
    const hash = new SentBytesHash(path);
    try {
      const got = await put(path, bytes.length, hash);
      expect(got).toEqual({ sha256: sha256(bytes), length: bytes.length });
      await expect(hash.digest(bytes.length)).resolves.toBe(sha256(bytes));
    } finally {
      hash.stop();
    }
  });

  it('reuses its buffers from PUT to PUT rather than mapping new memory for each', async () => {
    const path = join(dir, 'small.bin');
    const bytes = randomBytes(1000);
    writeFileSync(path, bytes);
    await put(path, bytes.length);
    const memories = vi.spyOn(WebAssembly, 'Memory');
    try {
      for (let i = 0; i < 20; i++)
        expect(await put(path, bytes.length)).toEqual({ sha256: sha256(bytes), length: 1000 });
      expect(memories).not.toHaveBeenCalled();
    } finally {
      memories.mockRestore();
    }
  });
});
