import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Damage planted under the registry, as a failing disk or a changed object store would: one byte
// flipped, the tail lost, the blob gone, bytes appended.

export type Damage = 'flip' | 'truncate' | 'missing' | 'extra';
export const DAMAGES: readonly Damage[] = ['flip', 'truncate', 'missing', 'extra'];

const API = '/api/model_registry/v1alpha3';
export const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/** Where the disk store keeps the blob of these bytes. */
export function diskBlob(artifactsDir: string, digest: string): string {
  return join(artifactsDir, 'blobs', 'sha256', digest.slice(0, 2), digest);
}

export function damaged(bytes: Uint8Array, damage: Exclude<Damage, 'missing'>, at = 0): Buffer {
  const copy = Buffer.from(bytes);
  if (damage === 'flip') {
    copy[at] = (copy[at] ?? 0) ^ 0x20;
    return copy;
  }
  if (damage === 'truncate') return copy.subarray(0, copy.length - 1);
  return Buffer.concat([copy, Buffer.from('!')]);
}

/** Damages the disk store's blob of `bytes`. */
export function damageDisk(artifactsDir: string, bytes: Uint8Array, damage: Damage, at = 0): void {
  const blob = diskBlob(artifactsDir, sha256(bytes));
  if (!existsSync(blob)) throw new Error(`no blob for ${sha256(bytes)} under ${artifactsDir}`);
  if (damage === 'missing') rmSync(blob);
  else if (damage === 'truncate') truncateSync(blob, bytes.length - 1);
  else if (damage === 'extra') appendFileSync(blob, '!');
  else writeFileSync(blob, damaged(readFileSync(blob), 'flip', at));
}

/** Damages an S3 object of a version's content (`uri` is the manifest's `s3://bucket/prefix/`). */
export async function damageS3(
  endpoint: string,
  uri: string,
  path: string,
  bytes: Uint8Array,
  damage: Damage,
  at = 0,
): Promise<void> {
  const { S3Client, PutObjectCommand, DeleteObjectCommand } = await import('@aws-sdk/client-s3');
  const client = new S3Client({
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  const match = /^s3:\/\/([^/]+)\/(.*)$/.exec(uri);
  if (match === null) throw new Error(`not an s3 uri: ${uri}`);
  const [, bucket, prefix] = match as unknown as [string, string, string];
  const key = `${prefix}${path}`;
  try {
    if (damage === 'missing') await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    else {
      const body = damaged(bytes, damage, at);
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    }
  } finally {
    client.destroy();
  }
}

/** Registers a model with one version holding `files`, through the plain HTTP API. */
export async function uploadVersion(
  baseUrl: string,
  modelName: string,
  files: Readonly<Record<string, Uint8Array>>,
  headers: Record<string, string> = {},
): Promise<{ modelId: string; versionId: string; uri: string }> {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${baseUrl}${API}/${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const model = await call<{ id: string }>('POST', 'registered_models', { name: modelName });
  const version = await call<{ id: string }>('POST', 'model_versions', {
    name: 'v1',
    registeredModelId: model.id,
  });
  const upload = await call<{ id: string }>('POST', `model_versions/${version.id}/uploads`, {
    files: Object.entries(files).map(([path, data]) => ({ path, size: data.length, sha256: sha256(data) })),
  });
  const entries = Object.entries(files);
  // A few files at a time: registries of a thousand small files are made in seconds.
  for (let start = 0; start < entries.length; start += 8) {
    await Promise.all(
      entries.slice(start, start + 8).map(async ([path, data]) => {
        const put = await fetch(`${baseUrl}${API}/uploads/${upload.id}/files/${path}`, {
          method: 'PUT',
          headers,
          body: new Uint8Array(data),
        });
        if (put.status !== 200) throw new Error(`PUT ${path}: ${put.status} ${await put.text()}`);
      }),
    );
  }
  const manifest = await call<{ uri: string }>('POST', `uploads/${upload.id}/commit`);
  return { modelId: model.id, versionId: version.id, uri: manifest.uri };
}
