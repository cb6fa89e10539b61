import { createHash, randomBytes } from 'node:crypto';
import { Migrator, sql, type Kysely, type Migration } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openMetadataStore } from '@modelreg/server';
import { dialectForUrl } from '../../packages/server/src/adapters/sql/open-metadata-store.js';
import { MIGRATIONS } from '../../packages/server/src/adapters/sql/migrations/index.js';
import { INDEXED_TEXT_BYTES, shortText } from '../../packages/server/src/adapters/sql/shared/indexed-text.js';
import {
  announceSkips,
  createTestDatabase,
  DATABASE_TARGETS,
  type TestDatabase,
} from '../support/test-databases.js';

// Tables are named at run time in these tests, before the typed schema exists.
type UntypedDb = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- tables by name

/** A database at the schema a release before `first` left: every migration named below it. */
async function migratedBefore(url: string, first: string): Promise<UntypedDb> {
  const dialect = dialectForUrl(url);
  const db = (await dialect.open()) as UntypedDb;
  const older = MIGRATIONS.filter((m) => m.name < first);
  const { error } = await new Migrator({
    db,
    provider: {
      getMigrations: () =>
        Promise.resolve(
          Object.fromEntries(
            older.map((m): [string, Migration] => [m.name, { up: (tx) => m.up(tx, dialect.name) }]),
          ),
        ),
    },
    migrationTableName: 'modelreg_migration',
    migrationLockTableName: 'modelreg_migration_lock',
  }).migrateToLatest();
  expect(error).toBeUndefined();
  return db;
}

/** A time in the past the migration tests write rows at. */
const T = 1_700_000_000_000;

announceSkips();
for (const target of DATABASE_TARGETS) {
  describe.skipIf(target.skipReason !== undefined)(`schema migrations [${target.name}]`, () => {
    const databases: TestDatabase[] = [];
    afterAll(async () => {
      for (const db of databases) await db.drop();
    });
    /** A new empty database of this engine, dropped after the tests. */
    const fresh = async (): Promise<TestDatabase> => {
      const database = await createTestDatabase(target.name);
      databases.push(database);
      return database;
    };
    /** Closes `db`, lets the store run the migrations left (the database is then clean), and opens it again. */
    const migrateForward = async (database: TestDatabase, db: UntypedDb): Promise<UntypedDb> => {
      await db.destroy();
      const store = await openMetadataStore(database.url);
      expect(await store.isDirty()).toBe(false);
      await store.close();
      return (await dialectForUrl(database.url).open()) as UntypedDb;
    };
    /** A new database at the schema a release before `first` left, holding model 1 ('m', created at T). */
    const withModelBefore = async (first: string) => {
      const database = await fresh();
      const db = await migratedBefore(database.url, first);
      await db
        .insertInto('registered_model')
        .values({ id: 1, name: 'm', state: 'LIVE', create_time: T, last_update_time: T })
        .execute();
      return { database, db };
    };

    it('migrates a new database once, even when several replicas start together, and reports it clean', async () => {
      const database = await fresh();
      // SQLite is single-process by design; the others take the migration lock.
      const replicas = target.name === 'sqlite' ? 1 : 3;
      const stores = await Promise.all(
        Array.from({ length: replicas }, () => openMetadataStore(database.url)),
      );
      for (const store of stores) expect(await store.isDirty()).toBe(false);
      await Promise.all(stores.map((s) => s.close()));
      const reopened = await openMetadataStore(database.url);
      expect(await reopened.isDirty()).toBe(false);
      await reopened.close();
    });

    it('refuses to serve a database that holds a migration this server does not know', async () => {
      const database = await fresh();
      const store = await openMetadataStore(database.url);
      // A connection of the test's own: the store exposes none.
      const kysely = await dialectForUrl(database.url).open();
      await sql`insert into modelreg_migration (name, timestamp) values ('9999-from-the-future', '2030-01-01')`.execute(
        kysely,
      );
      await kysely.destroy();
      expect(await store.isDirty()).toBe(true);
      await store.close();
      await expect(openMetadataStore(database.url)).rejects.toThrow(/9999-from-the-future|corrupted/);
    });

    it('numbers the histories written before 0013 in their insertion order, and later rows after them', async () => {
      // The schema a release before 0013 left, with histories written in it.
      const { database, db } = await withModelBefore('0013');
      const history = [
        // Written out of time order, as concurrent moves could: id order is what they have.
        { alias: 'champion', model_version_id: 1, create_time: T + 20 },
        { alias: 'champion', model_version_id: 2, create_time: T + 10 },
      ];
      for (const row of history) {
        await db
          .insertInto('alias_history')
          .values({ registered_model_id: 1, actor: 'a', ...row })
          .execute();
      }
      await db
        .insertInto('audit_event')
        .values({
          event_time: T + 30,
          actor: 'a',
          actor_method: 'none',
          action: 'update registeredModel',
          outcome: 'success',
          prev_hash: '0'.repeat(64),
          hash: 'f'.repeat(64),
        })
        .execute();
      await db.destroy();

      const store = await openMetadataStore(database.url);
      expect(await store.isDirty()).toBe(false);
      await store.transaction(async (tx) => {
        expect((await tx.aliasHistory(1)).map((m) => [m.sequence, m.modelVersionId])).toEqual([
          [2, 2],
          [1, 1],
        ]);
        // The last move is the one written last, whatever its time says.
        expect((await tx.aliasAt(1, 'champion'))?.modelVersionId).toBe(2);
        await tx.lockModel(1);
        const moved = await tx.moveAlias(1, 'champion', undefined, 'a', T + 5);
        expect([moved.sequence, moved.timeSinceEpoch]).toEqual([3, T + 10]);
        await tx.appendAudit(
          { timeSinceEpoch: T, actor: 'a', actorMethod: 'none', action: 'x', outcome: 'success' },
          (text) => createHash('sha256').update(text).digest('hex'),
        );
      });
      // The audit head carried the last event's time over: a new event cannot go back before it.
      const [event] = await store.transaction((tx) => tx.listAudit({ action: 'x', pageSize: 1 }));
      expect(event?.timeSinceEpoch).toBe(T + 30);
      await store.close();
    });

    it('fills the version summaries of models written before 0019 from their versions', async () => {
      const database = await fresh();
      const db = await migratedBefore(database.url, '0019');
      for (const id of [1, 2, 3]) {
        await db
          .insertInto('registered_model')
          .values({ id, name: `m${id}`, state: 'LIVE', create_time: T, last_update_time: T })
          .execute();
      }
      const versions = [
        { id: 10, model: 1, stage: 'Production', time: T + 1 },
        { id: 11, model: 1, stage: 'Production', time: T + 2 },
        { id: 12, model: 1, stage: 'Development', time: T + 3 },
        { id: 13, model: 2, stage: 'Archived', time: T + 4 },
      ];
      for (const v of versions) {
        await db
          .insertInto('model_version')
          .values({
            id: v.id,
            name: `v${v.id}`,
            registered_model_id: v.model,
            state: v.stage === 'Archived' ? 'ARCHIVED' : 'LIVE',
            stage: v.stage,
            create_time: v.time,
            last_update_time: v.time,
          })
          .execute();
      }
      const check = await migrateForward(database, db);
      const rows = await check
        .selectFrom('registered_model')
        .select([
          'id',
          'latest_version_id',
          'latest_version_time',
          'production_version_id',
          'production_version_time',
          'development_count',
          'staging_count',
          'production_count',
          'archived_count',
          'stage_rank',
        ])
        .orderBy('id')
        .execute();
      await check.destroy();
      const numbers = rows.map((row) => Object.values(row).map((v) => (v === null ? null : Number(v))));
      expect(numbers).toEqual([
        [1, 12, T + 3, 11, T + 2, 1, 0, 2, 0, 4],
        [2, 13, T + 4, null, null, 0, 0, 0, 1, 1],
        [3, null, null, null, null, 0, 0, 0, 0, 0],
      ]);
    });

    it('keeps only the rows with a value in the indexes of values a row may lack (0022), and their plans and uniqueness', async () => {
      const { database, db } = await withModelBefore('0022');
      for (const id of [2, 3])
        await db
          .insertInto('model_version')
          .values({
            id,
            name: `v${id}`,
            registered_model_id: 1,
            state: 'LIVE',
            stage: 'Development',
            create_time: T,
            last_update_time: T,
          })
          .execute();
      const property = { owner_kind: 'model_version', owner_id: 2 };
      await db
        .insertInto('custom_property')
        .values({ ...property, name: 'accuracy', value_type: 'double', double_value: 0.9 })
        .execute();
      await db
        .insertInto('custom_property')
        .values({ ...property, name: 'framework', value_type: 'string', string_value: 'onnx' })
        .execute();
      const artifact = (id: number, externalId: string | null) => ({
        id,
        state: 'LIVE',
        artifact_type: 'model-artifact',
        name: `a${id}`,
        name_scope: 'version:2',
        model_version_id: 2,
        external_id: externalId,
        create_time: T,
        last_update_time: T,
      });
      await db
        .insertInto('artifact')
        .values([artifact(20, null), artifact(21, null), artifact(22, 'ext-1')])
        .execute();
      const check = await migrateForward(database, db);
      try {
        // Rows without an external id are many; one with an id that is taken is refused.
        await check.insertInto('artifact').values(artifact(23, null)).execute();
        await expect(check.insertInto('artifact').values(artifact(24, 'ext-1')).execute()).rejects.toThrow();
        const partial = [
          'custom_property_int_idx',
          'custom_property_double_idx',
          'custom_property_bool_idx',
          'custom_property_string_idx',
          'artifact_metric_idx',
          'artifact_parameter_idx',
          'artifact_run_idx',
          'artifact_digest_idx',
          'artifact_external_id_key',
          'model_version_external_id_key',
        ];
        const filter = `select owner_id from custom_property where owner_kind = 'model_version' and name = 'accuracy' and double_value > 0.5`;
        if (target.name === 'sqlite') {
          const definitions = await sql<{
            name: string;
            sql: string;
          }>`select name, sql from sqlite_master where type = 'index'`.execute(check);
          const where = Object.fromEntries(
            definitions.rows.map((row) => [row.name, /\bwhere\b.+\bis not null\b/i.test(row.sql ?? '')]),
          );
          for (const name of partial) expect([name, where[name]]).toEqual([name, true]);
          const plan = await sql<{ detail: string }>`explain query plan ${sql.raw(filter)}`.execute(check);
          expect(plan.rows.map((row) => row.detail).join('\n')).toMatch(/custom_property_double_idx/);
        } else if (target.name === 'postgres') {
          const definitions = await sql<{
            indexname: string;
            indexdef: string;
          }>`select indexname, indexdef from pg_indexes where schemaname = current_schema()`.execute(check);
          const where = Object.fromEntries(
            definitions.rows.map((row) => [row.indexname, /\bWHERE\b.+\bIS NOT NULL\b/i.test(row.indexdef)]),
          );
          for (const name of partial) expect([name, where[name]]).toEqual([name, true]);
          // A table this small is read whole unless scans are ruled out; the index must then serve.
          const plan = await check.connection().execute(async (connection) => {
            await sql`set enable_seqscan = off`.execute(connection);
            return sql<{ 'QUERY PLAN': string }>`explain ${sql.raw(filter)}`.execute(connection);
          });
          expect(plan.rows.map((row) => row['QUERY PLAN']).join('\n')).toMatch(/custom_property_double_idx/);
        }
      } finally {
        await check.destroy();
      }
    });

    it.skipIf(target.name !== 'postgres')(
      'keeps long text out of the string values and URI indexes, which equalities of short values still use (0023, PostgreSQL)',
      async () => {
        const { database, db } = await withModelBefore('0023');
        const check = await migrateForward(database, db);
        try {
          const definitions = await sql<{
            indexname: string;
            indexdef: string;
          }>`select indexname, indexdef from pg_indexes where indexname in ('custom_property_string_idx', 'artifact_uri_idx')`.execute(
            check,
          );
          const condition = Object.fromEntries(
            definitions.rows.map((row) => [row.indexname, /\bWHERE\b(.*)$/.exec(row.indexdef)?.[1] ?? '']),
          );
          // The number the queries write (shared/indexed-text.ts) is the index's.
          for (const column of ['string_value', 'uri'])
            expect(Object.values(condition).join(' ')).toContain(
              `octet_length(${column}) <= ${INDEXED_TEXT_BYTES}`,
            );
          // A value longer than a B-tree entry holds is stored.
          const long = randomBytes(6000).toString('base64url');
          await check
            .insertInto('custom_property')
            .values({
              owner_kind: 'registered_model',
              owner_id: 1,
              name: 'long',
              value_type: 'string',
              string_value: long,
            })
            .execute();
          const plan = (term: boolean) =>
            check.connection().execute(async (connection) => {
              await sql`set enable_seqscan = off`.execute(connection);
              const short = term ? sql`and ${shortText(sql.ref('string_value'))}` : sql``;
              const { rows } = await sql<{
                'QUERY PLAN': string;
              }>`explain select owner_id from custom_property where owner_kind = 'registered_model' and name = 'long' and string_value = 'onnx' ${short}`.execute(
                connection,
              );
              return rows.map((row) => row['QUERY PLAN']).join('\n');
            });
          expect(await plan(true)).toMatch(/custom_property_string_idx/);
          // Without the term the partial index cannot serve: the term is what keeps the plans.
          expect(await plan(false)).not.toMatch(/custom_property_string_idx/);
        } finally {
          await check.destroy();
        }
      },
    );
  });
}
