import type { Selectable } from 'kysely';
import type { ManifestFile, Upload, UploadFile, UploadState } from '../../../domain/model-files.js';
import type { FileUploadFileTable, FileUploadTable, VersionContentFileTable } from '../database.js';
import { optionalText } from '../shared/sql-context.js';

// Rows of the model-file tables (migration 0010) and their domain types.

export function rowToUploadFile(row: Selectable<FileUploadFileTable>): UploadFile {
  return {
    id: Number(row.id),
    uploadId: Number(row.upload_id),
    fileIndex: Number(row.file_index),
    path: String(row.path),
    size: Number(row.size),
    declaredSha256: optionalText(row.declared_sha256),
    received: Number(row.received),
    sha256: optionalText(row.sha256),
    contentKey: optionalText(row.content_key),
    stagingState: optionalText(row.staging_state),
  };
}

export function rowToUpload(row: Selectable<FileUploadTable>, files: readonly UploadFile[]): Upload {
  return {
    id: Number(row.id),
    uploadKey: String(row.upload_key),
    modelVersionId: Number(row.model_version_id),
    state: String(row.state) as UploadState,
    createdBy: String(row.created_by),
    createTimeSinceEpoch: Number(row.create_time),
    lastUpdateTimeSinceEpoch: Number(row.last_update_time),
    files,
  };
}

export function rowToManifestFile(row: Selectable<VersionContentFileTable>): ManifestFile {
  return {
    path: String(row.path),
    size: Number(row.size),
    sha256: String(row.sha256),
    contentKey: String(row.content_key),
  };
}
