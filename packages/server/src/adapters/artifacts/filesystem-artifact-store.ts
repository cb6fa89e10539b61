import { createReadStream } from 'node:fs';
import { lstat, mkdir, open, readdir, rename, rm, stat, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { MissingContentError } from '../../ports/artifact-store.js';
import type {
  ArtifactStore,
  ContentReader,
  DurableProgress,
  StagedFileRef,
  StagingWriter,
  StoredUnit,
} from '../../ports/artifact-store.js';
import { stagingId } from './hash-checkpoints.js';
import { HashWorker, SLOT_SIZE, type WorkerHash } from './hash-worker.js';
import { pageCache as nativePageCache, type PageCache } from './page-cache.js';
import { nativeSegmentCrc } from './segment-crc.js';

/**
 * A checkpoint (fsync, then the caller records the offset) after this many bytes… Measured on a
 * 1 GiB upload, 32 MiB beat 64 MiB in 9 of 10 interleaved pairs (~9% faster: the disk writes back
 * in smaller steps alongside the transfer) and 512 MiB was slower still.
 */
const CHECKPOINT_BYTES = 32 * 1024 * 1024;
/** …or this many milliseconds, whichever comes first. */
const CHECKPOINT_MS = 5_000;
/**
 * Files this large leave the page cache as they become durable (see `FilesystemWriter`); smaller
 * ones stay cached, cheap to keep and likely to be read again soon.
 */
const DROP_PAGES_FROM_BYTES = CHECKPOINT_BYTES;
/** Bytes read at a time when re-hashing a staged prefix or serving a file. */
const READ_CHUNK = 1024 * 1024;

const BLOB_KEY = /^sha256\/([0-9a-f]{64})$/;
const UPLOAD_KEY = /^[0-9a-f-]{8,64}$/;

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/**
 * Stored model files are readable by the server's user alone, whatever the umask: created with
 * owner-only modes (a umask only ever removes bits, and these have none for others to remove).
 */
const PRIVATE_DIRECTORY = 0o700;
const PRIVATE_FILE = 0o600;

/** fsync of a directory, so a rename or a new entry in it survives a crash. */
async function syncDirectory(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Model files on the local disk, content-addressed: `blobs/sha256/<2 hex>/<64 hex>`, so identical
 * files are stored once. An upload stages each file in `staging/<upload key>/<file index>`
 * (written in place, fsynced at checkpoints); the complete, verified file is renamed into its blob
 * path (an atomic rename, then an fsync of the directory), so a blob path only ever holds a whole
 * file with the digest it is named after. Garbage collection moves a blob to `trash/` while it
 * checks the database (see docs/adr/0010-model-files.md).
 */
export class FilesystemArtifactStore implements ArtifactStore {
  readonly kind = 'disk';
  private readonly hashes = new HashWorker();

  constructor(
    private readonly root: string,
    /** Drops durable staged bytes from the page cache (the native helper when built). */
    private readonly pageCache: PageCache = nativePageCache,
  ) {}

  get display(): string {
    return this.root;
  }

  private blobPath(key: string): string {
    const hex = BLOB_KEY.exec(key)?.[1];
    if (hex === undefined) throw new Error(`not a blob key of the disk store: ${key}`);
    return join(this.root, 'blobs', 'sha256', hex.slice(0, 2), hex);
  }

  private stagingPath(file: Pick<StagedFileRef, 'uploadKey' | 'fileIndex'>): string {
    if (!UPLOAD_KEY.test(file.uploadKey)) throw new Error(`not an upload key: ${file.uploadKey}`);
    return join(this.root, 'staging', file.uploadKey, String(file.fileIndex));
  }

  private trashPath(unit: StoredUnit): string {
    return join(this.root, 'trash', unit.key.replace('/', '-'));
  }

  async openWriter(
    file: StagedFileRef,
    durable: DurableProgress,
    onDurable?: (progress: DurableProgress) => void,
  ): Promise<StagingWriter> {
    const path = this.stagingPath(file);
    await mkdir(dirname(path), { recursive: true, mode: PRIVATE_DIRECTORY });
    let created = false;
    let handle: FileHandle;
    try {
      handle = await open(path, 'r+');
    } catch (error) {
      if (!isMissing(error)) throw error;
      handle = await open(path, 'w+', PRIVATE_FILE);
      created = true;
    }
    try {
      // Bytes past the recorded offset were written but never recorded: drop them.
      const onDisk = (await handle.stat()).size;
      const received = Math.min(durable.received, onDisk, file.size);
      const id = stagingId(file.uploadKey, file.fileIndex);
      let hash = await this.hashes.open(id, received);
      if (hash === undefined) {
        // Another process staged these bytes (or this one forgot): hash them again from the disk.
        hash = (await this.hashes.open(id, received, true)) as WorkerHash;
        await rehash(handle, received, hash);
      }
      if (onDisk !== received) await handle.truncate(received);
      if (created) await syncDirectory(dirname(path));
      const dropPages =
        file.size >= DROP_PAGES_FROM_BYTES
          ? (offset: number, length: number) => this.pageCache.drop(handle.fd, offset, length)
          : undefined;
      return new FilesystemWriter(handle, hash, await hash.take(), received, file.size, onDurable, dropPages);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async discard(file: StagedFileRef): Promise<void> {
    this.hashes.forget(stagingId(file.uploadKey, file.fileIndex));
    await rm(this.stagingPath(file), { force: true });
  }

  async publish(file: StagedFileRef, contentKey: string): Promise<boolean> {
    const blob = this.blobPath(contentKey);
    const staged = this.stagingPath(file);
    this.hashes.forget(stagingId(file.uploadKey, file.fileIndex));
    if (await exists(blob)) {
      // Identical content is already stored: keep one copy.
      await rm(staged, { force: true });
      return true;
    }
    let stagedSize: number;
    try {
      stagedSize = (await stat(staged)).size;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
    if (stagedSize !== file.size) return false;
    await mkdir(dirname(blob), { recursive: true, mode: PRIVATE_DIRECTORY });
    await rename(staged, blob);
    await syncDirectory(dirname(blob));
    return true;
  }

  /** Opens a blob, a missing one as MissingContentError. */
  private async openBlob(contentKey: string): Promise<FileHandle> {
    try {
      return await open(this.blobPath(contentKey), 'r');
    } catch (error) {
      throw isMissing(error) ? new MissingContentError(contentKey, { cause: error }) : error;
    }
  }

  async read(contentKey: string, range?: { start: number; end: number }): Promise<AsyncIterable<Uint8Array>> {
    // Open first, so a missing blob fails before any byte of the answer is sent.
    const handle = await this.openBlob(contentKey);
    return createReadStream('', {
      fd: handle,
      autoClose: true,
      highWaterMark: READ_CHUNK,
      ...(range === undefined ? {} : { start: range.start, end: range.end }),
    });
  }

  async openReader(contentKey: string): Promise<ContentReader> {
    const handle = await this.openBlob(contentKey);
    const reader: ContentReader = {
      size: async () => (await handle.stat()).size,
      read: async (buffer, length, position) => (await handle.read(buffer, 0, length, position)).bytesRead,
      close: () => handle.close(),
    };
    const crc = nativeSegmentCrc;
    if (crc !== undefined) reader.readSegments = (...args) => crc.readSegments(handle.fd, ...args);
    return reader;
  }

  async quarantineCorrupt(contentKey: string): Promise<void> {
    const hex = BLOB_KEY.exec(contentKey)?.[1] ?? 'unknown';
    await mkdir(join(this.root, 'corrupt'), { recursive: true, mode: PRIVATE_DIRECTORY });
    await rename(this.blobPath(contentKey), join(this.root, 'corrupt', `${hex}.${Date.now()}`)).catch(
      (error) => {
        if (!isMissing(error)) throw error;
      },
    );
  }

  contentUri(): undefined {
    return undefined;
  }

  async *storedUnits(): AsyncIterable<StoredUnit> {
    await this.recoverTrash();
    const blobs = join(this.root, 'blobs', 'sha256');
    for (const prefix of await listDirectory(blobs)) {
      for (const name of await listDirectory(join(blobs, prefix))) {
        if (!/^[0-9a-f]{64}$/.test(name)) continue;
        const info = await lstat(join(blobs, prefix, name)).catch(() => undefined);
        if (info?.isFile() !== true) continue;
        yield { kind: 'blob', key: `sha256/${name}`, size: info.size, modifiedAt: info.mtimeMs };
      }
    }
    const staging = join(this.root, 'staging');
    for (const uploadKey of await listDirectory(staging)) {
      if (!UPLOAD_KEY.test(uploadKey)) continue;
      let size = 0;
      const dir = join(staging, uploadKey);
      const info = await lstat(dir).catch(() => undefined);
      if (info === undefined) continue;
      let modifiedAt = info.mtimeMs;
      for (const name of await listDirectory(dir)) {
        const file = await lstat(join(dir, name)).catch(() => undefined);
        if (file === undefined) continue;
        size += file.size;
        modifiedAt = Math.max(modifiedAt, file.mtimeMs);
      }
      yield { kind: 'staging', key: uploadKey, size, modifiedAt };
    }
  }

  async quarantine(unit: StoredUnit): Promise<void> {
    if (unit.kind !== 'blob') return;
    await mkdir(join(this.root, 'trash'), { recursive: true, mode: PRIVATE_DIRECTORY });
    await rename(this.blobPath(unit.key), this.trashPath(unit));
  }

  async restore(unit: StoredUnit): Promise<void> {
    if (unit.kind !== 'blob') return;
    try {
      // An upload may have published the same content meanwhile: identical bytes, either copy will do.
      await rename(this.trashPath(unit), this.blobPath(unit.key));
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }

  async purge(unit: StoredUnit): Promise<void> {
    if (unit.kind === 'blob') {
      await rm(this.trashPath(unit), { force: true });
    } else {
      if (!UPLOAD_KEY.test(unit.key)) throw new Error(`not an upload key: ${unit.key}`);
      await rm(join(this.root, 'staging', unit.key), { recursive: true, force: true });
    }
  }

  /** Puts back blobs a collector left in `trash/` when it stopped between its two steps. */
  private async recoverTrash(): Promise<void> {
    const trash = join(this.root, 'trash');
    for (const name of await listDirectory(trash)) {
      const match = /^sha256-([0-9a-f]{64})$/.exec(name);
      if (match === null) continue;
      const key = `sha256/${match[1]}`;
      const blob = this.blobPath(key);
      if (await exists(blob)) await unlink(join(trash, name)).catch(() => undefined);
      else {
        await mkdir(dirname(blob), { recursive: true, mode: PRIVATE_DIRECTORY });
        await rename(join(trash, name), blob).catch(() => undefined);
      }
    }
  }

  async close(): Promise<void> {
    await this.hashes.close();
  }
}

class FilesystemWriter implements StagingWriter {
  private buffered = 0;
  /** Bytes handed to the disk (their writes may still run). */
  private flushed: number;
  private durable: number;
  private lastSync = Date.now();
  /** The disk writes in flight, one after the other: receiving goes on while they run. */
  private writing: Promise<void> = Promise.resolve();
  private writeError: unknown;
  /** A checkpoint's fsync runs while more bytes arrive; its progress is reported once it is done. */
  private syncing: Promise<void> | undefined;
  private synced: DurableProgress | undefined;
  private syncError: unknown;
  private finalDigest: Promise<string> | undefined;
  private closed = false;
  /** Bytes before this offset were dropped from the page cache (or are being dropped). */
  private dropped: number;
  private dropping: Promise<void> = Promise.resolve();
  written: number;

  constructor(
    private readonly handle: FileHandle,
    /** On the hash worker: each slot goes there as soon as it is full. */
    private readonly hash: WorkerHash,
    /** The slot of the shared ring being filled: bytes are gathered there before one write. */
    private slot: { readonly slot: number; readonly bytes: Buffer },
    readonly received: number,
    private readonly size: number,
    private readonly onDurable: ((progress: DurableProgress) => void) | undefined,
    /**
     * Drops written pages from the page cache (large files only). Called on durable bytes only:
     * dirty pages would be written back first, in the foreground.
     */
    private readonly dropPages: ((offset: number, length: number) => Promise<void>) | undefined,
  ) {
    this.written = received;
    this.flushed = received;
    this.durable = received;
    this.dropped = received;
  }

  /**
   * Durable bytes leave the page cache, so a file of tens of GB does not push everything else out
   * of it, and the next bytes are written into the pages just freed. (On a VM whose host backs
   * guest memory lazily, writing into pages the guest has not used yet costs a host fault per
   * page: a 1 GiB upload measured 220-280 MB/s that way, 510-650 MB/s dropping as it goes.)
   */
  private dropDurable(): void {
    const drop = this.dropPages;
    if (drop === undefined || this.durable <= this.dropped) return;
    const [offset, length] = [this.dropped, this.durable - this.dropped];
    this.dropping = this.dropping.then(() => drop(offset, length));
    this.dropped = this.durable;
  }

  private failure(): unknown {
    return this.writeError ?? this.syncError;
  }

  async write(chunk: Uint8Array): Promise<DurableProgress | undefined> {
    if (this.failure() !== undefined) throw this.failure();
    if (this.written + chunk.length > this.size) throw new Error('write beyond the declared size');
    let offset = 0;
    while (offset < chunk.length) {
      const n = Math.min(chunk.length - offset, SLOT_SIZE - this.buffered);
      this.slot.bytes.set(chunk.subarray(offset, offset + n), this.buffered);
      this.buffered += n;
      offset += n;
      if (this.buffered === SLOT_SIZE) await this.flush();
    }
    this.written += chunk.length;
    const due =
      this.written - this.durable >= CHECKPOINT_BYTES || Date.now() - this.lastSync >= CHECKPOINT_MS;
    if (due && this.syncing === undefined && this.written < this.size) await this.startCheckpoint();
    const done = this.synced;
    this.synced = undefined;
    return done;
  }

  /**
   * Hands the gathered bytes to the hash worker and to the disk at once, and moves on to a free
   * slot: the slot is reused only when both are done with it, so the next bytes are received while
   * these are hashed and written (waiting only when every slot of the ring is busy).
   */
  private async flush(): Promise<void> {
    if (this.buffered === 0) return;
    const { bytes } = this.slot;
    const length = this.buffered;
    const position = this.flushed;
    this.writing = this.writing.then(async () => {
      if (this.writeError !== undefined) return;
      try {
        let done = 0;
        while (done < length) {
          const { bytesWritten } = await this.handle.write(bytes, done, length - done, position + done);
          done += bytesWritten;
        }
      } catch (error) {
        this.writeError = error;
      }
    });
    this.hash.update(this.slot.slot, length, this.writing);
    this.flushed += length;
    this.buffered = 0;
    this.slot = await this.hash.take();
  }

  /** Every byte handed to the disk is written (not necessarily synced). */
  private async writesDone(): Promise<void> {
    await this.writing;
    if (this.writeError !== undefined) throw this.writeError;
  }

  /**
   * Flushes, then fsyncs in the background once the writes so far are done: the disk catches up
   * while the next bytes are hashed and written. The hash state is saved now, at exactly the
   * offset the fsync makes durable (a resume uses it only once the database records that offset,
   * after the fsync).
   */
  private async startCheckpoint(): Promise<void> {
    await this.flush();
    const offset = this.flushed;
    this.hash.snapshot(offset);
    this.lastSync = Date.now();
    this.syncing = this.writesDone()
      .then(() => this.handle.sync())
      .then(
        () => {
          this.durable = offset;
          this.syncing = undefined;
          if (!this.closed) this.dropDurable();
          // Reported now, not at the next write: the client may be stalled (or gone) for good.
          if (this.onDurable !== undefined) this.onDurable({ received: offset });
          else this.synced = { received: offset };
        },
        (error: unknown) => {
          this.syncError = error;
          this.syncing = undefined;
        },
      );
  }

  /** Everything received so far, durable. */
  private async checkpoint(): Promise<DurableProgress> {
    await this.syncing;
    if (this.syncError !== undefined) throw this.syncError;
    await this.flush();
    await this.writesDone();
    if (this.flushed > this.durable) await this.handle.sync();
    this.durable = this.flushed;
    this.dropDurable();
    this.lastSync = Date.now();
    if (this.durable < this.size) this.hash.snapshot(this.durable);
    return { received: this.durable };
  }

  async end(): Promise<DurableProgress> {
    if (this.closed) return { received: this.durable };
    try {
      return await this.checkpoint();
    } finally {
      this.closed = true;
      // A failed write leaves the writes after it undone; wait for them (and for the page-cache
      // calls on this descriptor) before closing the file.
      await this.writing;
      await this.dropping;
      if (this.finalDigest === undefined) this.hash.close();
      await this.handle.close();
    }
  }

  digest(): Promise<string> {
    if (this.written !== this.size) return Promise.reject(new Error('digest before the last byte'));
    this.finalDigest ??= this.flush().then(() => this.hash.digest());
    return this.finalDigest;
  }

  async complete(): Promise<string> {
    const digest = await this.digest();
    await this.end();
    return `sha256/${digest}`;
  }
}

/** Hashes the first `length` staged bytes into `hash` (a resume after a restart). */
async function rehash(handle: FileHandle, length: number, hash: WorkerHash): Promise<void> {
  let position = 0;
  while (position < length) {
    const { slot, bytes } = await hash.take();
    const { bytesRead } = await handle.read(bytes, 0, Math.min(SLOT_SIZE, length - position), position);
    if (bytesRead === 0) throw new Error('the staged file is shorter than recorded');
    position += bytesRead;
    hash.update(slot, bytesRead);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}

async function listDirectory(path: string): Promise<string[]> {
  try {
    return await readdir(path);
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
}
