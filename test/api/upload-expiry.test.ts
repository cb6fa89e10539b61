import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { collectGarbage } from '@modelreg/server';
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.js';
import { startHarness } from '../support/registry-harness.js';
import { bytesOf, newVersion, sha256, uploadAll, type Upload } from '../support/model-files.js';
import type { RegistryHarness } from '../support/registry-harness.js';

type ListedUpload = Upload & { lastUpdateTime: string; expireTime?: string };
type Report = {
  dryRun: boolean;
  expiredUploads: string[];
  removed: { key: string; size: number }[];
};

const DAY_MS = 24 * 3600 * 1000;
/** The default `uploadExpirySeconds`, in milliseconds. */
const EXPIRY_MS = 7 * DAY_MS;

/** Moves an upload's last activity back in time, as if nothing had been written to it since. */
async function idleFor(h: RegistryHarness, uploadId: string, ms: number): Promise<void> {
  await h
    .database()
    .updateTable('file_upload')
    .set({ last_update_time: Date.now() - ms })
    .where('id', '=', Number(uploadId))
    .execute();
}

async function storedState(h: RegistryHarness, uploadId: string): Promise<string> {
  const row = await h
    .database()
    .selectFrom('file_upload')
    .select('state')
    .where('id', '=', Number(uploadId))
    .executeTakeFirstOrThrow();
  return String(row['state']);
}

/** The key naming an upload's staging directory. */
async function uploadKey(h: RegistryHarness, uploadId: string): Promise<string> {
  const row = await h
    .database()
    .selectFrom('file_upload')
    .select('upload_key')
    .where('id', '=', Number(uploadId))
    .executeTakeFirstOrThrow();
  return String(row['upload_key']);
}

/** Whether the upload's staging directory holds any bytes. */
async function hasStaging(h: RegistryHarness, uploadId: string): Promise<boolean> {
  const dir = join(h.artifactsDir, 'staging', await uploadKey(h, uploadId));
  return existsSync(dir) && readdirSync(dir).length > 0;
}

const blobPath = (h: RegistryHarness, text: string) =>
  join(h.artifactsDir, 'blobs', 'sha256', sha256(text).slice(0, 2), sha256(text));

describeEachDatabase('uploads of a version: listing and expiry', (api) => {
  it('lists a version’s uploads with their state, progress and expiry time, filtered by state', async () => {
    const h = api();
    const { version } = await newVersion(h);
    const first = (
      await h.post<ListedUpload>(`model_versions/${version.id}/uploads`, { files: [{ path: 'a', size: 4 }] })
    ).body;
    expect(Number(first.expireTime)).toBe(Number(first.lastUpdateTime) + EXPIRY_MS);
    await h.bytes('PUT', `uploads/${first.id}/files/a`, bytesOf('ab'), { 'content-range': 'bytes 0-1/4' });
    const { upload: committed } = await uploadAll(h, version.id, { b: bytesOf('committed') });

    const all = await h.get<{ items: ListedUpload[]; size: number }>(`model_versions/${version.id}/uploads`);
    expect(all.status).toBe(200);
    expect(all.body.size).toBe(2);
    expect(all.body.items.map((u) => [u.id, u.state])).toEqual([
      [first.id, 'OPEN'],
      [committed.id, 'COMMITTED'],
    ]);
    expect(all.body.items[0]?.files).toEqual([{ path: 'a', size: 4, received: 2 }]);
    // Only an OPEN upload can expire.
    expect(all.body.items[1]?.expireTime).toBeUndefined();

    const open = await h.get<{ items: ListedUpload[] }>(`model_versions/${version.id}/uploads?state=OPEN`);
    expect(open.body.items.map((u) => u.id)).toEqual([first.id]);
    const bad = await h.get(`model_versions/${version.id}/uploads?state=DONE`);
    expect(bad.status).toBe(400);
    expect(bad.body['message']).toMatch(/state must be one of OPEN, COMMITTED, ABORTED, EXPIRED/);
    expect((await h.get('model_versions/999999999/uploads')).status).toBe(404);
  });

  it('writing to an upload keeps it from expiring', async () => {
    const h = api();
    const { version } = await newVersion(h);
    const upload = (
      await h.post<ListedUpload>(`model_versions/${version.id}/uploads`, { files: [{ path: 'a', size: 4 }] })
    ).body;
    await idleFor(h, upload.id, 6 * DAY_MS);
    const before = (await h.get<ListedUpload>(`uploads/${upload.id}`)).body;
    expect(before.state).toBe('OPEN');
    expect(Number(before.expireTime)).toBeLessThan(Date.now() + 2 * DAY_MS);
    await h.bytes('PUT', `uploads/${upload.id}/files/a`, bytesOf('ab'), { 'content-range': 'bytes 0-1/4' });
    const after = (await h.get<ListedUpload>(`uploads/${upload.id}`)).body;
    expect(Number(after.lastUpdateTime)).toBeGreaterThan(Date.now() - DAY_MS);
    expect(Number(after.expireTime)).toBeGreaterThan(Date.now() + 6 * DAY_MS);
  });

  it('an idle upload expires: it refuses writes and commits, and gc discards its bytes (a dry run only reports)', async () => {
    const h = api();
    const { version } = await newVersion(h);
    const upload = (
      await h.post<ListedUpload>(`model_versions/${version.id}/uploads`, {
        files: [
          { path: 'whole.bin', size: 14 },
          { path: 'half.bin', size: 10 },
        ],
      })
    ).body;
    expect(
      (await h.bytes('PUT', `uploads/${upload.id}/files/whole.bin`, bytesOf('expiring whole'))).status,
    ).toBe(200);
    await h.bytes('PUT', `uploads/${upload.id}/files/half.bin`, bytesOf('12345'), {
      'content-range': 'bytes 0-4/10',
    });
    // A second, fresh upload of another version must be left alone.
    const other = await newVersion(h);
    const fresh = (
      await h.post<ListedUpload>(`model_versions/${other.version.id}/uploads`, {
        files: [{ path: 'f', size: 5 }],
      })
    ).body;
    await h.bytes('PUT', `uploads/${fresh.id}/files/f`, bytesOf('fr'), { 'content-range': 'bytes 0-1/5' });
    expect(existsSync(blobPath(h, 'expiring whole'))).toBe(true);
    expect(await hasStaging(h, upload.id)).toBe(true);
    expect(await hasStaging(h, fresh.id)).toBe(true);

    await idleFor(h, upload.id, EXPIRY_MS + 60_000);
    const seen = (await h.get<ListedUpload>(`uploads/${upload.id}`)).body;
    expect(seen.state).toBe('EXPIRED');
    expect(seen.expireTime).toBeUndefined();
    const put = await h.bytes('PUT', `uploads/${upload.id}/files/half.bin`, bytesOf('67890'), {
      'content-range': 'bytes 5-9/10',
    });
    expect(put.status).toBe(409);
    expect(put.body['errorCode']).toBe('UPLOAD_NOT_OPEN');
    expect(put.body['message']).toMatch(/expired: nothing was written to it since .*; start a new upload/);
    const commit = await h.post(`uploads/${upload.id}/commit`, {});
    expect(commit.status).toBe(409);
    expect(commit.body['errorCode']).toBe('UPLOAD_NOT_OPEN');
    expect(
      (
        await h.get<{ items: ListedUpload[] }>(`model_versions/${version.id}/uploads?state=EXPIRED`)
      ).body.items.map((u) => u.id),
    ).toEqual([upload.id]);

    // A dry run names the upload and its bytes, and changes nothing.
    const dry = (await h.post<Report>('gc', { dryRun: true, graceSeconds: 0 })).body;
    expect(dry.expiredUploads).toContain(upload.id);
    expect(dry.expiredUploads).not.toContain(fresh.id);
    const dryKeys = dry.removed.map((r) => r.key);
    expect(dryKeys).toContain(`blobs/sha256/${sha256('expiring whole')}`);
    expect(dryKeys).toContain(`staging/${await uploadKey(h, upload.id)}`);
    expect(dryKeys).not.toContain(`staging/${await uploadKey(h, fresh.id)}`);
    expect(await storedState(h, upload.id)).toBe('OPEN');
    expect(existsSync(blobPath(h, 'expiring whole'))).toBe(true);
    expect(await hasStaging(h, upload.id)).toBe(true);

    // The real run expires it and removes the same bytes; the fresh upload keeps its own.
    const real = (await h.post<Report>('gc', { graceSeconds: 0 })).body;
    expect(real.expiredUploads).toContain(upload.id);
    expect(real.removed.map((r) => r.key).sort()).toEqual([...dryKeys].sort());
    expect(await storedState(h, upload.id)).toBe('EXPIRED');
    expect(existsSync(blobPath(h, 'expiring whole'))).toBe(false);
    expect(await hasStaging(h, upload.id)).toBe(false);
    expect(await hasStaging(h, fresh.id)).toBe(true);
    expect((await h.get<ListedUpload>(`uploads/${fresh.id}`)).body.state).toBe('OPEN');
    expect(
      (
        await h.bytes('PUT', `uploads/${fresh.id}/files/f`, bytesOf('esh'), {
          'content-range': 'bytes 2-4/5',
        })
      ).status,
    ).toBe(200);
    expect((await h.post(`uploads/${fresh.id}/commit`, {})).status).toBe(201);

    const events = (
      await h.get<{ items: { action: string; entityId: string }[] }>('audit_events?action=expire%20upload')
    ).body.items;
    expect(events.map((e) => e.entityId)).toContain(upload.id);
    // Expired stays expired: a second run has nothing more to do with it.
    expect((await h.post<Report>('gc', { graceSeconds: 0 })).body.expiredUploads).not.toContain(upload.id);
  });

  it('the host task expires idle uploads as the API does, and never when uploads do not expire', async () => {
    const h = api();
    const { version } = await newVersion(h);
    const upload = (
      await h.post<ListedUpload>(`model_versions/${version.id}/uploads`, { files: [{ path: 'a', size: 3 }] })
    ).body;
    await idleFor(h, upload.id, EXPIRY_MS + 60_000);
    const never = await collectGarbage(
      { ...h.config, uploadExpirySeconds: 0 },
      { dryRun: false, graceSeconds: 0 },
    );
    expect(never.expiredUploads).toEqual([]);
    expect(await storedState(h, upload.id)).toBe('OPEN');
    // One idle for less than the expiry stays OPEN.
    const recent = (
      await h.post<ListedUpload>(`model_versions/${version.id}/uploads`, { files: [{ path: 'b', size: 3 }] })
    ).body;
    await idleFor(h, recent.id, EXPIRY_MS - 3_600_000);
    const report = await collectGarbage(h.config, { dryRun: false, graceSeconds: 0 });
    expect(report.expiredUploads).toContain(Number(upload.id));
    expect(report.expiredUploads).not.toContain(Number(recent.id));
    expect(await storedState(h, upload.id)).toBe('EXPIRED');
    expect(await storedState(h, recent.id)).toBe('OPEN');
  });
});

describe('gc and the disk’s clock', () => {
  // The disk (or an S3 server) dates what it stores by its own clock, which may run ahead of the
  // registry's. The staging of an upload a run expires is garbage however recently it was touched
  // (the run itself touches it by discarding the files): that run removes it, as its dry run said.
  it('removes in the same run the staging of an upload it expires, though the disk dates it later', async () => {
    const h = await startHarness('sqlite', { clock: () => Date.now() - 60_000 });
    try {
      const { version } = await newVersion(h);
      const upload = (
        await h.post<ListedUpload>(`model_versions/${version.id}/uploads`, {
          files: [{ path: 'a', size: 4 }],
        })
      ).body;
      await h.bytes('PUT', `uploads/${upload.id}/files/a`, bytesOf('ab'), { 'content-range': 'bytes 0-1/4' });
      const key = await uploadKey(h, upload.id);
      await idleFor(h, upload.id, EXPIRY_MS + 3_600_000);
      const dry = (await h.post<Report>('gc', { dryRun: true, graceSeconds: 0 })).body;
      expect(dry.removed.map((r) => r.key)).toContain(`staging/${key}`);
      const real = (await h.post<Report>('gc', { graceSeconds: 0 })).body;
      expect(real.expiredUploads).toEqual([upload.id]);
      expect(real.removed.map((r) => r.key).sort()).toEqual(dry.removed.map((r) => r.key).sort());
      expect(existsSync(join(h.artifactsDir, 'staging', key))).toBe(false);
    } finally {
      await h.close();
    }
  });
});
