import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { collectGarbage } from '@modelreg/server';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/each-database.js';
import { bytesOf, encodePath, newVersion, sha256, uploadAll, type Upload } from '../support/model-files.js';
import type { RegistryHarness } from '../support/registry-harness.js';

type Report = {
  dryRun: boolean;
  removed: { key: string; size: number }[];
  removedBytes: number;
  kept: number;
};

/** Every file under the artifact store's directory, with its size. */
function snapshot(h: RegistryHarness): Record<string, number> {
  const files: Record<string, number> = {};
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(h.artifactsDir, path)] = statSync(path).size;
    }
  };
  walk(h.artifactsDir);
  return files;
}

const blob = (text: string) => `blobs/sha256/${sha256(text)}`;

describeEachDatabase('garbage collection of model files', (api) => {
  it('removes orphans only, never the content of a live version or an open upload, and a dry run removes nothing', async () => {
    const h = api();
    const live = await newVersion(h);
    const doomed = await newVersion(h);
    await uploadAll(h, live.version.id, {
      'a.bin': bytesOf('live only'),
      'shared.bin': bytesOf('shared bytes'),
    });
    await uploadAll(h, doomed.version.id, {
      'b.bin': bytesOf('doomed only'),
      'shared.bin': bytesOf('shared bytes'),
    });
    // An open upload with one complete file and one half-sent file.
    const pending = await newVersion(h);
    const open = (
      await h.post<Upload>(`model_versions/${pending.version.id}/uploads`, {
        files: [
          { path: 'c.bin', size: 11 },
          { path: 'half.bin', size: 10 },
        ],
      })
    ).body;
    expect((await h.bytes('PUT', `uploads/${open.id}/files/c.bin`, bytesOf('open upload'))).status).toBe(200);
    await h.bytes('PUT', `uploads/${open.id}/files/half.bin`, bytesOf('12345'), {
      'content-range': 'bytes 0-4/10',
    });
    // An aborted upload whose complete file is an orphan, and another left half-sent then aborted.
    const abandoned = await newVersion(h);
    const aborted = (
      await h.post<Upload>(`model_versions/${abandoned.version.id}/uploads`, {
        files: [{ path: encodePath('d.bin'), size: 13 }],
      })
    ).body;
    await h.bytes('PUT', `uploads/${aborted.id}/files/d.bin`, bytesOf('aborted bytes'));
    expect((await h.del(`uploads/${aborted.id}`)).status).toBe(204);
    expect((await h.del(`model_versions/${doomed.version.id}`)).status).toBe(204);

    const orphans = [blob('doomed only'), blob('aborted bytes')];
    const before = snapshot(h);
    const dry = await h.post<Report>('gc', { dryRun: true, graceSeconds: 0 });
    expect(dry.status).toBe(200);
    expect(dry.body.dryRun).toBe(true);
    const dryKeys = dry.body.removed.map((r) => r.key);
    expect(dryKeys).toEqual(expect.arrayContaining(orphans));
    for (const keptKey of [blob('live only'), blob('shared bytes'), blob('open upload')]) {
      expect(dryKeys).not.toContain(keptKey);
    }
    // Staging places of uploads no longer open go too (the committed ones are empty by now).
    expect(dryKeys.filter((k) => k.startsWith('staging/'))).toHaveLength(3);
    expect(snapshot(h)).toEqual(before);

    // Within the grace period nothing goes.
    const young = await h.post<Report>('gc', { graceSeconds: 3600 });
    expect(young.body.removed).toEqual([]);
    expect(snapshot(h)).toEqual(before);

    const real = await h.post<Report>('gc', { dryRun: false, graceSeconds: 0 });
    expect(real.body.removed.map((r) => r.key).sort()).toEqual([...dryKeys].sort());
    expect(real.body.removedBytes).toBe(real.body.removed.reduce((n, r) => n + r.size, 0));
    const after = snapshot(h);
    for (const orphan of orphans)
      expect(Object.keys(after).some((p) => p.endsWith(orphan.slice(-64)))).toBe(false);
    // The half-sent file of the open upload is still staged, whole.
    expect(Object.entries(after).filter(([path]) => path.startsWith('staging/'))).toEqual([
      [expect.stringMatching(/^staging\/[0-9a-f-]+\/1$/), 5],
    ]);
    for (const text of ['live only', 'shared bytes', 'open upload']) {
      expect(
        Object.keys(after).some((p) => p.endsWith(sha256(text))),
        text,
      ).toBe(true);
    }
    // The live version still serves every file, and the open upload still commits.
    for (const [path, text] of [
      ['a.bin', 'live only'],
      ['shared.bin', 'shared bytes'],
    ]) {
      const got = await h.bytes('GET', `model_versions/${live.version.id}/files/${path}`);
      expect(new TextDecoder().decode(got.bytes)).toBe(text);
    }
    await h.bytes('PUT', `uploads/${open.id}/files/half.bin`, bytesOf('67890'), {
      'content-range': 'bytes 5-9/10',
    });
    expect((await h.post(`uploads/${open.id}/commit`, {})).status).toBe(201);
    // Committed now: only its emptied staging place is left to remove.
    const last = (await h.post<Report>('gc', { graceSeconds: 0 })).body.removed;
    expect(last).toEqual([{ key: expect.stringMatching(/^staging\//), size: 0 }]);

    const events = (await h.get<{ items: { action: string }[] }>('audit_events?action=collect%20garbage'))
      .body.items;
    expect(events.length).toBe(3); // the real runs (one within the grace period), not the dry run
  });

  it('runs as a host task (modelreg gc) with the server configuration', async () => {
    const h = api();
    const { version } = await newVersion(h);
    await uploadAll(h, version.id, { 'x.bin': bytesOf('host task orphan') });
    expect((await h.del(`model_versions/${version.id}`)).status).toBe(204);
    const dry = await collectGarbage(h.config, { dryRun: true, graceSeconds: 0 });
    expect(dry.removed.map((r) => r.key)).toContain(blob('host task orphan'));
    expect(snapshot(h)).toHaveProperty(
      `blobs/sha256/${sha256('host task orphan').slice(0, 2)}/${sha256('host task orphan')}`,
    );
    const real = await collectGarbage(h.config, { dryRun: false, graceSeconds: 0 });
    expect(real.removed.map((r) => r.key)).toContain(blob('host task orphan'));
    expect(snapshot(h)).not.toHaveProperty(
      `blobs/sha256/${sha256('host task orphan').slice(0, 2)}/${sha256('host task orphan')}`,
    );
  });
});
