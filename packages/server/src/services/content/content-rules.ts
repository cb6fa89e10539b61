import type { Artifact, ModelVersion } from '../../domain/entities.js';
import { ConflictError, InputError, NotFoundError } from '../../domain/errors.js';
import type { Upload, UploadFile } from '../../domain/model-files.js';
import type { ArtifactStore, StagedFileRef, StoredUnit } from '../../ports/artifact-store.js';
import type { ContentTx } from './content-tx.js';
import type { Metrics } from '../../ports/metrics.js';
import { Authorizer, type ModelRef } from '../access/index.js';
import type { Caller, Transactions } from '../use-case.js';
import type { ContentIntegrity } from './content-integrity.js';

export interface FileServiceDeps {
  readonly store: Transactions<ContentTx>;
  readonly artifacts: ArtifactStore;
  /** Epoch milliseconds. */
  readonly clock: () => number;
  /** SHA-256 hex of a text (paths are looked up by their hash; the root digest; the audit chain). */
  readonly sha256: (text: string) => string;
  /** A fresh random key (upload keys, writer claims). */
  readonly newKey: () => string;
  /** The URL a version's content is downloaded from when the store cannot serve it itself (the disk). */
  readonly contentUrl: (modelVersionId: number) => string;
  /** How long a writer's claim on a file holds without renewal (default 2 minutes). */
  readonly claimMs?: number;
  /** How long an OPEN upload may stay idle before it expires; 0 or absent: never. */
  readonly uploadExpiryMs?: number;
  /** Where commits and garbage collections are counted (none: not counted). */
  readonly metrics?: Pick<Metrics, 'uploadCommitted' | 'garbageCollected'>;
  /** Checks what downloads read against the manifest. */
  readonly integrity: ContentIntegrity;
}

export interface FileProgress {
  readonly path: string;
  readonly size: number;
  readonly received: number;
  readonly sha256?: string | undefined;
}

/** The range a PUT claims to carry, from its Content-Range (absent: the whole file from 0). */
export interface IncomingRange {
  readonly start: number;
  readonly end: number;
  readonly size: number;
}

export interface GarbageReport {
  readonly dryRun: boolean;
  /** Ids of the idle uploads expired (in a dry run: that would be) before the sweep. */
  readonly expiredUploads: readonly number[];
  readonly removed: readonly { key: string; size: number }[];
  readonly removedBytes: number;
  readonly kept: number;
}

export type Record_ = (action: string, entityType: string, id: number, detail: object) => Promise<void>;

/** Units looked up in the database at once during garbage collection. */
export const GC_BATCH = 500;
/** Idle uploads one garbage collection expires at most (the next run takes the rest). */
export const GC_EXPIRE_LIMIT = 1000;

export function uploadNotFound(id: number): NotFoundError {
  return new NotFoundError('UPLOAD_NOT_FOUND', `no upload with id ${id}`);
}

/**
 * The upload as callers see it at `now`: with its expiry time, and EXPIRED once it is past
 * it (garbage collection records that state and discards its bytes later).
 */
export function presentUpload(upload: Upload, now: number, uploadExpiryMs: number | undefined): Upload {
  const ttl = uploadExpiryMs ?? 0;
  if (upload.state !== 'OPEN' || ttl <= 0) return upload;
  const expireTimeSinceEpoch = upload.lastUpdateTimeSinceEpoch + ttl;
  return { ...upload, expireTimeSinceEpoch, state: now > expireTimeSinceEpoch ? 'EXPIRED' : 'OPEN' };
}

/** A content use case: one transaction, the caller's request authorized in it, audited in it. */
export type ContentRun = <T>(
  actor: Caller,
  work: (tx: ContentTx, now: number, auth: Authorizer, record: Record_) => Promise<T>,
) => Promise<T>;

export function contentRunner(deps: Pick<FileServiceDeps, 'store' | 'clock' | 'sha256'>): ContentRun {
  return (actor, work) =>
    deps.store.transaction(async (tx) => {
      const now = deps.clock();
      const record: Record_ = async (action, entityType, id, detail) => {
        await tx.appendAudit(
          {
            // Read now, after the work's locks are held; the store keeps times rising along the chain.
            timeSinceEpoch: deps.clock(),
            actor: actor.subject,
            actorMethod: actor.method,
            action,
            outcome: 'success',
            entityType,
            entityId: String(id),
            requestId: actor.requestId,
            detail: JSON.stringify(detail),
          },
          deps.sha256,
        );
      };
      const auth = new Authorizer(tx, actor);
      // The request's authorization, in the same transaction as what it allows.
      if (actor.request !== undefined) await auth.authorize(actor.request, true);
      return work(tx, now, auth, record);
    });
}

export function checkIncoming(
  file: UploadFile,
  incoming: { range?: IncomingRange | undefined; contentLength?: number | undefined },
) {
  const { range, contentLength } = incoming;
  if (range !== undefined) {
    if (range.size !== file.size) {
      throw new InputError(
        'INVALID_CONTENT_RANGE',
        `Content-Range gives ${range.size} as the size of ${JSON.stringify(file.path)}; ${file.size} was declared`,
      );
    }
    if (range.end >= file.size) {
      throw new InputError(
        'FILE_SIZE_EXCEEDED',
        `Content-Range ends at ${range.end}, past the last byte (${file.size - 1})`,
      );
    }
    if (contentLength !== undefined && contentLength > range.end - range.start + 1) {
      throw new InputError(
        'FILE_SIZE_EXCEEDED',
        `Content-Length ${contentLength} is longer than the Content-Range`,
      );
    }
  } else if (contentLength !== undefined && contentLength > file.size) {
    throw new InputError(
      'FILE_SIZE_EXCEEDED',
      `Content-Length ${contentLength} is more than the ${file.size} bytes declared for ${JSON.stringify(file.path)}`,
    );
  }
}

export function requireOpen(upload: Upload): void {
  if (upload.state === 'OPEN') return;
  const why =
    upload.state === 'EXPIRED'
      ? `expired: nothing was written to it since ${new Date(upload.lastUpdateTimeSinceEpoch).toISOString()}; start a new upload`
      : upload.state.toLowerCase();
  throw new ConflictError('UPLOAD_NOT_OPEN', `upload ${upload.id} is ${why}`);
}

export function offsetMismatch(path: string, start: number, received: number): ConflictError {
  return new ConflictError(
    'UPLOAD_OFFSET_MISMATCH',
    `${JSON.stringify(path)}: the body starts at byte ${start} but ${received} bytes are durably received; resume from ${received}`,
    { received },
  );
}

export function incomplete(uploadId: number, missing: readonly UploadFile[]): ConflictError {
  const names = missing.map((file) => file.path);
  return new ConflictError(
    'UPLOAD_INCOMPLETE',
    `upload ${uploadId} is missing ${names.length} file${names.length > 1 ? 's' : ''}: ${names
      .slice(0, 20)
      .map((n) => JSON.stringify(n))
      .join(', ')}${names.length > 20 ? ', …' : ''}`,
    { missing: names.slice(0, 1000) },
  );
}

export function contentNotFound(modelVersionId: number): NotFoundError {
  return new NotFoundError('CONTENT_NOT_FOUND', `model version ${modelVersionId} has no stored content`);
}

export function stagedRef(upload: Upload, file: UploadFile): StagedFileRef {
  return { uploadKey: upload.uploadKey, fileIndex: file.fileIndex, path: file.path, size: file.size };
}

export function displayKey(unit: StoredUnit): string {
  return unit.kind === 'blob' ? `blobs/${unit.key}` : `${unit.kind}/${unit.key}`;
}

export async function mustGetVersion(tx: ContentTx, id: number): Promise<ModelVersion> {
  const version = await tx.get('modelVersion', id);
  if (version === undefined)
    throw new NotFoundError('MODEL_VERSION_NOT_FOUND', `no model version with id ${id}`);
  return version;
}

export async function modelRef(tx: ContentTx, registeredModelId: number): Promise<ModelRef> {
  const model = await tx.get('registeredModel', registeredModelId);
  return { id: registeredModelId, owner: model?.owner };
}

export async function versionModel(tx: ContentTx, modelVersionId: number): Promise<ModelRef | undefined> {
  const version = await tx.get('modelVersion', modelVersionId);
  return version === undefined ? undefined : modelRef(tx, version.registeredModelId);
}

export async function modelArtifacts(tx: ContentTx, modelVersionId: number): Promise<readonly Artifact[]> {
  return tx.findAll('artifact', { modelVersionId, artifactType: 'model-artifact' }, 100);
}
