import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.js';
import { bytesOf, newVersion, patterned, sha256, uploadAll } from '../support/model-files.js';
import { readTar } from '../support/tar-reader.js';
import { ModelRegistryProvider } from './support/csi-model.js';
import { GoOpenApiClient } from './support/go-openapi-client.js';
import { RecordingTransport } from './support/recording-transport.js';

// KServe's `model-registry://` storage initializer on a version whose files the registry stores:
// the resolution ends at the registry's content.tar URL, which serves the files as a tar (what the
// initializer's http(s) download unpacks when the type is application/x-tar).

describeEachDatabase('model-registry:// storage initializer on stored content', (api) => {
  it('resolves to a URL that serves the version as a tar of its files', async () => {
    const h = api();
    const { model, version } = await newVersion(h);
    const files = { 'model.onnx': patterned(123_457, 29), 'config/labels.txt': bytesOf('cat\ndog\n') };
    const { manifest } = await uploadAll(h, version.id, files);
    const provider = new ModelRegistryProvider(
      new GoOpenApiClient(new RecordingTransport(api), 'modelreg.kubeflow.svc.cluster.local:8080'),
    );
    const resolution = await provider.resolve(`model-registry://${model.name}/v1`);
    expect(resolution).toMatchObject({ versionName: 'v1', uri: manifest.uri });
    expect(resolution.uri).toMatch(/^http:\/\//);
    const download = await h.bytes('GET', new URL(resolution.uri).pathname);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/x-tar');
    const entries = readTar(download.bytes);
    expect(Object.fromEntries(entries.map((e) => [e.path, sha256(e.data)]))).toEqual(
      Object.fromEntries(Object.entries(files).map(([path, data]) => [path, sha256(data)])),
    );
  });

  it.skipIf(spawnSync('tar', ['--version']).status !== 0)(
    'makes a tar that GNU tar extracts, long and unicode paths included',
    async () => {
      const h = api();
      const { version } = await newVersion(h);
      const files = {
        'données/東京 😀.bin': patterned(70_001, 31),
        [`${'deep/'.repeat(40)}${'n'.repeat(180)}.txt`]: bytesOf('long'),
        'empty.txt': new Uint8Array(0),
      };
      await uploadAll(h, version.id, files);
      const dir = mkdtempSync(join(tmpdir(), 'modelreg-untar-'));
      try {
        writeFileSync(
          join(dir, 'content.tar'),
          (await h.bytes('GET', `model_versions/${version.id}/content.tar`)).bytes,
        );
        const untar = spawnSync('tar', ['-xf', 'content.tar', '-C', join(dir)], {
          cwd: dir,
          encoding: 'utf8',
        });
        expect(untar.status, untar.stderr).toBe(0);
        for (const [path, data] of Object.entries(files)) {
          expect(sha256(readFileSync(join(dir, path))), path).toBe(sha256(data));
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
