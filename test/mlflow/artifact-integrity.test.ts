import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../packages/server/src/server.js';
import { damaged, damageDisk, sha256, type Damage } from '../support/corruption.js';
import { startS3Server, type S3Server } from '../support/s3-server.js';
import { curl as curlInto, startStoreServer } from '../support/serving.js';

// Verified serving of the MLflow artifact proxy (issue 14): MLflow's client downloads a run's
// files, and a model registered from a run, through `GET …/mlflow-artifacts/artifacts/…`. Those
// bytes are checked against the size and sha256 recorded when they were put, as the Kubeflow API's
// downloads are against their manifest: a plain HTTP client (curl) of corrupt bytes never sees a
// clean end, the corruption is audited on the run and on every version holding the same bytes,
// and later requests are refused. On the disk store and on S3 (s3rver).

const ML = '/api/2.0/mlflow';
const PROXY = '/api/2.0/mlflow-artifacts/artifacts';
const API = '/api/model_registry/v1alpha3';
const MIB = 1024 * 1024;

let s3: S3Server | undefined;
const dataDir = mkdtempSync(join(tmpdir(), 'modelreg-mlflow-integrity-'));

/** Rewrites the S3 object holding `bytes` (the only one of their size) with `damage` done to it. */
async function damageS3Object(bytes: Uint8Array, damage: Exclude<Damage, 'missing'>, at: number) {
  const { S3Client, ListObjectsV2Command, PutObjectCommand } = await import('@aws-sdk/client-s3');
  const client = new S3Client({
    region: 'us-east-1',
    endpoint: s3?.endpoint ?? '',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  try {
    const listed = await client.send(new ListObjectsV2Command({ Bucket: s3?.bucket, Prefix: 'mlflow/' }));
    const keys = (listed.Contents ?? []).filter((o) => o.Size === bytes.length).map((o) => o.Key);
    expect(keys).toHaveLength(1);
    const body = damaged(bytes, damage, at);
    await client.send(new PutObjectCommand({ Bucket: s3?.bucket, Key: keys[0], Body: body }));
  } finally {
    client.destroy();
  }
}

const STORES = [
  {
    name: 'disk',
    config: () => ({ artifacts: join(dataDir, 'disk-artifacts') }),
    flip: (bytes: Uint8Array, at: number) => damageDisk(join(dataDir, 'disk-artifacts'), bytes, 'flip', at),
    extra: (bytes: Uint8Array) => damageDisk(join(dataDir, 'disk-artifacts'), bytes, 'extra'),
  },
  {
    name: 's3',
    config: () => s3?.config('mlflow/') ?? {},
    flip: (bytes: Uint8Array, at: number) => damageS3Object(bytes, 'flip', at),
    extra: (bytes: Uint8Array) => damageS3Object(bytes, 'extra', 0),
  },
] as const;

const curl = (url: string) => curlInto(dataDir, url);

beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(async () => {
  await s3?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe.each(STORES)('MLflow artifact downloads on $name', (store) => {
  let server: RunningServer;
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };

  beforeAll(async () => {
    server = await startStoreServer(dataDir, store.name, store.config());
  });
  afterAll(async () => {
    await server?.close();
  });

  /** A run holding `files` under `model/`, and a version of `name` registered from them. */
  async function runWithModel(name: string, files: Readonly<Record<string, Uint8Array>>) {
    const experiment = await call<{ experiment_id: string }>('POST', `${ML}/experiments/create`, { name });
    const run = await call<{ run: { info: { run_id: string } } }>('POST', `${ML}/runs/create`, {
      experiment_id: experiment.experiment_id,
      start_time: 1,
    });
    const runId = run.run.info.run_id;
    const root = `${experiment.experiment_id}/${runId}/artifacts`;
    for (const [path, bytes] of Object.entries(files)) {
      const put = await fetch(`${server.url}${PROXY}/${root}/model/${path}`, {
        method: 'PUT',
        headers: { 'content-length': String(bytes.length) },
        body: new Uint8Array(bytes),
      });
      expect(put.status).toBe(200);
    }
    await call('POST', `${ML}/registered-models/create`, { name });
    await call('POST', `${ML}/model-versions/create`, {
      name,
      source: `mlflow-artifacts:/${root}/model`,
      run_id: runId,
    });
    const model = await call<{ id: string }>('GET', `${API}/registered_model?name=${name}`);
    const version = await call<{ id: string }>(
      'GET',
      `${API}/model_version?name=1&parentResourceId=${model.id}`,
    );
    return {
      runId,
      versionId: version.id,
      url: (path: string) => `${server.url}${PROXY}/${root}/model/${path}`,
    };
  }

  async function detections(entityType: string, entityId: string) {
    const events = await call<{ items: { detail: string }[] }>(
      'GET',
      `${API}/audit_events?entityType=${entityType}&entityId=${entityId}&action=detect%20corruption`,
    );
    return events.items.map((event) => JSON.parse(event.detail) as Record<string, unknown>);
  }

  it('intact files are served whole and equal, an empty one too, again and again', async () => {
    const files = { 'weights.bin': randomBytes(3 * MIB + 7), 'empty.txt': Buffer.alloc(0) };
    const { url, runId } = await runWithModel(`${store.name}-intact`, files);
    for (let round = 0; round < 2; round++) {
      for (const [path, bytes] of Object.entries(files)) {
        const got = await curl(url(path));
        expect([got.exit, got.status]).toEqual([0, 200]);
        expect(sha256(got.body)).toBe(sha256(bytes));
      }
    }
    expect(await detections('experimentRun', runId)).toEqual([]);
  });

  it('a flipped byte: the download breaks off, the run and the version are flagged, then refused', async () => {
    const weights = randomBytes(3 * MIB + 11);
    const { url, runId, versionId } = await runWithModel(`${store.name}-flip`, { 'weights.bin': weights });
    await store.flip(weights, 2 * MIB + 3);

    const broken = await curl(url('weights.bin'));
    expect(broken.exit).not.toBe(0);
    expect(broken.body.length).toBeLessThan(weights.length);
    expect(await detections('experimentRun', runId)).toEqual([
      expect.objectContaining({
        file: `"model/weights.bin" of run ${runId}`,
        contentKey: expect.any(String),
      }),
    ]);
    expect(String((await detections('experimentRun', runId))[0]?.['reason'])).toMatch(/sha256/);
    // The version registered from those bytes holds the same content: flagged and audited too.
    const manifest = await call<{ corruptFiles?: { path: string }[] }>(
      'GET',
      `${API}/model_versions/${versionId}/files`,
    );
    expect(manifest.corruptFiles?.map((f) => f.path)).toEqual(['weights.bin']);
    expect(await detections('modelVersion', versionId)).toHaveLength(1);

    const later = await curl(url('weights.bin'));
    expect(later.status).toBe(500);
    expect(JSON.parse(later.body.toString())).toMatchObject({
      error_code: 'INTERNAL_ERROR',
      message: expect.stringMatching(/is corrupt/),
    });
  });

  it('bytes appended to the stored file: never served as a clean, complete file', async () => {
    const weights = randomBytes(MIB + 5);
    const { url, runId } = await runWithModel(`${store.name}-extra`, { 'weights.bin': weights });
    await store.extra(weights);
    const broken = await curl(url('weights.bin'));
    expect(broken.exit).not.toBe(0);
    expect(broken.body.length).toBeLessThan(weights.length);
    expect(String((await detections('experimentRun', runId))[0]?.['reason'])).toMatch(/extra bytes/);
  });
});
