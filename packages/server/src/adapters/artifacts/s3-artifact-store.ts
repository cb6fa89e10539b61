import {
  AbortMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  S3Client,
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
import { parseState, S3Writer, type MultipartState } from './s3-writer.js';

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

function partSizeFor(size: number): number {
  return Math.max(MIN_PART_SIZE, Math.ceil(size / MAX_PARTS / MIB) * MIB);
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
