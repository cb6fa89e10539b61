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
} from '../../domain/model-files.js';
import { ConflictError, NotFoundError } from '../../domain/errors.js';
import type { ModelVersion } from '../../domain/entities.js';
import type { ContentTx } from './content-tx.js';
import type { Authorizer } from '../access/index.js';
import { versionLabel } from '../access/index.js';
import { lockModel, type Caller } from '../use-case.js';
import {
  checkIncoming,
  contentNotFound,
  contentRunner,
  incomplete,
  modelArtifacts,
  modelRef,
  mustGetVersion,
  offsetMismatch,
  presentUpload,
  requireOpen,
  stagedRef,
  uploadNotFound,
  versionModel,
  type ContentRun,
  type FileProgress,
  type FileServiceDeps,
  type GarbageReport,
  type IncomingRange,
  type Record_,
} from './content-rules.js';
import { receiveBytes, type ClaimedFile } from './file-transfer.js';
import { GarbageCollector } from './garbage-collector.js';

/**
 * Model files: resumable uploads, sealed manifests, downloads and garbage collection
 * (docs/adr/0010-model-files.md). Metadata changes are one transaction each with their audit
 * event; bytes move outside transactions, in an order that never lets the database point at
 * content that is not complete and durable.
 */
export class FileService {
  private readonly claimMs: number;
  private readonly run: ContentRun;
  private readonly garbage: GarbageCollector;

  constructor(private readonly deps: FileServiceDeps) {
    this.claimMs = deps.claimMs ?? 120_000;
    this.run = contentRunner(deps);
    this.garbage = new GarbageCollector(deps, this.run);
  }

  private present(upload: Upload, now: number): Upload {
    return presentUpload(upload, now, this.deps.uploadExpiryMs);
  }

  get artifactStoreKind(): 'disk' | 's3' {
    return this.deps.artifacts.kind;
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
    const claim = await this.claimFile(actor, uploadId, path, incoming);
    const { store, artifacts, clock } = this.deps;
    const ctx = { store, artifacts, clock, claimMs: this.claimMs, run: this.run };
    return receiveBytes(ctx, claim, incoming.range, body);
  }

  /** Claims one file of an OPEN upload for this request, at the offset the request starts from. */
  private claimFile(
    actor: Caller,
    uploadId: number,
    path: string,
    incoming: { range?: IncomingRange | undefined; contentLength?: number | undefined },
  ): Promise<ClaimedFile> {
    const pathHash = this.deps.sha256(path);
    const writerId = this.deps.newKey();
    return this.run(actor, async (tx, now, auth) => {
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
      return { actor, upload: found, file: target, path, writerId };
    });
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
   * against the manifest on the way (services/content/content-integrity.ts); CONTENT_CORRUPT when it is
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
   * Expires the OPEN uploads idle for longer than the upload expiry, then removes stored bytes
   * that nothing refers to (GarbageCollector).
   */
  collectGarbage(actor: Caller, options: { dryRun: boolean; graceSeconds: number }): Promise<GarbageReport> {
    return this.garbage.collect(actor, options);
  }

  // ---- helpers ----

  private async readableManifest(tx: ContentTx, auth: Authorizer, modelVersionId: number): Promise<Manifest> {
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
  private async refuseUnlessUploadable(tx: ContentTx, version: ModelVersion): Promise<void> {
    const sealed = async () =>
      new ConflictError(
        'CONTENT_SEALED',
        `${await versionLabel(tx, version)} already has content, which never changes; upload to a new version`,
      );
    if ((await tx.getManifest(version.id)) !== undefined) throw await sealed();
    const external = (await modelArtifacts(tx, version.id)).find((a) => a.uri !== undefined && a.uri !== '');
    if (external !== undefined) {
      // Outside the model's lock, each read of a READ COMMITTED transaction (PostgreSQL) sees what
      // was committed when it ran: a commit that sealed the version between the two reads set the
      // artifact's uri with its manifest. That is sealed content, not external content.
      if ((await tx.getManifest(version.id)) !== undefined) throw await sealed();
      throw new ConflictError(
        'EXTERNAL_CONTENT',
        `${await versionLabel(tx, version)} records external content (${external.uri ?? ''}); the registry does not store files for it`,
      );
    }
  }

  private async checkCommittable(tx: ContentTx, upload: Upload, now: number): Promise<ModelVersion> {
    requireOpen(this.present(upload, now));
    const version = await mustGetVersion(tx, upload.modelVersionId);
    await this.refuseUnlessUploadable(tx, version);
    const missing = upload.files.filter((file) => file.contentKey === undefined);
    if (missing.length > 0) throw incomplete(upload.id, missing);
    return version;
  }

  /** Sets the uri of the version's model artifact, creating one (named after the model) if it has none. */
  private async pointModelArtifact(
    tx: ContentTx,
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
