import {
  checkDeclaredFiles,
  checkFilePath,
  compareByteOrder,
  rootDigestInput,
  type ByteRange,
  type DeclaredFile,
  type Manifest,
  type ManifestFile,
  type Upload,
  type UploadFile,
  type UploadState,
} from '../domain/model-files.js';
import { ConflictError, InputError, NotFoundError, UnprocessableError } from '../domain/errors.js';
import type { Artifact, ModelVersion } from '../domain/entities.js';
import type { ArtifactStore, DurableProgress, StagedFileRef, StoredUnit } from '../ports/artifact-store.js';
import type { MetadataStore, MetadataTransaction } from '../ports/metadata-store.js';
import type { Metrics } from '../ports/metrics.js';
import { Authorizer, type ModelRef } from './authorizer.js';
import { versionLabel } from './scope-resolver.js';
import type { ContentIntegrity } from './content-integrity.js';
import type { Caller } from './use-case.js';
import { lockModel } from './use-case.js';

export interface FileServiceDeps {
  readonly store: MetadataStore;
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

type Record_ = (action: string, entityType: string, id: number, detail: object) => Promise<void>;

/** Units looked up in the database at once during garbage collection. */
const GC_BATCH = 500;
/** Idle uploads one garbage collection expires at most (the next run takes the rest). */
const GC_EXPIRE_LIMIT = 1000;

function uploadNotFound(id: number): NotFoundError {
  return new NotFoundError('UPLOAD_NOT_FOUND', `no upload with id ${id}`);
}

/**
 * Model files: resumable uploads, sealed manifests, downloads and garbage collection
 * (docs/adr/0010-model-files.md). Metadata changes are one transaction each with their audit
 * event; bytes move outside transactions, in an order that never lets the database point at
 * content that is not complete and durable.
 */
export class FileService {
  private readonly claimMs: number;

  constructor(private readonly deps: FileServiceDeps) {
    this.claimMs = deps.claimMs ?? 120_000;
  }

  /**
   * The upload as callers see it at `now`: with its expiry time, and EXPIRED once it is past
   * it (garbage collection records that state and discards its bytes later).
   */
  private present(upload: Upload, now: number): Upload {
    const ttl = this.deps.uploadExpiryMs ?? 0;
    if (upload.state !== 'OPEN' || ttl <= 0) return upload;
    const expireTimeSinceEpoch = upload.lastUpdateTimeSinceEpoch + ttl;
    return { ...upload, expireTimeSinceEpoch, state: now > expireTimeSinceEpoch ? 'EXPIRED' : 'OPEN' };
  }

  get artifactStoreKind(): 'disk' | 's3' {
    return this.deps.artifacts.kind;
  }

  private run<T>(
    actor: Caller,
    work: (tx: MetadataTransaction, now: number, auth: Authorizer, record: Record_) => Promise<T>,
  ): Promise<T> {
    return this.deps.store.transaction(async (tx) => {
      const now = this.deps.clock();
      const record: Record_ = async (action, entityType, id, detail) => {
        await tx.appendAudit(
          {
            // Read now, after the work's locks are held; the store keeps times rising along the chain.
            timeSinceEpoch: this.deps.clock(),
            actor: actor.subject,
            actorMethod: actor.method,
            action,
            outcome: 'success',
            entityType,
            entityId: String(id),
            requestId: actor.requestId,
            detail: JSON.stringify(detail),
          },
          this.deps.sha256,
        );
      };
      const auth = new Authorizer(tx, actor);
      // The request's authorization, in the same transaction as what it allows.
      if (actor.request !== undefined) await auth.authorize(actor.request, true);
      return work(tx, now, auth, record);
    });
  }

  /** After a restart of the only process using the database (SQLite), no claim can be alive. */
  async releaseStaleClaims(): Promise<void> {
    await this.deps.store.transaction((tx) => tx.releaseAllUploadClaims());
  }

  // ---- uploads ----

  createUpload(actor: Caller, modelVersionId: number, files: readonly DeclaredFile[]): Promise<Upload> {
    checkDeclaredFiles(files);
    return this.run(actor, async (tx, now, auth, record) => {
      const version = await mustGetVersion(tx, modelVersionId);
      await auth.require('write', `the files of model version ${modelVersionId}`, () =>
        modelRef(tx, version.registeredModelId),
      );
      await this.refuseUnlessUploadable(tx, version);
      const upload = await tx.insertUpload(
        {
          uploadKey: this.deps.newKey(),
          modelVersionId,
          createdBy: actor.subject,
          createTimeSinceEpoch: now,
          lastUpdateTimeSinceEpoch: now,
        },
        files.map((file) => ({
          path: file.path,
          size: file.size,
          declaredSha256: file.sha256,
          pathHash: this.deps.sha256(file.path),
        })),
      );
      await record('create upload', 'upload', upload.id, {
        modelVersionId,
        fileCount: files.length,
        totalSize: files.reduce((sum, file) => sum + file.size, 0),
      });
      return this.present(upload, now);
    });
  }

  getUpload(actor: Caller, uploadId: number): Promise<Upload> {
    return this.run(actor, async (tx, now, auth) => {
      const upload = await tx.getUpload(uploadId);
      if (upload === undefined) throw uploadNotFound(uploadId);
      await auth.require('read', `upload ${uploadId}`, () => versionModel(tx, upload.modelVersionId));
      return this.present(upload, now);
    });
  }

  /** The uploads of a version, oldest first; only those in `state` when given. */
  listUploads(actor: Caller, modelVersionId: number, state?: UploadState): Promise<readonly Upload[]> {
    return this.run(actor, async (tx, now, auth) => {
      const version = await mustGetVersion(tx, modelVersionId);
      await auth.require('read', `the uploads of model version ${modelVersionId}`, () =>
        modelRef(tx, version.registeredModelId),
      );
      const uploads = (await tx.uploadsOf(modelVersionId)).map((upload) => this.present(upload, now));
      return state === undefined ? uploads : uploads.filter((upload) => upload.state === state);
    });
  }

  /** Discards an OPEN upload and its staged bytes; an aborted one stays aborted. */
  async abortUpload(actor: Caller, uploadId: number): Promise<void> {
    const upload = await this.run(actor, async (tx, now, auth, record) => {
      const found = await tx.getUpload(uploadId);
      if (found === undefined) throw uploadNotFound(uploadId);
      await auth.require('write', `upload ${uploadId}`, () => versionModel(tx, found.modelVersionId));
      if (found.state === 'COMMITTED') {
        throw new ConflictError('UPLOAD_NOT_OPEN', `upload ${uploadId} is committed; its content is sealed`);
      }
      if (found.state === 'OPEN') {
        await tx.setUploadState(uploadId, 'ABORTED', now);
        await record('abort upload', 'upload', uploadId, { modelVersionId: found.modelVersionId });
      }
      return found;
    });
    // Bytes after the database: a crash here leaves staged bytes that garbage collection removes.
    for (const file of upload.files) {
      if (file.contentKey === undefined)
        await this.deps.artifacts.discard(stagedRef(upload, file), file.stagingState);
    }
  }

  /**
   * Receives bytes of one file: from its durable offset, streamed to the artifact store with the
   * digest computed on the way, checkpointed durably. Answers the progress; when the last byte
   * is in, checks the declared digest (a mismatch discards the file's bytes: 422).
   */
  async receiveFile(
    actor: Caller,
    uploadId: number,
    path: string,
    incoming: { range?: IncomingRange | undefined; contentLength?: number | undefined },
    body: AsyncIterable<Uint8Array>,
  ): Promise<FileProgress> {
    checkFilePath(path);
    const pathHash = this.deps.sha256(path);
    const writerId = this.deps.newKey();
    const { upload, file } = await this.run(actor, async (tx, now, auth) => {
      const found = await tx.getUpload(uploadId);
      if (found === undefined) throw uploadNotFound(uploadId);
      await auth.require('write', `upload ${uploadId}`, () => versionModel(tx, found.modelVersionId));
      requireOpen(this.present(found, now));
      const target = await tx.getUploadFile(uploadId, pathHash);
      if (target === undefined) {
        throw new NotFoundError('FILE_NOT_FOUND', `upload ${uploadId} has no file ${JSON.stringify(path)}`);
      }
      checkIncoming(target, incoming);
      const start = incoming.range?.start ?? 0;
      if (start !== target.received) {
        throw offsetMismatch(path, start, target.received);
      }
      if (!(await tx.claimUploadFile(target.id, writerId, now + this.claimMs, now))) {
        throw new ConflictError(
          'UPLOAD_BUSY',
          `another request is writing ${JSON.stringify(path)} of upload ${uploadId}; retry when it ends`,
        );
      }
      await tx.touchUpload(uploadId, now);
      return { upload: found, file: target };
    });
    const ref = stagedRef(upload, file);
    const persist = async (progress: DurableProgress): Promise<void> => {
      const now = this.deps.clock();
      const held = await this.deps.store.transaction(async (tx) => {
        const recorded = await tx.recordUploadProgress(file.id, writerId, {
          received: progress.received,
          stagingState: progress.state,
          expiry: now + this.claimMs,
        });
        if (recorded) await tx.touchUpload(uploadId, now);
        return recorded;
      });
      if (!held) {
        throw new ConflictError(
          'UPLOAD_BUSY',
          `the claim on ${JSON.stringify(path)} of upload ${uploadId} was lost (the upload was aborted, or the request stalled)`,
        );
      }
    };
    const release = () =>
      this.deps.store.transaction((tx) => tx.releaseUploadFile(file.id, writerId)).catch(() => undefined);

    // Progress is recorded in order, one transaction after the other, as checkpoints complete
    // (some complete in the background, while the request waits for more bytes).
    let recording: Promise<void> = Promise.resolve();
    let claimLost: unknown;
    let lastPersist = this.deps.clock();
    let durable: DurableProgress = { received: file.received, state: file.stagingState };
    const record = (progress: DurableProgress) => {
      durable = progress;
      lastPersist = this.deps.clock();
      recording = recording
        .then(() => persist(progress))
        .catch((error: unknown) => {
          claimLost ??= error;
        });
    };
    let writer;
    try {
      writer = await this.deps.artifacts.openWriter(
        ref,
        { received: file.received, state: file.stagingState },
        record,
      );
    } catch (error) {
      await release();
      throw error;
    }
    if (writer.received !== file.received) {
      // The staged bytes could not be resumed (see ArtifactStore.openWriter): say where to start.
      const progress = await writer.end();
      await persist(progress).finally(release);
      throw offsetMismatch(path, file.received, progress.received);
    }
    const limit = incoming.range === undefined ? file.size : incoming.range.end + 1;
    try {
      for await (const chunk of body) {
        if (claimLost !== undefined) throw claimLost;
        if (chunk.length === 0) continue;
        if (writer.written + chunk.length > limit) {
          throw new InputError(
            'FILE_SIZE_EXCEEDED',
            `the body holds more than the ${limit - file.received} bytes left of ${JSON.stringify(path)} (${file.size} bytes declared)`,
          );
        }
        const progress = await writer.write(chunk);
        if (progress !== undefined) record(progress);
        // A long wait between checkpoints still renews the claim.
        else if (this.deps.clock() - lastPersist > this.claimMs / 4) record(durable);
      }
      await recording;
      if (claimLost !== undefined) throw claimLost;
    } catch (error) {
      // A dropped connection keeps every byte made durable; the client resumes from there.
      try {
        const progress = await writer.end();
        await recording;
        await persist(progress);
      } catch {
        // The error that stopped the transfer is the one to answer with.
      }
      await release();
      throw error;
    }
    if (writer.written < file.size) {
      const progress = await writer.end();
      await recording;
      await persist(progress).finally(release);
      return { path, size: file.size, received: progress.received };
    }
    const sha256 = await writer.digest();
    if (file.declaredSha256 !== undefined && file.declaredSha256 !== sha256) {
      const progress = await writer.end();
      await recording;
      await this.deps.artifacts.discard(ref, progress.state);
      await this.run(actor, async (tx, _now, _auth, record) => {
        await tx.resetUploadFile(file.id);
        await record('reject upload file', 'upload', uploadId, {
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
      await recording;
    } catch (error) {
      await release();
      throw error;
    }
    const recorded = await this.run(actor, async (tx, now, _auth, record) => {
      if (!(await tx.completeUploadFile(file.id, writerId, sha256, contentKey))) return false;
      await tx.touchUpload(uploadId, now);
      await record('receive upload file', 'upload', uploadId, { path, size: file.size, sha256 });
      return true;
    });
    if (!recorded) {
      throw new ConflictError(
        'UPLOAD_BUSY',
        `the claim on ${JSON.stringify(path)} of upload ${uploadId} was lost`,
      );
    }
    // Recorded first, then made readable: a crash between the two is repaired at commit.
    await this.deps.artifacts.publish(ref, contentKey);
    return { path, size: file.size, received: file.size, sha256 };
  }

  /** Seals the upload's files as the version's content and points its model artifact at them. */
  async commit(actor: Caller, uploadId: number): Promise<Manifest> {
    const upload = await this.run(actor, async (tx, now, auth) => {
      const found = await tx.getUpload(uploadId);
      if (found === undefined) throw uploadNotFound(uploadId);
      await auth.require('write', `upload ${uploadId}`, () => versionModel(tx, found.modelVersionId));
      await this.checkCommittable(tx, found, now);
      return found;
    });
    // Files completed just before a crash may still sit in staging: publish them now.
    const lost: UploadFile[] = [];
    for (const file of upload.files) {
      if (!(await this.deps.artifacts.publish(stagedRef(upload, file), String(file.contentKey))))
        lost.push(file);
    }
    if (lost.length > 0) {
      await this.deps.store.transaction(async (tx) => {
        for (const file of lost) await tx.resetUploadFile(file.id);
      });
      throw incomplete(uploadId, lost);
    }
    return this.run(actor, async (tx, _txStart, _auth, record) => {
      // The version's model first (ADR 15): the seal writes the version and its model artifact.
      const owner = await mustGetVersion(tx, upload.modelVersionId);
      const now = await lockModel(tx, this.deps.clock, owner.registeredModelId);
      const current = await tx.getUpload(uploadId);
      if (current === undefined) throw uploadNotFound(uploadId);
      const version = await this.checkCommittable(tx, current, now);
      const files: (ManifestFile & { pathHash: string })[] = current.files
        .map((file) => ({
          path: file.path,
          size: file.size,
          sha256: String(file.sha256),
          contentKey: String(file.contentKey),
          pathHash: this.deps.sha256(file.path),
        }))
        .sort((a, b) => compareByteOrder(a.path, b.path));
      const uri = this.deps.artifacts.contentUri(current.uploadKey) ?? this.deps.contentUrl(version.id);
      const manifest: Manifest = {
        modelVersionId: version.id,
        uploadId,
        rootDigest: `sha256:${this.deps.sha256(rootDigestInput(files))}`,
        totalSize: files.reduce((sum, file) => sum + file.size, 0),
        fileCount: files.length,
        files: files.map(({ pathHash: _hash, ...file }) => file),
        uri,
        createTimeSinceEpoch: now,
      };
      await tx.insertManifest({ ...manifest, uploadKey: current.uploadKey }, files);
      await tx.setUploadState(uploadId, 'COMMITTED', now);
      await this.pointModelArtifact(tx, version, uri, now, record);
      await record('commit upload', 'modelVersion', version.id, {
        uploadId,
        rootDigest: manifest.rootDigest,
        fileCount: manifest.fileCount,
        totalSize: manifest.totalSize,
        uri,
      });
      await tx.touch('modelVersion', version.id, now);
      return manifest;
    }).then((manifest) => {
      this.deps.metrics?.uploadCommitted(manifest.fileCount, manifest.totalSize);
      return manifest;
    });
  }

  // ---- downloads ----

  getManifest(actor: Caller, modelVersionId: number): Promise<Manifest> {
    return this.run(actor, async (tx, _now, auth) => this.readableManifest(tx, auth, modelVersionId));
  }

  /** The manifest, and the files of it found corrupt (never served). */
  getManifestWithIntegrity(actor: Caller, modelVersionId: number) {
    return this.run(actor, async (tx, _now, auth) => ({
      manifest: await this.readableManifest(tx, auth, modelVersionId),
      corrupt: await tx.integrity.corruptFiles({ modelVersionIds: [modelVersionId] }),
    }));
  }

  /**
   * One file of a version's content, and ways to read it (outside any transaction), checked
   * against the manifest on the way (services/content-integrity.ts); CONTENT_CORRUPT when it is
   * known to be corrupt.
   */
  async openFile(actor: Caller, modelVersionId: number, path: string) {
    checkFilePath(path);
    const pathHash = this.deps.sha256(path);
    const { file, known } = await this.run(actor, async (tx, _now, auth) => {
      const version = await mustGetVersion(tx, modelVersionId);
      await auth.require('read', `model version ${modelVersionId}`, () =>
        modelRef(tx, version.registeredModelId),
      );
      const found = await tx.manifestFile(modelVersionId, pathHash);
      if (found === undefined) {
        const manifest = await tx.getManifest(modelVersionId);
        throw manifest === undefined
          ? contentNotFound(modelVersionId)
          : new NotFoundError(
              'FILE_NOT_FOUND',
              `model version ${modelVersionId} has no file ${JSON.stringify(path)}`,
            );
      }
      return { file: found, known: await tx.integrity.fileIntegrity(modelVersionId, pathHash) };
    });
    const { integrity } = this.deps;
    const stored = { ...file, modelVersionId, pathHash };
    integrity.refuseIfCorrupt(stored, known);
    return {
      file,
      read: (range?: ByteRange) => integrity.read(actor, stored, known, range),
      /** Positional reads, where the store has them (see ArtifactStore.openReader). */
      openReader:
        this.deps.artifacts.openReader === undefined
          ? undefined
          : (range?: ByteRange) => integrity.openReader(actor, stored, known, range),
    };
  }

  /** The whole content of a version: its manifest, and a way to read each file, checked. */
  async openContent(actor: Caller, modelVersionId: number) {
    const { manifest, known } = await this.run(actor, async (tx, _now, auth) => ({
      manifest: await this.readableManifest(tx, auth, modelVersionId),
      known: await tx.integrity.versionIntegrity(modelVersionId),
    }));
    const { integrity, sha256 } = this.deps;
    const stored = (file: ManifestFile) => ({ ...file, modelVersionId, pathHash: sha256(file.path) });
    const state = (file: ManifestFile) => known.find((k) => k.pathHash === sha256(file.path));
    for (const file of manifest.files) integrity.refuseIfCorrupt(stored(file), state(file));
    return {
      manifest,
      read: (file: ManifestFile) => integrity.read(actor, stored(file), state(file)),
    };
  }

  // ---- garbage collection ----

  /**
   * Expires the OPEN uploads idle for longer than the upload expiry (discarding their staged
   * bytes), then removes stored bytes that no manifest and no OPEN upload refers to and that were
   * last written before the grace period. Each unit is quarantined first, then checked again in
   * the database, so content an upload starts to share meanwhile is put back (ADR 0010).
   */
  async collectGarbage(
    actor: Caller,
    options: { dryRun: boolean; graceSeconds: number },
  ): Promise<GarbageReport> {
    await this.run(actor, async (_tx, _now, auth) => auth.require('admin', 'the artifact store'));
    const expiringUploads = await this.expireIdleUploads(actor, options.dryRun);
    const expiring = expiringUploads.map((upload) => upload.id);
    // A dry run expires nothing, so the bytes of the uploads it would expire count as unreferenced.
    const ignoring = options.dryRun ? expiring : [];
    // The staging of an upload this run expires is garbage however recent: discarding its files
    // has just touched the directory, and its last write counts from the database, not the disk.
    const expiredStaging = new Set(expiringUploads.map((upload) => upload.uploadKey));
    const cutoff = this.deps.clock() - options.graceSeconds * 1000;
    const recent = (unit: StoredUnit) =>
      unit.modifiedAt > cutoff && !(unit.kind === 'staging' && expiredStaging.has(unit.key));
    const removed: { key: string; size: number }[] = [];
    let kept = 0;
    let batch: StoredUnit[] = [];
    const sweep = async () => {
      const live = await this.liveUnits(batch, ignoring);
      for (const unit of batch) {
        if (live.has(unit) || recent(unit)) {
          kept += 1;
          continue;
        }
        const entry = { key: displayKey(unit), size: unit.size };
        if (options.dryRun) {
          removed.push(entry);
          continue;
        }
        try {
          await this.deps.artifacts.quarantine(unit);
        } catch {
          continue; // gone already (another collector), or not movable now: the next run sees it
        }
        if ((await this.liveUnits([unit], ignoring)).has(unit)) {
          await this.deps.artifacts.restore(unit);
          kept += 1;
        } else {
          await this.deps.artifacts.purge(unit);
          removed.push(entry);
        }
      }
      batch = [];
    };
    for await (const unit of this.deps.artifacts.storedUnits()) {
      batch.push(unit);
      if (batch.length >= GC_BATCH) await sweep();
    }
    await sweep();
    const removedBytes = removed.reduce((sum, unit) => sum + unit.size, 0);
    if (!options.dryRun) {
      await this.run(actor, async (_tx, _now, _auth, record) =>
        record('collect garbage', 'artifactStore', 0, {
          expiredUploads: expiring.length,
          removed: removed.length,
          removedBytes,
          kept,
        }),
      );
    }
    if (!options.dryRun) this.deps.metrics?.garbageCollected(removed.length, removedBytes, expiring.length);
    return { dryRun: options.dryRun, expiredUploads: expiring, removed, removedBytes, kept };
  }

  /**
   * Marks EXPIRED the OPEN uploads idle for longer than the upload expiry that no request is
   * writing, and discards their staged bytes; a dry run only finds them. Returns them.
   */
  private async expireIdleUploads(actor: Caller, dryRun: boolean): Promise<readonly Upload[]> {
    const ttl = this.deps.uploadExpiryMs ?? 0;
    if (ttl <= 0) return [];
    const now = this.deps.clock();
    const idle = await this.deps.store.transaction((tx) => tx.idleUploads(now - ttl, now, GC_EXPIRE_LIMIT));
    if (dryRun) return idle;
    const expired: Upload[] = [];
    for (const candidate of idle) {
      // Checked again by the update that expires it: a request may have written to it (or committed
      // it) meanwhile. A writing request records activity at least every claimMs / 4, far within
      // the expiry.
      const upload = await this.run(actor, async (tx, at, _auth, record) => {
        if (!(await tx.expireUpload(candidate.id, at - ttl, at))) return undefined;
        await record('expire upload', 'upload', candidate.id, {
          modelVersionId: candidate.modelVersionId,
          idleSince: candidate.lastUpdateTimeSinceEpoch,
        });
        return candidate;
      });
      if (upload !== undefined) expired.push(upload);
    }
    // Bytes after the database, as an abort does; what a crash here leaves, the sweep removes.
    for (const upload of expired) {
      for (const file of upload.files) {
        if (file.contentKey === undefined)
          await this.deps.artifacts.discard(stagedRef(upload, file), file.stagingState);
      }
    }
    return expired;
  }

  private async liveUnits(
    units: readonly StoredUnit[],
    ignoring: readonly number[],
  ): Promise<ReadonlySet<StoredUnit>> {
    const digests = units.filter((u) => u.kind === 'blob').map((u) => u.key.slice('sha256/'.length));
    const keys = units.filter((u) => u.kind !== 'blob').map((u) => u.key);
    const { referenced, states } = await this.deps.store.transaction(async (tx) => ({
      referenced: digests.length === 0 ? new Set<string>() : await tx.referencedDigests(digests, ignoring),
      states:
        keys.length === 0
          ? { open: new Set<string>(), sealed: new Set<string>() }
          : await tx.uploadKeyStates(keys, ignoring),
    }));
    return new Set(
      units.filter((unit) => {
        if (unit.kind === 'blob') return referenced.has(unit.key.slice('sha256/'.length));
        if (unit.kind === 'staging') return states.open.has(unit.key);
        return states.open.has(unit.key) || states.sealed.has(unit.key);
      }),
    );
  }

  // ---- helpers ----

  private async readableManifest(
    tx: MetadataTransaction,
    auth: Authorizer,
    modelVersionId: number,
  ): Promise<Manifest> {
    const version = await mustGetVersion(tx, modelVersionId);
    await auth.require('read', `model version ${modelVersionId}`, () =>
      modelRef(tx, version.registeredModelId),
    );
    const manifest = await tx.getManifest(modelVersionId);
    if (manifest === undefined) throw contentNotFound(modelVersionId);
    const files = [...(await tx.manifestFiles(modelVersionId))].sort((a, b) =>
      compareByteOrder(a.path, b.path),
    );
    return { ...manifest, files };
  }

  /** 409 when the version already has content, or its model artifact records an external URI. */
  private async refuseUnlessUploadable(tx: MetadataTransaction, version: ModelVersion): Promise<void> {
    if ((await tx.getManifest(version.id)) !== undefined) {
      throw new ConflictError(
        'CONTENT_SEALED',
        `${await versionLabel(tx, version)} already has content, which never changes; upload to a new version`,
      );
    }
    const external = (await modelArtifacts(tx, version.id)).find((a) => a.uri !== undefined && a.uri !== '');
    if (external !== undefined) {
      throw new ConflictError(
        'EXTERNAL_CONTENT',
        `${await versionLabel(tx, version)} records external content (${external.uri ?? ''}); the registry does not store files for it`,
      );
    }
  }

  private async checkCommittable(
    tx: MetadataTransaction,
    upload: Upload,
    now: number,
  ): Promise<ModelVersion> {
    requireOpen(this.present(upload, now));
    const version = await mustGetVersion(tx, upload.modelVersionId);
    await this.refuseUnlessUploadable(tx, version);
    const missing = upload.files.filter((file) => file.contentKey === undefined);
    if (missing.length > 0) throw incomplete(upload.id, missing);
    return version;
  }

  /** Sets the uri of the version's model artifact, creating one (named after the model) if it has none. */
  private async pointModelArtifact(
    tx: MetadataTransaction,
    version: ModelVersion,
    uri: string,
    now: number,
    record: Record_,
  ): Promise<void> {
    const [artifact] = await modelArtifacts(tx, version.id);
    if (artifact !== undefined) {
      const updated = await tx.update('artifact', artifact.id, { uri }, now);
      await record('update artifact', 'artifact', artifact.id, {
        before: { uri: null },
        after: { uri: updated.uri },
      });
      return;
    }
    const model = await tx.get('registeredModel', version.registeredModelId);
    const created = await tx.insert(
      'artifact',
      {
        artifactType: 'model-artifact',
        name: model?.name ?? `version-${version.id}`,
        uri,
        state: 'LIVE',
        modelVersionId: version.id,
        customProperties: {},
      },
      now,
    );
    await record('create artifact', 'artifact', created.id, { after: created });
  }
}

function checkIncoming(
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

function requireOpen(upload: Upload): void {
  if (upload.state === 'OPEN') return;
  const why =
    upload.state === 'EXPIRED'
      ? `expired: nothing was written to it since ${new Date(upload.lastUpdateTimeSinceEpoch).toISOString()}; start a new upload`
      : upload.state.toLowerCase();
  throw new ConflictError('UPLOAD_NOT_OPEN', `upload ${upload.id} is ${why}`);
}

function offsetMismatch(path: string, start: number, received: number): ConflictError {
  return new ConflictError(
    'UPLOAD_OFFSET_MISMATCH',
    `${JSON.stringify(path)}: the body starts at byte ${start} but ${received} bytes are durably received; resume from ${received}`,
    { received },
  );
}

function incomplete(uploadId: number, missing: readonly UploadFile[]): ConflictError {
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

function contentNotFound(modelVersionId: number): NotFoundError {
  return new NotFoundError('CONTENT_NOT_FOUND', `model version ${modelVersionId} has no stored content`);
}

function stagedRef(upload: Upload, file: UploadFile): StagedFileRef {
  return { uploadKey: upload.uploadKey, fileIndex: file.fileIndex, path: file.path, size: file.size };
}

function displayKey(unit: StoredUnit): string {
  return unit.kind === 'blob' ? `blobs/${unit.key}` : `${unit.kind}/${unit.key}`;
}

async function mustGetVersion(tx: MetadataTransaction, id: number): Promise<ModelVersion> {
  const version = await tx.get('modelVersion', id);
  if (version === undefined)
    throw new NotFoundError('MODEL_VERSION_NOT_FOUND', `no model version with id ${id}`);
  return version;
}

async function modelRef(tx: MetadataTransaction, registeredModelId: number): Promise<ModelRef> {
  const model = await tx.get('registeredModel', registeredModelId);
  return { id: registeredModelId, owner: model?.owner };
}

async function versionModel(tx: MetadataTransaction, modelVersionId: number): Promise<ModelRef | undefined> {
  const version = await tx.get('modelVersion', modelVersionId);
  return version === undefined ? undefined : modelRef(tx, version.registeredModelId);
}

async function modelArtifacts(tx: MetadataTransaction, modelVersionId: number): Promise<readonly Artifact[]> {
  return tx.findAll('artifact', { modelVersionId, artifactType: 'model-artifact' }, 100);
}
