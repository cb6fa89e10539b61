import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { apiCall, startServer, type RunningServer } from './support/modelreg-process.js';

// Acceptance 2 of the model-files issue: a server killed (SIGKILL) in the middle of uploads leaves
// no partial file visible and no version pointing at partial content; after a restart on the same
// data directory the interrupted transfer resumes from its durable offset and commits.

const API = '/api/model_registry/v1alpha3';
const MIB = 1024 * 1024;
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
const patterned = (size: number, seed: number) => {
  const data = new Uint8Array(size);
  for (let i = 0; i < size; i += 1) data[i] = (i * seed + (i >> 10)) % 251;
  return data;
};

const dataDir = mkdtempSync(join(tmpdir(), 'modelreg-crash-'));
let server: RunningServer | undefined;
afterAll(async () => {
  // Killed, not stopped: after a failure a stalled upload would hold a graceful stop open.
  if (server !== undefined && server.child.exitCode === null) {
    const exited = new Promise((resolve) => server?.child.once('exit', resolve));
    server.child.kill('SIGKILL');
    await exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

const call = <T = Record<string, unknown>>(method: string, path: string, body?: unknown) =>
  apiCall<T>(server, method, path, body);

type Upload = { id: string; state: string; files: { path: string; size: number; received: number }[] };

/** Every stored blob holds exactly the bytes its name (their sha256) says. */
function checkBlobs(): number {
  const root = join(dataDir, 'artifacts', 'blobs', 'sha256');
  let count = 0;
  for (const prefix of readdirSync(root)) {
    for (const name of readdirSync(join(root, prefix))) {
      expect(sha256(readFileSync(join(root, prefix, name))), name).toBe(name);
      count += 1;
    }
  }
  return count;
}

it('survives SIGKILL mid-upload: nothing partial is visible, and the transfer resumes and commits', async () => {
  server = await startServer(dataDir);
  const model = (await call<{ id: string }>('POST', 'registered_models', { name: 'crash' })).body;
  const sealed = (
    await call<{ id: string }>('POST', 'model_versions', { name: 'sealed', registeredModelId: model.id })
  ).body;
  const open = (
    await call<{ id: string }>('POST', 'model_versions', { name: 'open', registeredModelId: model.id })
  ).body;

  // A version committed before the crash.
  const small = patterned(3 * MIB + 17, 3);
  const before = (
    await call<Upload>('POST', `model_versions/${sealed.id}/uploads`, {
      files: [{ path: 'model.bin', size: small.length, sha256: sha256(small) }],
    })
  ).body;
  expect(
    (await fetch(`${server.url}${API}/uploads/${before.id}/files/model.bin`, { method: 'PUT', body: small }))
      .status,
  ).toBe(200);
  expect((await call('POST', `uploads/${before.id}/commit`)).status).toBe(201);

  // Uploads in flight when the server dies: one file done, one far along, one barely begun.
  const big = patterned(100 * MIB + 5, 7);
  const done = patterned(2 * MIB, 11);
  const begun = patterned(5 * MIB, 13);
  const upload = (
    await call<Upload>('POST', `model_versions/${open.id}/uploads`, {
      files: [
        { path: 'weights/big.bin', size: big.length, sha256: sha256(big) },
        { path: 'done.bin', size: done.length, sha256: sha256(done) },
        { path: 'begun.bin', size: begun.length },
      ],
    })
  ).body;
  expect(
    (await fetch(`${server.url}${API}/uploads/${upload.id}/files/done.bin`, { method: 'PUT', body: done }))
      .status,
  ).toBe(200);

  // Streams that send part of their file and then hold the connection open, never ending.
  const stalled = (path: string, data: Uint8Array, sendBytes: number) => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let offset = 0; offset < sendBytes; offset += MIB) {
          controller.enqueue(data.slice(offset, Math.min(sendBytes, offset + MIB)));
        }
      },
    });
    return fetch(`${server?.url}${API}/uploads/${upload.id}/files/${path}`, {
      method: 'PUT',
      body,
      duplex: 'half',
    } as RequestInit).catch((error: unknown) => error);
  };
  const bigTransfer = stalled('weights/big.bin', big, 70 * MIB);
  const begunTransfer = stalled('begun.bin', begun, MIB);
  // Wait (bounded) until the big file has a durable checkpoint, then kill the server mid-transfer.
  let durable = 0;
  for (let attempt = 0; attempt < 1200 && durable === 0; attempt += 1) {
    durable = (await call<Upload>('GET', `uploads/${upload.id}`)).body.files[0]?.received ?? 0;
    if (durable === 0) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(durable).toBeGreaterThan(0);
  server.child.kill('SIGKILL');
  await new Promise((resolve) => server?.child.once('exit', resolve));
  await bigTransfer;
  await begunTransfer;

  // Dead: every blob is whole, and staged bytes are only in staging.
  const blobsAfterCrash = checkBlobs();
  expect(blobsAfterCrash).toBe(2); // the sealed version's file and done.bin

  server = await startServer(dataDir);
  const after = (await call<Upload>('GET', `uploads/${upload.id}`)).body;
  expect(after.state).toBe('OPEN');
  const [bigFile, doneFile, begunFile] = after.files;
  expect(bigFile?.received).toBeGreaterThanOrEqual(durable);
  expect(bigFile?.received).toBeLessThanOrEqual(70 * MIB);
  expect(doneFile?.received).toBe(done.length);
  expect(begunFile?.received).toBeLessThanOrEqual(MIB);
  // The version has no content yet; the sealed one is intact.
  expect((await call('GET', `model_versions/${open.id}/files`)).status).toBe(404);
  const kept = await fetch(`${server.url}${API}/model_versions/${sealed.id}/files/model.bin`);
  expect(sha256(new Uint8Array(await kept.arrayBuffer()))).toBe(sha256(small));
  expect((await call('POST', `uploads/${upload.id}/commit`)).body).toMatchObject({
    errorCode: 'UPLOAD_INCOMPLETE',
  });

  // Resume both interrupted files from where the server says, then commit.
  for (const [path, data, from] of [
    ['weights/big.bin', big, bigFile?.received ?? 0],
    ['begun.bin', begun, begunFile?.received ?? 0],
  ] as const) {
    const resumed = await fetch(`${server.url}${API}/uploads/${upload.id}/files/${path}`, {
      method: 'PUT',
      headers: { 'content-range': `bytes ${from}-${data.length - 1}/${data.length}` },
      body: data.slice(from),
    });
    const answer = (await resumed.json()) as Record<string, unknown>;
    expect(resumed.status, JSON.stringify(answer)).toBe(200);
    expect(answer).toMatchObject({ received: data.length, sha256: sha256(data) });
  }
  const manifest = await call<{ files: { path: string; sha256: string }[] }>(
    'POST',
    `uploads/${upload.id}/commit`,
  );
  expect(manifest.status).toBe(201);
  expect(manifest.body.files).toEqual([
    { path: 'begun.bin', size: begun.length, sha256: sha256(begun) },
    { path: 'done.bin', size: done.length, sha256: sha256(done) },
    { path: 'weights/big.bin', size: big.length, sha256: sha256(big) },
  ]);
  const downloaded = await fetch(`${server.url}${API}/model_versions/${open.id}/files/weights/big.bin`);
  expect(sha256(new Uint8Array(await downloaded.arrayBuffer()))).toBe(sha256(big));
  expect(checkBlobs()).toBe(4);
  // Nothing of the committed upload stays staged.
  const staging = join(dataDir, 'artifacts', 'staging');
  const leftover = readdirSync(staging).flatMap((key) =>
    readdirSync(join(staging, key)).map((name) => statSync(join(staging, key, name)).size),
  );
  expect(leftover).toEqual([]);
});
