/// <reference types="node" />
import { Worker } from 'node:worker_threads';
import { RegistryError } from '../errors.js';

/**
 * The worker's code (CommonJS, evaluated: no file to ship or resolve). It hashes the file from its
 * start up to the watermark the owner publishes in shared memory, sleeping on the generation
 * counter while it has caught up, until the end is published and reached. The next chunk is read
 * (on libuv's pool) while the last is hashed, into two buffers taken in turns.
 *
 * With `direct`, the file is read with O_DIRECT: from the disk, not from the page cache (a
 * download written past the page cache is not in it, and reading it back through the cache would
 * allocate the pages the direct writes saved). Direct reads start at a multiple of 4096 bytes and
 * ask for whole blocks: the bytes before the position (hashed already) and those past the
 * watermark (not final yet) are read but not hashed. The buffers are a WebAssembly memory's,
 * page-aligned (direct-io.ts). A file system that refuses O_DIRECT, at open or at a read, is read
 * through the page cache.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const ALIGN = 4096;
const view = new BigInt64Array(workerData.shared);
const hash = createHash('sha256');
const chunk = workerData.chunk;
const pages = Math.ceil((2 * chunk) / 65536);
const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
const buffers = [Buffer.from(memory.buffer, 0, chunk), Buffer.from(memory.buffer, chunk, chunk)];
let turn = 0;
let fd;
let direct = false;
if (workerData.direct && fs.constants.O_DIRECT !== undefined) {
  try {
    fd = fs.openSync(workerData.path, fs.constants.O_RDONLY | fs.constants.O_DIRECT);
    direct = true;
  } catch {}
}
if (fd === undefined) fd = fs.openSync(workerData.path, 'r');
function readOnce(buffer, at, length) {
  return new Promise((resolve, reject) =>
    fs.read(fd, buffer, 0, length, at, (error, bytes) => (error ? reject(error) : resolve(bytes))),
  );
}
// Reads from \`from\` towards \`mark\`; resolves the file range [at, end) now in the buffer.
async function readChunk(from, mark) {
  const buffer = buffers[turn];
  turn = 1 - turn;
  for (;;) {
    const at = direct ? from - (from % ALIGN) : from;
    let length = Math.min(buffer.length, mark - at);
    if (direct) length = Math.ceil(length / ALIGN) * ALIGN;
    try {
      const bytes = await readOnce(buffer, at, length);
      return { buffer, at, end: Math.min(at + bytes, mark) };
    } catch (error) {
      if (!direct || error.code !== 'EINVAL') throw error;
      fs.closeSync(fd);
      fd = fs.openSync(workerData.path, 'r');
      direct = false;
    }
  }
}
async function main() {
  let position = 0;
  let pending;
  for (;;) {
    const generation = Atomics.load(view, 2);
    const mark = Number(Atomics.load(view, 0));
    if (pending === undefined && position < mark) pending = readChunk(position, mark);
    if (pending !== undefined) {
      const { buffer, at, end } = await pending;
      pending = undefined;
      if (end <= position) break;
      const next = Number(Atomics.load(view, 0));
      if (end < next) pending = readChunk(end, next);
      hash.update(buffer.subarray(position - at, end - at));
      position = end;
      continue;
    }
    const last = Number(Atomics.load(view, 1));
    if (last >= 0 && position >= last) break;
    Atomics.store(view, 3, 1n);
    Atomics.wait(view, 2, generation);
    Atomics.store(view, 3, 0n);
  }
  return position;
}
main().then(
  (position) => {
    fs.closeSync(fd);
    parentPort.postMessage({ digest: hash.digest('hex'), bytes: position, direct });
  },
  (error) => {
    fs.closeSync(fd);
    throw error;
  },
);
`;

/**
 * Bytes read (and hashed) at a time. A 1 GiB pull through the built CLI, written and read back with
 * direct I/O, five runs each: 1.52–1.59 s on average with 1 MiB reads, 1.23–1.26 s with 4 MiB,
 * 1.31 s with 8 MiB.
 */
const CHUNK_BYTES = 4 * 1024 * 1024;

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
  private readonly result: Promise<{ digest: string; bytes: number; direct: boolean }>;
  /** Once the digest is known: whether every byte was read with direct I/O (past the page cache). */
  readDirect: boolean | undefined;

  /**
   * Starts hashing `path`, whose first `final` bytes will not change any more; with `direct`, read
   * past the page cache (a download written with direct I/O).
   */
  constructor(
    private readonly path: string,
    final = 0,
    direct = false,
  ) {
    const shared = new SharedArrayBuffer(4 * BigInt64Array.BYTES_PER_ELEMENT);
    this.view = new BigInt64Array(shared);
    this.view[MARK] = BigInt(final);
    this.view[END] = -1n;
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { shared, path, chunk: CHUNK_BYTES, direct },
    });
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
    const { digest, bytes, direct } = await this.result;
    this.readDirect = direct;
    if (bytes !== size)
      throw new RegistryError(`${this.path} changed while it was being hashed`, 'LOCAL_FILE_CHANGED', 0);
    return digest;
  }

  /** Whether the worker has hashed everything up to the watermark and waits for more. */
  idle(): boolean {
    return Atomics.load(this.view, SLEEPING) === 1n;
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
