import Database from 'better-sqlite3';
import { unitHash } from './stats.js';
import { VersionRollupWriter } from './version-rollup-writer.js';

export type Db = Database.Database;

/** `owner_kind` of a model version's custom properties: the store uses the table name. */
const VERSION_KIND = 'model_version';

export const FRAMEWORKS = ['pytorch', 'tensorflow', 'onnx', 'sklearn'] as const;

/** What the bench writes for the k-th model version; derived from k, so checks can recompute it. */
export interface VersionSpec {
  readonly name: string;
  readonly author: string;
  /** Uniform in [0, 1): `accuracy > t` keeps a fraction 1 - t of the versions. */
  readonly accuracy: number;
  /** One of FRAMEWORKS, evenly spread: `framework = 'x'` keeps a quarter. */
  readonly framework: string;
  readonly epochs: number;
}

export function versionSpec(k: number, perModel: number): VersionSpec {
  return {
    name: `v${k % perModel}`,
    author: `author-${k % 7}`,
    accuracy: unitHash(k, 1),
    framework: FRAMEWORKS[Math.floor(unitHash(k, 2) * FRAMEWORKS.length)] ?? 'pytorch',
    epochs: 1 + Math.floor(unitHash(k, 3) * 100),
  };
}

/** Opens the file as the server's SQLite dialect does, so both sides run with the same pragmas. */
export function openDriver(file: string): Db {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('case_sensitive_like = ON');
  return db;
}

type PropertyValue =
  | { readonly type: 'double'; readonly value: number }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'int'; readonly value: number };

/**
 * Writes rows exactly as the store does (see sql-metadata-store.ts `insert`): a `context_id` row
 * for the shared id sequence, the entity row with the given columns and both times, one
 * `custom_property` row per property, and the parent's `last_update_time` moved forward.
 * The methods open no transaction; callers choose the transaction's size.
 */
export class DirectWriter {
  private readonly insertContext;
  private readonly insertModel;
  private readonly insertVersion;
  private readonly insertProperty;
  private readonly touchModel;
  private readonly rollup: VersionRollupWriter;

  constructor(db: Db) {
    this.insertContext = db.prepare<[string]>('insert into context_id (kind) values (?)');
    this.insertModel = db.prepare<[number, string, string, number, number]>(
      'insert into registered_model (id, name, state, create_time, last_update_time) values (?, ?, ?, ?, ?)',
    );
    this.insertVersion = db.prepare<[number, string, string, number, number, number, string]>(
      `insert into model_version (id, name, author, create_time, last_update_time, registered_model_id, state)
       values (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertProperty = db.prepare<
      [string, number, string, string, number | null, number | null, string | null]
    >(
      `insert into custom_property (owner_kind, owner_id, name, value_type, int_value, double_value, string_value)
       values (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.rollup = new VersionRollupWriter(db);
    this.touchModel = db.prepare<[number, number, number]>(
      'update registered_model set last_update_time = ? where id = ? and last_update_time < ?',
    );
  }

  model(name: string, now: number): number {
    const id = Number(this.insertContext.run('registered_model').lastInsertRowid);
    this.insertModel.run(id, name, 'LIVE', now, now);
    return id;
  }

  version(modelId: number, spec: VersionSpec, properties: readonly string[], now: number): number {
    this.touchModel.run(now, modelId, now);
    const id = Number(this.insertContext.run(VERSION_KIND).lastInsertRowid);
    this.insertVersion.run(id, spec.name, spec.author, now, now, modelId, 'LIVE');
    this.rollup.versionAdded(modelId, id, now, 'Development');
    for (const name of properties) {
      const p = propertyOf(spec, name);
      this.insertProperty.run(
        VERSION_KIND,
        id,
        name,
        p.type,
        p.type === 'int' ? p.value : null,
        p.type === 'double' ? p.value : null,
        p.type === 'string' ? p.value : null,
      );
    }
    return id;
  }
}

function propertyOf(spec: VersionSpec, name: string): PropertyValue {
  switch (name) {
    case 'accuracy':
      return { type: 'double', value: spec.accuracy };
    case 'framework':
      return { type: 'string', value: spec.framework };
    case 'epochs':
      return { type: 'int', value: spec.epochs };
    default:
      throw new Error(`the bench has no property ${name}`);
  }
}

/** The custom properties of every bulk-loaded version; the create phases write the first two. */
export const BULK_PROPERTIES = ['accuracy', 'framework', 'epochs'] as const;
export const CREATE_PROPERTIES = ['accuracy', 'framework'] as const;

export interface BulkData {
  /** The id of the k-th version, whose values are `versionSpec(k, perModel)`. */
  readonly versionIds: Int32Array;
  readonly modelIds: readonly number[];
  readonly perModel: number;
}

/** Loads `versions` versions in `versions / perModel` models in one transaction: seconds, not minutes. */
export function bulkLoad(db: Db, versions: number, perModel: number, now: number): BulkData {
  const writer = new DirectWriter(db);
  const versionIds = new Int32Array(versions);
  const modelIds: number[] = [];
  db.transaction(() => {
    let modelId = 0;
    for (let k = 0; k < versions; k++) {
      if (k % perModel === 0) {
        modelId = writer.model(`bench-model-${k / perModel}`, now);
        modelIds.push(modelId);
      }
      // Distinct times, as a registry filled over time would have.
      versionIds[k] = writer.version(modelId, versionSpec(k, perModel), BULK_PROPERTIES, now + k);
    }
  })();
  return { versionIds, modelIds, perModel };
}

/** One filtered-list query of the bench: `accuracy > threshold AND framework = '…'`. */
export interface VersionFilter {
  /** Three decimals, so the filterQuery text and the SQL parameter are the same number. */
  readonly threshold: number;
  readonly framework: string;
}

/** The filterQuery for a filter; the threshold always has a decimal point, so it is a double literal. */
export function filterQueryText(filter: VersionFilter): string {
  return `accuracy > ${filter.threshold.toFixed(3)} AND framework = '${filter.framework}'`;
}

export type SqlRow = Record<string, unknown>;

export interface VersionWithProperties {
  readonly row: SqlRow;
  readonly properties: readonly SqlRow[];
}

// Hand-written: the same rows the store returns, keyed on the property primary key
// (owner_kind, owner_id, name). The unary `+` keeps SQLite from answering each EXISTS with a
// range scan of the value index: without ANALYZE statistics it prefers that index, and then
// reads every `accuracy > t` entry once per candidate version.
const FILTERED_FROM = `from model_version mv
  where exists (select 1 from custom_property a
                where a.owner_kind = 'model_version' and a.owner_id = mv.id and a.name = 'accuracy'
                  and +a.double_value > ?)
    and exists (select 1 from custom_property f
                where f.owner_kind = 'model_version' and f.owner_id = mv.id and f.name = 'framework'
                  and f.value_type = 'string' and +f.string_value = ?)`;

/** Reads straight through better-sqlite3 with prepared statements: the driver baseline. */
export class DirectReader {
  private readonly versionById;
  private readonly propertiesOf;
  private readonly filteredPage;
  private readonly filteredPages = new Map<number, Database.Statement<[number, string], SqlRow>>();
  private readonly filteredCount;
  /** `owner_id in (?, …)` statements by list length; a page has at most pageSize ids. */
  private readonly propertiesIn = new Map<number, Database.Statement<number[], SqlRow>>();

  constructor(private readonly db: Db) {
    this.versionById = db.prepare<[number], SqlRow>('select * from model_version where id = ?');
    this.propertiesOf = db.prepare<[number], SqlRow>(
      `select * from custom_property where owner_kind = 'model_version' and owner_id = ? order by name`,
    );
    // The page size is written into the text (SQLite prepares a statement again each time a value
    // is bound to its LIMIT), one statement per size.
    this.filteredPage = (limit: number) => {
      let statement = this.filteredPages.get(limit);
      if (statement === undefined) {
        statement = db.prepare<[number, string], SqlRow>(
          `select mv.* ${FILTERED_FROM} order by mv.id limit ${limit}`,
        );
        this.filteredPages.set(limit, statement);
      }
      return statement;
    };
    this.filteredCount = db.prepare<[number, string], { n: number }>(`select count(*) as n ${FILTERED_FROM}`);
  }

  version(id: number): VersionWithProperties | undefined {
    const row = this.versionById.get(id);
    return row === undefined ? undefined : { row, properties: this.propertiesOf.all(id) };
  }

  /** One page as the store reads it: pageSize + 1 rows (to know if there is more), then their properties. */
  filteredList(filter: VersionFilter, pageSize: number): VersionWithProperties[] {
    const rows = this.filteredPage(pageSize + 1)
      .all(filter.threshold, filter.framework)
      .slice(0, pageSize);
    if (rows.length === 0) return [];
    const ids = rows.map((row) => Number(row['id']));
    const byOwner = new Map<number, SqlRow[]>(ids.map((id) => [id, []]));
    for (const property of this.propertiesInStatement(ids.length).all(...ids)) {
      byOwner.get(Number(property['owner_id']))?.push(property);
    }
    return rows.map((row) => ({ row, properties: byOwner.get(Number(row['id'])) ?? [] }));
  }

  filteredTotal(filter: VersionFilter): number {
    return this.filteredCount.get(filter.threshold, filter.framework)?.n ?? 0;
  }

  private propertiesInStatement(count: number): Database.Statement<number[], SqlRow> {
    let statement = this.propertiesIn.get(count);
    if (statement === undefined) {
      // Ordered as the primary key (owner_kind, owner_id, name): with `order by name` alone SQLite,
      // lacking statistics, walks a whole value index in name order to skip the sort.
      statement = this.db.prepare<number[], SqlRow>(
        `select * from custom_property where owner_kind = 'model_version'
           and owner_id in (${Array.from({ length: count }, () => '?').join(', ')}) order by owner_id, name`,
      );
      this.propertiesIn.set(count, statement);
    }
    return statement;
  }
}
