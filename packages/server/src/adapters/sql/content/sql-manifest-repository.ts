import { ConflictError } from '../../../domain/errors.js';
import type { CorruptRunFile } from '../../../domain/integrity.js';
import type { Manifest, ManifestFile } from '../../../domain/model-files.js';
import type {
  ContentReferences,
  ManifestRepository,
  RunArtifactFile,
  RunArtifactRepository,
} from '../../../ports/content-repository.js';
import { FILE_ROW_CHUNK, ID_CHUNK, slices, type SqlContext } from '../shared/sql-context.js';
import { rowToManifestFile } from './content-rows.js';

/**
 * The sealed content of versions (migration 0010), the files of experiment runs (migration 0018),
 * and what garbage collection asks of them.
 */
export class SqlManifestRepository implements ManifestRepository, RunArtifactRepository, ContentReferences {
  constructor(private readonly ctx: SqlContext) {}

  async insertManifest(
    manifest: Omit<Manifest, 'files'> & { uploadKey: string },
    files: readonly (ManifestFile & { pathHash: string })[],
  ): Promise<void> {
    try {
      await this.ctx.db
        .insertInto('version_content')
        .values({
          model_version_id: manifest.modelVersionId,
          upload_id: manifest.uploadId,
          upload_key: manifest.uploadKey,
          root_digest: manifest.rootDigest,
          total_size: manifest.totalSize,
          file_count: manifest.fileCount,
          uri: manifest.uri,
          create_time: manifest.createTimeSinceEpoch,
        })
        .execute();
    } catch (error) {
      if (this.ctx.dialect.constraintViolation(error)?.type === 'unique') {
        throw new ConflictError(
          'CONTENT_SEALED',
          `model version ${manifest.modelVersionId} already has content; it never changes (make a new version)`,
        );
      }
      throw error;
    }
    const rows = files.map((file) => ({
      model_version_id: manifest.modelVersionId,
      path_hash: file.pathHash,
      path: file.path,
      size: file.size,
      sha256: file.sha256,
      content_key: file.contentKey,
    }));
    for (const chunk of slices(rows, FILE_ROW_CHUNK)) {
      await this.ctx.db.insertInto('version_content_file').values(chunk).execute();
    }
  }

  async getManifest(modelVersionId: number): Promise<Omit<Manifest, 'files'> | undefined> {
    const row = await this.ctx.db
      .selectFrom('version_content')
      .selectAll()
      .where('model_version_id', '=', modelVersionId)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    return {
      modelVersionId,
      uploadId: Number(row.upload_id),
      rootDigest: String(row.root_digest),
      totalSize: Number(row.total_size),
      fileCount: Number(row.file_count),
      uri: String(row.uri),
      createTimeSinceEpoch: Number(row.create_time),
    };
  }

  async manifestFiles(modelVersionId: number): Promise<readonly ManifestFile[]> {
    const rows = await this.ctx.db
      .selectFrom('version_content_file')
      .selectAll()
      .where('model_version_id', '=', modelVersionId)
      .execute();
    return rows.map(rowToManifestFile);
  }

  async manifestFile(modelVersionId: number, pathHash: string): Promise<ManifestFile | undefined> {
    const row = await this.ctx.db
      .selectFrom('version_content_file')
      .selectAll()
      .where('model_version_id', '=', modelVersionId)
      .where('path_hash', '=', pathHash)
      .executeTakeFirst();
    return row === undefined ? undefined : rowToManifestFile(row);
  }

  async putRunArtifact(
    file: RunArtifactFile & { pathHash: string; createdBy: string; createTimeSinceEpoch: number },
  ): Promise<RunArtifactFile | undefined> {
    const replaced = await this.runArtifact(file.runId, file.pathHash);
    if (replaced !== undefined) {
      await this.ctx.db
        .deleteFrom('run_artifact_file')
        .where('experiment_run_id', '=', file.runId)
        .where('path_hash', '=', file.pathHash)
        .execute();
    }
    await this.ctx.db
      .insertInto('run_artifact_file')
      .values({
        experiment_run_id: file.runId,
        path_hash: file.pathHash,
        path: file.path,
        size: file.size,
        sha256: file.sha256,
        content_key: file.contentKey,
        upload_key: file.uploadKey,
        created_by: file.createdBy,
        create_time: file.createTimeSinceEpoch,
      })
      .execute();
    return replaced;
  }

  async runArtifact(runId: number, pathHash: string): Promise<RunArtifactFile | undefined> {
    const row = await this.ctx.db
      .selectFrom('run_artifact_file')
      .selectAll()
      .where('experiment_run_id', '=', runId)
      .where('path_hash', '=', pathHash)
      .executeTakeFirst();
    return row === undefined ? undefined : rowToRunArtifact(row);
  }

  async runArtifacts(runId: number): Promise<readonly RunArtifactFile[]> {
    const rows = await this.ctx.db
      .selectFrom('run_artifact_file')
      .selectAll()
      .where('experiment_run_id', '=', runId)
      .execute();
    return rows.map(rowToRunArtifact).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  async markRunArtifactsCorrupt(
    content: { readonly sha256: string; readonly contentKey: string },
    reason: string,
    now: number,
  ): Promise<readonly RunArtifactFile[]> {
    const rows = await this.ctx.db
      .selectFrom('run_artifact_file')
      .selectAll()
      .where('sha256', '=', content.sha256)
      .where('content_key', '=', content.contentKey)
      .where('corrupt_time', 'is', null)
      .execute();
    if (rows.length === 0) return [];
    await this.ctx.db
      .updateTable('run_artifact_file')
      .set({ corrupt_time: now, corrupt_reason: reason })
      .where('sha256', '=', content.sha256)
      .where('content_key', '=', content.contentKey)
      .where('corrupt_time', 'is', null)
      .execute();
    return rows.map((row) => ({ ...rowToRunArtifact(row), corruptReason: reason }));
  }

  async corruptRunArtifacts(): Promise<readonly CorruptRunFile[]> {
    const rows = await this.ctx.db
      .selectFrom('run_artifact_file as f')
      .innerJoin('experiment_run as r', 'r.id', 'f.experiment_run_id')
      .select(['r.experiment_id', 'f.experiment_run_id', 'f.path', 'f.corrupt_reason', 'f.corrupt_time'])
      .where('f.corrupt_time', 'is not', null)
      .orderBy('f.corrupt_time')
      .orderBy('f.experiment_run_id')
      .orderBy('f.path_hash')
      .execute();
    return rows.map((row) => ({
      experimentId: Number(row.experiment_id),
      runId: Number(row.experiment_run_id),
      path: row.path,
      reason: row.corrupt_reason ?? '',
      corruptTimeSinceEpoch: Number(row.corrupt_time),
    }));
  }

  async deleteContentOf(modelVersionIds: readonly number[]): Promise<void> {
    const db = this.ctx.db;
    for (const chunk of slices(modelVersionIds, ID_CHUNK)) {
      await db.deleteFrom('file_integrity').where('model_version_id', 'in', chunk).execute();
      await db.deleteFrom('version_content_file').where('model_version_id', 'in', chunk).execute();
      await db.deleteFrom('version_content').where('model_version_id', 'in', chunk).execute();
      const uploads = db.selectFrom('file_upload').select('id').where('model_version_id', 'in', chunk);
      await db.deleteFrom('file_upload_file').where('upload_id', 'in', uploads).execute();
      await db.deleteFrom('file_upload').where('model_version_id', 'in', chunk).execute();
    }
  }

  async referencedDigests(
    digests: readonly string[],
    ignoring: readonly number[] = [],
  ): Promise<ReadonlySet<string>> {
    const found = new Set<string>();
    for (const chunk of slices(digests, ID_CHUNK)) {
      const sealed = await this.ctx.db
        .selectFrom('version_content_file')
        .select('sha256')
        .distinct()
        .where('sha256', 'in', chunk)
        .execute();
      let stagedQuery = this.ctx.db
        .selectFrom('file_upload_file')
        .innerJoin('file_upload', 'file_upload.id', 'file_upload_file.upload_id')
        .select('file_upload_file.sha256')
        .distinct()
        .where('file_upload_file.sha256', 'in', chunk)
        .where('file_upload.state', '=', 'OPEN');
      if (ignoring.length > 0) stagedQuery = stagedQuery.where('file_upload.id', 'not in', ignoring);
      const staged = await stagedQuery.execute();
      // Files put under an experiment run through the MLflow artifact proxy.
      const runFiles = await this.ctx.db
        .selectFrom('run_artifact_file')
        .select('sha256')
        .distinct()
        .where('sha256', 'in', chunk)
        .execute();
      for (const row of [...sealed, ...staged, ...runFiles]) found.add(String(row.sha256));
    }
    return found;
  }

  async uploadKeyStates(uploadKeys: readonly string[], ignoring: readonly number[] = []) {
    const open = new Set<string>();
    const sealed = new Set<string>();
    for (const chunk of slices(uploadKeys, ID_CHUNK)) {
      let openQuery = this.ctx.db
        .selectFrom('file_upload')
        .select('upload_key')
        .where('upload_key', 'in', chunk)
        .where('state', '=', 'OPEN');
      if (ignoring.length > 0) openQuery = openQuery.where('id', 'not in', ignoring);
      for (const row of await openQuery.execute()) open.add(String(row.upload_key));
      const manifests = await this.ctx.db
        .selectFrom('version_content')
        .select('upload_key')
        .where('upload_key', 'in', chunk)
        .execute();
      for (const row of manifests) sealed.add(String(row.upload_key));
      const runFiles = await this.ctx.db
        .selectFrom('run_artifact_file')
        .select('upload_key')
        .distinct()
        .where('upload_key', 'in', chunk)
        .execute();
      for (const row of runFiles) sealed.add(String(row.upload_key));
    }
    return { open, sealed };
  }
}

function rowToRunArtifact(row: {
  experiment_run_id: number;
  path: string;
  size: number | string | bigint;
  sha256: string;
  content_key: string;
  upload_key: string;
  corrupt_reason: string | null;
}): RunArtifactFile {
  return {
    runId: Number(row.experiment_run_id),
    path: row.path,
    size: Number(row.size),
    sha256: String(row.sha256),
    contentKey: row.content_key,
    uploadKey: row.upload_key,
    ...(row.corrupt_reason === null ? {} : { corruptReason: row.corrupt_reason }),
  };
}
