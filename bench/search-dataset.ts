import { createHash } from 'node:crypto';
import type { Db } from './dataset.js';
import { seededRandom, unitHash } from './stats.js';
import { VersionRollupWriter, type LoadedStage } from './version-rollup-writer.js';

// The search bench's registry: model versions with metric, parameter and dataset artifacts,
// bulk-loaded through the driver exactly as the store writes them when a client logs them
// (POST /model_versions/{id}/artifacts). `checkWriterFidelity` in search-fidelity.ts compares
// these rows with rows the store wrote through the API, column by column.

export const SEARCH_VERSIONS_PER_MODEL = 100;
/** Each distinct dataset is used by this many versions, whatever the registry's size. */
export const VERSIONS_PER_DATASET = 10;

export const OPTIMIZERS = ['adam', 'sgd', 'rmsprop', 'adagrad'] as const;
const ACTIVATIONS = ['relu', 'gelu', 'silu', 'tanh'] as const;
const SCHEDULERS = ['cosine', 'linear', 'constant', 'step'] as const;
const LEARNING_RATES = [1e-5, 3e-5, 1e-4, 3e-4, 0.001, 0.003, 0.01, 0.03, 0.1] as const;

function pick<T>(values: readonly T[], u: number): T {
  return values[Math.floor(u * values.length)] as T;
}

/** The ten metrics of every version: name → value of version k (uniform or scaled uniform). */
export const METRICS: readonly { readonly name: string; readonly value: (k: number) => number }[] = [
  // Uniform in [0, 1): `metrics.accuracy > t` keeps a fraction 1 - t of the versions.
  { name: 'accuracy', value: (k) => unitHash(k, 101) },
  { name: 'loss', value: (k) => 3 * unitHash(k, 102) },
  { name: 'f1', value: (k) => unitHash(k, 103) },
  { name: 'precision', value: (k) => unitHash(k, 104) },
  { name: 'recall', value: (k) => unitHash(k, 105) },
  { name: 'auc', value: (k) => 0.5 + 0.5 * unitHash(k, 106) },
  { name: 'latency_ms', value: (k) => 1 + 199 * unitHash(k, 107) },
  { name: 'throughput', value: (k) => 100 + 9_900 * unitHash(k, 108) },
  { name: 'perplexity', value: (k) => 1 + 49 * unitHash(k, 109) },
  { name: 'calibration_error', value: (k) => 0.2 * unitHash(k, 110) },
];

/** Kubeflow's parameter types on the wire (the OpenAPI enum is lower case). */
export type ParameterType = 'number' | 'string';

/** The ten hyperparameters of every version: name, Kubeflow parameter type, value text of version k. */
export const PARAMS: readonly {
  readonly name: string;
  readonly type: ParameterType;
  readonly value: (k: number) => string;
}[] = [
  // One of four, evenly spread: `params.optimizer = 'adam'` keeps a quarter.
  { name: 'optimizer', type: 'string', value: (k) => pick(OPTIMIZERS, unitHash(k, 201)) },
  { name: 'lr', type: 'number', value: (k) => String(pick(LEARNING_RATES, unitHash(k, 202))) },
  { name: 'batch_size', type: 'number', value: (k) => String(2 ** (4 + Math.floor(unitHash(k, 203) * 7))) },
  { name: 'epochs', type: 'number', value: (k) => String(1 + Math.floor(unitHash(k, 204) * 100)) },
  { name: 'dropout', type: 'number', value: (k) => String(Math.floor(unitHash(k, 205) * 11) / 20) },
  {
    name: 'weight_decay',
    type: 'number',
    value: (k) => String(pick([0, 1e-5, 1e-4, 0.01], unitHash(k, 206))),
  },
  { name: 'warmup_steps', type: 'number', value: (k) => String(100 * Math.floor(unitHash(k, 207) * 20)) },
  { name: 'activation', type: 'string', value: (k) => pick(ACTIVATIONS, unitHash(k, 208)) },
  { name: 'scheduler', type: 'string', value: (k) => pick(SCHEDULERS, unitHash(k, 209)) },
  { name: 'seed', type: 'number', value: (k) => String(Math.floor(unitHash(k, 210) * 100_000)) },
];

export const ARTIFACTS_PER_VERSION = METRICS.length + PARAMS.length + 1;

/** What the store writes in `parameter_number` (entity-rows.ts `parameterNumber`). */
export function parameterNumber(type: ParameterType, text: string): number | null {
  if (type !== 'number' || text.trim() === '') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/** The store's `version_sort_key` for a name that is not a semantic version (semver.ts). */
function nonSemverSortKey(name: string): string {
  return `z${name}`;
}

/** The training step every metric of version k was logged at: 100 × its epochs. */
export function metricStep(k: number): number {
  return 100 * (1 + Math.floor(unitHash(k, 204) * 100));
}

export function versionName(k: number): string {
  return `v${k % SEARCH_VERSIONS_PER_MODEL}`;
}

export function versionAuthor(k: number): string {
  return `author-${k % 7}`;
}

/** The name of every version's training dataset artifact (unique within the version). */
export const DATASET_ARTIFACT = 'train';

export function datasetDigest(dataset: number): string {
  return `sha256:${createHash('sha256').update(`modelreg-bench-dataset-${dataset}`).digest('hex')}`;
}

export function datasetUri(dataset: number): string {
  return `s3://bench-datasets/ds-${dataset}/train.parquet`;
}

/**
 * Which dataset each version was trained on: a seeded shuffle of the versions, cut in runs of
 * VERSIONS_PER_DATASET, so each dataset has 10 versions spread over the whole registry (not ten
 * neighbours of one model) at every size.
 */
export class DatasetAssignment {
  readonly datasets: number;
  private readonly datasetOfVersion: Int32Array;

  constructor(readonly versions: number) {
    const order = new Int32Array(versions);
    for (let i = 0; i < versions; i++) order[i] = i;
    const random = seededRandom(6);
    for (let i = versions - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const t = order[i] as number;
      order[i] = order[j] as number;
      order[j] = t;
    }
    this.datasetOfVersion = new Int32Array(versions);
    for (let i = 0; i < versions; i++)
      this.datasetOfVersion[order[i] as number] = Math.floor(i / VERSIONS_PER_DATASET);
    this.datasets = Math.ceil(versions / VERSIONS_PER_DATASET);
  }

  datasetOf(k: number): number {
    return this.datasetOfVersion[k] as number;
  }
}

/**
 * Writes rows as the store does for `POST /registered_models`, `POST /model_versions` and
 * `POST /model_versions/{id}/artifacts` (sql-metadata-store.ts `insert`): registered models and
 * versions take their ids from `context_id`; a version has state LIVE, stage Development and its
 * `version_sort_key`; an artifact takes its own autoincrement id, `name_scope` = `version:<id>`,
 * `model_version_id`, both times, and `parameter_number` for NUMBER parameters.
 *
 * Differences, none of them read by search: the audit trail is not written (the API appends one
 * hash-chained audit event per create), and a registered model's `last_update_time` is written once
 * as that of its last version (the API moves it forward on each create, ending at the same value).
 * An artifact is logged at its version's time, so the API's touch of the version changes nothing.
 * The methods open no transaction; callers choose the transaction's size.
 */
export class SearchWriter {
  private readonly insertContext;
  private readonly insertModel;
  private readonly insertVersion;
  /** All 21 artifacts of a version in one statement: one call into the driver per version. */
  private readonly insertArtifacts;
  private readonly values: (string | number | null)[] = [];
  private readonly rollup: VersionRollupWriter;

  constructor(db: Db) {
    this.rollup = new VersionRollupWriter(db);
    this.insertContext = db.prepare<[string]>('insert into context_id (kind) values (?)');
    this.insertModel = db.prepare<[number, string, string | null, number, number]>(
      `insert into registered_model (id, name, owner, state, version_scheme, create_time, last_update_time)
       values (?, ?, ?, 'LIVE', 'free', ?, ?)`,
    );
    this.insertVersion = db.prepare<[number, string, string, number, number, number, string, string, string]>(
      `insert into model_version (id, name, author, create_time, last_update_time, registered_model_id,
         state, stage, version_sort_key)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    // Columns the store leaves out for a type are NULL, as their defaults would be.
    const metric = `('metric', ?, ?, null, 'LIVE', ?, null, ?, ?, ?, null, null, null, ?, ?)`;
    const parameter = `('parameter', ?, ?, null, 'LIVE', ?, null, null, null, null, ?, ?, ?, ?, ?)`;
    const dataset = `('dataset-artifact', ?, ?, ?, 'LIVE', ?, ?, null, null, null, null, null, null, ?, ?)`;
    this.insertArtifacts = db.prepare<(string | number | null)[]>(
      `insert into artifact (artifact_type, name, name_scope, uri, state, model_version_id, digest,
         metric_value, timestamp, step, parameter_value, parameter_type, parameter_number,
         create_time, last_update_time)
       values ${[...METRICS.map(() => metric), ...PARAMS.map(() => parameter), dataset].join(', ')}`,
    );
  }

  /** A registered model whose first version is created at `createTime` and last at `lastUpdateTime`. */
  model(name: string, createTime: number, lastUpdateTime: number, owner: string | null = null): number {
    const id = Number(this.insertContext.run('registered_model').lastInsertRowid);
    this.insertModel.run(id, name, owner, createTime, lastUpdateTime);
    return id;
  }

  /**
   * The k-th version with its ten metrics, ten parameters and one training dataset, all at `now`;
   * named `v<k mod 100>` unless given a name (unique within its model).
   */
  version(
    modelId: number,
    k: number,
    dataset: number,
    now: number,
    name = versionName(k),
    stage: LoadedStage = 'Development',
  ): number {
    const id = this.bareVersion(modelId, k, now, name, stage);
    const scope = `version:${id}`;
    const step = metricStep(k);
    const v = this.values;
    v.length = 0;
    for (const metric of METRICS) v.push(metric.name, scope, id, metric.value(k), now, step, now, now);
    for (const param of PARAMS) {
      const text = param.value(k);
      v.push(param.name, scope, id, text, param.type, parameterNumber(param.type, text), now, now);
    }
    v.push(DATASET_ARTIFACT, scope, datasetUri(dataset), id, datasetDigest(dataset), now, now);
    this.insertArtifacts.run(...v);
    return id;
  }

  /**
   * The k-th version's row alone, without artifacts (the UI bench's many small models), created
   * in `stage` (as if moved there at once), and its model's version summary as the store keeps it.
   */
  bareVersion(
    modelId: number,
    k: number,
    now: number,
    name = versionName(k),
    stage: LoadedStage = 'Development',
  ): number {
    const id = Number(this.insertContext.run('model_version').lastInsertRowid);
    const state = stage === 'Archived' ? 'ARCHIVED' : 'LIVE';
    this.insertVersion.run(
      id,
      name,
      versionAuthor(k),
      now,
      now,
      modelId,
      state,
      stage,
      nonSemverSortKey(name),
    );
    this.rollup.versionAdded(modelId, id, now, stage);
    return id;
  }
}

export interface SearchData {
  readonly versions: number;
  readonly models: number;
  readonly assignment: DatasetAssignment;
  /** The id of the k-th version; ascending. */
  readonly versionIds: Int32Array;
  readonly artifactRows: number;
  /** Seconds writing rows, building the artifact indexes, and analysing. */
  readonly timings: { readonly rows: number; readonly indexes: number; readonly analyze: number };
}

/** Versions per transaction: big enough that commits cost little, small enough to report progress. */
const VERSIONS_PER_TRANSACTION = 20_000;

interface SchemaObject {
  readonly type: string;
  readonly name: string;
  readonly tbl_name: string;
  readonly sql: string | null;
}

function schemaOf(db: Db): SchemaObject[] {
  return db
    .prepare<[], SchemaObject>('select type, name, tbl_name, sql from sqlite_master order by type, name')
    .all();
}

/**
 * Loads `versions` versions, SEARCH_VERSIONS_PER_MODEL per registered model, each with its 21
 * artifacts, into a database the store has just migrated (empty).
 *
 * The artifact table's indexes are built after its rows go in, from the migration's own SQL as
 * SQLite keeps it: sorting 21M keys once is several times faster on this kind of machine than
 * inserting them one by one into 13 B-trees. The schema is then checked to be exactly what the
 * store created (every table, index and its SQL text); the bench fails otherwise. Foreign keys stay
 * on. The journal is off and the cache larger during the load (the file is the bench's own; a crash
 * loses nothing); WAL is restored afterwards, as the server opens it. Last, the planner statistics
 * are gathered exactly as the server does each time it opens a database (sqlite-dialect.ts):
 * `analysis_limit = 1000` then `optimize = 0x10002`.
 */
export function bulkLoadSearch(
  db: Db,
  versions: number,
  now: number,
  progress: (message: string) => void,
): SearchData {
  const count = (table: string) => Number(db.prepare(`select count(*) from ${table}`).pluck().get());
  if (count('model_version') !== 0 || count('artifact') !== 0)
    throw new Error('the search bench loads into an empty registry only');
  const schema = schemaOf(db);
  const assignment = new DatasetAssignment(versions);
  const versionIds = new Int32Array(versions);
  let models = 0;

  const started = performance.now();
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -1000000');
  const artifactIndexes = schema.filter(
    (o): o is SchemaObject & { sql: string } =>
      o.type === 'index' && o.tbl_name === 'artifact' && o.sql !== null,
  );
  for (const index of artifactIndexes) db.exec(`drop index "${index.name}"`);

  const writer = new SearchWriter(db);
  // Models and versions interleave, so ids follow the order of a registry filled over time.
  const load = db.transaction((from: number, to: number) => {
    let modelId = 0;
    for (let k = from; k < to; k++) {
      if (k % SEARCH_VERSIONS_PER_MODEL === 0) {
        const last = Math.min(versions, k + SEARCH_VERSIONS_PER_MODEL) - 1;
        modelId = writer.model(`search-model-${k / SEARCH_VERSIONS_PER_MODEL}`, now + k, now + last);
        models++;
      }
      versionIds[k] = writer.version(modelId, k, assignment.datasetOf(k), now + k);
    }
  });
  for (let from = 0; from < versions; from += VERSIONS_PER_TRANSACTION) {
    const to = Math.min(versions, from + VERSIONS_PER_TRANSACTION);
    load(from, to);
    const seconds = (performance.now() - started) / 1000;
    if (to === versions || (to / VERSIONS_PER_TRANSACTION) % 5 === 0)
      progress(
        `  ${to.toLocaleString('en-US')} / ${versions.toLocaleString('en-US')} versions written ` +
          `(${((to * ARTIFACTS_PER_VERSION) / seconds / 1000).toFixed(0)}k artifact rows/s)`,
      );
  }
  const rowsDone = performance.now();

  for (const index of artifactIndexes) {
    const t0 = performance.now();
    db.exec(index.sql);
    progress(`  index ${index.name} built (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }
  const indexesDone = performance.now();
  const rebuilt = schemaOf(db);
  if (JSON.stringify(rebuilt) !== JSON.stringify(schema))
    throw new Error('after the bulk load the schema differs from the one the store migrated');

  db.pragma('cache_size = -16000');
  db.pragma('synchronous = NORMAL');
  db.pragma('journal_mode = WAL');
  db.pragma('analysis_limit = 1000');
  db.pragma('optimize = 0x10002');
  const analyzed = performance.now();
  if (count('artifact') !== versions * ARTIFACTS_PER_VERSION || count('model_version') !== versions)
    throw new Error('the bulk load wrote a different number of rows than asked');
  return {
    versions,
    models,
    assignment,
    versionIds,
    artifactRows: versions * ARTIFACTS_PER_VERSION,
    timings: {
      rows: (rowsDone - started) / 1000,
      indexes: (indexesDone - rowsDone) / 1000,
      analyze: (analyzed - indexesDone) / 1000,
    },
  };
}
