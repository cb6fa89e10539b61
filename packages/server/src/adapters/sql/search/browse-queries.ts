import { sql, type ExpressionBuilder, type RawBuilder } from 'kysely';
import { isStage, type Stage } from '../../../domain/lifecycle.js';
import type { NameSource, VersionHead, VersionSummary } from '../../../ports/browse-queries.js';
import type { ModelVisibility } from '../../../ports/catalog-repository.js';
import type { Database, Db } from '../database.js';
import { visibleRows } from '../filter-to-sql.js';
import { shortText } from '../shared/indexed-text.js';

/** The tables names are suggested from. */
type NameTable = 'artifact' | 'custom_property' | 'registered_model';

/** Model ids per query: an IN list within every engine's parameter limit. */
const CHUNK = 500;

/**
 * The summaries of a page of models, from the columns the catalog store keeps on each model's
 * row (migration 0019: the newest version, the newest in Production, versions per stage), then
 * one query to name those versions: two queries per 500 models, whatever their versions.
 */
export async function versionSummaries(db: Db, modelIds: readonly number[]): Promise<VersionSummary[]> {
  const rows = [];
  for (let start = 0; start < modelIds.length; start += CHUNK) {
    rows.push(
      ...(await db
        .selectFrom('registered_model')
        .select([
          'id',
          'latest_version_id',
          'production_version_id',
          'development_count',
          'staging_count',
          'production_count',
          'archived_count',
        ])
        .where('id', 'in', modelIds.slice(start, start + CHUNK))
        .execute()),
    );
  }
  const heads = await versionHeads(
    db,
    rows.flatMap((row) => [row.latest_version_id, row.production_version_id]).filter((id) => id !== null),
  );
  const head = (id: number | null) => (id === null ? undefined : heads.get(Number(id)));
  return rows.map((row) => {
    const counts: [Stage, number][] = [
      ['Development', Number(row.development_count)],
      ['Staging', Number(row.staging_count)],
      ['Production', Number(row.production_count)],
      ['Archived', Number(row.archived_count)],
    ];
    return {
      registeredModelId: Number(row.id),
      latest: head(row.latest_version_id),
      production: head(row.production_version_id),
      stageCounts: Object.fromEntries(counts.filter(([, n]) => n > 0)),
    };
  });
}

async function versionHeads(db: Db, ids: readonly number[]): Promise<Map<number, VersionHead>> {
  const heads = new Map<number, VersionHead>();
  const unique = [...new Set(ids)];
  for (let start = 0; start < unique.length; start += CHUNK) {
    const rows = await db
      .selectFrom('model_version')
      .select(['id', 'name', 'stage', 'create_time'])
      .where('id', 'in', unique.slice(start, start + CHUNK))
      .execute();
    for (const row of rows) {
      const stage = String(row.stage);
      heads.set(Number(row.id), {
        id: Number(row.id),
        name: String(row.name),
        stage: isStage(stage) ? stage : 'Development',
        createTimeSinceEpoch: Number(row.create_time),
      });
    }
  }
  return heads;
}

/** Where each source's names are: a table, its name column, and the rows that count. */
const SOURCES: Readonly<
  Record<NameSource, { table: NameTable; column: string; where: RawBuilder<unknown>; indexed: boolean }>
> = {
  metric: { table: 'artifact', column: 'name', where: sql`artifact_type = 'metric'`, indexed: true },
  param: { table: 'artifact', column: 'name', where: sql`artifact_type = 'parameter'`, indexed: true },
  modelProperty: {
    table: 'custom_property',
    column: 'name',
    where: sql`owner_kind = 'registered_model'`,
    indexed: true,
  },
  versionProperty: {
    table: 'custom_property',
    column: 'name',
    where: sql`owner_kind = 'model_version'`,
    indexed: true,
  },
  // A label is a model property whose value is the empty string (as Kubeflow's UI writes them).
  label: {
    table: 'custom_property',
    column: 'name',
    where: sql`owner_kind = 'registered_model' and value_type = 'string' and string_value = '' and ${shortText(sql.ref('string_value'))}`,
    indexed: true,
  },
  owner: { table: 'registered_model', column: 'owner', where: sql`owner is not null`, indexed: false },
  format: {
    table: 'artifact',
    column: 'model_format_name',
    where: sql`artifact_type = 'model-artifact' and model_format_name is not null`,
    indexed: false,
  },
};

/**
 * Distinct names starting with `prefix`. Where an index leads with the source's condition and the
 * name (metric, parameter and property names), a recursive query jumps from one name to the next
 * (a loose index scan: one index seek per distinct name, however many rows share it), and stops
 * at the first name past the prefix or at `limit` names; otherwise,
 * and for a caller restricted to some models, a plain DISTINCT over the rows they may see.
 */
export async function distinctNames(
  db: Db,
  source: NameSource,
  prefix: string,
  limit: number,
  visibility: ModelVisibility | undefined,
): Promise<string[]> {
  const { table, column, where, indexed } = SOURCES[source];
  const starts = sql`substr(${sql.ref(column)}, 1, ${prefix.length}) = ${prefix}`;
  if (!indexed || visibility !== undefined) {
    let query = db
      .selectFrom(table)
      .select(sql.ref(column).as('name'))
      .distinct()
      .where(sql<boolean>`${where}`)
      .where(sql<boolean>`${starts}`);
    if (visibility !== undefined) query = query.where((eb) => visibleOwner(eb, source, visibility));
    const rows = await query.orderBy('name').limit(limit).execute();
    return rows.map((row) => String(row.name));
  }
  const t = sql.table(table);
  const c = sql.ref(column);
  const { rows } = await sql<{ name: string | null }>`
    with recursive walk(name, step) as (
      select min(${c}), 1 from ${t} where ${where} and ${c} >= ${prefix}
      union all
      select (select min(${c}) from ${t} where ${where} and ${c} > walk.name), walk.step + 1
      from walk
      where walk.step < ${limit} and substr(walk.name, 1, ${prefix.length}) = ${prefix}
    )
    select name from walk
    where name is not null and substr(name, 1, ${prefix.length}) = ${prefix}
    order by name`.execute(db);
  return rows.map((row) => String(row.name));
}

function visibleOwner(
  eb: ExpressionBuilder<Database, NameTable>,
  source: NameSource,
  visibility: ModelVisibility,
) {
  switch (source) {
    case 'owner':
      return visibleRows('registeredModel', 'registered_model', visibility);
    case 'metric':
    case 'param':
    case 'format':
      return visibleRows('artifact', 'artifact', visibility);
    case 'modelProperty':
    case 'label':
      return eb(
        'owner_id',
        'in',
        eb
          .selectFrom('registered_model as rm')
          .select('rm.id')
          .where(visibleRows('registeredModel', 'rm', visibility)),
      );
    case 'versionProperty':
      return eb(
        'owner_id',
        'in',
        eb
          .selectFrom('model_version as mv')
          .select('mv.id')
          .where(visibleRows('modelVersion', 'mv', visibility)),
      );
  }
}
