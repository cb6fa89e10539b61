import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openMetadataStore } from '@modelreg/server';
import { openDriver } from '../../bench/dataset.js';
import {
  ARTIFACTS_PER_VERSION,
  bulkLoadSearch,
  DatasetAssignment,
  VERSIONS_PER_DATASET,
} from '../../bench/search-dataset.js';
import { checkWriterFidelity } from '../../bench/search-fidelity.js';

// The search bench's loader, without timing: it must write what the store writes.

const dir = mkdtempSync(join(tmpdir(), 'modelreg-search-dataset-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('writes the rows the store writes through the API, column for column', async () => {
  expect(await checkWriterFidelity(dir)).toMatch(/audit_event/);
});

it('gives each dataset the same number of versions at any size', () => {
  for (const versions of [1_000, 12_345]) {
    const assignment = new DatasetAssignment(versions);
    const users = new Map<number, number>();
    for (let k = 0; k < versions; k++) {
      const d = assignment.datasetOf(k);
      users.set(d, (users.get(d) ?? 0) + 1);
    }
    expect(users.size).toBe(Math.ceil(versions / VERSIONS_PER_DATASET));
    expect([...users.values()].filter((n) => n !== VERSIONS_PER_DATASET).length).toBeLessThanOrEqual(1);
  }
});

it('bulk-loads into the migrated schema and leaves it as the store made it', async () => {
  const file = join(dir, 'bulk.db');
  await (await openMetadataStore(`sqlite:${file}`)).close();
  const db = openDriver(file);
  try {
    const schema = () =>
      db
        .prepare("select type, name, sql from sqlite_master where name not like 'sqlite_stat%' order by name")
        .all();
    const before = schema();
    const data = bulkLoadSearch(db, 250, Date.UTC(2026, 0, 1), () => undefined);
    expect(schema()).toEqual(before);
    expect(data.models).toBe(3);
    expect(db.prepare('select count(*) from artifact').pluck().get()).toBe(250 * ARTIFACTS_PER_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    // Every version's artifacts are attached to it and scoped by it.
    expect(
      db
        .prepare("select count(*) from artifact where name_scope <> 'version:' || model_version_id")
        .pluck()
        .get(),
    ).toBe(0);
  } finally {
    db.close();
  }
});
