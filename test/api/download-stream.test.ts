import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadServerConfig } from '../../packages/server/src/config/config.js';
import { silentLogger } from '../../packages/server/src/logger.js';
import type { ArtifactStore } from '../../packages/server/src/ports/artifact-store.js';
import { startServer, type RunningServer } from '../../packages/server/src/server.js';

// A file download on a real socket: the disk store's bytes go straight to the Node response
// through a few reused buffers (http/send-content.ts), never through a web stream. Checked here
// where only a listening server can tell: the bytes, the heads, buffers shared by concurrent
// downloads, a client that goes away, and nothing written twice.

const API = '/api/model_registry/v1alpha3';
const MIB = 1024 * 1024;
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

describe('file download on a socket', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'modelreg-download-'));
  let server: RunningServer;
  const files: Record<string, Buffer> = {
    'weights/a.bin': randomBytes(5 * MIB + 17),
    'b.bin': randomBytes(3 * MIB),
  };
  let versionId = '';

  async function json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${server.url}${API}/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    expect(response.ok, `${method} ${path}: ${response.status}`).toBe(true);
    return (await response.json()) as T;
  }

  const fileUrl = (path: string) => `${server.url}${API}/model_versions/${versionId}/files/${path}`;

  beforeAll(async () => {
    const config = loadServerConfig(
      {
        db: `sqlite:${join(dataDir, 'registry.db')}`,
        host: '127.0.0.1',
        port: 0,
        logLevel: 'silent',
        dataDir,
      },
      {},
    );
    server = await startServer(config, silentLogger);
    const model = await json<{ id: string }>('POST', 'registered_models', { name: 'download' });
    const version = await json<{ id: string }>('POST', 'model_versions', {
      name: 'v1',
      registeredModelId: model.id,
    });
    versionId = version.id;
    const upload = await json<{ id: string }>('POST', `model_versions/${versionId}/uploads`, {
      files: Object.entries(files).map(([path, data]) => ({ path, size: data.length, sha256: sha256(data) })),
    });
    for (const [path, data] of Object.entries(files)) {
      const put = await fetch(`${server.url}${API}/uploads/${upload.id}/files/${path}`, {
        method: 'PUT',
        body: new Uint8Array(data),
      });
      expect(put.status).toBe(200);
    }
    await json('POST', `uploads/${upload.id}/commit`);
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('sends whole files, ranges and concurrent downloads intact, through positional reads', async () => {
    const errors = vi.spyOn(console, 'error');
    const read = vi.spyOn(server.artifacts, 'read');
    const store = server.artifacts as ArtifactStore & Required<Pick<ArtifactStore, 'openReader'>>;
    const openReader = vi.spyOn(store, 'openReader');
    try {
      const whole = await fetch(fileUrl('weights/a.bin'), { headers: { 'x-request-id': 'dl-1' } });
      expect(whole.status).toBe(200);
      expect(whole.headers.get('content-length')).toBe(String(files['weights/a.bin']?.length));
      expect(whole.headers.get('etag')).toBe(`"sha256:${sha256(files['weights/a.bin'] ?? Buffer.alloc(0))}"`);
      expect(whole.headers.get('x-request-id')).toBe('dl-1');
      expect(sha256(new Uint8Array(await whole.arrayBuffer()))).toBe(
        sha256(files['weights/a.bin'] ?? Buffer.alloc(0)),
      );

      const start = 2 * MIB - 5;
      const end = 4 * MIB + 100;
      const part = await fetch(fileUrl('weights/a.bin'), { headers: { range: `bytes=${start}-${end}` } });
      expect(part.status).toBe(206);
      expect(part.headers.get('content-range')).toBe(
        `bytes ${start}-${end}/${files['weights/a.bin']?.length}`,
      );
      expect(
        Buffer.from(await part.arrayBuffer()).equals(
          files['weights/a.bin']?.subarray(start, end + 1) ?? Buffer.alloc(1),
        ),
      ).toBe(true);

      // Six at once, two files: the buffers they share never carry one download's bytes into another's.
      const paths = ['weights/a.bin', 'b.bin', 'weights/a.bin', 'b.bin', 'weights/a.bin', 'b.bin'];
      const digests = await Promise.all(
        paths.map(async (path) => sha256(new Uint8Array(await (await fetch(fileUrl(path))).arrayBuffer()))),
      );
      expect(digests).toEqual(paths.map((path) => sha256(files[path] ?? Buffer.alloc(0))));

      expect(openReader).toHaveBeenCalledTimes(8);
      expect(read).not.toHaveBeenCalled();
      // A second head on a sent response would be logged here by @hono/node-server.
      expect(errors).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
      read.mockRestore();
      openReader.mockRestore();
    }
  });

  it('stops when the client goes away, and serves the next one', async () => {
    const aborted = new AbortController();
    const response = await fetch(fileUrl('weights/a.bin'), { signal: aborted.signal });
    const reader = response.body?.getReader();
    expect((await reader?.read())?.value?.length).toBeGreaterThan(0);
    aborted.abort();
    await reader?.cancel().catch(() => undefined);
    const again = await fetch(fileUrl('weights/a.bin'));
    expect(sha256(new Uint8Array(await again.arrayBuffer()))).toBe(
      sha256(files['weights/a.bin'] ?? Buffer.alloc(0)),
    );
  });

  it('answers 404 for a path the version does not have', async () => {
    const missing = await fetch(fileUrl('nothing-here.bin'));
    expect(missing.status).toBe(404);
  });
});
