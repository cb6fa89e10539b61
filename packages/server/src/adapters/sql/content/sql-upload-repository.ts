import { sql, type Selectable } from 'kysely';
import type { Upload, UploadFile, UploadState } from '../../../domain/model-files.js';
import type { UploadRepository } from '../../../ports/content-repository.js';
import type { FileUploadTable } from '../database.js';
import {
  FILE_ROW_CHUNK,
  ID_CHUNK,
  insertReturningId,
  slices,
  type SqlContext,
} from '../shared/sql-context.js';
import { rowToUpload, rowToUploadFile } from './content-rows.js';

/** Resumable uploads and the claims of the requests writing their files (migration 0010). */
export class SqlUploadRepository implements UploadRepository {
  constructor(private readonly ctx: SqlContext) {}

  async insertUpload(
    upload: Omit<Upload, 'id' | 'files' | 'state'>,
    files: readonly { path: string; pathHash: string; size: number; declaredSha256?: string | undefined }[],
  ): Promise<Upload> {
    const id = await insertReturningId(
      this.ctx,
      this.ctx.db.insertInto('file_upload').values({
        upload_key: upload.uploadKey,
        model_version_id: upload.modelVersionId,
        state: 'OPEN',
        created_by: upload.createdBy,
        create_time: upload.createTimeSinceEpoch,
        last_update_time: upload.lastUpdateTimeSinceEpoch,
      }),
    );
    const rows = files.map((file, index) => ({
      upload_id: id,
      file_index: index,
      path: file.path,
      path_hash: file.pathHash,
      size: file.size,
      declared_sha256: file.declaredSha256 ?? null,
      received: 0,
      sha256: null,
      content_key: null,
      staging_state: null,
      writer: null,
      writer_expiry: null,
    }));
    for (const chunk of slices(rows, FILE_ROW_CHUNK)) {
      await this.ctx.db.insertInto('file_upload_file').values(chunk).execute();
    }
    const created = await this.getUpload(id);
    if (created === undefined) throw new Error(`inserted upload ${id} is not readable`);
    return created;
  }

  async getUpload(id: number): Promise<Upload | undefined> {
    const row = await this.ctx.db
      .selectFrom('file_upload')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? undefined : (await this.withFiles([row]))[0];
  }

  async getUploadFile(uploadId: number, pathHash: string): Promise<UploadFile | undefined> {
    const row = await this.ctx.db
      .selectFrom('file_upload_file')
      .selectAll()
      .where('upload_id', '=', uploadId)
      .where('path_hash', '=', pathHash)
      .executeTakeFirst();
    return row === undefined ? undefined : rowToUploadFile(row);
  }

  async setUploadState(id: number, state: UploadState, now: number): Promise<void> {
    await this.ctx.db
      .updateTable('file_upload')
      .set({ state, last_update_time: now })
      .where('id', '=', id)
      .execute();
    // Whoever still writes one of its files loses its claim at its next checkpoint.
    await this.releaseClaimsOf(id);
  }

  async uploadsOf(modelVersionId: number, state?: UploadState): Promise<readonly Upload[]> {
    let query = this.ctx.db
      .selectFrom('file_upload')
      .selectAll()
      .where('model_version_id', '=', modelVersionId);
    if (state !== undefined) query = query.where('state', '=', state);
    return this.withFiles(await query.orderBy('id').execute());
  }

  /** Upload rows with their files: one query for the files of every ID_CHUNK uploads. */
  private async withFiles(rows: readonly Selectable<FileUploadTable>[]): Promise<Upload[]> {
    const files = new Map<number, UploadFile[]>();
    for (const chunk of slices(rows, ID_CHUNK)) {
      const fileRows = await this.ctx.db
        .selectFrom('file_upload_file')
        .selectAll()
        .where(
          'upload_id',
          'in',
          chunk.map((row) => Number(row.id)),
        )
        .orderBy('upload_id')
        .orderBy('file_index')
        .execute();
      for (const fileRow of fileRows) {
        const file = rowToUploadFile(fileRow);
        const list = files.get(file.uploadId);
        if (list === undefined) files.set(file.uploadId, [file]);
        else list.push(file);
      }
    }
    return rows.map((row) => rowToUpload(row, files.get(Number(row.id)) ?? []));
  }

  private async releaseClaimsOf(uploadId: number): Promise<void> {
    await this.ctx.db
      .updateTable('file_upload_file')
      .set({ writer: null, writer_expiry: null })
      .where('upload_id', '=', uploadId)
      .execute();
  }

  async expireUpload(id: number, idleBefore: number, now: number): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable('file_upload')
      .set({ state: 'EXPIRED', last_update_time: now })
      .where('id', '=', id)
      .where('state', '=', 'OPEN')
      .where('last_update_time', '<', idleBefore)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    await this.releaseClaimsOf(id);
    return true;
  }

  async touchUpload(id: number, now: number): Promise<void> {
    await this.ctx.db
      .updateTable('file_upload')
      .set({ last_update_time: now })
      .where('id', '=', id)
      .where('last_update_time', '<', now)
      .execute();
  }

  async idleUploads(idleBefore: number, now: number, limit: number): Promise<readonly Upload[]> {
    const rows = await this.ctx.db
      .selectFrom('file_upload')
      .selectAll()
      .where('state', '=', 'OPEN')
      .where('last_update_time', '<', idleBefore)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('file_upload_file')
              .select('file_upload_file.id')
              .whereRef('file_upload_file.upload_id', '=', 'file_upload.id')
              .where('file_upload_file.writer_expiry', '>=', now),
          ),
        ),
      )
      .orderBy('last_update_time')
      .orderBy('id')
      .limit(limit)
      .execute();
    return this.withFiles(rows);
  }

  async claimUploadFile(fileId: number, writer: string, expiry: number, now: number): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable('file_upload_file')
      .set({ writer, writer_expiry: expiry })
      .where('id', '=', fileId)
      .where((eb) => eb.or([eb('writer', 'is', null), eb('writer_expiry', '<', now)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async recordUploadProgress(
    fileId: number,
    writer: string,
    progress: { received: number; stagingState: string | undefined; expiry: number },
  ): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable('file_upload_file')
      .set({
        received: progress.received,
        staging_state: progress.stagingState ?? null,
        writer_expiry: progress.expiry,
      })
      .where('id', '=', fileId)
      .where('writer', '=', writer)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async completeUploadFile(
    fileId: number,
    writer: string,
    sha256: string,
    contentKey: string,
  ): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable('file_upload_file')
      .set({
        received: sql<number>`size`,
        sha256,
        content_key: contentKey,
        staging_state: null,
        writer: null,
        writer_expiry: null,
      })
      .where('id', '=', fileId)
      .where('writer', '=', writer)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async resetUploadFile(fileId: number): Promise<void> {
    await this.ctx.db
      .updateTable('file_upload_file')
      .set({
        received: 0,
        sha256: null,
        content_key: null,
        staging_state: null,
        writer: null,
        writer_expiry: null,
      })
      .where('id', '=', fileId)
      .execute();
  }

  async releaseUploadFile(fileId: number, writer: string): Promise<void> {
    await this.ctx.db
      .updateTable('file_upload_file')
      .set({ writer: null, writer_expiry: null })
      .where('id', '=', fileId)
      .where('writer', '=', writer)
      .execute();
  }

  async releaseAllUploadClaims(): Promise<void> {
    await this.ctx.db
      .updateTable('file_upload_file')
      .set({ writer: null, writer_expiry: null })
      .where('writer', 'is not', null)
      .execute();
  }
}
