/// <reference types="node" />
import { Worker } from 'node:worker_threads';
import { RegistryError } from '../errors.js';

/**
 * The worker's code (CommonJS, evaluated). It hashes the file from its start, in order: the chunks
 * an upload has sent, handed over once the socket has written them (shared memory as a reference,
 * other memory transferred, never copied), and whatever the upload did not send (what the server
 * held already, the bytes of a request that failed, the rest after an early answer) read from the
 * file itself, into a page-aligned buffer (direct-io.ts says why). A chunk that starts past what
 * is hashed waits for the gap to be read; bytes hashed already (sent again after a retry) are
 * skipped. Each chunk goes back to the sender as soon as it is hashed.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const hash = createHash('sha256');
const gapPages = Math.ceil(workerData.chunk / 65536);
const gapMemory = new WebAssembly.Memory({ initial: gapPages, maximum: gapPages });
const gap = Buffer.from(gapMemory.buffer, 0, workerData.chunk);
let fd;
let hashed = 0;
let short = false;
function readAt(length, at) {
  return new Promise((resolve, reject) =>
    fs.read(fd, gap, 0, length, at, (error, bytes) => (error ? reject(error) : resolve(bytes))),
  );
}
async function readUpTo(end) {
  while (!short && hashed < end) {
    if (fd === undefined) fd = fs.openSync(workerData.path, 'r');
    const bytes = await readAt(Math.min(gap.length, end - hashed), hashed);
    if (bytes === 0) short = true;
    hash.update(gap.subarray(0, bytes));
    hashed += bytes;
  }
}
let ended = false;
function giveBack(m) {
  if (m.buffer instanceof SharedArrayBuffer) parentPort.postMessage({ op: 'back', id: m.id });
  else parentPort.postMessage({ op: 'back', id: m.id, buffer: m.buffer }, [m.buffer]);
}
async function handle(m) {
  if (m.op === 'chunk' && ended) {
    giveBack(m);
    return;
  }
  if (m.op === 'chunk') {
    await readUpTo(m.at);
    const end = m.at + m.length;
    if (!short && end > hashed) {
      hash.update(new Uint8Array(m.buffer, m.offset + hashed - m.at, end - hashed));
      hashed = end;
    }
    giveBack(m);
    return;
  }
  ended = true;
  await readUpTo(m.size);
  if (fd !== undefined) fs.closeSync(fd);
  parentPort.postMessage({ op: 'digest', digest: hash.digest('hex'), bytes: hashed });
}
let queue = Promise.resolve();
parentPort.on('message', (m) => {
  queue = queue.then(() => handle(m)).catch((error) => setImmediate(() => { throw error; }));
});
`;

/** Bytes the worker reads from the file at a time, for what the upload did not send. */
const GAP_BYTES = 1024 * 1024;

/** Where a sender hands the chunks the socket has written. */
export interface WrittenChunks {
  /**
   * Takes `chunk` (in shared memory, or a buffer of its own with byteOffset 0), whose first
   * `length` bytes are the file's from `at`. The chunk is not the caller's any more: `reuse` gets
   * it back (or a buffer of the same size in its place) once it is no longer needed.
   */
  take(chunk: Buffer, at: number, length: number, reuse: (buffer: Buffer) => void): void;
}

/**
 * The sha256 of a file being uploaded, computed on a worker thread from the very chunks the upload
 * reads and sends: the file is read once, not once for the socket and again for the hash (on a
 * 2-core machine the second read cost about 0.2 s of CPU per GiB beside the transfer). The bytes
 * the upload does not send are read by the worker.
 *
 * The digest is of the bytes as they were first read: a file changed during the upload hashes to
 * something the server did not receive (or is cut short), and the digests disagree.
 */
export class SentBytesHash implements WrittenChunks {
  private readonly worker: Worker;
  private readonly result: Promise<{ digest: string; bytes: number }>;
  /**
   * Chunks at the worker, by id: how each goes back to its sender, given the memory the worker
   * returns (a transferred chunk's) or nothing (a shared chunk, or the worker is gone).
   */
  private readonly lent = new Map<number, (returned?: ArrayBuffer) => void>();
  private nextId = 0;
  private failed = false;

  constructor(private readonly path: string) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, chunk: GAP_BYTES } });
    this.result = new Promise((resolve, reject) => {
      this.worker.on(
        'message',
        (m: { op: string; id: number; buffer?: ArrayBuffer; digest: string; bytes: number }) => {
          if (m.op === 'digest') {
            resolve({ digest: m.digest, bytes: m.bytes });
            return;
          }
          const back = this.lent.get(m.id);
          this.lent.delete(m.id);
          back?.(m.buffer);
        },
      );
      this.worker.once('error', (error) => {
        this.fail();
        reject(error);
      });
      this.worker.once('exit', (code) => {
        this.fail();
        reject(new RegistryError(`hashing ${path} stopped (worker exit ${code})`, 'LOCAL_FILE_ERROR', 0));
      });
    });
    // Awaited by digest(); a failure before then must not be an unhandled rejection.
    this.result.catch(() => undefined);
  }

  take(chunk: Buffer, at: number, length: number, reuse: (buffer: Buffer) => void): void {
    if (this.failed) {
      reuse(chunk);
      return;
    }
    const id = this.nextId++;
    if (chunk.buffer instanceof SharedArrayBuffer) {
      // The worker reads it where it is; the very chunk goes back once hashed.
      this.lent.set(id, () => reuse(chunk));
      const message = { op: 'chunk', id, at, length, buffer: chunk.buffer, offset: chunk.byteOffset };
      this.worker.postMessage(message);
      return;
    }
    let own = chunk;
    if (chunk.byteOffset !== 0 || chunk.buffer.byteLength !== chunk.length) {
      // Memory shared with other buffers cannot be handed over: a copy goes instead.
      own = Buffer.from(chunk.subarray(0, length));
      reuse(chunk);
    }
    // Read before the transfer, which leaves the chunk empty.
    const size = chunk.length;
    const back = (returned?: ArrayBuffer) =>
      reuse(returned === undefined ? Buffer.allocUnsafe(size) : Buffer.from(returned));
    this.lent.set(id, own === chunk ? back : () => undefined);
    const buffer = own.buffer as ArrayBuffer;
    this.worker.postMessage({ op: 'chunk', id, at, length, buffer, offset: 0 }, [buffer]);
  }

  /** The file ends at `size` bytes: resolves its sha256 (hex) once every byte is hashed. */
  async digest(size: number): Promise<string> {
    this.worker.postMessage({ op: 'end', size });
    const { digest, bytes } = await this.result;
    if (bytes !== size)
      throw new RegistryError(`${this.path} changed while it was being hashed`, 'LOCAL_FILE_CHANGED', 0);
    return digest;
  }

  /** Stops the worker (done, or the upload failed and the digest is not wanted). */
  stop(): void {
    void this.worker.terminate();
  }

  /**
   * The worker is gone: chunks it held go back to their senders (shared ones as they are, the
   * transferred ones lost with it, so new buffers in their place).
   */
  private fail(): void {
    this.failed = true;
    for (const back of this.lent.values()) back();
    this.lent.clear();
  }
}
