/**
 * Where model files are kept: the local disk (content-addressed, identical files stored once) or
 * an S3-compatible object store. One contract suite (test/artifacts) runs on every adapter.
 *
 * A file arrives through a {@link StagingWriter}: bytes are appended, made durable at
 * checkpoints (whose progress the caller records in the metadata store), hashed on the way, and
 * when the last byte is in, completed. Nothing is readable under a content key before it is
 * complete and verified.
 *
 * @example
 * const writer = await store.openWriter(file, { received: 0 });
 * for await (const chunk of body) {
 *   const progress = await writer.write(chunk);
 *   if (progress) await recordInTheDatabase(progress);
 * }
 * const sha256 = await writer.digest();    // once `received === size`
 * const key = await writer.complete();     // durable; then record the file as complete
 * await store.publish(file, key);          // readable under `key`
 */
export interface ArtifactStore {
  readonly kind: 'disk' | 's3';
  /** Human-readable location for logs (never holds credentials). */
  readonly display: string;

  /**
   * Opens a file for writing at its durable offset. The writer's `received` may be lower than
   * `durable.received` when the bytes staged so far cannot be resumed (e.g. an S3 multipart
   * upload begun by another process): the caller then records that and the client resumes there.
   * Progress made durable in the background (the disk's fsync runs while bytes keep arriving) is
   * given to `onDurable` as soon as it is, even when no more bytes come; `write` returns the
   * progress it made durable itself.
   */
  openWriter(
    file: StagedFileRef,
    durable: DurableProgress,
    onDurable?: (progress: DurableProgress) => void,
  ): Promise<StagingWriter>;
  /** Drops whatever is staged for the file (an abort, a digest mismatch). */
  discard(file: StagedFileRef, stagingState: string | undefined): Promise<void>;
  /**
   * Makes a completed file readable under its content key (idempotent; run again after a crash).
   * False when the content is neither published nor still staged (it was lost).
   */
  publish(file: StagedFileRef, contentKey: string): Promise<boolean>;
  /** Streams the bytes of published content, whole or a range (both ends included). */
  read(contentKey: string, range?: { start: number; end: number }): Promise<AsyncIterable<Uint8Array>>;
  /**
   * Positional reads of published content, where the store keeps it in a local file (the disk):
   * the HTTP layer then serves it through a few reused buffers instead of a new one per chunk.
   * Stores without local files (S3) leave it out and are served through `read`.
   */
  openReader?(contentKey: string): Promise<ContentReader>;
  /**
   * Takes content found corrupt out of reach, kept for inspection: on the disk, where identical
   * files are stored once, a new upload of the same bytes then stores a fresh copy. S3 keys belong
   * to one upload, so nothing reuses them: there the object stays where it is.
   */
  quarantineCorrupt(contentKey: string): Promise<void>;
  /**
   * The URI of a committed version's content when the store itself can serve it (S3: the
   * `s3://bucket/prefix/` holding the files under their manifest paths); undefined for the disk.
   */
  contentUri(uploadKey: string): string | undefined;

  /** Everything stored, for garbage collection. */
  storedUnits(): AsyncIterable<StoredUnit>;
  /**
   * Takes a unit out of reach before the collector checks, in the database, that nothing refers to
   * it; then `purge` or `restore`. (A blob that an upload starts to use meanwhile is restored, or
   * the upload publishes its own copy: see docs/adr/0010-model-files.md.)
   */
  quarantine(unit: StoredUnit): Promise<void>;
  restore(unit: StoredUnit): Promise<void>;
  purge(unit: StoredUnit): Promise<void>;
  close(): Promise<void>;
}

/** The content a key names is not in the store (deleted or lost under the registry). */
export class MissingContentError extends Error {
  override readonly name = 'MissingContentError';
  constructor(contentKey: string, options?: { cause?: unknown }) {
    super(`the stored content ${contentKey} is missing`, options);
  }
}

/** Published content open for positional reads. */
export interface ContentReader {
  /** The stored size, which a lost tail or appended bytes make differ from the manifest's. */
  size(): Promise<number>;
  /** Reads up to `length` bytes at `position` into the start of `buffer`; how many (0 at the end). */
  read(buffer: Uint8Array, length: number, position: number): Promise<number>;
  /**
   * Reads as `read` does, and writes the CRC-32C of each `segmentSize` piece of what it read (the
   * last may be shorter) into `out`, computed where the bytes were read (docs/adr/0026-segment-checksums.md).
   * Only where the store can do so cheaply.
   */
  readSegments?(
    buffer: Uint8Array,
    length: number,
    position: number,
    segmentSize: number,
    out: Uint32Array,
  ): Promise<number>;
  close(): Promise<void>;
}

/** One file of an upload, as the store names its staging place. */
export interface StagedFileRef {
  readonly uploadKey: string;
  readonly fileIndex: number;
  readonly path: string;
  readonly size: number;
}

/** How far a file is durably staged, and the adapter's state to resume from (opaque to callers). */
export interface DurableProgress {
  readonly received: number;
  readonly state?: string | undefined;
}

export interface StagingWriter {
  /** The offset writing starts from (bytes already durably staged). */
  readonly received: number;
  /**
   * Appends bytes. Resolves when more may be written (backpressure); with the new durable
   * progress when the write made a checkpoint. The chunk is copied: once this resolves the caller
   * may reuse or free it.
   */
  write(chunk: Uint8Array): Promise<DurableProgress | undefined>;
  /** Makes what can be made durable durable and releases resources; returns the durable progress. */
  end(): Promise<DurableProgress>;
  /** Bytes written so far, durable or not. */
  readonly written: number;
  /** The sha256 (hex) of the whole file; only once `written === size`. */
  digest(): Promise<string>;
  /** Makes the whole file durable; returns its content key. Only once `written === size`. */
  complete(): Promise<string>;
}

/**
 * What garbage collection looks at: a content-addressed blob (`blob`, key `sha256/<hex>`), the
 * staged bytes of an upload (`staging`, key the upload key), or on S3 an upload's content
 * prefix (`content`, key the upload key).
 */
export interface StoredUnit {
  readonly kind: 'blob' | 'staging' | 'content';
  readonly key: string;
  readonly size: number;
  /** Epoch milliseconds of the newest write. */
  readonly modifiedAt: number;
}
