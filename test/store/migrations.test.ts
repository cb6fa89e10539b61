import { sql, type Kysely } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openMetadataStore } from '@modelreg/server';
import {
  announceSkips,
  createTestDatabase,
  DATABASE_TARGETS,
  type TestDatabase,
} from '../support/test-databases.js';

announceSkips();
for (const target of DATABASE_TARGETS) {
  describe.skipIf(target.skipReason !== undefined)(`schema migrations [${target.name}]`, () => {
    const databases: TestDatabase[] = [];
    afterAll(async () => {
      for (const db of databases) await db.drop();
    });

    it('migrates a new database once, even when several replicas start together, and reports it clean', async () => {
      const database = await createTestDatabase(target.name);
      databases.push(database);
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
      const database = await createTestDatabase(target.name);
      databases.push(database);
      const store = await openMetadataStore(database.url);
      const kysely = (store as unknown as { kysely: Kysely<unknown> }).kysely;
      await sql`insert into modelreg_migration (name, timestamp) values ('9999-from-the-future', '2030-01-01')`.execute(
        kysely,
      );
      expect(await store.isDirty()).toBe(true);
      await store.close();
      await expect(openMetadataStore(database.url)).rejects.toThrow(/9999-from-the-future|corrupted/);
    });
  });
}
