import { sql, type RawBuilder } from 'kysely';
import type { VersionSortKey } from '../../../ports/catalog-repository.js';
import type { SqlDialectName } from '../dialects/sql-dialect.js';

// Model versions ordered by several keys in the database (MLflow's `order_by`), so that a search
// reads one page of rows and their properties instead of every match (issue 21). The version
// number is MLflow's: a name that is a whole number (no sign, no leading zero, at most 15
// digits, as mlflow-mapping.ts `versionNumber`) orders by its value, before every other name,
// which order by id.

const NAME = sql.ref('model_version.name');

/** Whether the version's name is an MLflow version number, in each engine's own terms. */
function numbered(dialect: SqlDialectName): RawBuilder<unknown> {
  switch (dialect) {
    case 'postgres':
      return sql`${NAME} ~ '^[1-9][0-9]{0,14}$'`;
    case 'mysql':
      return sql`${NAME} regexp '^[1-9][0-9]{0,14}$'`;
    case 'sqlite':
      // SQLite has no regular expressions built in; GLOB is case-sensitive and byte-wise.
      return sql`(${NAME} <> '' and ${NAME} not glob '*[^0-9]*' and ${NAME} not glob '0*' and length(${NAME}) <= 15)`;
  }
}

function numberOf(dialect: SqlDialectName): RawBuilder<unknown> {
  const type = dialect === 'postgres' ? sql`bigint` : dialect === 'mysql' ? sql`signed` : sql`integer`;
  // Cast only where the name is a number: PostgreSQL refuses to cast other text.
  return sql`case when ${numbered(dialect)} then cast(${NAME} as ${type}) end`;
}

/** The expressions one key orders by, each in the key's direction. */
export function sortExpressions(dialect: SqlDialectName, key: VersionSortKey['key']): RawBuilder<unknown>[] {
  switch (key) {
    case 'CREATE_TIME':
      return [sql`${sql.ref('model_version.create_time')}`];
    case 'LAST_UPDATE_TIME':
      return [sql`${sql.ref('model_version.last_update_time')}`];
    case 'MODEL_NAME':
      return [
        sql`(select ${sql.ref('rm.name')} from ${sql.table('registered_model')} as rm where ${sql.ref('rm.id')} = ${sql.ref('model_version.registered_model_id')})`,
      ];
    case 'NUMBER':
      return [
        sql`case when ${numbered(dialect)} then 0 else 1 end`,
        numberOf(dialect),
        sql`${sql.ref('model_version.id')}`,
      ];
  }
}
