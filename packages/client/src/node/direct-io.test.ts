import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { BackgroundHash } from './background-hash.js';
import { alignedBuffers, DIRECT_ALIGN, openDirect } from './direct-io.js';
import { DownloadWriter } from './download-writer.js';

// Large downloads are written with O_DIRECT and read back the same way by the hash worker
// (direct-io.ts). These run against a real file on the test machine's disk: Linux's direct I/O
// refuses misaligned buffers, offsets and lengths with EINVAL, so a write or read that broke the
// alignment rules would fail here, not only be slower.

const MiB = 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'modelreg-direct-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const linux = process.platform === 'linux';

interface Counted {
  readonly handle: FileHandle;
  /** Bytes asked of each write, in order. */
  readonly writes: number[];
}

/** A real handle whose writes are counted. */
function counted(handle: FileHandle): Counted {
  const writes: number[] = [];
  const write = handle.write.bind(handle) as (...args: unknown[]) => Promise<{ bytesWritten: number }>;
  Object.assign(handle, {
    write: (buffer: Uint8Array, offset: number, length: number, position: number) => {
      writes.push(length);
      return write(buffer, offset, length, position);
    },
  });
  return { handle, writes };
}

/** Sends `bytes` through `writer` in chunks of odd sizes, as a socket would. */
async function send(writer: DownloadWriter, bytes: Buffer): Promise<void> {
  for (let at = 0, step = 0; at < bytes.length; step++) {
    const chunk = bytes.subarray(at, Math.min(bytes.length, at + 65_536 + ((step * 7919) % 40_000)));
    for (let offset = 0; offset < chunk.length;) {
      offset += writer.put(chunk, offset);
      if (writer.full) await writer.submit();
    }
    at += chunk.length;
  }
  await writer.finish();
  await writer.settle();
}

async function openPair(path: string): Promise<{ buffered: Counted; direct: Counted | undefined }> {
  const buffered = counted(await open(path, 'wx'));
  const direct = await openDirect(path);
  return { buffered, direct: direct === undefined ? undefined : counted(direct) };
}

describe.runIf(linux)('direct I/O for large downloads', () => {
  it('gives buffers a direct write accepts', async () => {
    const path = join(dir, 'aligned.bin');
    const { buffered, direct } = await openPair(path);
    expect(direct).toBeDefined();
    const [buffer] = alignedBuffers(1, 4 * DIRECT_ALIGN);
    buffer?.fill(7);
    await expect(direct?.handle.write(buffer as Buffer, 0, 4 * DIRECT_ALIGN, 0)).resolves.toMatchObject({
      bytesWritten: 4 * DIRECT_ALIGN,
    });
    // A Buffer of Node's own is not aligned: the kernel refuses it (which is why alignedBuffers exists).
    const plain = Buffer.alloc(4 * DIRECT_ALIGN + 1).subarray(1);
    await expect(direct?.handle.write(plain, 0, 4 * DIRECT_ALIGN, 0)).rejects.toMatchObject({
      code: 'EINVAL',
    });
    await direct?.handle.close();
    await buffered.handle.close();
  });

  it('writes the whole blocks direct and only the last partial block through the page cache', async () => {
    const path = join(dir, 'odd-size.bin');
    const bytes = randomBytes(9 * MiB + 1234);
    const { buffered, direct } = await openPair(path);
    const state = { written: 0, digest: { written: () => undefined } };
    await send(
      new DownloadWriter(buffered.handle, state, 'odd-size.bin', bytes.length, direct?.handle),
      bytes,
    );
    await buffered.handle.sync();
    await direct?.handle.close();
    await buffered.handle.close();
    expect(state.written).toBe(bytes.length);
    expect(readFileSync(path).equals(bytes)).toBe(true);
    expect(direct?.writes.reduce((a, b) => a + b, 0)).toBe(bytes.length - 1234);
    expect(buffered.writes).toEqual([1234]);
  });

  it('resumes at an odd offset through the page cache, with the same bytes', async () => {
    const path = join(dir, 'resumed.bin');
    const bytes = randomBytes(6 * MiB + 3);
    const { buffered, direct } = await openPair(path);
    const head = 5000;
    await buffered.handle.write(bytes, 0, head, 0);
    buffered.writes.length = 0;
    const state = { written: head, digest: { written: () => undefined } };
    await send(
      new DownloadWriter(buffered.handle, state, 'resumed.bin', bytes.length, direct?.handle),
      bytes.subarray(head),
    );
    await direct?.handle.close();
    await buffered.handle.close();
    expect(readFileSync(path).equals(bytes)).toBe(true);
    expect(direct?.writes).toEqual([]);
    expect(buffered.writes.reduce((a, b) => a + b, 0)).toBe(bytes.length - head);
  });

  it('goes on through the page cache when a direct write is refused with EINVAL', async () => {
    const path = join(dir, 'refused.bin');
    const bytes = randomBytes(9 * MiB);
    const buffered = counted(await open(path, 'wx'));
    let refused = 0;
    const direct = {
      write: () => {
        refused += 1;
        return Promise.reject(
          Object.assign(new Error('EINVAL: invalid argument, write'), { code: 'EINVAL' }),
        );
      },
    } as unknown as FileHandle;
    const state = { written: 0, digest: { written: () => undefined } };
    await send(new DownloadWriter(buffered.handle, state, 'refused.bin', bytes.length, direct), bytes);
    await buffered.handle.close();
    expect(refused).toBe(1);
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });

  it('hashes a file read back direct, its watermark and end at odd offsets', async () => {
    const path = join(dir, 'hashed.bin');
    const bytes = randomBytes(13 * MiB + 777);
    const { buffered, direct } = await openPair(path);
    // The tail is written through the page cache and not synced: a direct read must still see it.
    const marks: number[] = [];
    const hash = new BackgroundHash(path, 0, true);
    const digestOf = {
      written: (written: number) => {
        marks.push(written);
        // Behind what is written, at an offset no block boundary falls on.
        hash.advance(Math.max(0, written - 4093));
      },
    };
    const state = { written: 0, digest: digestOf };
    await send(new DownloadWriter(buffered.handle, state, 'hashed.bin', bytes.length, direct?.handle), bytes);
    const digest = await hash.digest(bytes.length);
    await direct?.handle.close();
    await buffered.handle.close();
    expect(marks.length).toBeGreaterThan(2);
    expect(digest).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(hash.readDirect).toBe(true);
  });

  it('reads on direct from a watermark that fell between two blocks', async () => {
    const path = join(dir, 'watermarks.bin');
    const bytes = randomBytes(6 * MiB + 99);
    writeFileSync(path, bytes);
    // The worker catches up with each watermark before the next: its position is then odd.
    const hash = new BackgroundHash(path, 3 * DIRECT_ALIGN + 5, true);
    await vi.waitFor(() => expect(hash.idle()).toBe(true), { timeout: 60_000 });
    hash.advance(4 * MiB + 77);
    await vi.waitFor(() => expect(hash.idle()).toBe(true), { timeout: 60_000 });
    await expect(hash.digest(bytes.length)).resolves.toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(hash.readDirect).toBe(true);
  });

  it('tells a file shorter than its end from a whole one, read direct', async () => {
    const path = join(dir, 'short.bin');
    const bytes = randomBytes(5 * MiB + 10);
    writeFileSync(path, bytes);
    const hash = new BackgroundHash(path, 0, true);
    await expect(hash.digest(bytes.length + 4096)).rejects.toMatchObject({ code: 'LOCAL_FILE_CHANGED' });
  });
});
