import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sqliteDialect } from './dialects/sqlite-dialect.js';
import type { SqlDialect } from './dialects/sql-dialect.js';
import type { MetadataTransaction } from '../../ports/metadata-store.js';
import { SqlMetadataStore } from './sql-metadata-store.js';

// When the store tells SQLite's group commit that a transaction is alone (its commit is then
// synced on the calling thread, docs/adr/0023-write-path-and-group-commit.md): only when no other
// transaction of the store is under way and the process says nobody else is busy.

describe('a lone writer (SQLite)', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  async function openStore(othersBusy: () => boolean) {
    const dir = mkdtempSync(join(tmpdir(), 'modelreg-lone-writer-'));
    dirs.push(dir);
    const real = sqliteDialect(join(dir, 'db.sqlite'));
    const told: boolean[] = [];
    const dialect: SqlDialect = {
      ...real,
      open: (onQuery) => real.open(onQuery),
      durable: (alone) => {
        told.push(alone === true);
        return real.durable?.(alone) ?? Promise.resolve();
      },
    };
    const store = await SqlMetadataStore.open(dialect, { othersBusy });
    return { store, told };
  }

  const createModel = (name: string) => (tx: MetadataTransaction) =>
    tx.insert(
      'registeredModel',
      { name, state: 'LIVE', versionScheme: 'free', customProperties: {} },
      Date.now(),
    );

  it('is alone when its transactions run one after another and nobody else is busy', async () => {
    const { store, told } = await openStore(() => false);
    try {
      await store.transaction(createModel('a'));
      await store.transaction(createModel('b'));
      expect(told).toEqual([true, true]);
      const found = await store.transaction((tx) => tx.findAll('registeredModel', { name: 'b' }, 10), {
        readOnly: true,
      });
      expect(found.map((model) => model.name)).toEqual(['b']);
    } finally {
      await store.close();
    }
  });

  it('is not alone beside another transaction, nor when the process is busy', async () => {
    const busy = { now: false };
    const { store, told } = await openStore(() => busy.now);
    try {
      await Promise.all([store.transaction(createModel('a')), store.transaction(createModel('b'))]);
      // The second came while the first was running: the two shared one COMMIT (a commit group),
      // whose one sync was not alone.
      expect(told).toEqual([false]);
      told.length = 0;
      busy.now = true;
      await store.transaction(createModel('c'));
      expect(told).toEqual([false]);
    } finally {
      await store.close();
    }
  });
});
