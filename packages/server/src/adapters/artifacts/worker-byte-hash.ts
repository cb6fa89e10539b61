import { HashWorker, SLOT_SIZE, type WorkerHash } from './hash-worker.js';

/**
 * A sha256 computed on a worker thread, for checking what downloads and verification runs read
 * (docs/adr/0016-content-integrity.md): the bytes are copied into the worker's shared ring and
 * hashed there while the main thread writes them to the socket, so checking costs a copy on the
 * main thread rather than the hash itself. One worker for the process, started on first use.
 */
export interface AsyncByteHash {
  update(bytes: Uint8Array): Promise<void>;
  digest(): Promise<string>;
  /** Drops an unfinished hash (the download stopped). */
  close(): void;
}

const worker = new HashWorker();
let streams = 0;

export function workerByteHash(): AsyncByteHash {
  let opened: Promise<WorkerHash | undefined> | undefined;
  let done = false;
  const stream = async (): Promise<WorkerHash> => {
    opened ??= worker.open(`verify-${++streams}`, 0, true);
    const hash = await opened;
    if (hash === undefined) throw new Error('the hash worker refused a fresh hash');
    return hash;
  };
  return {
    async update(bytes) {
      const hash = await stream();
      for (let offset = 0; offset < bytes.length; offset += SLOT_SIZE) {
        const part = bytes.subarray(offset, offset + SLOT_SIZE);
        const { slot, bytes: target } = await hash.take();
        target.set(part);
        hash.update(slot, part.length);
      }
    },
    async digest() {
      const hash = await stream();
      done = true;
      return hash.digest();
    },
    close() {
      if (done || opened === undefined) return;
      done = true;
      void opened.then((hash) => hash?.close());
    },
  };
}
