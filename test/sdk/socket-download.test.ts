import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelRegistry } from '@modelreg/client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName } from './support/builders.js';
import { missingBuild, startModelreg, type ModelregProcess } from './support/modelreg-process.js';
import { answerJson, answerManifest, startStubServer, type StubServer } from './support/stub-server.js';
import { failureOf } from './support/failure-of.js';

// A large file's download through the SDK's own transport reads its answer on a connection of its
// own, into one reused buffer (packages/client/src/node/socket-get.ts). These stubs send what a
// registry, a proxy or a broken peer may send, byte by byte where it matters: the bytes written
// must be the file's, and every other answer a clear error with nothing kept.

const API = '/api/model_registry/v1alpha3';
const MiB = 1024 * 1024;
/** Above the size from which a file is read on a socket of its own. */
const BYTES = randomBytes(20 * MiB + 3);

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const scratch = (prefix: string) => mkdtempSync(join(tmpdir(), `modelreg-socket-${prefix}-`));

let stub: StubServer | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

/** A stub with one file, `w.bin` of BYTES, whose GET `file` answers (raw bytes on the socket or not). */
async function stubWith(
  file: (request: IncomingMessage, response: ServerResponse, count: number) => void,
): Promise<{ url: string; headers: IncomingMessage['headers'][] }> {
  const headers: IncomingMessage['headers'][] = [];
  stub = await startStubServer((request, response) => {
    if (request.url === `${API}/model_versions/1/files`)
      return answerManifest(response, { path: 'w.bin', size: BYTES.length, sha256: sha256(BYTES) });
    headers.push(request.headers);
    file(request, response, headers.length);
  });
  return { url: stub.url, headers };
}

/** Writes `parts` to the socket one after another, each once the one before has gone; then `after`. */
function writeRaw(request: IncomingMessage, parts: readonly (string | Buffer)[], after?: () => void): void {
  const socket = request.socket;
  const next = (k: number) => {
    const part = parts[k];
    if (part === undefined) return after?.();
    socket.write(part, () => next(k + 1));
  };
  next(0);
}

const head = (length: number | string, status = '200 OK') =>
  `HTTP/1.1 ${status}\r\ncontent-type: application/octet-stream\r\ncontent-length: ${length}\r\n\r\n`;

describe('a large download through the SDK’s own transport, on a socket of its own', () => {
  it('asks on a connection it closes, and writes the file whatever the pieces the answer comes in', async () => {
    const { url, headers } = await stubWith((request) => {
      // An informational answer first, the head cut inside a line, the body in odd pieces.
      const first = head(BYTES.length);
      writeRaw(request, [
        'HTTP/1.1 103 Early Hints\r\nlink: </x>; rel=preload\r\n\r\n',
        first.slice(0, 20),
        Buffer.concat([Buffer.from(first.slice(20)), BYTES.subarray(0, 7)]),
        BYTES.subarray(7, 5 * MiB + 1),
        BYTES.subarray(5 * MiB + 1),
      ]);
    });
    const out = scratch('pieces');
    await new ModelRegistry({ url }).downloadFiles('1', out);
    expect(readFileSync(join(out, 'w.bin')).equals(BYTES)).toBe(true);
    expect(readdirSync(out)).toEqual(['w.bin']);
    // node:http's keep-alive agent would have asked to keep the connection.
    expect(headers.map((h) => h.connection)).toEqual(['close']);
  });

  it('reads a chunked answer (as a proxy may send it) by asking again through node:http', async () => {
    const { url, headers } = await stubWith((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      response.write(BYTES.subarray(0, MiB));
      response.end(BYTES.subarray(MiB));
    });
    const out = scratch('chunked');
    await new ModelRegistry({ url }).downloadFiles('1', out);
    expect(readFileSync(join(out, 'w.bin')).equals(BYTES)).toBe(true);
    expect(headers.map((h) => h.connection)).toEqual(['close', 'keep-alive']);
  });

  it('a broken connection resumes with a Range request and still verifies', async () => {
    const { url, headers } = await stubWith((request, response, count) => {
      if (count === 1) {
        return writeRaw(request, [head(BYTES.length), BYTES.subarray(0, 3 * MiB)], () =>
          request.socket.destroy(),
        );
      }
      const from = Number(/^bytes=(\d+)-$/.exec(request.headers.range ?? '')?.[1]);
      response.writeHead(206, {
        'content-length': String(BYTES.length - from),
        'content-range': `bytes ${from}-${BYTES.length - 1}/${BYTES.length}`,
      });
      response.end(BYTES.subarray(from));
    });
    const out = scratch('broken');
    await new ModelRegistry({ url }).downloadFiles('1', out);
    expect(readFileSync(join(out, 'w.bin')).equals(BYTES)).toBe(true);
    expect(headers).toHaveLength(2);
    expect(Number(/^bytes=(\d+)-$/.exec(headers[1]?.range ?? '')?.[1])).toBeLessThanOrEqual(3 * MiB);
  });

  it('an error answer is a RegistryError with the code its body names, and keeps no file', async () => {
    const { url } = await stubWith((_request, response) =>
      answerJson(response, 409, { code: 409, errorCode: 'CONTENT_CORRUPT', message: 'w.bin is corrupt' }),
    );
    const out = scratch('error');
    const failure = await failureOf(new ModelRegistry({ url }).downloadFiles('1', out, { retries: 0 }));
    expect(failure).toMatchObject({ status: 409, code: 'CONTENT_CORRUPT' });
    expect(failure.message).toContain('w.bin is corrupt');
    expect(readdirSync(out)).toEqual([]);
  });

  it.each([
    ['not HTTP', ['SSH-2.0-OpenSSH_9.2\r\n\r\n'], /no HTTP\/1.1 status line/],
    [
      'two lengths',
      [`HTTP/1.1 200 OK\r\ncontent-length: 5\r\ncontent-length: 6\r\n\r\nhello`],
      /Content-Length/,
    ],
    ['a malformed header', [`HTTP/1.1 200 OK\r\nno colon here\r\n\r\n`], /malformed header line/],
    ['a head without end', ['HTTP/1.1 200 OK\r\n', `x-pad: ${'a'.repeat(70_000)}\r\n`], /head longer/],
  ])('an answer with %s is INVALID_RESPONSE, and keeps no file', async (_what, parts, message) => {
    const { url } = await stubWith((request) => writeRaw(request, parts));
    const out = scratch('invalid');
    const failure = await failureOf(new ModelRegistry({ url }).downloadFiles('1', out, { retries: 0 }));
    expect(failure.code).toBe('INVALID_RESPONSE');
    expect(failure.message).toMatch(message);
    expect(readdirSync(out)).toEqual([]);
  });

  it('bytes that stop coming are a TIMEOUT, and keep no file', async () => {
    const { url } = await stubWith((request) =>
      writeRaw(request, [head(BYTES.length), BYTES.subarray(0, 1024)]),
    );
    const out = scratch('stall');
    const client = new ModelRegistry({ url, timeoutMs: 300 });
    const failure = await failureOf(client.downloadFiles('1', out, { retries: 0 }));
    expect(failure.code).toBe('TIMEOUT');
    expect(failure.message).toContain('no progress for 300 ms');
    expect(readdirSync(out)).toEqual([]);
  });

  it('more bytes than the manifest says are refused', async () => {
    const { url } = await stubWith((request) =>
      writeRaw(request, [head(BYTES.length + 1), BYTES, Buffer.from('!')]),
    );
    const out = scratch('more');
    const failure = await failureOf(new ModelRegistry({ url }).downloadFiles('1', out, { retries: 0 }));
    expect(failure.code).toBe('SIZE_MISMATCH');
    expect(readdirSync(out)).toEqual([]);
  });

  it('the caller’s signal stops it midway with the signal’s reason, and keeps no file', async () => {
    const controller = new AbortController();
    const { url } = await stubWith((request) =>
      writeRaw(request, [head(BYTES.length), BYTES.subarray(0, 8 * MiB)]),
    );
    const out = scratch('abort');
    const reason = new Error('stopped by the caller');
    const download = new ModelRegistry({ url }).downloadFiles('1', out, {
      signal: controller.signal,
      onProgress: (progress) => {
        if (progress.fileBytes >= 4 * MiB) controller.abort(reason);
      },
    });
    await expect(download).rejects.toBe(reason);
    expect(readdirSync(out)).toEqual([]);
  });
});

const skipReason = missingBuild();

describe.skipIf(skipReason !== undefined)(
  `a large download from \`modelreg serve\` on a socket of its own${skipReason === undefined ? '' : ` (${skipReason})`}`,
  () => {
    let server: ModelregProcess;
    beforeAll(async () => {
      server = await startModelreg();
    });
    afterAll(async () => {
      await server?.stop();
    });

    it('brings the file back equal, twice; a corrupted blob is CONTENT_CORRUPT, then as the answer itself', async () => {
      const client = new ModelRegistry({ url: server.url });
      const name = uniqueName('socket');
      const dir = scratch('up');
      writeFileSync(join(dir, 'w.bin'), BYTES);
      await client.registerModel({ name, version: 'v1', files: dir });
      const id = (await client.getModelVersion(name, 'v1'))?.id ?? '';
      // The first download checks the sha256 and records segment checksums; the second checks those.
      for (const round of ['first', 'second']) {
        const out = scratch(round);
        await client.downloadFiles(id, out);
        expect(readFileSync(join(out, 'w.bin')).equals(BYTES)).toBe(true);
      }
      const stored = readdirSync(server.dataDir, { recursive: true, encoding: 'utf8' })
        .map((entry) => join(server.dataDir, entry))
        .filter((full) => statSync(full).isFile() && statSync(full).size === BYTES.length);
      expect(stored.length).toBeGreaterThan(0);
      const corrupted = Buffer.from(BYTES);
      corrupted[12 * MiB] = (corrupted[12 * MiB] ?? 0) ^ 0xff;
      for (const blob of stored) writeFileSync(blob, corrupted);
      // The download that finds it breaks off; the retry is refused with the answer's code.
      const out = scratch('corrupt');
      const failure = await failureOf(client.downloadFiles(id, out));
      expect(failure.code).toBe('CONTENT_CORRUPT');
      expect(readdirSync(out)).toEqual([]);
    });
  },
);
