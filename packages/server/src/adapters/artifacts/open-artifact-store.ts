import { fileURLToPath } from 'node:url';
import type { ArtifactStore } from '../../ports/artifact-store.js';
import { FilesystemArtifactStore } from './filesystem-artifact-store.js';

export interface ArtifactStoreSettings {
  /** A directory, file:// URL, or s3://bucket/prefix. */
  readonly artifacts: string;
  readonly s3Endpoint?: string | undefined;
  readonly s3Region?: string | undefined;
  readonly s3ForcePathStyle?: boolean | undefined;
}

/**
 * The artifact store a setting names. The S3 client is imported only for an s3:// location, so
 * the disk default costs nothing of it.
 */
export async function openArtifactStore(settings: ArtifactStoreSettings): Promise<ArtifactStore> {
  const where = settings.artifacts;
  if (where.startsWith('s3://')) {
    const { S3ArtifactStore } = await import('./s3-artifact-store.js');
    const [bucket = '', ...prefix] = where.slice('s3://'.length).split('/');
    const store = new S3ArtifactStore({
      bucket,
      prefix: prefix.filter((part) => part !== '').join('/'),
      endpoint: settings.s3Endpoint,
      region: settings.s3Region,
      forcePathStyle: settings.s3ForcePathStyle ?? false,
    });
    try {
      await store.verify();
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }
  return new FilesystemArtifactStore(where.startsWith('file://') ? fileURLToPath(where) : where);
}
