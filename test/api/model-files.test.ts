import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.js';
import {
  bytesOf,
  encodePath,
  newVersion,
  sha256,
  uploadAll as store,
  type Entity,
  type Manifest,
  type Upload,
} from '../support/model-files.js';
import type { RegistryHarness } from '../support/registry-harness.js';
import { readTar } from '../support/tar-reader.js';

function blobCount(h: RegistryHarness): number {
  const root = join(h.artifactsDir, 'blobs', 'sha256');
  if (!existsSync(root)) return 0;
  return readdirSync(root).reduce((n, dir) => n + readdirSync(join(root, dir)).length, 0);
}

describeEachDatabase('model files', (api) => {
  it('round-trips a directory tree with empty files and unicode names, and serves it as a manifest, files and a tar', async () => {
    const h = api();
    const { model, version } = await newVersion(h);
    const files: Record<string, Uint8Array> = {
      'config.json': bytesOf('{"layers": 3}'),
      'weights/model.bin': new Uint8Array(300_000).map((_, i) => (i * 7) % 251),
      'weights/empty.bin': new Uint8Array(0),
      'tokenizer/vocabulário ü 東京.txt': bytesOf('日本語\n'),
      [`deep/${'d'.repeat(120)}/${'n'.repeat(150)}.txt`]: bytesOf('long path'),
      'weird name #1 ?&%.txt': bytesOf('percent'),
    };
    const { manifest } = await store(h, version.id, files);
    const paths = Object.keys(files).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect(manifest.files.map((f) => f.path)).toEqual(paths);
    expect(manifest.fileCount).toBe(6);
    expect(manifest.totalSize).toBe(Object.values(files).reduce((n, d) => n + d.length, 0));
    const lines = paths.map(
      (p) => `${sha256(files[p] as Uint8Array)}  ${(files[p] as Uint8Array).length}  ${p}\n`,
    );
    expect(manifest.rootDigest).toBe(`sha256:${sha256(lines.join(''))}`);
    expect(manifest.uri).toMatch(
      new RegExp(`/api/model_registry/v1alpha3/model_versions/${version.id}/content\\.tar$`),
    );

    expect((await h.get<Manifest>(`model_versions/${version.id}/files`)).body).toEqual(manifest);
    for (const [path, data] of Object.entries(files)) {
      const got = await h.bytes('GET', `model_versions/${version.id}/files/${encodePath(path)}`);
      expect(got.status, path).toBe(200);
      expect(sha256(got.bytes), path).toBe(sha256(data));
      expect(got.headers.get('etag')).toBe(`"sha256:${sha256(data)}"`);
      expect(got.headers.get('x-checksum-sha256')).toBe(sha256(data));
      expect(got.headers.get('content-length')).toBe(String(data.length));
    }
    const tar = await h.bytes('GET', `model_versions/${version.id}/content.tar`);
    expect(tar.status).toBe(200);
    expect(tar.headers.get('content-type')).toBe('application/x-tar');
    expect(tar.headers.get('etag')).toBe(`"${manifest.rootDigest}"`);
    expect(Number(tar.headers.get('content-length'))).toBe(tar.bytes.length);
    const entries = readTar(tar.bytes);
    expect(entries.map((e) => e.path)).toEqual(paths);
    for (const entry of entries)
      expect(sha256(entry.data), entry.path).toBe(sha256(files[entry.path] as Uint8Array));

    // The version's model artifact now points at the content.
    const artifacts = (await h.get<{ items: Entity[] }>(`model_versions/${version.id}/artifacts`)).body.items;
    expect(artifacts).toHaveLength(1);
    expect(artifacts[0]).toMatchObject({
      artifactType: 'model-artifact',
      name: model.name,
      uri: manifest.uri,
    });
  });

  it('serves ranges, ETag revalidation and refuses unsatisfiable ranges', async () => {
    const h = api();
    const { version } = await newVersion(h);
    const data = new Uint8Array(10_000).map((_, i) => i % 256);
    await store(h, version.id, { 'model.bin': data });
    const path = `model_versions/${version.id}/files/model.bin`;
    const part = await h.bytes('GET', path, undefined, { range: 'bytes=100-199' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 100-199/10000');
    expect([...part.bytes]).toEqual([...data.subarray(100, 200)]);
    const tail = await h.bytes('GET', path, undefined, { range: 'bytes=-10' });
    expect([...tail.bytes]).toEqual([...data.subarray(9990)]);
    const open = await h.bytes('GET', path, undefined, { range: 'bytes=9000-' });
    expect(open.bytes.length).toBe(1000);
    const outside = await h.bytes('GET', path, undefined, { range: 'bytes=10000-10005' });
    expect(outside.status).toBe(416);
    expect(outside.headers.get('content-range')).toBe('bytes */10000');
    expect(outside.body['errorCode']).toBe('RANGE_NOT_SATISFIABLE');
    const cached = await h.bytes('GET', path, undefined, { 'if-none-match': `"sha256:${sha256(data)}"` });
    expect(cached.status).toBe(304);
    expect(cached.bytes.length).toBe(0);
  });

  it('resumes a file from its durable offset and refuses any other start with the offset to resume from', async () => {
    const h = api();
    const { version } = await newVersion(h);
    const data = new Uint8Array(50_000).map((_, i) => (i * 13) % 256);
    const upload = (
      await h.post<Upload>(`model_versions/${version.id}/uploads`, {
        files: [{ path: 'a.bin', size: data.length }],
      })
    ).body;
    const first = await h.bytes('PUT', `uploads/${upload.id}/files/a.bin`, data.subarray(0, 20_000), {
      'content-range': `bytes 0-19999/${data.length}`,
    });
    expect(first.body).toMatchObject({ received: 20_000 });
    expect(first.body['sha256']).toBeUndefined();
    expect((await h.get<Upload>(`uploads/${upload.id}`)).body.files[0]).toMatchObject({ received: 20_000 });
    const wrong = await h.bytes('PUT', `uploads/${upload.id}/files/a.bin`, data.subarray(10_000), {
      'content-range': `bytes 10000-49999/${data.length}`,
    });
    expect(wrong.status).toBe(409);
    expect(wrong.body).toMatchObject({ errorCode: 'UPLOAD_OFFSET_MISMATCH', received: 20_000 });
    const early = await h.post(`uploads/${upload.id}/commit`, {});
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ errorCode: 'UPLOAD_INCOMPLETE' });
    expect(String(early.body['message'])).toContain('a.bin');
    const rest = await h.bytes('PUT', `uploads/${upload.id}/files/a.bin`, data.subarray(20_000), {
      'content-range': `bytes 20000-49999/${data.length}`,
    });
    expect(rest.body).toMatchObject({ received: data.length, sha256: sha256(data) });
    const committed = await h.post<Manifest>(`uploads/${upload.id}/commit`, {});
    expect(committed.status).toBe(201);
    expect(committed.body.files).toEqual([{ path: 'a.bin', size: data.length, sha256: sha256(data) }]);
    expect((await h.get<Upload>(`uploads/${upload.id}`)).body.state).toBe('COMMITTED');
  });

  it('rejects a digest mismatch with 422, keeping nothing, and refuses bytes beyond the declared size', async () => {
    const h = api();
    const { version } = await newVersion(h);
    const data = bytesOf('the real bytes');
    const before = blobCount(h);
    const upload = (
      await h.post<Upload>(`model_versions/${version.id}/uploads`, {
        files: [
          { path: 'x.bin', size: data.length, sha256: sha256('other bytes') },
          { path: 'y.bin', size: 3 },
        ],
      })
    ).body;
    const put = await h.bytes('PUT', `uploads/${upload.id}/files/x.bin`, data);
    expect(put.status).toBe(422);
    expect(put.body['errorCode']).toBe('DIGEST_MISMATCH');
    expect((await h.get<Upload>(`uploads/${upload.id}`)).body.files[0]).toMatchObject({ received: 0 });
    expect(blobCount(h)).toBe(before);
    const big = await h.bytes('PUT', `uploads/${upload.id}/files/y.bin`, bytesOf('four'));
    expect(big.status).toBe(400);
    expect(big.body['errorCode']).toBe('FILE_SIZE_EXCEEDED');
    expect((await h.post(`uploads/${upload.id}/commit`, {})).status).toBe(409);
  });

  it('seals content: a second upload or commit is 409, and identical files are stored once', async () => {
    const h = api();
    const { version } = await newVersion(h);
    const shared = bytesOf('identical weights');
    const before = blobCount(h);
    const first = await h.post<Upload>(`model_versions/${version.id}/uploads`, {
      files: [{ path: 'a.bin', size: shared.length }],
    });
    const second = await h.post<Upload>(`model_versions/${version.id}/uploads`, {
      files: [{ path: 'b.bin', size: shared.length }],
    });
    for (const [upload, path] of [
      [first.body, 'a.bin'],
      [second.body, 'b.bin'],
    ] as const) {
      expect((await h.bytes('PUT', `uploads/${upload.id}/files/${path}`, shared)).status).toBe(200);
    }
    expect((await h.post(`uploads/${first.body.id}/commit`, {})).status).toBe(201);
    const again = await h.post(`uploads/${second.body.id}/commit`, {});
    expect(again.status).toBe(409);
    expect(again.body['errorCode']).toBe('CONTENT_SEALED');
    const third = await h.post(`model_versions/${version.id}/uploads`, { files: [{ path: 'c', size: 1 }] });
    expect(third.status).toBe(409);
    expect(third.body['errorCode']).toBe('CONTENT_SEALED');
    // Another version with the same bytes: still one blob.
    const other = await newVersion(h);
    await store(h, other.version.id, { 'copy.bin': shared, 'copy2.bin': shared });
    expect(blobCount(h) - before).toBe(1);
  });

  it('refuses every malformed file path with 400 INVALID_FILE_PATH', async () => {
    const h = api();
    const { version } = await newVersion(h);
    const bad = [
      '',
      '/abs',
      'a//b',
      'a/',
      './a',
      'a/./b',
      '../a',
      'a/../b',
      'a\\b',
      'nul\u0000here',
      'tab\there',
      'esc\u001b',
      'x'.repeat(1025),
      'é'.repeat(513),
    ];
    for (const path of bad) {
      const response = await h.post(`model_versions/${version.id}/uploads`, { files: [{ path, size: 1 }] });
      expect(response.status, JSON.stringify(path)).toBe(400);
      expect(response.body['errorCode'], JSON.stringify(path)).toBe('INVALID_FILE_PATH');
    }
    const duplicate = await h.post(`model_versions/${version.id}/uploads`, {
      files: [
        { path: 'same', size: 1 },
        { path: 'same', size: 2 },
      ],
    });
    expect(duplicate.body['errorCode']).toBe('INVALID_FILE_PATH');
    // In the URL of a file transfer, too. (A literal `..` or `%2E%2E` segment never gets here: URL
    // parsing resolves it before routing, so it names another path of the same upload.)
    const upload = (
      await h.post<Upload>(`model_versions/${version.id}/uploads`, { files: [{ path: 'ok', size: 1 }] })
    ).body;
    for (const path of ['a%2F..%2Fb', '..%2Fa', 'a%5Cb', 'nul%00', 'tab%09', 'a//b', 'a%2F.']) {
      const put = await h.bytes('PUT', `uploads/${upload.id}/files/${path}`, bytesOf('x'));
      expect(put.status, path).toBe(400);
      expect(put.body['errorCode'], path).toBe('INVALID_FILE_PATH');
    }
    expect((await h.post(`model_versions/${version.id}/uploads`, { files: [] })).status).toBe(400);
    expect(
      (await h.post(`model_versions/${version.id}/uploads`, { files: [{ path: 'a', size: -1 }] })).status,
    ).toBe(400);
    expect(
      (
        await h.post(`model_versions/${version.id}/uploads`, {
          files: [{ path: 'a', size: 1, sha256: 'xyz' }],
        })
      ).status,
    ).toBe(400);
  });

  it('records an external URI as is and refuses uploads to its version', async () => {
    const h = api();
    for (const uri of [
      's3://bucket/m/v1/',
      'gs://b/m',
      'oci://registry.example/m:1',
      'hf://org/model',
      'https://example.com/m.tar',
    ]) {
      const { version } = await newVersion(h);
      const artifact = await h.post<Entity>(`model_versions/${version.id}/artifacts`, {
        artifactType: 'model-artifact',
        name: 'external',
        uri,
      });
      expect(artifact.body['uri']).toBe(uri);
      const refused = await h.post(`model_versions/${version.id}/uploads`, {
        files: [{ path: 'a', size: 1 }],
      });
      expect(refused.status, uri).toBe(409);
      expect(refused.body['errorCode']).toBe('EXTERNAL_CONTENT');
      expect((await h.get(`model_versions/${version.id}/files`)).body['errorCode']).toBe('CONTENT_NOT_FOUND');
      expect((await h.get<Entity>(`artifacts/${artifact.body.id}`)).body['uri']).toBe(uri);
    }
  });

  it('aborts an upload (its bytes dropped) and writes audit events for uploads, files and commits', async () => {
    const h = api();
    const { version } = await newVersion(h);
    const upload = (
      await h.post<Upload>(`model_versions/${version.id}/uploads`, { files: [{ path: 'a', size: 4 }] })
    ).body;
    await h.bytes('PUT', `uploads/${upload.id}/files/a`, bytesOf('ab'), { 'content-range': 'bytes 0-1/4' });
    expect((await h.del(`uploads/${upload.id}`)).status).toBe(204);
    expect((await h.del(`uploads/${upload.id}`)).status).toBe(204);
    expect((await h.get<Upload>(`uploads/${upload.id}`)).body.state).toBe('ABORTED');
    const late = await h.bytes('PUT', `uploads/${upload.id}/files/a`, bytesOf('cd'), {
      'content-range': 'bytes 2-3/4',
    });
    expect(late.status).toBe(409);
    expect(late.body['errorCode']).toBe('UPLOAD_NOT_OPEN');
    expect((await h.post(`uploads/${upload.id}/commit`, {})).body['errorCode']).toBe('UPLOAD_NOT_OPEN');
    const { upload: done } = await store(h, version.id, { 'b.txt': bytesOf('bee') });
    const committed = (await h.del(`uploads/${done.id}`)).body;
    expect(committed['errorCode']).toBe('UPLOAD_NOT_OPEN');
    const events = (
      await h.get<{ items: { action: string; entityType: string; entityId: string }[] }>(
        'audit_events?pageSize=50',
      )
    ).body.items;
    const actions = events.map((e) => `${e.action} ${e.entityType}:${e.entityId}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        `create upload upload:${upload.id}`,
        `abort upload upload:${upload.id}`,
        `create upload upload:${done.id}`,
        `receive upload file upload:${done.id}`,
        `commit upload modelVersion:${version.id}`,
      ]),
    );
    expect(actions.some((a) => a.startsWith('create artifact artifact:'))).toBe(true);
    expect((await h.get('audit_events/verify')).body['valid']).toBe(true);
  });

  it('lets one request at a time write a file (409 UPLOAD_BUSY), and one of two concurrent commits win', async () => {
    const h = api();
    const { version } = await newVersion(h);
    const data = bytesOf('0123456789');
    const upload = (
      await h.post<Upload>(`model_versions/${version.id}/uploads`, {
        files: [{ path: 'f', size: data.length }],
      })
    ).body;
    let send!: ReadableStreamDefaultController<Uint8Array>;
    const slow = h.bytes(
      'PUT',
      `uploads/${upload.id}/files/f`,
      new ReadableStream<Uint8Array>({ start: (controller) => void (send = controller) }),
    );
    send.enqueue(data.slice(0, 4));
    // The first request holds the file (its claim is in the database) until its body ends.
    const claimed = async () =>
      (
        await h
          .database()
          .selectFrom('file_upload_file')
          .select('writer')
          .where('upload_id', '=', Number(upload.id))
          .executeTakeFirst()
      )?.['writer'];
    // Polled until the claim shows, however loaded the machine (the test's timeout bounds it).
    while ((await claimed()) == null) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await claimed()).not.toBeNull();
    const busy = await h.bytes('PUT', `uploads/${upload.id}/files/f`, data);
    expect(busy.status).toBe(409);
    expect(busy.body['errorCode']).toBe('UPLOAD_BUSY');
    send.enqueue(data.slice(4));
    send.close();
    expect((await slow).body).toMatchObject({ received: 10, sha256: sha256(data) });

    const [one, two] = await Promise.all([
      h.post(`uploads/${upload.id}/commit`, {}),
      h.post(`uploads/${upload.id}/commit`, {}),
    ]);
    expect([one.status, two.status].sort()).toEqual([201, 409]);
    expect([one.body['errorCode'], two.body['errorCode']].filter(Boolean)).toEqual([
      expect.stringMatching(/^(CONTENT_SEALED|UPLOAD_NOT_OPEN)$/),
    ]);
  });

  it("keeps a sealed version's model artifact pointing at its content", async () => {
    const h = api();
    const { version } = await newVersion(h);
    const { manifest } = await store(h, version.id, { 'm.bin': bytesOf('sealed') });
    const [artifact] = (await h.get<{ items: Entity[] }>(`model_versions/${version.id}/artifacts`)).body
      .items;
    const moved = await h.patch(`model_artifacts/${artifact?.id}`, { uri: 's3://elsewhere/m' });
    expect(moved.status).toBe(409);
    expect(moved.body['errorCode']).toBe('CONTENT_SEALED');
    // Other fields still change; repeating the uri is no change.
    const described = await h.patch(`model_artifacts/${artifact?.id}`, {
      uri: manifest.uri,
      modelFormatName: 'onnx',
    });
    expect(described.status).toBe(200);
    expect(described.body).toMatchObject({ uri: manifest.uri, modelFormatName: 'onnx' });
  });

  it('answers 404 for an unknown upload, version, content or file', async () => {
    const h = api();
    const { version } = await newVersion(h);
    expect((await h.get('uploads/999999')).body['errorCode']).toBe('UPLOAD_NOT_FOUND');
    expect(
      (await h.post('model_versions/999999/uploads', { files: [{ path: 'a', size: 1 }] })).body['errorCode'],
    ).toBe('MODEL_VERSION_NOT_FOUND');
    expect((await h.get(`model_versions/${version.id}/files`)).body['errorCode']).toBe('CONTENT_NOT_FOUND');
    expect((await h.bytes('GET', `model_versions/${version.id}/files/a`)).body['errorCode']).toBe(
      'CONTENT_NOT_FOUND',
    );
    await store(h, version.id, { a: bytesOf('a') });
    expect((await h.bytes('GET', `model_versions/${version.id}/files/b`)).body['errorCode']).toBe(
      'FILE_NOT_FOUND',
    );
    const upload = (
      await h.post<Upload>(`model_versions/${(await newVersion(h)).version.id}/uploads`, {
        files: [{ path: 'a', size: 1 }],
      })
    ).body;
    expect((await h.bytes('PUT', `uploads/${upload.id}/files/zzz`, bytesOf('z'))).body['errorCode']).toBe(
      'FILE_NOT_FOUND',
    );
  });

  it('deleting a version deletes its manifest and uploads; garbage collection then removes its blobs only', async () => {
    const h = api();
    const kept = await newVersion(h);
    const doomed = await newVersion(h);
    await store(h, kept.version.id, { 'keep.bin': bytesOf('kept content') });
    await store(h, doomed.version.id, {
      'gone.bin': bytesOf('doomed content'),
      'keep-too.bin': bytesOf('kept content'),
    });
    expect((await h.del(`model_versions/${doomed.version.id}`)).status).toBe(204);
    const dry = await h.post<{ removed: { key: string }[]; dryRun: boolean }>('gc', {
      dryRun: true,
      graceSeconds: 0,
    });
    expect(dry.status).toBe(200);
    expect(dry.body.dryRun).toBe(true);
    expect(dry.body.removed.map((r) => r.key)).toContain(`blobs/sha256/${sha256('doomed content')}`);
    expect(dry.body.removed.map((r) => r.key)).not.toContain(`blobs/sha256/${sha256('kept content')}`);
    const real = await h.post<{ removed: { key: string }[]; removedBytes: number }>('gc', {
      graceSeconds: 0,
    });
    expect(real.body.removed.map((r) => r.key)).toEqual(dry.body.removed.map((r) => r.key));
    expect(real.body.removedBytes).toBeGreaterThanOrEqual('doomed content'.length);
    expect((await h.bytes('GET', `model_versions/${kept.version.id}/files/keep.bin`)).status).toBe(200);
    expect((await h.post<{ removed: unknown[] }>('gc', { graceSeconds: 0 })).body.removed).toEqual([]);
  });
});
