import { z } from 'zod';
import {
  MAX_FILE_SIZE,
  MAX_FILES_PER_UPLOAD,
  UPLOAD_STATES,
  type Manifest,
  type Upload,
} from '../../domain/model-files.js';
import type { CorruptFile } from '../../domain/integrity.js';

// Wire shapes of model files (docs/adr/0010-model-files.md): uploads, manifests, garbage collection.

export const NEW_UPLOAD = z.strictObject({
  files: z
    .array(
      z.strictObject({
        path: z.string(),
        size: z.number().int().min(0).max(MAX_FILE_SIZE),
        sha256: z
          .string()
          .regex(/^[0-9a-fA-F]{64}$/, 'a sha256 is 64 hex digits')
          .optional(),
      }),
    )
    .max(MAX_FILES_PER_UPLOAD),
});

export const GC_REQUEST = z.strictObject({
  dryRun: z.boolean().optional(),
  graceSeconds: z
    .number()
    .int()
    .min(0)
    .max(10 * 365 * 24 * 3600)
    .optional(),
});

// Answers. The to-wire functions are typed by them: what the code writes is what the schema says.

export const UPLOAD = z.object({
  id: z.string(),
  modelVersionId: z.string(),
  state: z.enum(UPLOAD_STATES),
  files: z.array(
    z.object({
      path: z.string(),
      size: z.number().int(),
      sha256: z.string().optional(),
      received: z.number().int(),
    }),
  ),
  createTime: z.string(),
  lastUpdateTime: z.string(),
  expireTime: z.string().optional(),
});
export const UPLOAD_LIST = z.object({ items: z.array(UPLOAD), size: z.number().int() });

export const UPLOAD_FILE_PROGRESS = z.object({
  path: z.string(),
  size: z.number().int(),
  received: z.number().int(),
  sha256: z.string().optional(),
});

export const CORRUPT_FILE = z.object({
  modelVersionId: z.string(),
  path: z.string(),
  reason: z.string(),
  detectTime: z.string(),
});

export const MANIFEST = z.object({
  modelVersionId: z.string(),
  rootDigest: z.string(),
  totalSize: z.number().int(),
  fileCount: z.number().int(),
  files: z.array(z.object({ path: z.string(), size: z.number().int(), sha256: z.string() })),
  uri: z.string(),
  createTime: z.string(),
  corruptFiles: z.array(CORRUPT_FILE).optional(),
});

export const GARBAGE_REPORT = z.object({
  dryRun: z.boolean(),
  expiredUploads: z.array(z.string()),
  removed: z.array(z.object({ key: z.string(), size: z.number().int() })),
  removedBytes: z.number().int(),
  kept: z.number().int(),
});

export function uploadToWire(upload: Upload): z.output<typeof UPLOAD> {
  return {
    id: String(upload.id),
    modelVersionId: String(upload.modelVersionId),
    state: upload.state,
    files: upload.files.map((file) => {
      const sha256 = file.sha256 ?? file.declaredSha256;
      return {
        path: file.path,
        size: file.size,
        ...(sha256 === undefined ? {} : { sha256 }),
        received: file.received,
      };
    }),
    createTime: String(upload.createTimeSinceEpoch),
    lastUpdateTime: String(upload.lastUpdateTimeSinceEpoch),
    ...(upload.state === 'OPEN' && upload.expireTimeSinceEpoch !== undefined
      ? { expireTime: String(upload.expireTimeSinceEpoch) }
      : {}),
  };
}

export function corruptFileToWire(file: CorruptFile): z.output<typeof CORRUPT_FILE> {
  return {
    modelVersionId: String(file.modelVersionId),
    path: file.path,
    reason: file.reason,
    detectTime: String(file.corruptTimeSinceEpoch),
  };
}

export function manifestToWire(
  manifest: Manifest,
  corrupt: readonly CorruptFile[] = [],
): z.output<typeof MANIFEST> {
  return {
    modelVersionId: String(manifest.modelVersionId),
    rootDigest: manifest.rootDigest,
    totalSize: manifest.totalSize,
    fileCount: manifest.fileCount,
    files: manifest.files.map(({ path, size, sha256 }) => ({ path, size, sha256 })),
    uri: manifest.uri,
    createTime: String(manifest.createTimeSinceEpoch),
    ...(corrupt.length === 0 ? {} : { corruptFiles: corrupt.map(corruptFileToWire) }),
  };
}
