import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patterned, sha256 } from '../support/model-files.js';
import { nativeHelpersMissing } from '../support/native-helpers.js';
import { startS3Server, type S3Server } from '../support/s3-server.js';
import { apiCall, startServer, type RunningServer } from './support/modelreg-process.js';

// Acceptance 2 of the model-files issue on the S3 backend: a server killed (SIGKILL) in the middle
// of a multipart upload shows nothing partial, and after a restart the file continues from its
// last part (the sha256 state saved with the progress, docs/adr/0012-native-helpers.md).

const API = '/api/model_registry/v1alpha3';
const MIB = 1024 * 1024;

const skipReason = nativeHelpersMissing('the S3 crash test');

describe.skipIf(skipReason !== undefined)('S3 upload across a SIGKILL', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'modelreg-crash-s3-'));
  let s3: S3Server;
  let env: Record<string, string>;
  let server: RunningServer | undefined;

  beforeAll(async () => {
    s3 = await startS3Server();
    const config = s3.config('crash');
    env = {
      MODELREG_ARTIFACTS: config.artifacts,
      MODELREG_S3_ENDPOINT: config.s3Endpoint,
      MODELREG_S3_FORCE_PATH_STYLE: 'true',
      MODELREG_S3_REGION: 'us-east-1',
    };
  });
  afterAll(async () => {
    if (server !== undefined && server.child.exitCode === null) {
      const exited = new Promise((resolve) => server?.child.once('exit', resolve));
      server.child.kill('SIGKILL');
      await exited;
    }
    await s3?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const call = <T = Record<string, unknown>>(method: string, path: string, body?: unknown) =>
    apiCall<T>(server, method, path, body);

  type Upload = { id: string; state: string; files: { path: string; size: number; received: number }[] };

  it('continues the file from its last part after a restart, and commits', async () => {
    server = await startServer(dataDir, [], env);
    expect(server.output()).toContain('"resumeAfterRestart":"yes"');
    const model = (await call<{ id: string }>('POST', 'registered_models', { name: 'crash-s3' })).body;
    const version = (
      await call<{ id: string }>('POST', 'model_versions', { name: 'v1', registeredModelId: model.id })
    ).body;
    // 8 MiB parts: the stalled transfer makes three of them durable before the kill.
    const big = patterned(40 * MIB + 9, 5);
    const upload = (
      await call<Upload>('POST', `model_versions/${version.id}/uploads`, {
        files: [{ path: 'weights/big.bin', size: big.length }],
      })
    ).body;
    const sent = 30 * MIB;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let offset = 0; offset < sent; offset += MIB)
          controller.enqueue(big.slice(offset, offset + MIB));
      },
    });
    const transfer = fetch(`${server.url}${API}/uploads/${upload.id}/files/weights/big.bin`, {
      method: 'PUT',
      body,
      duplex: 'half',
    } as RequestInit).catch((error: unknown) => error);
    let durable = 0;
    for (let attempt = 0; attempt < 1200 && durable < 24 * MIB; attempt += 1) {
      durable = (await call<Upload>('GET', `uploads/${upload.id}`)).body.files[0]?.received ?? 0;
      if (durable < 24 * MIB) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(durable).toBe(24 * MIB);
    server.child.kill('SIGKILL');
    await new Promise((resolve) => server?.child.once('exit', resolve));
    await transfer;

    server = await startServer(dataDir, [], env);
    const after = (await call<Upload>('GET', `uploads/${upload.id}`)).body;
    expect(after.state).toBe('OPEN');
    expect(after.files[0]?.received).toBe(durable);
    // Nothing of the version is readable before its commit.
    expect((await call('GET', `model_versions/${version.id}/files`)).status).toBe(404);

    // The restarted server takes the rest from the recorded offset (without the saved hash state
    // it would answer 409 and ask for the file from byte 0).
    const resumed = await fetch(`${server.url}${API}/uploads/${upload.id}/files/weights/big.bin`, {
      method: 'PUT',
      headers: { 'content-range': `bytes ${durable}-${big.length - 1}/${big.length}` },
      body: big.slice(durable),
    });
    const answer = (await resumed.json()) as Record<string, unknown>;
    expect(resumed.status, JSON.stringify(answer)).toBe(200);
    expect(answer).toMatchObject({ received: big.length, sha256: sha256(big) });
    expect((await call('POST', `uploads/${upload.id}/commit`)).status).toBe(201);
    const downloaded = await fetch(`${server.url}${API}/model_versions/${version.id}/files/weights/big.bin`);
    expect(sha256(new Uint8Array(await downloaded.arrayBuffer()))).toBe(sha256(big));
  });
});
