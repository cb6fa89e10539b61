import { ConflictError, InputError, UnprocessableError } from '../../domain/errors.js';
import type { Upload, UploadFile } from '../../domain/model-files.js';
import type { ArtifactStore, StagingWriter, DurableProgress } from '../../ports/artifact-store.js';
import type { ContentTx } from './content-tx.js';
import type { Caller, Transactions } from '../use-case.js';
import {
  offsetMismatch,
  stagedRef,
  type ContentRun,
  type FileProgress,
  type IncomingRange,
} from './content-rules.js';

/** What moving one file's bytes needs. */
export interface TransferContext {
  readonly store: Transactions<ContentTx>;
  readonly artifacts: ArtifactStore;
  readonly clock: () => number;
  readonly claimMs: number;
  readonly run: ContentRun;
}

/** A claimed file of an upload: what a request writes, and the claim it holds on it. */
export interface ClaimedFile {
  readonly actor: Caller;
  readonly upload: Upload;
  readonly file: UploadFile;
  readonly path: string;
  readonly writerId: string;
}

/**
 * A writer's durable progress, recorded in order, one transaction after the other, as
 * checkpoints complete (some complete in the background, while the request waits for more
 * bytes); each record renews the writer's claim.
 */
class Checkpoints {
  private recording: Promise<void> = Promise.resolve();
  /** Set when the claim was lost: the transfer stops with it. */
  claimLost: unknown;
  private lastPersist: number;
  private durable: DurableProgress;

  constructor(
    private readonly ctx: TransferContext,
    private readonly claim: ClaimedFile,
  ) {
    this.lastPersist = ctx.clock();
    this.durable = { received: claim.file.received, state: claim.file.stagingState };
  }

  readonly persist = async (progress: DurableProgress): Promise<void> => {
    const { file, upload, writerId, path } = this.claim;
    const now = this.ctx.clock();
    const held = await this.ctx.store.transaction(async (tx) => {
      const recorded = await tx.recordUploadProgress(file.id, writerId, {
        received: progress.received,
        stagingState: progress.state,
        expiry: now + this.ctx.claimMs,
      });
      if (recorded) await tx.touchUpload(upload.id, now);
      return recorded;
    });
    if (!held) {
      throw new ConflictError(
        'UPLOAD_BUSY',
        `the claim on ${JSON.stringify(path)} of upload ${upload.id} was lost (the upload was aborted, or the request stalled)`,
      );
    }
  };

  readonly release = (): Promise<void> =>
    this.ctx.store
      .transaction((tx) => tx.releaseUploadFile(this.claim.file.id, this.claim.writerId))
      .catch(() => undefined);

  readonly record = (progress: DurableProgress): void => {
    this.durable = progress;
    this.lastPersist = this.ctx.clock();
    this.recording = this.recording
      .then(() => this.persist(progress))
      .catch((error: unknown) => {
        this.claimLost ??= error;
      });
  };

  /** A long wait between checkpoints still renews the claim. */
  renewIfIdle(): void {
    if (this.ctx.clock() - this.lastPersist > this.ctx.claimMs / 4) this.record(this.durable);
  }

  /** Waits for the progress recorded so far. */
  settled(): Promise<void> {
    return this.recording;
  }
}

/**
 * Receives bytes of a claimed file: from its durable offset, streamed to the artifact store with
 * the digest computed on the way, checkpointed durably. Answers the progress; when the last byte
 * is in, checks the declared digest (a mismatch discards the file's bytes: 422).
 */
export async function receiveBytes(
  ctx: TransferContext,
  claim: ClaimedFile,
  range: IncomingRange | undefined,
  body: AsyncIterable<Uint8Array>,
): Promise<FileProgress> {
  const { file, path } = claim;
  const checkpoints = new Checkpoints(ctx, claim);
  let writer: StagingWriter;
  try {
    const from = { received: file.received, state: file.stagingState };
    writer = await ctx.artifacts.openWriter(stagedRef(claim.upload, file), from, checkpoints.record);
  } catch (error) {
    await checkpoints.release();
    throw error;
  }
  if (writer.received !== file.received) {
    // The staged bytes could not be resumed (see ArtifactStore.openWriter): say where to start.
    const progress = await writer.end();
    await checkpoints.persist(progress).finally(checkpoints.release);
    throw offsetMismatch(path, file.received, progress.received);
  }
  const limit = range === undefined ? file.size : range.end + 1;
  await streamBody(writer, body, limit, claim, checkpoints);
  if (writer.written < file.size) {
    const progress = await writer.end();
    await checkpoints.settled();
    await checkpoints.persist(progress).finally(checkpoints.release);
    return { path, size: file.size, received: progress.received };
  }
  return finishFile(ctx, claim, writer, checkpoints);
}

/** Writes the body through; a dropped connection keeps every byte made durable (the client resumes). */
async function streamBody(
  writer: StagingWriter,
  body: AsyncIterable<Uint8Array>,
  limit: number,
  { file, path }: ClaimedFile,
  checkpoints: Checkpoints,
): Promise<void> {
  try {
    for await (const chunk of body) {
      if (checkpoints.claimLost !== undefined) throw checkpoints.claimLost;
      if (chunk.length === 0) continue;
      if (writer.written + chunk.length > limit) {
        throw new InputError(
          'FILE_SIZE_EXCEEDED',
          `the body holds more than the ${limit - file.received} bytes left of ${JSON.stringify(path)} (${file.size} bytes declared)`,
        );
      }
      const progress = await writer.write(chunk);
      if (progress !== undefined) checkpoints.record(progress);
      else checkpoints.renewIfIdle();
    }
    await checkpoints.settled();
    if (checkpoints.claimLost !== undefined) throw checkpoints.claimLost;
  } catch (error) {
    try {
      const progress = await writer.end();
      await checkpoints.settled();
      await checkpoints.persist(progress);
    } catch {
      // The error that stopped the transfer is the one to answer with.
    }
    await checkpoints.release();
    throw error;
  }
}

/** The last byte is in: the digest checked, the file recorded complete, then made readable. */
async function finishFile(
  ctx: TransferContext,
  claim: ClaimedFile,
  writer: StagingWriter,
  checkpoints: Checkpoints,
): Promise<FileProgress> {
  const { actor, upload, file, path, writerId } = claim;
  const ref = stagedRef(upload, file);
  const sha256 = await writer.digest();
  if (file.declaredSha256 !== undefined && file.declaredSha256 !== sha256) {
    const progress = await writer.end();
    await checkpoints.settled();
    await ctx.artifacts.discard(ref, progress.state);
    await ctx.run(actor, async (tx, _now, _auth, record) => {
      await tx.resetUploadFile(file.id);
      await record('reject upload file', 'upload', upload.id, {
        path,
        declared: file.declaredSha256,
        sha256,
      });
    });
    throw new UnprocessableError(
      'DIGEST_MISMATCH',
      `${JSON.stringify(path)} has sha256 ${sha256}, not the declared ${file.declaredSha256}; its bytes were discarded, send it again`,
    );
  }
  let contentKey: string;
  try {
    contentKey = await writer.complete();
    await checkpoints.settled();
  } catch (error) {
    await checkpoints.release();
    throw error;
  }
  const recorded = await ctx.run(actor, async (tx, now, _auth, record) => {
    if (!(await tx.completeUploadFile(file.id, writerId, sha256, contentKey))) return false;
    await tx.touchUpload(upload.id, now);
    await record('receive upload file', 'upload', upload.id, { path, size: file.size, sha256 });
    return true;
  });
  if (!recorded) {
    throw new ConflictError(
      'UPLOAD_BUSY',
      `the claim on ${JSON.stringify(path)} of upload ${upload.id} was lost`,
    );
  }
  // Recorded first, then made readable: a crash between the two is repaired at commit.
  await ctx.artifacts.publish(ref, contentKey);
  return { path, size: file.size, received: file.size, sha256 };
}
