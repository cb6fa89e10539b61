import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MetadataTransaction } from '../../../ports/metadata-store.js';
import { SqlMetadataStore } from '../sql-metadata-store.js';
import type { SqlDialect } from './sql-dialect.js';
import { sqliteDialect } from './sqlite-dialect.js';

// SQLite's transactions that wait for the connection run together and share one COMMIT
// (CommitGroups, docs/adr/0023-write-path-and-group-commit.md). What each transaction sees and is
// told must be as if it had run alone: its failure undoes its work only, and nobody is answered
// before the group is durable.

/** A sync the test lets finish, or fail, by hand. */
function heldSync() {
  const waiting: { resolve: () => void; reject: (error: Error) => void }[] = [];
  let told: () => void = () => undefined;
  /** Resolves once the store waits for a sync. */
  const called = new Promise<void>((resolve) => (told = resolve));
  return {
    called,
    durable: () =>
      new Promise<void>((resolve, reject) => {
        waiting.push({ resolve, reject });
        told();
      }),
    count: () => waiting.length,
    finish: () => waiting.splice(0).forEach((w) => w.resolve()),
    fail: (error: Error) => waiting.splice(0).forEach((w) => w.reject(error)),
  };
}

/** Whether a promise has settled once every callback queued so far has run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

const createModel = (name: string) => (tx: MetadataTransaction) =>
  tx.insert(
    'registeredModel',
    { name, state: 'LIVE', versionScheme: 'free', customProperties: {} },
    Date.now(),
  );

const failing = (name: string, error: Error) => async (tx: MetadataTransaction) => {
  await createModel(name)(tx);
  throw error;
};

const names = (store: SqlMetadataStore) =>
  store
    .transaction((tx) => tx.findAll('registeredModel', {}, 100), { readOnly: true })
    .then((models) => models.map((model) => model.name).sort());

/** The models' names in the file, read by a store opened on it afresh (what was kept), then closed. */
async function keptNames(reopen: () => Promise<SqlMetadataStore>): Promise<string[]> {
  const again = await reopen();
  try {
    return await names(again);
  } finally {
    await again.close();
  }
}

describe('commit groups (SQLite)', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** A store on a new file; `durable` stands in for the WAL's sync when given. */
  async function openStore(durable?: () => Promise<void>) {
    const dir = mkdtempSync(join(tmpdir(), 'modelreg-commit-groups-'));
    dirs.push(dir);
    const file = join(dir, 'db.sqlite');
    const real = sqliteDialect(file);
    const statements: string[] = [];
    const dialect: SqlDialect = {
      ...real,
      open: () => real.open((text) => statements.push(text.trim().toLowerCase())),
      durable: async (alone) => {
        await real.durable?.(alone);
        await durable?.();
      },
    };
    const store = await SqlMetadataStore.open(dialect, { othersBusy: () => true });
    const reopen = async () => SqlMetadataStore.open(sqliteDialect(file));
    return { store, statements, reopen };
  }

  const count = (statements: string[], text: string) => statements.filter((s) => s === text).length;

  it('runs transactions that wait together, one COMMIT for them all, each kept', async () => {
    const { store, statements, reopen } = await openStore();
    try {
      statements.length = 0;
      await Promise.all(Array.from({ length: 10 }, (_, i) => store.transaction(createModel(`m${i}`))));
      expect(count(statements, 'begin immediate')).toBe(1);
      expect(count(statements, 'commit')).toBe(1);
      expect(count(statements, 'savepoint grouped')).toBe(9);
    } finally {
      await store.close();
    }
    expect(await keptNames(reopen)).toEqual(Array.from({ length: 10 }, (_, i) => `m${i}`).sort());
  });

  it('undoes a failed transaction’s own work only, and tells it its error', async () => {
    const { store, reopen } = await openStore();
    const broken = new Error('the work failed after writing');
    try {
      const outcomes = await Promise.allSettled([
        store.transaction(createModel('before')),
        store.transaction(failing('undone', broken)),
        // The same name again: it must not see the undone one.
        store.transaction(createModel('undone')),
        store.transaction(createModel('before')),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
      expect((outcomes[1] as PromiseRejectedResult).reason).toBe(broken);
      // The later duplicate saw the first as committed.
      expect(String((outcomes[3] as PromiseRejectedResult).reason)).toMatch(/'before' already exists/);
    } finally {
      await store.close();
    }
    expect(await keptNames(reopen)).toEqual(['before', 'undone']);
  });

  it('a failed first transaction is rolled back whole and ends its group; the next ones go on', async () => {
    const { store, statements } = await openStore();
    const broken = new Error('first fails');
    try {
      statements.length = 0;
      const outcomes = await Promise.allSettled([
        store.transaction(failing('first', broken)),
        store.transaction(createModel('second')),
        store.transaction(createModel('third')),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
      expect(statements.slice(0, 1)).toEqual(['begin immediate']);
      expect(count(statements, 'rollback')).toBe(1);
      expect(count(statements, 'begin immediate')).toBe(2);
      expect(await names(store)).toEqual(['second', 'third']);
    } finally {
      await store.close();
    }
  });

  it('answers nobody, a failed transaction included, before the group is durable', async () => {
    const sync = heldSync();
    const { store } = await openStore(sync.durable);
    try {
      const ok = store.transaction(createModel('a'));
      const failed = store.transaction(failing('b', new Error('no')));
      const reading = store.transaction((tx) => tx.findAll('registeredModel', { name: 'a' }, 10), {
        readOnly: true,
      });
      await sync.called;
      for (const promise of [ok, failed, reading]) expect(await settled(promise)).toBe(false);
      expect(sync.count()).toBe(1);
      sync.finish();
      await ok;
      await expect(failed).rejects.toThrow('no');
      // A reader in the group saw the writer before it.
      expect((await reading).map((model) => model.name)).toEqual(['a']);
    } finally {
      sync.finish();
      await store.close();
    }
  });

  it('a sync that fails fails every transaction of the group', async () => {
    const sync = heldSync();
    const { store } = await openStore(sync.durable);
    try {
      const all = [store.transaction(createModel('a')), store.transaction(createModel('b'))];
      await sync.called;
      expect(await settled(Promise.all(all))).toBe(false);
      sync.fail(new Error('EIO: the disk failed'));
      for (const outcome of await Promise.allSettled(all)) expect(outcome.status).toBe('rejected');
    } finally {
      sync.finish();
      await store.close();
    }
  });

  it('a group begun by a reader takes only readers: a writer begins its own with the lock', async () => {
    const { store, statements } = await openStore();
    try {
      await store.transaction(createModel('a'));
      statements.length = 0;
      const read = () => store.transaction((tx) => tx.findAll('registeredModel', {}, 10), { readOnly: true });
      await Promise.all([read(), read(), store.transaction(createModel('b')), read()]);
      const ends = statements.filter((s) => /^(begin|commit|savepoint|release)/.test(s));
      expect(ends).toEqual(['begin', 'commit', 'begin immediate', 'commit']);
    } finally {
      await store.close();
    }
  });
});
