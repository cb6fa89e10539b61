/// <reference types="node" />
import type { FileHandle } from 'node:fs/promises';
import { RegistryError } from '../errors.js';
import { alignedBuffers, DIRECT_ALIGN, directAligned, isDirectRefusal } from './direct-io.js';

/** Bytes gathered before one write to disk. */
const WRITE_BATCH_BYTES = 4 * 1024 * 1024;
/** Bytes written between two background datasyncs, so the final fsync has little left to wait for. */
const SYNC_BYTES = 64 * 1024 * 1024;

/** What a download has put on disk so far, and who is told when that grows. */
export interface WrittenState {
  written: number;
  readonly digest: { written(bytes: number): void };
}

/**
 * Writes a download to its file in batches, in the background: the bytes of the next batch are
 * received while the last is written (at most one write in flight). The received chunks are
 * copied into two reused batch buffers, and each batch is one positional write: the socket's
 * chunks are dropped as soon as they are copied instead of living until their batch is written,
 * and the memory a download holds is two batches, whatever the chunks' sizes.
 *
 * `state.written` counts the bytes on disk. Every SYNC_BYTES it starts a datasync, so the disk
 * writes back during the transfer instead of all at the final fsync.
 *
 * Given a `direct` descriptor of the same file (direct-io.ts), the batches are aligned memory and
 * are written through it, past the page cache; what cannot be aligned (the file's last partial
 * block, a resume at an odd offset) goes through `handle`. A direct write refused with EINVAL
 * sends this writer's later batches through `handle` too.
 */
export class DownloadWriter {
  private readonly free: Buffer[] = [];
  private readonly batchBytes: number;
  private current: Buffer | undefined;
  private fill = 0;
  private writing: Promise<void> = Promise.resolve();
  private failure: unknown;
  private syncing: Promise<void> | undefined;
  private unsynced = 0;
  /** The batch buffers that are aligned for direct writes. */
  private readonly aligned: ReadonlySet<Buffer>;
  /** Bytes on disk, being written, or waiting in the batch. */
  received: number;

  constructor(
    private readonly handle: FileHandle,
    private readonly state: WrittenState,
    private readonly path: string,
    size: number,
    private direct?: FileHandle,
  ) {
    this.received = state.written;
    if (direct === undefined) {
      this.batchBytes = Math.max(1, Math.min(WRITE_BATCH_BYTES, size - state.written));
      this.aligned = new Set();
    } else {
      this.batchBytes = WRITE_BATCH_BYTES;
      this.free.push(...alignedBuffers(2, WRITE_BATCH_BYTES));
      this.aligned = new Set(this.free);
    }
  }

  /**
   * Copies as much of `chunk` from `offset` as the batch can take; returns how much it took. Once
   * the batch is `full`, the caller hands it over with `submit` before putting more.
   */
  put(chunk: Uint8Array, offset: number): number {
    this.current ??= this.free.pop() ?? Buffer.allocUnsafe(this.batchBytes);
    const take = Math.min(chunk.length - offset, this.current.length - this.fill);
    this.current.set(
      offset === 0 && take === chunk.length ? chunk : chunk.subarray(offset, offset + take),
      this.fill,
    );
    this.fill += take;
    this.received += take;
    return take;
  }

  get full(): boolean {
    return this.current !== undefined && this.fill === this.current.length;
  }

  /** Starts writing the batch once the write before it is done (its failure is thrown here). */
  async submit(): Promise<void> {
    await this.drain();
    const buffer = this.current;
    const length = this.fill;
    if (buffer === undefined || length === 0) return;
    this.current = undefined;
    this.fill = 0;
    this.writing = this.writeAll(buffer, length).then(
      () => {
        this.free.push(buffer);
      },
      (error: unknown) => {
        this.failure = error;
      },
    );
  }

  /** Every byte put is written and every background datasync done (or its failure is thrown). */
  async finish(): Promise<void> {
    await this.submit();
    await this.drain();
    await this.syncing;
    if (this.failure !== undefined) throw this.failure;
  }

  /** No write and no datasync runs any more (before the file is synced and closed). */
  async settle(): Promise<void> {
    await this.writing;
    await this.syncing;
  }

  private async drain(): Promise<void> {
    await this.writing;
    if (this.failure !== undefined) throw this.failure;
  }

  private async writeAll(buffer: Buffer, length: number): Promise<void> {
    for (let done = 0; done < length;) {
      const bytesWritten = await this.writeSome(buffer, done, length - done, this.state.written);
      if (bytesWritten === 0)
        throw new RegistryError(`${this.path}: the disk took no bytes`, 'LOCAL_FILE_ERROR', 0);
      done += bytesWritten;
      this.state.written += bytesWritten;
      this.unsynced += bytesWritten;
    }
    this.state.digest.written(this.state.written);
    if (this.unsynced >= SYNC_BYTES && this.syncing === undefined) {
      this.unsynced = 0;
      // A head start for the disk. Its failure must not be dropped: Linux reports a failed
      // writeback to one sync call only, so the final fsync could then succeed on lost bytes.
      this.syncing = this.handle
        .datasync()
        .catch((error: unknown) => {
          this.failure ??= new RegistryError(
            `${this.path}: the disk could not store the download (${error instanceof Error ? error.message : String(error)})`,
            'LOCAL_FILE_ERROR',
            0,
          );
        })
        .finally(() => {
          this.syncing = undefined;
        });
    }
  }

  /** One write: direct for the whole blocks of an aligned batch, else through the page cache. */
  private async writeSome(buffer: Buffer, offset: number, length: number, position: number): Promise<number> {
    const direct = this.direct;
    if (direct !== undefined && this.aligned.has(buffer) && directAligned(buffer, offset, length, position)) {
      try {
        return (await direct.write(buffer, offset, length - (length % DIRECT_ALIGN), position)).bytesWritten;
      } catch (error) {
        if (!isDirectRefusal(error)) throw error;
        this.direct = undefined;
      }
    }
    return (await this.handle.write(buffer, offset, length, position)).bytesWritten;
  }
}
