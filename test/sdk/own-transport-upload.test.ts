import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelRegistry } from '@modelreg/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName } from './support/builders.js';
import { missingBuild, startModelreg, type ModelregProcess } from './support/modelreg-process.js';

// Through its own transport (no fetch given: node-http-transfer.ts) a large file's sha256 is
// computed from the very chunks the PUTs send, and from the file for the bytes they do not
// (sent-bytes-hash.ts). A TCP proxy between the SDK and `modelreg serve` breaks off or damages
// the first PUT on the wire, where neither side's code can see it coming.

const API = '/api/model_registry/v1alpha3';
const MiB = 1024 * 1024;
const skipReason = missingBuild();

interface Proxy {
  readonly url: string;
  /** Bytes of each connection that began with a PUT, client to server, in order of connection. */
  readonly putBytes: number[];
  close(): Promise<void>;
}

/**
 * Forwards 127.0.0.1 connections to `target`. The first PUT (on a connection the SDK's node:http
 * agent may have used for JSON calls before: a request starts a new read, since each waits for the
 * answer to the last) is cut after `fault.cut` of its bytes, or has its byte at `fault.flip`
 * inverted; later ones pass untouched. `putBytes` counts each PUT's connection from the PUT on.
 */
async function startProxy(target: string, fault: { cut?: number; flip?: number }): Promise<Proxy> {
  const { port } = new URL(target);
  const putBytes: number[] = [];
  let faulted = false;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(port), '127.0.0.1');
    sockets.add(client).add(upstream);
    let index: number | undefined;
    // Bytes of the current PUT (and what follows it on its connection) seen so far.
    let seen = 0;
    let faulty = false;
    client.on('data', (data: Buffer) => {
      if (data.subarray(0, 4).toString('latin1') === 'PUT ') {
        index = putBytes.push(0) - 1;
        seen = 0;
        faulty = !faulted;
        faulted = true;
      }
      if (faulty && fault.cut !== undefined && seen + data.length > fault.cut) {
        upstream.write(data.subarray(0, fault.cut - seen));
        if (index !== undefined) putBytes[index] = fault.cut;
        client.destroy();
        upstream.destroy();
        return;
      }
      if (faulty && fault.flip !== undefined && seen <= fault.flip && fault.flip < seen + data.length) {
        data = Buffer.from(data);
        data[fault.flip - seen] = (data[fault.flip - seen] ?? 0) ^ 0xff;
      }
      seen += data.length;
      if (index !== undefined) putBytes[index] = seen;
      upstream.write(data);
    });
    upstream.on('data', (data: Buffer) => client.write(data));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    putBytes,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe.skipIf(skipReason !== undefined)(
  `an upload's hash from the chunks it sent (own transport)${skipReason === undefined ? '' : ` (${skipReason})`}`,
  () => {
    let server: ModelregProcess;
    const dirs: string[] = [];

    beforeAll(async () => {
      server = await startModelreg();
    });
    afterAll(async () => {
      await server?.stop();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    });

    function scratch(prefix: string): string {
      const dir = mkdtempSync(join(tmpdir(), `modelreg-own-${prefix}-`));
      dirs.push(dir);
      return dir;
    }

    async function emptyVersion(registry: ModelRegistry): Promise<string> {
      const model = await registry.api.POST(`${API}/registered_models`, {
        body: { name: uniqueName('own') },
      });
      const version = await registry.api.POST(`${API}/model_versions`, {
        body: { name: 'v1', registeredModelId: model.data?.id ?? '' },
      });
      return version.data?.id ?? '';
    }

    it('a PUT cut off on the wire is resumed within the call, and the digests still agree', async () => {
      const proxy = await startProxy(server.url, { cut: 12 * MiB });
      try {
        const registry = new ModelRegistry({ url: proxy.url, author: 'alice' });
        const id = await emptyVersion(registry);
        const bytes = randomBytes(40 * MiB + 123);
        const dir = scratch('cut');
        writeFileSync(join(dir, 'weights.bin'), bytes);
        const manifest = await registry.uploadFiles(id, dir, { stateDir: scratch('cut-state') });
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        expect(manifest.files).toEqual([expect.objectContaining({ path: 'weights.bin', sha256 })]);
        // Two PUTs: the first cut at 12 MiB, the second from the offset the server kept (how much
        // of the cut PUT reached it is up to the sockets), sending again bytes hashed already.
        expect(proxy.putBytes.length).toBe(2);
        expect(proxy.putBytes[0]).toBe(12 * MiB);
        expect(proxy.putBytes[1]).toBeGreaterThan(bytes.length - 12 * MiB);
      } finally {
        await proxy.close();
      }
    });

    it('a byte damaged on the wire fails the upload with DIGEST_MISMATCH and commits nothing', async () => {
      const proxy = await startProxy(server.url, { flip: 5 * MiB });
      try {
        const registry = new ModelRegistry({ url: proxy.url, author: 'alice' });
        const id = await emptyVersion(registry);
        const dir = scratch('flip');
        writeFileSync(join(dir, 'weights.bin'), randomBytes(24 * MiB));
        await expect(
          registry.uploadFiles(id, dir, { stateDir: scratch('flip-state') }),
        ).rejects.toMatchObject({
          code: 'DIGEST_MISMATCH',
        });
        expect((await registry.listUploads(id)).map((u) => u.state)).not.toContain('COMMITTED');
      } finally {
        await proxy.close();
      }
    });
  },
);
