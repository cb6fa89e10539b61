import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import type { DurableProgress, StagingWriter } from '../../ports/artifact-store.js';
import type { StreamHash } from './stream-hash.js';

/** The resume state of a multipart upload, kept in the metadata store between requests. */
export interface MultipartState {
  /** S3's upload id. */
  readonly u: string;
  /** Part size. */
  readonly p: number;
  /** ETags of the parts uploaded, in order. */
  readonly e: readonly string[];
  /** The sha256 state after those parts, when it can leave the process (see stream-hash.ts). */
  readonly h?: string;
}

export function parseState(state: string | undefined): MultipartState | undefined {
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

export interface WriterTarget {
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
export class S3Writer implements StagingWriter {
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
