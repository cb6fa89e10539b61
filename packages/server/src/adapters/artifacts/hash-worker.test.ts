import { createHash, randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { HashWorker, SLOT_SIZE, type WorkerHash } from './hash-worker.js';

// Rings of shared memory are reused from one file to the next: a file must never see bytes of
// another, nor its checkpoint state bytes written after it.

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

async function feed(hash: WorkerHash, data: Uint8Array): Promise<void> {
  for (let offset = 0; offset < data.length; offset += SLOT_SIZE) {
    const piece = data.subarray(offset, offset + SLOT_SIZE);
    const { slot, bytes } = await hash.take();
    bytes.set(piece);
    hash.update(slot, piece.length);
  }
}

describe('hash worker', () => {
  const worker = new HashWorker();
  afterAll(() => worker.close());

  it('gives each of the files hashed one after another its own digest', async () => {
    const files = [0, 1, 2, 3].map((n) => randomBytes(SLOT_SIZE * 3 + 1000 * n));
    for (const [n, data] of files.entries()) {
      const hash = (await worker.open(`file-${n}`, 0)) as WorkerHash;
      await feed(hash, data);
      expect(await hash.digest()).toBe(sha256(data));
    }
  });

  it('keeps a slot that a disk write still reads from out of the next file’s reach', async () => {
    const data = randomBytes(SLOT_SIZE);
    const first = (await worker.open('held', 0)) as WorkerHash;
    const { slot, bytes } = await first.take();
    bytes.set(data);
    let writeDone = () => undefined as void;
    const written = new Promise<void>((resolve) => (writeDone = resolve));
    first.update(slot, data.length, written);
    expect(await first.digest()).toBe(sha256(data));
    const next = (await worker.open('next', 0)) as WorkerHash;
    const nextData = randomBytes(SLOT_SIZE * 8);
    await feed(next, nextData);
    expect(bytes.equals(data)).toBe(true);
    writeDone();
    expect(await next.digest()).toBe(sha256(nextData));
  });

  it('hashes again after it was closed (a new worker, new rings)', async () => {
    const before = randomBytes(SLOT_SIZE * 2);
    const first = (await worker.open('before-close', 0)) as WorkerHash;
    await feed(first, before);
    expect(await first.digest()).toBe(sha256(before));
    await worker.close();
    const after = randomBytes(SLOT_SIZE * 2);
    const second = (await worker.open('after-close', 0)) as WorkerHash;
    await feed(second, after);
    expect(await second.digest()).toBe(sha256(after));
  });

  it('resumes from a checkpoint whose bytes were still being hashed when the file was closed', async () => {
    const data = randomBytes(SLOT_SIZE * 10);
    const half = SLOT_SIZE * 6;
    const first = (await worker.open('resumed', 0)) as WorkerHash;
    await feed(first, data.subarray(0, half));
    first.snapshot(half);
    // Closed with slots in flight, then other files hashed at once: none may write into them.
    first.close();
    const others = [randomBytes(SLOT_SIZE * 8), randomBytes(SLOT_SIZE * 8)];
    const hashes = await Promise.all(others.map((_, n) => worker.open(`other-${n}`, 0)));
    await Promise.all(hashes.map((hash, n) => feed(hash as WorkerHash, others[n] ?? new Uint8Array())));
    const resumed = await worker.open('resumed', half);
    expect(resumed).toBeDefined();
    await feed(resumed as WorkerHash, data.subarray(half));
    expect(await (resumed as WorkerHash).digest()).toBe(sha256(data));
    for (const [n, hash] of hashes.entries())
      expect(await hash?.digest()).toBe(sha256(others[n] ?? new Uint8Array()));
  });
});
