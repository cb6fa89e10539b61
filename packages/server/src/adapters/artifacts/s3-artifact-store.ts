import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import type {
  ArtifactStore,
  DurableProgress,
  StagedFileRef,
  StagingWriter,
  StoredUnit,
} from '../../ports/artifact-store.js';
import { MissingContentError } from '../../ports/artifact-store.js';
import { HashCheckpoints, stagingId } from './hash-checkpoints.js';
import { createStreamHash, importStreamHash, type StreamHash } from './stream-hash.js';

/** The smallest part S3 accepts (but the last); the part size grows so a file needs at most 10,000. */
const MIN_PART_SIZE = 8 * 1024 * 1024;
const MAX_PARTS = 10_000;
const MIB = 1024 * 1024;

export interface S3Settings {
  readonly bucket: string;
  /** Key prefix, without leading or trailing `/` ('' for the bucket's root). */
  readonly prefix: string;
  readonly endpoint?: string | undefined;
  readonly region?: string | undefined;
  readonly forcePathStyle: boolean;
}

/** The resume state of a multipart upload, kept in the metadata store between requests. */
interface MultipartState {
  /** S3's upload id. */
  readonly u: string;
  /** Part size. */
  readonly p: number;
  /** ETags of the parts uploaded, in order. */
  readonly e: readonly string[];
  /** The sha256 state after those parts, when it can leave the process (see stream-hash.ts). */
  readonly h?: string;
}

function partSizeFor(size: number): number {
  return Math.max(MIN_PART_SIZE, Math.ceil(size / MAX_PARTS / MIB) * MIB);
}

function parseState(state: string | undefined): MultipartState | undefined {
  if (state === undefined) return undefined;
  try {
    const parsed = JSON.parse(state) as MultipartState;
    return typeof parsed.u === 'string' && typeof parsed.p === 'number' && Array.isArray(parsed.e)
      ? parsed
      : undefined;
  } catch {
    return undefined;
  }
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  return e?.name === 'NotFound' || e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404;
}

/**
 * Model files in an S3-compatible object store. An upload writes each file straight to
 * `<prefix>/content/<upload key>/<path>`, small files in one PUT and larger ones as a multipart
 * upload whose parts are the durable checkpoints; S3 makes the object visible only when it is
 * complete, and the registry completes it only after the digest checked. A commit then names
 * `s3://bucket/<prefix>/content/<upload key>/` as the version's URI: the files under their
 * manifest paths, as KServe's S3 downloader expects. No copy, and no deduplication.
 *
 * Resuming needs the sha256 state of the bytes already sent (S3 cannot read back the parts of an
 * unfinished upload): the process that received them keeps it, and the upload's progress carries
 * it when the native sha256 is built, so another process continues too; without it, the file
 * starts again from 0 there (docs/adr/0012-native-helpers.md).
 */
export class S3ArtifactStore implements ArtifactStore {
  readonly kind = 's3';
  private readonly client: S3Client;
  private readonly hashes = new HashCheckpoints();
  private readonly root: string;

  constructor(private readonly settings: S3Settings) {
    this.client = new S3Client({
      ...(settings.region === undefined ? {} : { region: settings.region }),
      ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
      forcePathStyle: settings.forcePathStyle,
      // Many S3-compatible stores reject the newer default checksum trailers.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    this.root = settings.prefix === '' ? '' : `${settings.prefix}/`;
  }

  get display(): string {
    return `s3://${this.settings.bucket}/${this.settings.prefix}`;
  }

  /** Fails when the bucket cannot be reached with the credentials found (at start-up, not at the first upload). */
  async verify(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.settings.bucket }));
    } catch (error) {
      const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
      const status = e.$metadata?.httpStatusCode;
      throw new Error(
        `bucket ${this.settings.bucket} is not reachable (${e.name ?? 'error'}${status === undefined ? '' : `, HTTP ${status}`})`,
        { cause: error },
      );
    }
  }

  private objectKey(contentKey: string): string {
    return `${this.root}${contentKey}`;
  }

  private contentKeyOf(file: StagedFileRef): string {
    return `content/${file.uploadKey}/${file.path}`;
  }

  async openWriter(
    file: StagedFileRef,
    durable: DurableProgress,
    onDurable?: (progress: DurableProgress) => void,
  ): Promise<StagingWriter> {
    const id = stagingId(file.uploadKey, file.fileIndex);
    const state = parseState(durable.state);
    const partSize = partSizeFor(file.size);
    const single = file.size <= partSize;
    let hash: StreamHash | undefined;
    let resumeState: MultipartState | undefined;
    if (!single && state !== undefined && durable.received === state.e.length * state.p) {
      hash =
        this.hashes.resume(id, durable.received) ??
        (state.h === undefined ? undefined : importStreamHash(state.h, durable.received));
      if (hash !== undefined) resumeState = state;
    }
    if (resumeState === undefined) {
      if (state !== undefined) await this.abortMultipart(file, state);
      this.hashes.forget(id);
    }
    return new S3Writer(
      {
        client: this.client,
        bucket: this.settings.bucket,
        key: this.objectKey(this.contentKeyOf(file)),
        contentKey: this.contentKeyOf(file),
        size: file.size,
        partSize: resumeState?.p ?? partSize,
        single,
        saveHash: (offset, state) => this.hashes.save(id, offset, state),
      },
      hash ?? createStreamHash(),
      resumeState,
      onDurable,
    );
  }

  async discard(file: StagedFileRef, stagingState: string | undefined): Promise<void> {
    this.hashes.forget(stagingId(file.uploadKey, file.fileIndex));
    const state = parseState(stagingState);
    if (state !== undefined) await this.abortMultipart(file, state);
  }

  private async abortMultipart(file: StagedFileRef, state: MultipartState): Promise<void> {
    try {
      await this.client.send(
        new AbortMultipartUploadCommand({
          Bucket: this.settings.bucket,
          Key: this.objectKey(this.contentKeyOf(file)),
          UploadId: state.u,
        }),
      );
    } catch {
      // Gone already, or a store without AbortMultipartUpload (s3rver): a bucket lifecycle rule
      // (AbortIncompleteMultipartUpload) removes the parts.
    }
  }

  async publish(_file: StagedFileRef, contentKey: string): Promise<boolean> {
    // The object became visible when its upload completed; a lost one is reported.
    try {
      await this.client.send(
        new HeadObjectCommand({ Bucket: this.settings.bucket, Key: this.objectKey(contentKey) }),
      );
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  async read(contentKey: string, range?: { start: number; end: number }): Promise<AsyncIterable<Uint8Array>> {
    const answer = await this.client
      .send(
        new GetObjectCommand({
          Bucket: this.settings.bucket,
          Key: this.objectKey(contentKey),
          ...(range === undefined ? {} : { Range: `bytes=${range.start}-${range.end}` }),
        }),
      )
      .catch((error: unknown) => {
        throw isNotFound(error) ? new MissingContentError(contentKey, { cause: error }) : error;
      });
    const body = answer.Body as AsyncIterable<Uint8Array> | undefined;
    if (body === undefined) throw new Error(`no body for ${contentKey}`);
    if (range === undefined) return body;
    if (answer.ContentRange !== undefined && !answer.ContentRange.startsWith(`bytes ${range.start}-`)) {
      throw new Error(`asked ${contentKey} for bytes from ${range.start}, got ${answer.ContentRange}`);
    }
    // s3rver answers `bytes=0-0` with the whole object (it reads an end of 0 as none): take what was asked.
    return firstBytes(body, range.end - range.start + 1);
  }

  /** Keys belong to one upload: nothing else reuses corrupt content, so it stays for inspection. */
  async quarantineCorrupt(): Promise<void> {}

  contentUri(uploadKey: string): string {
    return `s3://${this.settings.bucket}/${this.root}content/${uploadKey}/`;
  }

  async *storedUnits(): AsyncIterable<StoredUnit> {
    const prefix = `${this.root}content/`;
    let current: { key: string; size: number; modifiedAt: number } | undefined;
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.settings.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) {
        const uploadKey = (object.Key ?? '').slice(prefix.length).split('/')[0] ?? '';
        const modifiedAt = object.LastModified?.getTime() ?? 0;
        if (current !== undefined && current.key !== uploadKey) {
          yield { kind: 'content', ...current };
          current = undefined;
        }
        current ??= { key: uploadKey, size: 0, modifiedAt: 0 };
        current.size += object.Size ?? 0;
        current.modifiedAt = Math.max(current.modifiedAt, modifiedAt);
      }
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    if (current !== undefined) yield { kind: 'content', ...current };
    yield* this.unfinishedUploads(prefix);
  }

  /** Multipart uploads never completed, one unit per upload key (skipped where the store cannot list them). */
  private async *unfinishedUploads(prefix: string): AsyncIterable<StoredUnit> {
    const byKey = new Map<string, number>();
    let keyMarker: string | undefined;
    let idMarker: string | undefined;
    try {
      do {
        const page = await this.client.send(
          new ListMultipartUploadsCommand({
            Bucket: this.settings.bucket,
            Prefix: prefix,
            KeyMarker: keyMarker,
            UploadIdMarker: idMarker,
          }),
        );
        for (const upload of page.Uploads ?? []) {
          const uploadKey = (upload.Key ?? '').slice(prefix.length).split('/')[0] ?? '';
          byKey.set(uploadKey, Math.max(byKey.get(uploadKey) ?? 0, upload.Initiated?.getTime() ?? 0));
        }
        keyMarker = page.IsTruncated === true ? page.NextKeyMarker : undefined;
        idMarker = page.IsTruncated === true ? page.NextUploadIdMarker : undefined;
      } while (keyMarker !== undefined);
    } catch {
      return; // e.g. s3rver answers NotImplemented; a lifecycle rule is the fallback
    }
    for (const [key, modifiedAt] of byKey) yield { kind: 'staging', key, size: 0, modifiedAt };
  }

  // Nothing can come to refer to an upload's prefix again once its upload is no longer OPEN and
  // no manifest names it, so S3 units need no quarantine.
  async quarantine(): Promise<void> {}
  async restore(): Promise<void> {}

  async purge(unit: StoredUnit): Promise<void> {
    const prefix = `${this.root}content/${unit.key}/`;
    if (unit.kind === 'staging') {
      const page = await this.client.send(
        new ListMultipartUploadsCommand({ Bucket: this.settings.bucket, Prefix: prefix }),
      );
      for (const upload of page.Uploads ?? []) {
        await this.client
          .send(
            new AbortMultipartUploadCommand({
              Bucket: this.settings.bucket,
              Key: upload.Key,
              UploadId: upload.UploadId,
            }),
          )
          .catch(() => undefined);
      }
      return;
    }
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.settings.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      const keys = (page.Contents ?? []).map((object) => ({ Key: object.Key }));
      if (keys.length > 0) {
        await this.client.send(
          new DeleteObjectsCommand({ Bucket: this.settings.bucket, Delete: { Objects: keys, Quiet: true } }),
        );
      }
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}

/** The first `count` bytes of a stream; the rest is not read (the stream is closed). */
async function* firstBytes(source: AsyncIterable<Uint8Array>, count: number): AsyncGenerator<Uint8Array> {
  let left = count;
  for await (const chunk of source) {
    if (chunk.length >= left) {
      yield chunk.subarray(0, left);
      return;
    }
    left -= chunk.length;
    yield chunk;
  }
}

interface WriterTarget {
  readonly client: S3Client;
  readonly bucket: string;
  readonly key: string;
  readonly contentKey: string;
  readonly size: number;
  readonly partSize: number;
  /** The whole file fits one part: it is sent in one PUT once complete, with no checkpoint. */
  readonly single: boolean;
  readonly saveHash: (offset: number, hash: StreamHash) => void;
}

/**
 * One file into S3: bytes gather in a part buffer; a full part is uploaded in the background while
 * the next one fills (at most one part in flight, so two part buffers per file), and its progress
 * is reported once S3 has it. Parts complete in order, so the durable offset only grows.
 */
class S3Writer implements StagingWriter {
  private part: Buffer;
  /** The other part buffer, free again once the upload in flight (which reads it) is done. */
  private spare: Buffer | undefined;
  private filled = 0;
  private uploadId: string | undefined;
  private readonly etags: string[];
  private durable: number;
  private inflight: Promise<void> | undefined;
  private failure: unknown;
  /** Progress of a part that completed in the background, for the next `write` (without onDurable). */
  private synced: DurableProgress | undefined;
  private finalDigest: string | undefined;
  /** The exported hash state at the durable offset, recorded with the progress. */
  private durableHash: string | undefined;
  written: number;
  readonly received: number;

  constructor(
    private readonly target: WriterTarget,
    private readonly hash: StreamHash,
    resume: MultipartState | undefined,
    private readonly onDurable: ((progress: DurableProgress) => void) | undefined,
  ) {
    this.uploadId = resume?.u;
    this.etags = [...(resume?.e ?? [])];
    this.durableHash = resume?.h;
    this.received = this.etags.length * target.partSize;
    this.durable = this.received;
    this.written = this.received;
    // Bounded memory: one part per file being written, and a second once a part is in flight.
    this.part = Buffer.allocUnsafe(target.single ? target.size : Math.min(target.partSize, target.size));
  }

  private state(): string | undefined {
    return this.uploadId === undefined
      ? undefined
      : JSON.stringify({
          u: this.uploadId,
          p: this.target.partSize,
          e: this.etags,
          ...(this.durableHash === undefined ? {} : { h: this.durableHash }),
        } satisfies MultipartState);
  }

  async write(chunk: Uint8Array): Promise<DurableProgress | undefined> {
    if (this.failure !== undefined) throw this.failure;
    if (this.written + chunk.length > this.target.size) throw new Error('write beyond the declared size');
    let offset = 0;
    while (offset < chunk.length) {
      const n = Math.min(chunk.length - offset, this.part.length - this.filled);
      const slice = chunk.subarray(offset, offset + n);
      this.hash.update(slice);
      this.part.set(slice, this.filled);
      this.filled += n;
      offset += n;
      this.written += n;
      if (this.filled === this.part.length && !this.target.single && this.written < this.target.size) {
        await this.sendPart();
      }
    }
    const done = this.synced;
    this.synced = undefined;
    return done;
  }

  /** Every part in flight is done (its failure is thrown here). */
  private async settle(): Promise<void> {
    await this.inflight;
    if (this.failure !== undefined) throw this.failure;
  }

  /** Starts the upload of the full part once the one before it is done, and moves on to the other buffer. */
  private async sendPart(): Promise<void> {
    await this.settle();
    const body = this.part.subarray(0, this.filled);
    const end = this.durable + this.filled;
    // The hash state at the part's end, saved once S3 has the part (a resume continues from it).
    const atEnd = end < this.target.size ? this.hash.copy() : undefined;
    const next = this.spare ?? Buffer.allocUnsafe(this.part.length);
    this.spare = this.part;
    this.part = next;
    this.filled = 0;
    this.inflight = this.uploadPart(body).then(
      () => {
        if (atEnd !== undefined) {
          this.target.saveHash(end, atEnd);
          this.durableHash = atEnd.exportState();
        }
        const progress = { received: this.durable, state: this.state() };
        if (this.onDurable !== undefined) this.onDurable(progress);
        else this.synced = progress;
      },
      (error: unknown) => {
        this.failure = error;
      },
    );
  }

  private async uploadPart(body: Buffer): Promise<void> {
    const { client, bucket, key } = this.target;
    if (this.uploadId === undefined) {
      const created = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
      if (created.UploadId === undefined) throw new Error('CreateMultipartUpload returned no upload id');
      this.uploadId = created.UploadId;
    }
    const answer = await client.send(
      new UploadPartCommand({
        Bucket: bucket,
        Key: key,
        UploadId: this.uploadId,
        PartNumber: this.etags.length + 1,
        Body: body,
        ContentLength: body.length,
      }),
    );
    if (answer.ETag === undefined) throw new Error('UploadPart returned no ETag');
    this.etags.push(answer.ETag);
    this.durable += body.length;
  }

  async end(): Promise<DurableProgress> {
    // The part in flight counts once S3 has it; bytes short of a whole part are not durable, and
    // the client sends them again.
    await this.inflight;
    return { received: this.durable, state: this.state() };
  }

  async digest(): Promise<string> {
    if (this.written !== this.target.size) throw new Error('digest before the last byte');
    this.finalDigest ??= this.hash.digest();
    return this.finalDigest;
  }

  async complete(): Promise<string> {
    await this.digest();
    await this.settle();
    const { client, bucket, key } = this.target;
    if (this.uploadId === undefined) {
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: this.part.subarray(0, this.filled),
          ContentLength: this.filled,
        }),
      );
    } else {
      if (this.filled > 0) await this.uploadPart(this.part.subarray(0, this.filled));
      await client.send(
        new CompleteMultipartUploadCommand({
          Bucket: bucket,
          Key: key,
          UploadId: this.uploadId,
          MultipartUpload: { Parts: this.etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) },
        }),
      );
    }
    this.durable = this.target.size;
    return this.target.contentKey;
  }
}
