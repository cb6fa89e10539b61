import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import pg from 'pg';

// The write bench's baseline (write-bench.ts): the rows one registration writes, written straight
// through the driver with prepared statements, one transaction per request as the registry does,
// with the same durability (SQLite: WAL, synchronous = FULL; PostgreSQL: its default commit).
// The rows are those the registry writes (see the statements `onQuery` shows for POST
// model_versions, POST model_versions/{id}/artifacts and POST registrations): the parent rows'
// last_update_time moved, a context_id row, the version row, its custom properties, the artifact
// row, and per entity one hash-chained audit event with the chain's head row moved. What a raw
// program need not do is left out: it keeps the chain's last hash in memory (one writer), and
// reads back nothing it wrote.

/** What the k-th registration of a phase writes. */
export interface RegistrationRow {
  readonly modelId: number;
  readonly modelName: string;
  readonly versionName: string;
  readonly author: string;
  readonly accuracy: number;
  readonly framework: string;
  readonly uri: string;
}

/** The rows one registration created, and the model it went into. */
export interface RegisteredIds {
  readonly modelId: number;
  readonly versionId: number;
  readonly artifactId: number;
}

/** One engine's raw writer; every method is one transaction. */
export interface RawWriter {
  createModel(name: string): Promise<number>;
  /** Kubeflow flow, first request: the version, its properties, its audit event. */
  createVersion(row: RegistrationRow): Promise<number>;
  /** Kubeflow flow, second request: the version's model artifact and its audit event; the artifact's id. */
  createArtifact(row: RegistrationRow, versionId: number): Promise<number>;
  /** The one-call registration: the model found by name, then version and artifact, in one transaction. */
  register(row: RegistrationRow): Promise<RegisteredIds>;
  close(): Promise<void>;
}

const SQL = {
  context: 'insert into context_id (kind) values (?)',
  model: `insert into registered_model (id, name, state, version_scheme, create_time, last_update_time)
          values (?, ?, 'LIVE', 'free', ?, ?)`,
  touchModel: 'update registered_model set last_update_time = ? where id = ? and last_update_time < ?',
  touchVersion: 'update model_version set last_update_time = ? where id = ? and last_update_time < ?',
  modelByName: 'select id from registered_model where name = ?',
  version: `insert into model_version (state, stage, name, registered_model_id, author, create_time,
            last_update_time, version_sort_key, id) values ('LIVE', 'Development', ?, ?, ?, ?, ?, ?, ?)`,
  property: `insert into custom_property (owner_kind, owner_id, name, value_type, double_value, string_value)
             values ('model_version', ?, ?, ?, ?, ?)`,
  artifact: `insert into artifact (state, artifact_type, name, uri, model_format_name, model_version_id,
             create_time, last_update_time, name_scope) values ('UNKNOWN', 'model-artifact', 'model', ?, 'onnx', ?, ?, ?, ?)`,
  audit: `insert into audit_event (event_time, actor, actor_method, action, outcome, entity_type, entity_id,
          request_id, detail, prev_hash, hash) values (?, 'anonymous', 'none', ?, 'success', ?, ?, ?, ?, ?, ?)`,
  auditHead: 'update audit_head set last_hash = ?, last_time = ? where id = 1',
} as const;

type Statement = keyof typeof SQL;
type Run = (statement: Statement, values: readonly unknown[]) => Promise<number | undefined>;

/** The audit chain as a single writer keeps it: the last hash in memory, the head row moved. */
class Chain {
  private last = '';
  private requestNumber = 0;

  constructor(private readonly run: Run) {}

  async append(action: string, entityType: string, entityId: number, after: object, now: number) {
    const detail = JSON.stringify({ after });
    const requestId = `raw-${(this.requestNumber += 1)}`;
    const hash = createHash('sha256')
      .update(`${this.last}|${now}|${action}|${entityType}|${entityId}|${detail}`)
      .digest('hex');
    await this.run('audit', [
      now,
      `create ${entityType}`,
      entityType,
      String(entityId),
      requestId,
      detail,
      this.last,
      hash,
    ]);
    await this.run('auditHead', [hash, now]);
    this.last = hash;
  }

  async load(read: () => Promise<string>) {
    this.last = await read();
  }
}

/** The statements of each request, over an engine's `run`; the engine opens the transaction. */
class Registrations {
  readonly chain: Chain;

  constructor(private readonly run: Run) {
    this.chain = new Chain(run);
  }

  async model(name: string): Promise<number> {
    const now = Date.now();
    const id = (await this.run('context', ['registered_model'])) ?? 0;
    await this.run('model', [id, name, now, now]);
    await this.chain.append('create', 'registeredModel', id, { id, name }, now);
    return id;
  }

  async version(row: RegistrationRow, modelId = row.modelId): Promise<number> {
    const now = Date.now();
    await this.run('touchModel', [now, modelId, now]);
    const id = (await this.run('context', ['model_version'])) ?? 0;
    await this.run('version', [row.versionName, modelId, row.author, now, now, `z${row.versionName}`, id]);
    await this.run('property', [id, 'accuracy', 'double', row.accuracy, null]);
    await this.run('property', [id, 'framework', 'string', null, row.framework]);
    const after = {
      id,
      name: row.versionName,
      createTimeSinceEpoch: now,
      lastUpdateTimeSinceEpoch: now,
      registeredModelId: modelId,
      author: row.author,
      state: 'LIVE',
      stage: 'Development',
      customProperties: {
        accuracy: { type: 'double', value: row.accuracy },
        framework: { type: 'string', value: row.framework },
      },
    };
    await this.chain.append('create', 'modelVersion', id, after, now);
    return id;
  }

  async artifact(row: RegistrationRow, versionId: number, modelId = row.modelId): Promise<number> {
    const now = Date.now();
    await this.run('touchVersion', [now, versionId, now]);
    await this.run('touchModel', [now, modelId, now]);
    const id = (await this.run('artifact', [row.uri, versionId, now, now, `version:${versionId}`])) ?? 0;
    const after = {
      id,
      name: 'model',
      artifactType: 'model-artifact',
      uri: row.uri,
      modelFormatName: 'onnx',
      modelVersionId: versionId,
      state: 'UNKNOWN',
      createTimeSinceEpoch: now,
      lastUpdateTimeSinceEpoch: now,
      customProperties: {},
    };
    await this.chain.append('create', 'artifact', id, after, now);
    return id;
  }
}

/** better-sqlite3, WAL, synchronous = FULL: every commit is fsynced before the call returns. */
export function sqliteRawWriter(file: string): RawWriter {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  const prepared = new Map(Object.entries(SQL).map(([key, text]) => [key, db.prepare(text)]));
  const run: Run = (statement, values) => {
    const s = prepared.get(statement) as Database.Statement;
    if (statement === 'modelByName')
      return Promise.resolve((s.get(...values) as { id: number } | undefined)?.id);
    return Promise.resolve(Number(s.run(...values).lastInsertRowid));
  };
  const writes = new Registrations(run);
  const head = db.prepare('select last_hash from audit_head where id = 1').pluck().get() as string;
  void writes.chain.load(() => Promise.resolve(head));
  const exec = (statement: string) => {
    db.exec(statement);
    return Promise.resolve();
  };
  return writerOver(run, writes, exec, 'begin immediate', () => {
    db.close();
    return Promise.resolve();
  });
}

/** node-postgres, one connection, named prepared statements, PostgreSQL's default (durable) commit. */
export async function postgresRawWriter(url: string): Promise<RawWriter> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const texts = Object.fromEntries(
    Object.entries(SQL).map(([key, text]) => {
      let n = 0;
      const numbered = text.replace(/\?/g, () => `$${(n += 1)}`);
      return [key, key === 'context' || key === 'artifact' ? `${numbered} returning id` : numbered];
    }),
  ) as Record<Statement, string>;
  const run: Run = async (statement, values) => {
    const result = await client.query<{ id: string | number }>({
      name: `raw-${statement}`,
      text: texts[statement],
      values: [...values],
    });
    const id = result.rows[0]?.id;
    return id === undefined ? undefined : Number(id);
  };
  const writes = new Registrations(run);
  await writes.chain.load(async () => {
    const head = await client.query<{ last_hash: string }>('select last_hash from audit_head where id = 1');
    return head.rows[0]?.last_hash ?? '';
  });
  return writerOver(
    run,
    writes,
    (statement) => client.query(statement),
    'begin',
    () => client.end(),
  );
}

/** The four requests over an engine's `run`, each in its own transaction; one caller at a time. */
function writerOver(
  run: Run,
  writes: Registrations,
  exec: (statement: string) => Promise<unknown>,
  begin: string,
  close: () => Promise<void>,
): RawWriter {
  // One caller at a time (the sequential phases), so nothing else runs between BEGIN and COMMIT.
  const inTransaction = async <T>(work: () => Promise<T>): Promise<T> => {
    await exec(begin);
    try {
      const result = await work();
      await exec('commit');
      return result;
    } catch (error) {
      await exec('rollback');
      throw error;
    }
  };
  return {
    createModel: (name) => inTransaction(() => writes.model(name)),
    createVersion: (row) => inTransaction(() => writes.version(row)),
    createArtifact: (row, versionId) => inTransaction(() => writes.artifact(row, versionId)),
    register: (row) =>
      inTransaction(async () => {
        const modelId = (await run('modelByName', [row.modelName])) ?? 0;
        const versionId = await writes.version(row, modelId);
        const artifactId = await writes.artifact(row, versionId, modelId);
        return { modelId, versionId, artifactId };
      }),
    close,
  };
}
