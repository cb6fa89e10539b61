import { InputError, NotFoundError, PermissionError } from '../../domain/errors.js';
import { compareByteOrder, filePathProblem, rootDigestInput } from '../../domain/model-files.js';
import type { ArtifactStore, StagedFileRef } from '../../ports/artifact-store.js';
import type { RunArtifactFile } from '../../ports/content-repository.js';
import type { MetadataStore } from '../../ports/metadata-store.js';
import type { ContentIntegrity } from '../content/index.js';
import type { CatalogService } from '../catalog/index.js';
import { runUseCase, type Caller } from '../use-case.js';

/**
 * The `mlflow-artifacts` proxy (docs/adr/0020-mlflow-api.md): MLflow's client puts and gets a
 * run's files under `<experiment>/<run>/artifacts/<path>`. The bytes go to the artifact store as
 * they arrive (hashed on the way, never held whole), and a run's file is recorded in the database
 * once they are all in, so garbage collection keeps them; a failed upload leaves nothing.
 */

export interface MlflowArtifactDeps {
  readonly catalog: CatalogService;
  readonly store: MetadataStore;
  readonly artifacts: ArtifactStore;
  /** Downloads are checked against the size and sha256 recorded with the file, as they stream. */
  readonly integrity: Pick<ContentIntegrity, 'readRecorded'>;
  readonly clock: () => number;
  readonly sha256: (text: string) => string;
  readonly newKey: () => string;
  /** The URL a version's content is downloaded from (its content.tar). */
  readonly contentUrl: (modelVersionId: number) => string;
}

/** Where a path of the proxy points: a run, and a path under its artifact root ('' for the root). */
export interface RunArtifactPath {
  readonly experimentId: string;
  readonly runId: string;
  readonly path: string;
}

/** One entry of a listing, as MLflow answers it: a name relative to the listed directory. */
export interface ListedArtifact {
  readonly path: string;
  readonly isDir: boolean;
  readonly fileSize?: number;
}

const ID = /^[1-9][0-9]{0,8}$/;

/** Parses `<experiment>/<run>/artifacts[/<path>]`; a path outside a run's artifacts is refused. */
export function parseArtifactPath(full: string, allowRoot: boolean): RunArtifactPath {
  const invalid = (why: string) =>
    new InputError('INVALID_PARAMETER', `artifact path ${JSON.stringify(full)} ${why}`);
  const problem = filePathProblem(full);
  if (problem !== undefined) throw invalid(problem);
  const [experimentId = '', runId = '', root, ...rest] = full.split('/');
  if (root !== 'artifacts' || !ID.test(experimentId) || !ID.test(runId))
    throw invalid("is not under a run's artifacts (<experiment>/<run>/artifacts/...)");
  if (rest.length === 0 && !allowRoot) throw invalid('names no file');
  return { experimentId, runId, path: rest.join('/') };
}

/**
 * The run and directory a version's `source` names: its artifact location
 * (`mlflow-artifacts:/<experiment>/<run>/artifacts/<path>`) or `runs:/<run>/<path>`; undefined
 * for any other source (kept as registered, with no content).
 */
export function runSource(source: string): { runId: number; path: string } | undefined {
  const proxied = /^mlflow-artifacts:\/{1,3}([1-9][0-9]{0,8})\/([1-9][0-9]{0,8})\/artifacts(?:\/(.*))?$/.exec(
    source,
  );
  const viaRun = /^runs:\/{1,3}([1-9][0-9]{0,8})(?:\/(.*))?$/.exec(source);
  const [runId, path] =
    proxied !== null ? [proxied[2], proxied[3]] : viaRun !== null ? [viaRun[1], viaRun[2]] : [];
  if (runId === undefined) return undefined;
  const dir = (path ?? '').replace(/\/+$/, '');
  if (dir !== '' && filePathProblem(dir) !== undefined) return undefined;
  return { runId: Number(runId), path: dir };
}

export class MlflowArtifactService {
  constructor(private readonly deps: MlflowArtifactDeps) {}

  /** The run, read as the caller (its access checked); a run of another experiment is not found. */
  private async runOf(caller: Caller, at: RunArtifactPath): Promise<number> {
    const run = await this.deps.catalog.get(caller, 'experimentRun', Number(at.runId));
    if (String(run.experimentId) !== at.experimentId)
      throw new NotFoundError('EXPERIMENT_RUN_NOT_FOUND', `Run '${at.runId}' not found`);
    return run.id;
  }

  /**
   * Stores a run's file from a body of `size` bytes (replacing the file at that path). Nothing is
   * recorded unless every byte arrived; the staged bytes of a failed upload are discarded.
   */
  async upload(
    caller: Caller,
    at: RunArtifactPath,
    size: number,
    body: AsyncIterable<Uint8Array>,
  ): Promise<void> {
    const runId = await this.runOf(caller, at);
    const ref: StagedFileRef = { uploadKey: this.deps.newKey(), fileIndex: 0, path: at.path, size };
    const { sha256, contentKey } = await this.store(ref, body);
    // Recorded first, then made readable (the record keeps the bytes from garbage collection);
    // the bytes of a file it replaces are left to garbage collection.
    await this.deps.store.transaction((tx) =>
      tx.putRunArtifact({
        runId,
        path: at.path,
        pathHash: this.deps.sha256(at.path),
        size,
        sha256,
        contentKey,
        uploadKey: ref.uploadKey,
        createdBy: caller.subject,
        createTimeSinceEpoch: this.deps.clock(),
      }),
    );
    await this.deps.artifacts.publish(ref, contentKey);
  }

  private async store(
    ref: StagedFileRef,
    body: AsyncIterable<Uint8Array>,
  ): Promise<{ sha256: string; contentKey: string }> {
    const writer = await this.deps.artifacts.openWriter(ref, { received: 0 });
    try {
      for await (const chunk of body) {
        if (chunk.length === 0) continue;
        if (writer.written + chunk.length > ref.size) {
          throw new InputError(
            'INVALID_PARAMETER',
            `the body holds more than the ${ref.size} bytes declared`,
          );
        }
        await writer.write(chunk);
      }
      if (writer.written < ref.size) {
        throw new InputError(
          'INVALID_PARAMETER',
          `the body ended after ${writer.written} of ${ref.size} bytes`,
        );
      }
      const sha256 = await writer.digest();
      return { sha256, contentKey: await writer.complete() };
    } catch (error) {
      const progress = await writer.end().catch(() => undefined);
      await this.deps.artifacts.discard(ref, progress?.state).catch(() => undefined);
      throw error;
    }
  }

  /** A run's file: its size and its bytes, streamed from the store. */
  async download(
    caller: Caller,
    at: RunArtifactPath,
  ): Promise<{ file: RunArtifactFile; bytes: AsyncIterable<Uint8Array> }> {
    const runId = await this.runOf(caller, at);
    const file = await this.deps.store.transaction((tx) => tx.runArtifact(runId, this.deps.sha256(at.path)));
    if (file === undefined)
      throw new NotFoundError(
        'ARTIFACT_NOT_FOUND',
        `No artifact ${JSON.stringify(at.path)} in run ${at.runId}`,
      );
    const bytes = await this.deps.integrity.readRecorded(caller, {
      contentKey: file.contentKey,
      sha256: file.sha256,
      size: file.size,
      label: `${JSON.stringify(at.path)} of run ${at.runId}`,
      entityType: 'experimentRun',
      entityId: String(runId),
      corruptReason: file.corruptReason,
    });
    return { file, bytes };
  }

  /** A run's files under a path ('' for all), by their path relative to it. */
  async filesUnder(caller: Caller, at: RunArtifactPath): Promise<readonly RunArtifactFile[]> {
    // A listing names its run in a query parameter, as a search names what it finds: a run the
    // caller may not read is one it does not know of.
    const runId = await this.runOf(caller, at).catch((error: unknown) => {
      if (error instanceof PermissionError)
        throw new NotFoundError('EXPERIMENT_RUN_NOT_FOUND', `Run '${at.runId}' not found`);
      throw error;
    });
    const files = await this.deps.store.transaction((tx) => tx.runArtifacts(runId));
    const prefix = at.path === '' ? '' : `${at.path}/`;
    return files
      .filter((f) => f.path.startsWith(prefix))
      .map((f) => ({ ...f, path: f.path.slice(prefix.length) }));
  }

  /**
   * Seals the run's files under a version's `source` as the version's content (its manifest, as
   * an upload's commit makes it: the digests of the stored bytes), in one transaction with its
   * audit event. A source naming no run's files leaves the version without content.
   */
  async sealFromSource(caller: Caller, modelVersionId: number, source: string): Promise<void> {
    const at = runSource(source);
    if (at === undefined) return;
    const prefix = at.path === '' ? '' : `${at.path}/`;
    await runUseCase(this.deps, caller, async (tx, now, _auth, record) => {
      const files = (await tx.runArtifacts(at.runId))
        .filter((f) => f.path.startsWith(prefix))
        .map((f) => ({
          path: f.path.slice(prefix.length),
          size: f.size,
          sha256: f.sha256,
          contentKey: f.contentKey,
          pathHash: this.deps.sha256(f.path.slice(prefix.length)),
        }))
        .sort((a, b) => compareByteOrder(a.path, b.path));
      if (files.length === 0) return;
      const upload = await tx.insertUpload(
        {
          uploadKey: this.deps.newKey(),
          modelVersionId,
          createdBy: caller.subject,
          createTimeSinceEpoch: now,
          lastUpdateTimeSinceEpoch: now,
        },
        files.map((f) => ({ path: f.path, pathHash: f.pathHash, size: f.size, declaredSha256: f.sha256 })),
      );
      await tx.setUploadState(upload.id, 'COMMITTED', now);
      const manifest = {
        modelVersionId,
        uploadId: upload.id,
        uploadKey: upload.uploadKey,
        rootDigest: `sha256:${this.deps.sha256(rootDigestInput(files))}`,
        totalSize: files.reduce((sum, f) => sum + f.size, 0),
        fileCount: files.length,
        uri: this.deps.contentUrl(modelVersionId),
        createTimeSinceEpoch: now,
      };
      await tx.insertManifest(manifest, files);
      await record('update', 'modelVersion', modelVersionId, {
        sealedFromRun: at.runId,
        source,
        rootDigest: manifest.rootDigest,
        fileCount: manifest.fileCount,
        totalSize: manifest.totalSize,
      });
    });
  }

  /** The entries directly under a directory of a run's artifacts (files and directories). */
  async list(caller: Caller, at: RunArtifactPath): Promise<readonly ListedArtifact[]> {
    const entries = new Map<string, ListedArtifact>();
    for (const file of await this.filesUnder(caller, at)) {
      const slash = file.path.indexOf('/');
      const name = slash === -1 ? file.path : file.path.slice(0, slash);
      if (!entries.has(name))
        entries.set(
          name,
          slash === -1 ? { path: name, isDir: false, fileSize: file.size } : { path: name, isDir: true },
        );
    }
    return [...entries.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }
}
