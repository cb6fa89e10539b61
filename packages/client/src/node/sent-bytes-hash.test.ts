import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { alignedBuffers } from './direct-io.js';
import { SentBytesHash } from './sent-bytes-hash.js';

// An upload's hash is computed from the chunks its PUTs sent, and from the file for every byte
// they did not send (upload-files.ts). These hand chunks over as the PUTs would, in the orders a
// resumed or retried upload produces, and compare the digest with the file's.

const MiB = 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'modelreg-sent-hash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function fileOf(name: string, bytes: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** Hands over the file's bytes [at, at + length) in a buffer of its own; resolves the buffer given back. */
function send(
  hash: SentBytesHash,
  bytes: Buffer,
  at: number,
  length: number,
  size = length,
): Promise<Buffer> {
  const chunk = Buffer.allocUnsafe(size);
  bytes.copy(chunk, 0, at, at + length);
  return new Promise((resolve) => hash.take(chunk, at, length, resolve));
}

/** Runs `steps` on a hash of a new file holding `bytes`, and stops the hash's worker afterwards. */
async function withHash(
  name: string,
  bytes: Buffer,
  steps: (hash: SentBytesHash) => Promise<void>,
): Promise<void> {
  const hash = new SentBytesHash(fileOf(name, bytes));
  try {
    await steps(hash);
  } finally {
    hash.stop();
  }
}

describe('SentBytesHash', () => {
  it('hashes the chunks sent in order, and gives every buffer back whole', async () => {
    const bytes = randomBytes(3 * MiB + 5);
    await withHash('in-order.bin', bytes, async (hash) => {
      const back = await Promise.all(
        [0, 1, 2, 3].map((i) => send(hash, bytes, i * MiB, Math.min(MiB, bytes.length - i * MiB), MiB)),
      );
      expect(back.map((buffer) => buffer.length)).toEqual([MiB, MiB, MiB, MiB]);
      await expect(hash.digest(bytes.length)).resolves.toBe(sha256(bytes));
    });
  });

  // Each case: the file's size and the chunks sent, in order, as [at, length] in MiB.
  it.each([
    {
      // Resumed at 1.5 MiB; 3.5–4 MiB went out with a request that failed; nothing past 5 MiB sent.
      what: 'reads from the file what was not sent: the start a resume skips, a gap, the end',
      size: 6,
      sent: [
        [1.5, 2],
        [4, 1],
      ],
    },
    {
      what: 'skips bytes sent again (a retry from an earlier offset), hashing each byte once',
      size: 4,
      sent: [
        [0, 2],
        [1, 2],
        [1.5, 0.5],
        [3, 1],
      ],
    },
  ])('$what', async ({ size, sent }) => {
    const bytes = randomBytes(size * MiB);
    await withHash(`sent-${size}.bin`, bytes, async (hash) => {
      for (const [at = 0, length = 0] of sent) await send(hash, bytes, at * MiB, length * MiB);
      await expect(hash.digest(bytes.length)).resolves.toBe(sha256(bytes));
    });
  });

  it('hashes a chunk that shares its memory with other bytes (a copy goes to the worker)', async () => {
    const bytes = randomBytes(2 * MiB);
    await withHash('shared.bin', bytes, async (hash) => {
      const pool = Buffer.from(bytes);
      const chunk = pool.subarray(MiB, 2 * MiB);
      const back = await new Promise<Buffer>((resolve) => hash.take(chunk, MiB, MiB, resolve));
      expect(back).toBe(chunk);
      await expect(hash.digest(bytes.length)).resolves.toBe(sha256(bytes));
    });
  });

  it('a file shorter than its size (changed under the upload) is LOCAL_FILE_CHANGED', async () => {
    const bytes = randomBytes(2 * MiB);
    await withHash('short.bin', bytes, async (hash) => {
      await send(hash, bytes, 0, MiB);
      await expect(hash.digest(3 * MiB)).rejects.toMatchObject({ code: 'LOCAL_FILE_CHANGED' });
    });
  });

  it('reads chunks in shared memory where they are, gives the same buffers back, and hashes the gaps', async () => {
    const bytes = randomBytes(4 * MiB + 77);
    await withHash('shared.bin', bytes, async (hash) => {
      const [first, second] = alignedBuffers(2, MiB, { shared: true });
      if (first === undefined || second === undefined) throw new Error('no buffers');
      bytes.copy(first, 0, 0, MiB);
      // The second MiB is not sent (read from the file by the worker); then the third, half of it.
      bytes.copy(second, 0, 2 * MiB, 2 * MiB + MiB / 2);
      const back = await Promise.all([
        new Promise<Buffer>((resolve) => hash.take(first, 0, MiB, resolve)),
        new Promise<Buffer>((resolve) => hash.take(second, 2 * MiB, MiB / 2, resolve)),
      ]);
      expect(back[0]).toBe(first);
      expect(back[1]).toBe(second);
      expect(first.buffer).toBeInstanceOf(SharedArrayBuffer);
      await expect(hash.digest(bytes.length)).resolves.toBe(sha256(bytes));
    });
  });

  it('once stopped, chunks go straight back and the digest fails rather than hang', async () => {
    const bytes = randomBytes(MiB);
    const hash = new SentBytesHash(fileOf('stopped.bin', bytes));
    const exited = send(hash, bytes, 0, MiB);
    hash.stop();
    // Given back by the worker, or replaced when it went away: either way the sender has a buffer.
    expect((await exited).length).toBe(MiB);
    await expect(hash.digest(bytes.length)).rejects.toMatchObject({ code: 'LOCAL_FILE_ERROR' });
    const chunk = Buffer.allocUnsafe(MiB);
    await expect(new Promise<Buffer>((resolve) => hash.take(chunk, 0, MiB, resolve))).resolves.toBe(chunk);
  });
});
