/// <reference types="node" />
import { Worker } from 'node:worker_threads';
import { RegistryError } from '../errors.js';

/**
 * The worker's code (CommonJS, evaluated: no file to ship or resolve). It hashes the file from its
 * start up to the watermark the owner publishes in shared memory, sleeping on the generation
 * counter while it has caught up, until the end is published and reached.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { openSync, readSync, closeSync } = require('node:fs');
const view = new BigInt64Array(workerData.shared);
const hash = createHash('sha256');
const buffer = Buffer.allocUnsafe(workerData.chunk);
const fd = openSync(workerData.path, 'r');
let position = 0;
try {
  for (;;) {
    const generation = Atomics.load(view, 2);
    const mark = Number(Atomics.load(view, 0));
    if (position < mark) {
      const bytes = readSync(fd, buffer, 0, Math.min(buffer.length, mark - position), position);
      if (bytes === 0) break;
      hash.update(buffer.subarray(0, bytes));
      position += bytes;
      continue;
    }
    const end = Number(Atomics.load(view, 1));
    if (end >= 0 && position >= end) break;
    Atomics.store(view, 3, 1n);
    Atomics.wait(view, 2, generation);
    Atomics.store(view, 3, 0n);
  }
} finally {
  closeSync(fd);
}
parentPort.postMessage({ digest: hash.digest('hex'), bytes: position });
`;

const CHUNK_BYTES = 1024 * 1024;

/**
 * Slots of the shared memory: bytes final so far, the end (-1 until known), a generation counter
 * (bumped on every change), and whether the worker sleeps on it (only then is it woken: a wake is
 * a system call, and an upload's worker has the whole file from the start).
 */
const MARK = 0;
const END = 1;
const GENERATION = 2;
const SLEEPING = 3;

/**
 * The sha256 of a file computed on a worker thread, reading the file itself while the caller moves
 * its bytes: an upload hashes the file beside the PUT that sends it, a download hashes what it has
 * written so far. The caller's thread never hashes, so the transfer and the hash overlap (on one
 * thread, each 1 MiB chunk was hashed before it was sent, or before the next was read).
 *
 * The digest is of the file's bytes as the worker read them: a file changed during an upload
 * hashes to something the server did not receive, and the digests disagree (nothing is committed);
 * a download's digest is of the bytes on disk, the very bytes that get the file's name.
 */
export class BackgroundHash {
  private readonly view: BigInt64Array;
  private readonly worker: Worker;
  private readonly result: Promise<{ digest: string; bytes: number }>;

  /** Starts hashing `path`, whose first `final` bytes will not change any more. */
  constructor(
    private readonly path: string,
    final = 0,
  ) {
    const shared = new SharedArrayBuffer(4 * BigInt64Array.BYTES_PER_ELEMENT);
    this.view = new BigInt64Array(shared);
    this.view[MARK] = BigInt(final);
    this.view[END] = -1n;
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { shared, path, chunk: CHUNK_BYTES } });
    this.result = new Promise((resolve, reject) => {
      this.worker.once('message', resolve);
      this.worker.once('error', reject);
      this.worker.once('exit', (code) =>
        reject(new RegistryError(`hashing ${path} stopped (worker exit ${code})`, 'LOCAL_FILE_ERROR', 0)),
      );
    });
    // Awaited by digest(); a failure before then must not be an unhandled rejection.
    this.result.catch(() => undefined);
  }

  /** The file's first `bytes` bytes are final: the worker may hash up to there. */
  advance(bytes: number): void {
    Atomics.store(this.view, MARK, BigInt(bytes));
    this.wake();
  }

  /** The file ends at `size` bytes: resolves its sha256 (hex) once the worker has hashed them all. */
  async digest(size: number): Promise<string> {
    Atomics.store(this.view, END, BigInt(size));
    this.advance(size);
    const { digest, bytes } = await this.result;
    if (bytes !== size)
      throw new RegistryError(`${this.path} changed while it was being hashed`, 'LOCAL_FILE_CHANGED', 0);
    return digest;
  }

  /** Stops the worker (the transfer failed or was aborted; the digest is not wanted). */
  stop(): void {
    void this.worker.terminate();
  }

  private wake(): void {
    // The worker reads the generation before it decides to sleep and sleeps only while it is
    // unchanged: bumped here first, a worker about to sleep does not, and one asleep is woken.
    Atomics.add(this.view, GENERATION, 1n);
    if (Atomics.load(this.view, SLEEPING) === 1n) Atomics.notify(this.view, GENERATION);
  }
}
