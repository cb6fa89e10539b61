import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../database.js';
import { sqliteDialect } from '../dialects/sqlite-dialect.js';
import { migrateToLatest } from '../migrator.js';
import { insertPlainRows } from './plain-insert.js';
import type { SqlContext } from './sql-context.js';

describe('insertPlainRows', () => {
  const dialect = sqliteDialect(':memory:');
  const statements: string[] = [];
  let db: Kysely<Database>;
  let ctx: SqlContext;

  beforeAll(async () => {
    db = await dialect.open((text) => statements.push(text));
    await migrateToLatest(db, 'sqlite');
    ctx = { db, dialect, lockedModels: new Map() };
  });
  afterAll(() => db.destroy());

  const property = (ownerId: number, name: string, value: string | null) => ({
    owner_kind: 'model_version',
    owner_id: ownerId,
    name,
    value_type: 'string',
    string_value: value,
  });

  const stored = (ownerId: number) =>
    db
      .selectFrom('custom_property')
      .select(['name', 'string_value'])
      .where('owner_id', '=', ownerId)
      .orderBy('name')
      .execute();

  it('writes each call its own values when it runs a statement compiled before', async () => {
    for (const ownerId of [1, 2, 3]) {
      const result = await insertPlainRows(
        ctx,
        'custom_property',
        [property(ownerId, 'a', `a${ownerId}`), property(ownerId, 'b', null)],
        'all',
      );
      expect(result.rows.map((row) => [row['owner_id'], row['name'], row['string_value']])).toEqual([
        [ownerId, 'a', `a${ownerId}`],
        [ownerId, 'b', null],
      ]);
    }
    expect(await stored(2)).toEqual([
      { name: 'a', string_value: 'a2' },
      { name: 'b', string_value: null },
    ]);
  });

  it('binds by column name whatever order the row gives its columns in', async () => {
    const { name, string_value, ...rest } = property(4, 'c', 'c4');
    await insertPlainRows(ctx, 'custom_property', [{ string_value, name, ...rest }], 'nothing');
    await insertPlainRows(ctx, 'custom_property', [property(4, 'd', 'd4')], 'nothing');
    expect(await stored(4)).toEqual([
      { name: 'c', string_value: 'c4' },
      { name: 'd', string_value: 'd4' },
    ]);
  });

  it('builds a row with an SQL expression as Kysely does', async () => {
    statements.length = 0;
    const expression = { ...property(5, 'e', null), string_value: sql<string>`'from sql'` };
    await insertPlainRows(ctx, 'custom_property', [expression as never], 'nothing');
    expect(statements.at(-1)).toContain(`'from sql'`);
    expect(await stored(5)).toEqual([{ name: 'e', string_value: 'from sql' }]);
  });
});
