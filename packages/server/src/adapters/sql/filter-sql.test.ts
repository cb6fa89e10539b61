import {
  DummyDriver,
  Kysely,
  MysqlAdapter,
  MysqlIntrospector,
  MysqlQueryCompiler,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type QueryResult,
} from 'kysely';
import { describe, expect, it } from 'vitest';
import type { EntityKind } from '../../domain/entities.js';
import { parseFilterQuery } from '../../domain/filter-query/parser.js';
import { resolveFilter } from '../../domain/filter-query/resolve.js';
import type { OrderBy } from '../../domain/pagination.js';
import type { NameSource } from '../../ports/browse-queries.js';
import type { ModelVisibility } from '../../ports/catalog-repository.js';
import { SqlCatalogRepository } from './catalog/sql-catalog-repository.js';
import type { Database } from './database.js';
import { mysqlDialect } from './dialects/mysql-dialect.js';
import { postgresDialect } from './dialects/postgres-dialect.js';
import type { SqlDialect } from './dialects/sql-dialect.js';
import { sqliteDialect } from './dialects/sqlite-dialect.js';
import { distinctNames } from './search/browse-queries.js';

// The statements the filterQuery compiler (filter-to-sql.ts, search-terms-to-sql.ts) produces are a
// document: their shape decides which index each engine uses (ADR 9). This test compiles a
// representative set of filters, visibility restrictions and orderings on each engine's query
// compiler (no connection) and compares the SQL text and parameters with the files in
// __snapshots__/; a change to them is a change to review, not a side effect.

/** A statement's answer for the bounded count of metric values (selectiveMetricTerms). */
interface Answers {
  metricValues: number;
}

/** A connection that records each statement and answers a count with `answers.metricValues`. */
function recordingDialect(engine: SqlDialect['name'], statements: string[], answers: Answers): Dialect {
  const compilers = {
    sqlite: [SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler],
    postgres: [PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler],
    mysql: [MysqlAdapter, MysqlIntrospector, MysqlQueryCompiler],
  } as const;
  const [Adapter, Introspector, Compiler] = compilers[engine];
  const connection: DatabaseConnection = {
    executeQuery<R>(query: { sql: string; parameters: readonly unknown[] }): Promise<QueryResult<R>> {
      statements.push(`${query.sql}\n  -- ${JSON.stringify(query.parameters)}`);
      const counting = /count\(\*\)/.test(query.sql);
      return Promise.resolve({ rows: (counting ? [{ n: answers.metricValues }] : []) as R[] });
    },
    streamQuery: () => {
      throw new Error('not streamed');
    },
  };
  const driver = new DummyDriver();
  driver.acquireConnection = () => Promise.resolve(connection);
  return {
    createAdapter: () => new Adapter(),
    createDriver: () => driver,
    createIntrospector: (db) => new Introspector(db),
    createQueryCompiler: () => new Compiler(),
  };
}

const ENGINES: Record<SqlDialect['name'], SqlDialect> = {
  sqlite: sqliteDialect(':memory:'),
  postgres: postgresDialect('postgres://nobody@127.0.0.1:1/none'),
  mysql: mysqlDialect('mysql://nobody@127.0.0.1:1/none'),
};

interface ListCase {
  readonly kind: EntityKind;
  readonly filter?: string;
  readonly orderBy?: OrderBy;
  readonly visibility?: ModelVisibility;
  /** How many values the bounded count of a required metric term finds (selective: ≤ 1000). */
  readonly metricValues?: number;
}

const SOME_MODELS: ModelVisibility = { modelIds: [3, 4], owner: 'alice' };

const LISTS: readonly ListCase[] = [
  { kind: 'registeredModel', filter: "name = 'fraud' AND state != 'ARCHIVED'" },
  { kind: 'registeredModel', filter: "name LIKE 'fr%' OR description ILIKE '%Model%'" },
  { kind: 'registeredModel', filter: 'id IN (1, 2, 3) AND NOT createTimeSinceEpoch > 5' },
  { kind: 'registeredModel', filter: "labels = 'prod' AND alias = 'champion'" },
  { kind: 'registeredModel', filter: "stage = 'Production' OR metrics.accuracy > 0.9" },
  { kind: 'registeredModel', filter: "team = 'risk' AND dataset.digest = 'sha256:ab'" },
  { kind: 'registeredModel', filter: 'labels IS NULL', visibility: SOME_MODELS },
  { kind: 'modelVersion', filter: "name = 'v1' AND author IS NOT NULL" },
  { kind: 'modelVersion', filter: 'metrics.accuracy > 0.95', metricValues: 10 },
  { kind: 'modelVersion', filter: 'metrics.accuracy > 0.95', metricValues: 5000 },
  {
    kind: 'modelVersion',
    filter: 'metrics.loss IS NULL AND metrics.f1 BETWEEN 0.5 AND 0.9',
    metricValues: 5000,
  },
  { kind: 'modelVersion', filter: 'params.lr < 0.01 AND params.layers = 3' },
  { kind: 'modelVersion', filter: "params.optimizer = 'adam' OR params.shuffle = true" },
  { kind: 'modelVersion', filter: 'params.momentum IS NOT NULL' },
  {
    kind: 'modelVersion',
    filter: "dataset.digest IN ('sha256:ab', 'sha256:cd') AND dataset.name LIKE 'train%'",
  },
  { kind: 'modelVersion', filter: "code.commit = 'abc123' OR code.repository != 'github.com/x/y'" },
  { kind: 'modelVersion', filter: "code.path IS NULL AND pipelineRun = 'run-1' AND format = 'onnx'" },
  { kind: 'modelVersion', filter: "dataset.uri != 's3://b/k' AND alias IS NOT NULL" },
  { kind: 'modelVersion', filter: "labels = 'gpu'" },
  { kind: 'modelVersion', filter: 'accuracy > 0.9 AND epochs.int_value >= 10' },
  { kind: 'modelVersion', filter: 'threshold BETWEEN 0.9 AND 1 OR threshold IN (1, 2)' },
  { kind: 'modelVersion', filter: "approved = true AND note.string_value LIKE 'ok%'" },
  { kind: 'modelVersion', filter: 'flag.bool_value = false OR ratio.double_value < 0.5' },
  { kind: 'modelVersion', filter: 'gone IS NULL AND owner_note.string_value IS NOT NULL' },
  { kind: 'modelVersion', filter: 'metrics.accuracy > 0.9', orderBy: 'metrics.accuracy' },
  { kind: 'modelVersion', filter: "name != 'x'", orderBy: 'params.lr' },
  { kind: 'modelVersion', filter: "name = 'v2'", visibility: SOME_MODELS },
  { kind: 'modelVersion', visibility: { modelIds: [] } },
  {
    kind: 'artifact',
    filter: "uri LIKE 's3://%' AND artifactType = 'model-artifact'",
    visibility: SOME_MODELS,
  },
  { kind: 'inferenceService', filter: "desiredState = 'DEPLOYED'", visibility: SOME_MODELS },
  { kind: 'serveModel', filter: 'modelVersionId = 7', visibility: SOME_MODELS },
  { kind: 'experiment', filter: "owner = 'bob'", visibility: SOME_MODELS },
];

const NAME_SOURCES: readonly NameSource[] = [
  'metric',
  'param',
  'modelProperty',
  'versionProperty',
  'label',
  'owner',
  'format',
];

/** Every statement the list cases and name suggestions run on `engine`, as one text. */
async function statementsOf(engine: SqlDialect['name']): Promise<string> {
  const statements: string[] = [];
  const answers: Answers = { metricValues: 0 };
  const db = new Kysely<Database>({ dialect: recordingDialect(engine, statements, answers) });
  const ctx = { db, dialect: ENGINES[engine], lockedModels: new Map() };
  const catalog = new SqlCatalogRepository(ctx, { deleteContentOf: () => Promise.resolve() });
  for (const list of LISTS) {
    answers.metricValues = list.metricValues ?? 0;
    const expression = list.filter === undefined ? undefined : parseFilterQuery(list.filter);
    statements.push(
      `-- ${list.kind}: ${list.filter ?? '(no filter)'}${list.orderBy ? ` ORDER BY ${list.orderBy}` : ''}`,
    );
    await catalog.list(list.kind, {
      filter: expression === undefined ? undefined : resolveFilter(list.kind, expression),
      visibility: list.visibility,
      orderBy: list.orderBy ?? 'ID',
      sortOrder: 'ASC',
      pageSize: 10,
      after: list.orderBy === undefined ? undefined : { value: 0.5, id: 9 },
    });
  }
  for (const source of NAME_SOURCES) {
    statements.push(`-- names of ${source}, for some models`);
    await distinctNames(db, source, 'ac', 20, SOME_MODELS);
  }
  await db.destroy();
  return `${statements.join('\n')}\n`;
}

describe('compiled filter SQL', () => {
  for (const engine of Object.keys(ENGINES) as SqlDialect['name'][]) {
    it(`is unchanged on ${engine}`, async () => {
      await expect(await statementsOf(engine)).toMatchFileSnapshot(
        `./__snapshots__/filter-sql.${engine}.sql`,
      );
    });
  }
});
