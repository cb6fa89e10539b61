import type Database from 'better-sqlite3';
import type { Db, SqlRow } from './dataset.js';

// The list bench's baseline (list-bench.ts): one page of the filtered list by hand-written SQL
// through better-sqlite3, in the bench's process and behind a bare node:http server
// (serve-hand-list.ts).

export const PAGE_SIZE = 100;
export const FRAMEWORK = 'pytorch';
export const LIST_FILTER = `framework = '${FRAMEWORK}'`;

export interface PageRows {
  readonly rows: readonly SqlRow[];
  readonly properties: ReadonlyMap<number, readonly SqlRow[]>;
  /** The (name, id) after which the next page starts; undefined on the last page. */
  readonly next?: readonly [string, number];
}

const FILTERED = `from model_version mv
  where mv.registered_model_id = ?
    and exists (select 1 from custom_property f
                where f.owner_kind = 'model_version' and f.owner_id = mv.id and f.name = 'framework'
                  and f.value_type = 'string' and f.string_value = ?)`;

/**
 * One page as a careful engineer would read it: the rows (one more, to know if more follow), then
 * their properties. The page size is written into the statements: SQLite prepares a statement
 * again every time a value is bound to its LIMIT (the registry writes it in too, see
 * packages/server/src/adapters/sql/dialects/sqlite-dialect.ts).
 */
export class HandSql {
  private readonly first: Database.Statement<[number, string], SqlRow>;
  private readonly after: Database.Statement<[number, string, string, number], SqlRow>;
  private readonly propertiesIn = new Map<number, Database.Statement<number[], SqlRow>>();

  constructor(
    private readonly db: Db,
    private readonly modelId: number,
  ) {
    const limit = `limit ${PAGE_SIZE + 1}`;
    this.first = db.prepare(`select mv.* ${FILTERED} order by mv.name, mv.id ${limit}`);
    this.after = db.prepare(
      `select mv.* ${FILTERED} and (mv.name, mv.id) > (?, ?) order by mv.name, mv.id ${limit}`,
    );
  }

  page(after: readonly [string, number] | undefined): PageRows {
    const fetched =
      after === undefined
        ? this.first.all(this.modelId, FRAMEWORK)
        : this.after.all(this.modelId, FRAMEWORK, after[0], after[1]);
    const rows = fetched.slice(0, PAGE_SIZE);
    const properties = new Map<number, SqlRow[]>(rows.map((row) => [Number(row['id']), []]));
    if (rows.length > 0) {
      for (const p of this.statementFor(rows.length).all(...properties.keys()))
        properties.get(Number(p['owner_id']))?.push(p);
    }
    const last = rows[rows.length - 1];
    return {
      rows,
      properties,
      ...(fetched.length > PAGE_SIZE && last !== undefined
        ? { next: [String(last['name']), Number(last['id'])] as const }
        : {}),
    };
  }

  statements(): string[] {
    return [this.after.source, this.statementFor(PAGE_SIZE).source];
  }

  private statementFor(count: number): Database.Statement<number[], SqlRow> {
    let statement = this.propertiesIn.get(count);
    if (statement === undefined) {
      statement = this.db.prepare<number[], SqlRow>(
        `select * from custom_property where owner_kind = 'model_version'
           and owner_id in (${Array.from({ length: count }, () => '?').join(', ')}) order by owner_id, name`,
      );
      this.propertiesIn.set(count, statement);
    }
    return statement;
  }
}
