import type { Manifest, ManifestFile, Upload, UploadFile, UploadState } from '../domain/model-files.js';
import type { CorruptRunFile } from '../domain/integrity.js';
import type { IntegrityQueries } from './integrity-queries.js';

/** Resumable uploads of a version's files, and the claims of the requests writing them. */
export interface UploadRepository {
  /** Creates an OPEN upload with its files (received 0). */
  insertUpload(
    upload: Omit<Upload, 'id' | 'files' | 'state'>,
    files: readonly { path: string; pathHash: string; size: number; declaredSha256?: string | undefined }[],
  ): Promise<Upload>;
  getUpload(id: number): Promise<Upload | undefined>;
  /** One file of an upload, by the hash of its path. */
  getUploadFile(uploadId: number, pathHash: string): Promise<UploadFile | undefined>;
  setUploadState(id: number, state: UploadState, now: number): Promise<void>;
  /** The uploads of a version in a state. */
  uploadsOf(modelVersionId: number, state?: UploadState): Promise<readonly Upload[]>;
  /**
   * Marks an upload EXPIRED if it is still OPEN and idle since before `idleBefore` (checked in the
   * UPDATE itself, so a concurrent write or commit wins); false when it was not.
   */
  expireUpload(id: number, idleBefore: number, now: number): Promise<boolean>;
  /** Records activity on an upload (its last update time), which keeps it from expiring. */
  touchUpload(id: number, now: number): Promise<void>;
  /**
   * OPEN uploads idle since before `idleBefore` that no request is writing now (no claim
   * unexpired at `now`): the ones to expire, oldest first, at most `limit`.
   */
  idleUploads(idleBefore: number, now: number, limit: number): Promise<readonly Upload[]>;
  /**
   * Claims a file for one writing request: succeeds when no other writer holds an unexpired
   * claim. False when another does.
   */
  claimUploadFile(fileId: number, writer: string, expiry: number, now: number): Promise<boolean>;
  /**
   * Records durable progress of the claim's holder and extends its claim; false (nothing
   * written) when the claim was lost.
   */
  recordUploadProgress(
    fileId: number,
    writer: string,
    progress: { received: number; stagingState: string | undefined; expiry: number },
  ): Promise<boolean>;
  /** Marks a file complete (received = size) with its digest and content key, releasing the claim. */
  completeUploadFile(fileId: number, writer: string, sha256: string, contentKey: string): Promise<boolean>;
  /** Sets a file back to nothing received (a digest mismatch, or content lost), releasing any claim. */
  resetUploadFile(fileId: number): Promise<void>;
  releaseUploadFile(fileId: number, writer: string): Promise<void>;
  /** Drops every claim (SQLite at start-up: one process owns the database, so none is alive). */
  releaseAllUploadClaims(): Promise<void>;
}

/** The sealed content of versions. */
export interface ManifestRepository {
  /** Seals a version's content; a second manifest for the version is a ConflictError CONTENT_SEALED. */
  insertManifest(
    manifest: Omit<Manifest, 'files'> & { uploadKey: string },
    files: readonly (ManifestFile & { pathHash: string })[],
  ): Promise<void>;
  /** The manifest without its files, or undefined when the version has no content. */
  getManifest(modelVersionId: number): Promise<Omit<Manifest, 'files'> | undefined>;
  manifestFiles(modelVersionId: number): Promise<readonly ManifestFile[]>;
  manifestFile(modelVersionId: number, pathHash: string): Promise<ManifestFile | undefined>;
}

/** A file put under an experiment run through the MLflow artifact proxy (docs/adr/0020-mlflow-api.md). */
export interface RunArtifactFile extends ManifestFile {
  readonly runId: number;
  /** The key of the write that stored the bytes (on S3, the prefix its content is under). */
  readonly uploadKey: string;
  /** Why its stored bytes are known corrupt (found so while served); absent: not known corrupt. */
  readonly corruptReason?: string;
}

/** The files of experiment runs (the MLflow artifact proxy); garbage collection keeps their bytes. */
export interface RunArtifactRepository {
  /** Records a run's file, replacing the one at the same path (returned, its bytes then orphaned). */
  putRunArtifact(
    file: RunArtifactFile & { pathHash: string; createdBy: string; createTimeSinceEpoch: number },
  ): Promise<RunArtifactFile | undefined>;
  runArtifact(runId: number, pathHash: string): Promise<RunArtifactFile | undefined>;
  /** A run's files, by path. */
  runArtifacts(runId: number): Promise<readonly RunArtifactFile[]>;
  /** Marks corrupt every run's file stored as these bytes and not marked yet; returns them. */
  markRunArtifactsCorrupt(
    content: { readonly sha256: string; readonly contentKey: string },
    reason: string,
    now: number,
  ): Promise<readonly RunArtifactFile[]>;
  /** Every run's file marked corrupt, oldest first (the report). */
  corruptRunArtifacts(): Promise<readonly CorruptRunFile[]>;
}

/** What garbage collection asks before it deletes stored bytes. */
export interface ContentReferences {
  /** Deletes the manifests and every upload of these versions (their stored bytes become orphans). */
  deleteContentOf(modelVersionIds: readonly number[]): Promise<void>;
  /**
   * Of these sha256 digests, those a manifest, a file of an OPEN upload or a run's artifact file
   * (MLflow artifact proxy) refers to; uploads
   * in `ignoring` count as not OPEN (the ones a dry run of garbage collection would expire).
   */
  referencedDigests(digests: readonly string[], ignoring?: readonly number[]): Promise<ReadonlySet<string>>;
  /** Of these upload keys: those of an OPEN upload (but those in `ignoring`), and those whose upload made a manifest or a run artifact file. */
  uploadKeyStates(
    uploadKeys: readonly string[],
    ignoring?: readonly number[],
  ): Promise<{ readonly open: ReadonlySet<string>; readonly sealed: ReadonlySet<string> }>;
}

/** Content context: uploads, manifests, garbage collection, integrity. */
export interface ContentRepository
  extends UploadRepository, ManifestRepository, RunArtifactRepository, ContentReferences {
  /** Content integrity and verification runs (docs/adr/0016-content-integrity.md). */
  readonly integrity: IntegrityQueries;
}
