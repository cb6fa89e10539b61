import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArtifactStore } from '../../packages/server/src/adapters/artifacts/open-artifact-store.js';
import { streamHashStatus } from '../../packages/server/src/adapters/artifacts/stream-hash.js';
import type { ArtifactStore, StoredUnit } from '../../packages/server/src/ports/artifact-store.js';
import {
  byteOrder,
  bytesOf,
  encodePath,
  newVersion,
  patterned,
  sha256,
  uploadAll,
  type Upload,
} from '../support/model-files.js';
import { startHarness, type RegistryHarness } from '../support/registry-harness.js';
import { startS3Server, type S3Server } from '../support/s3-server.js';
import { readTar } from '../support/tar-reader.js';

// The one contract of the ArtifactStore port, run on every adapter: through the HTTP API (what a
// client sees) and, where only the store can tell, through the port itself.

interface Backend {
  readonly name: 'disk' | 's3';
  /** Server settings naming the store; undefined: the harness's own directory. */
  setup(): Promise<Record<string, string | boolean> | undefined>;
  teardown(): Promise<void>;
}

let s3: S3Server | undefined;
const BACKENDS: readonly Backend[] = [
  { name: 'disk', setup: () => Promise.resolve(undefined), teardown: () => Promise.resolve() },
  {
    name: 's3',
    setup: async () => {
      s3 = await startS3Server();
      return s3.config('registry/test');
    },
    teardown: async () => s3?.stop(),
  },
];

/** A direct handle on the store the harness writes to. */
async function storeOf(h: RegistryHarness, settings: Record<string, string | boolean> | undefined) {
  return openArtifactStore({
    artifacts: String(settings?.['artifacts'] ?? h.artifactsDir),
    s3Endpoint: settings?.['s3Endpoint'] as string | undefined,
    s3Region: 'us-east-1',
    s3ForcePathStyle: settings?.['s3ForcePathStyle'] === true,
  });
}

async function units(store: ArtifactStore): Promise<StoredUnit[]> {
  const all: StoredUnit[] = [];
  for await (const unit of store.storedUnits()) all.push(unit);
  return all;
}

for (const backend of BACKENDS) {
  describe(`artifact store contract [${backend.name}]`, () => {
    let h: RegistryHarness;
    let store: ArtifactStore;
    let settings: Record<string, string | boolean> | undefined;

    beforeAll(async () => {
      settings = await backend.setup();
      h = await startHarness('sqlite', settings === undefined ? {} : { config: settings });
      store = await storeOf(h, settings);
    });
    afterAll(async () => {
      await store.close();
      await h.close();
      await backend.teardown();
    });

    it('round-trips a single file', async () => {
      const { version } = await newVersion(h);
      const data = patterned(1_000_003);
      const { manifest } = await uploadAll(h, version.id, { 'model.onnx': data });
      expect(manifest.files).toEqual([{ path: 'model.onnx', size: data.length, sha256: sha256(data) }]);
      const got = await h.bytes('GET', `model_versions/${version.id}/files/model.onnx`);
      expect(got.status).toBe(200);
      expect(sha256(got.bytes)).toBe(sha256(data));
    });

    it('round-trips a directory tree with empty files and unicode names, one file at a time and as a tar', async () => {
      const { version } = await newVersion(h);
      const files: Record<string, Uint8Array> = {
        'config.json': bytesOf('{"hidden": 64}'),
        'weights/part-1.bin': patterned(200_000, 3),
        'weights/part-2.bin': patterned(150_001, 5),
        'weights/empty.bin': new Uint8Array(0),
        'données/modèle ü/東京 😀.txt': bytesOf('unicode'),
        'a b/c+d (e)&f=g.txt': bytesOf('reserved characters'),
        [`${'long/'.repeat(30)}${'n'.repeat(200)}.bin`]: bytesOf('a path longer than ustar holds'),
      };
      const { manifest } = await uploadAll(h, version.id, files);
      expect(manifest.files.map((f) => f.path)).toEqual(byteOrder(Object.keys(files)));
      for (const [path, data] of Object.entries(files)) {
        const got = await h.bytes('GET', `model_versions/${version.id}/files/${encodePath(path)}`);
        expect(got.status, path).toBe(200);
        expect(got.bytes.length, path).toBe(data.length);
        expect(sha256(got.bytes), path).toBe(sha256(data));
      }
      const tar = readTar((await h.bytes('GET', `model_versions/${version.id}/content.tar`)).bytes);
      expect(tar.map((e) => e.path)).toEqual(byteOrder(Object.keys(files)));
      for (const entry of tar)
        expect(sha256(entry.data), entry.path).toBe(sha256(files[entry.path] as Uint8Array));
    });

    it('serves byte ranges', async () => {
      const { version } = await newVersion(h);
      const data = patterned(70_000, 11);
      await uploadAll(h, version.id, { 'r.bin': data });
      const path = `model_versions/${version.id}/files/r.bin`;
      for (const [range, start, end] of [
        ['bytes=0-0', 0, 0],
        ['bytes=1000-65535', 1000, 65535],
        ['bytes=69990-', 69990, 69999],
        ['bytes=-5', 69995, 69999],
      ] as const) {
        const got = await h.bytes('GET', path, undefined, { range });
        expect(got.status, range).toBe(206);
        expect(got.headers.get('content-range'), range).toBe(`bytes ${start}-${end}/70000`);
        expect(sha256(got.bytes), range).toBe(sha256(data.subarray(start, end + 1)));
      }
      expect((await h.bytes('GET', path, undefined, { range: 'bytes=70000-' })).status).toBe(416);
    });

    it('rejects a digest mismatch with a 4xx and stores nothing', async () => {
      const { version } = await newVersion(h);
      const before = await units(store);
      const data = patterned(30_000, 13);
      const upload = (
        await h.post<Upload>(`model_versions/${version.id}/uploads`, {
          files: [{ path: 'liar.bin', size: data.length, sha256: sha256('something else') }],
        })
      ).body;
      const put = await h.bytes('PUT', `uploads/${upload.id}/files/liar.bin`, data);
      expect(put.status).toBe(422);
      expect(put.body['errorCode']).toBe('DIGEST_MISMATCH');
      expect((await h.get<Upload>(`uploads/${upload.id}`)).body.files[0]?.received).toBe(0);
      const after = await units(store);
      // No blob, no object: at most the (emptied) staging place of the OPEN upload.
      expect(after.filter((u) => u.kind !== 'staging' && !before.some((b) => b.key === u.key))).toEqual([]);
      expect(after.filter((u) => u.kind === 'staging').every((u) => u.size === 0)).toBe(true);
      expect((await h.post(`uploads/${upload.id}/commit`, {})).status).toBe(409);
    });

    it('refuses to overwrite sealed content with 409', async () => {
      const { version } = await newVersion(h);
      const { manifest } = await uploadAll(h, version.id, { 'w.bin': bytesOf('first') });
      const again = await h.post(`model_versions/${version.id}/uploads`, {
        files: [{ path: 'w.bin', size: 6 }],
      });
      expect(again.status).toBe(409);
      expect(again.body['errorCode']).toBe('CONTENT_SEALED');
      expect((await h.get(`model_versions/${version.id}/files`)).body).toMatchObject({
        rootDigest: manifest.rootDigest,
      });
      const got = await h.bytes('GET', `model_versions/${version.id}/files/w.bin`);
      expect(new TextDecoder().decode(got.bytes)).toBe('first');
    });

    it('resumes a file through a new writer at its durable offset', async () => {
      // The port's own view: one writer stops after a checkpoint, another continues the file.
      const size = 40 * 1024 * 1024 + 123;
      const data = patterned(size, 17);
      const file = { uploadKey: randomUUID(), fileIndex: 0, path: 'big/r.bin', size };
      const first = await store.openWriter(file, { received: 0 });
      let durable = { received: 0, state: undefined as string | undefined };
      for (let offset = 0; offset < 20 * 1024 * 1024; offset += 1024 * 1024) {
        const progress = await first.write(data.subarray(offset, offset + 1024 * 1024));
        if (progress !== undefined) durable = { received: progress.received, state: progress.state };
      }
      durable = { ...durable, ...(await first.end()) };
      expect(durable.received).toBeGreaterThan(0);
      expect(durable.received).toBeLessThanOrEqual(20 * 1024 * 1024);
      const second = await store.openWriter(file, durable);
      expect(second.received).toBe(durable.received);
      for (let offset = durable.received; offset < size; offset += 1024 * 1024) {
        await second.write(data.subarray(offset, Math.min(size, offset + 1024 * 1024)));
      }
      expect(await second.digest()).toBe(sha256(data));
      const key = await second.complete();
      expect(await store.publish(file, key)).toBe(true);
      let read = 0;
      const hash = (await import('node:crypto')).createHash('sha256');
      for await (const chunk of await store.read(key)) {
        read += chunk.length;
        hash.update(chunk);
      }
      expect(read).toBe(size);
      expect(hash.digest('hex')).toBe(sha256(data));
    });

    // S3 cannot read back the parts sent: another process continues from the sha256 state saved with
    // the progress, which needs the native helper (built at install where there is a C compiler).
    const exportable = streamHashStatus === 'exportable';
    it(
      backend.name === 'disk'
        ? 'resumes in another process by hashing the staged bytes again'
        : exportable
          ? 'resumes in another process from the hash state saved with the progress'
          : 'starts a file again in another process (no native sha256: its state stays in the first)',
      async () => {
        const size = 20 * 1024 * 1024;
        const data = patterned(size, 23);
        const file = { uploadKey: randomUUID(), fileIndex: 3, path: 'x.bin', size };
        const first = await store.openWriter(file, { received: 0 });
        for (let offset = 0; offset < 17 * 1024 * 1024; offset += 1024 * 1024) {
          await first.write(data.subarray(offset, offset + 1024 * 1024));
        }
        const durable = await first.end();
        expect(durable.received).toBeGreaterThan(0);
        const other = await storeOf(h, settings);
        try {
          const resumed = await other.openWriter(file, durable);
          expect(resumed.received).toBe(backend.name === 'disk' || exportable ? durable.received : 0);
          for (let offset = resumed.received; offset < size; offset += 1024 * 1024) {
            await resumed.write(data.subarray(offset, Math.min(size, offset + 1024 * 1024)));
          }
          expect(await resumed.digest()).toBe(sha256(data));
          const key = await resumed.complete();
          expect(await other.publish(file, key)).toBe(true);
          // The stored file is the parts of both processes, in order.
          const stored = createHash('sha256');
          for await (const chunk of await other.read(key)) stored.update(chunk);
          expect(stored.digest('hex')).toBe(sha256(data));
        } finally {
          await other.close();
        }
      },
    );

    if (backend.name === 'disk') {
      it('stores identical files once', async () => {
        const same = patterned(12_345, 19);
        const before = (await units(store)).filter((u) => u.kind === 'blob').length;
        const a = await newVersion(h);
        const b = await newVersion(h);
        await uploadAll(h, a.version.id, { 'one.bin': same, 'two.bin': same });
        await uploadAll(h, b.version.id, { 'three.bin': same });
        const blobs = (await units(store)).filter((u) => u.kind === 'blob');
        expect(blobs.length - before).toBe(1);
        expect(blobs.some((u) => u.key === `sha256/${sha256(same)}`)).toBe(true);
      });
      it('gives the version the registry URL of its tar as the model artifact uri', async () => {
        const { version } = await newVersion(h);
        const { manifest } = await uploadAll(h, version.id, { 'a.txt': bytesOf('a') });
        expect(manifest.uri).toMatch(
          /^http:\/\/127\.0\.0\.1:0\/api\/model_registry\/v1alpha3\/model_versions\/\d+\/content\.tar$/,
        );
      });
    } else {
      // No deduplication on S3: each upload keeps its own prefix, which KServe reads as is (ADR 10).
      it('refuses to start on a bucket it cannot reach, naming it', async () => {
        await expect(
          openArtifactStore({
            artifacts: 's3://no-such-bucket/registry',
            s3Endpoint: s3?.endpoint,
            s3Region: 'us-east-1',
            s3ForcePathStyle: true,
          }),
        ).rejects.toThrow(/bucket no-such-bucket is not reachable/);
      });
      it('gives the version an s3:// prefix holding its files under their manifest paths', async () => {
        const { version } = await newVersion(h);
        const files = { 'model/a.txt': bytesOf('a'), 'model/é.txt': bytesOf('é') };
        const { manifest } = await uploadAll(h, version.id, files);
        expect(manifest.uri).toMatch(/^s3:\/\/models\/registry\/test\/content\/[0-9a-f-]+\/$/);
        const artifacts = (
          await h.get<{ items: { uri?: string }[] }>(`model_versions/${version.id}/artifacts`)
        ).body.items;
        expect(artifacts.map((a) => a.uri)).toEqual([manifest.uri]);
        // What KServe's S3 downloader does: list the prefix, fetch each key.
        const { S3Client, ListObjectsV2Command, GetObjectCommand } = await import('@aws-sdk/client-s3');
        const client = new S3Client({
          region: 'us-east-1',
          endpoint: s3?.endpoint,
          forcePathStyle: true,
          credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
        });
        const prefix = manifest.uri.slice('s3://models/'.length);
        const listed = await client.send(new ListObjectsV2Command({ Bucket: 'models', Prefix: prefix }));
        const keys = (listed.Contents ?? []).map((o) => String(o.Key).slice(prefix.length));
        expect(byteOrder(keys)).toEqual(byteOrder(Object.keys(files)));
        for (const [path, data] of Object.entries(files)) {
          const object = await client.send(
            new GetObjectCommand({ Bucket: 'models', Key: `${prefix}${path}` }),
          );
          const body = await object.Body?.transformToByteArray();
          expect(sha256(body ?? new Uint8Array()), path).toBe(sha256(data));
        }
        client.destroy();
      });
    }
  });
}
