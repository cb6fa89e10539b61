import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import type { RegistryHarness } from './registry-harness.js';

// Helpers of the model-file suites: digests, URL paths, a version to upload to, a whole upload.

export type Entity = Record<string, unknown> & { id: string; name: string };
export interface Upload {
  id: string;
  modelVersionId: string;
  state: string;
  files: { path: string; size: number; received: number; sha256?: string }[];
}
export interface Manifest {
  modelVersionId: string;
  rootDigest: string;
  totalSize: number;
  fileCount: number;
  uri: string;
  files: { path: string; size: number; sha256: string }[];
}

export const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');
/** A file path as a URL path: each segment percent-encoded. */
export const encodePath = (path: string) => path.split('/').map(encodeURIComponent).join('/');
export const bytesOf = (text: string) => new TextEncoder().encode(text);
/** Deterministic bytes that differ with `seed`. */
export const patterned = (size: number, seed = 7) =>
  new Uint8Array(size).map((_, i) => (i * seed + (i >> 8)) % 251);

let counter = 0;

export async function newVersion(h: RegistryHarness): Promise<{ model: Entity; version: Entity }> {
  counter += 1;
  const model = (await h.post<Entity>('registered_models', { name: `files-${process.pid}-${counter}` })).body;
  const version = (await h.post<Entity>('model_versions', { name: 'v1', registeredModelId: model.id })).body;
  return { model, version };
}

/** Uploads and commits files (each sent whole, its digest declared); checks every answer. */
export async function uploadAll(h: RegistryHarness, versionId: string, files: Record<string, Uint8Array>) {
  const created = await h.post<Upload>(`model_versions/${versionId}/uploads`, {
    files: Object.entries(files).map(([path, data]) => ({ path, size: data.length, sha256: sha256(data) })),
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  for (const [path, data] of Object.entries(files)) {
    const put = await h.bytes('PUT', `uploads/${created.body.id}/files/${encodePath(path)}`, data);
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toMatchObject({ path, size: data.length, received: data.length, sha256: sha256(data) });
  }
  const commit = await h.post<Manifest>(`uploads/${created.body.id}/commit`, {});
  expect(commit.status, JSON.stringify(commit.body)).toBe(201);
  return { upload: created.body, manifest: commit.body };
}

/** Paths in the byte order manifests use. */
export const byteOrder = (paths: readonly string[]) =>
  [...paths].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
