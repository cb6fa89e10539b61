import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRegistry, loadServerConfig, openMetadataStore } from '@modelreg/server';
import { startChildServer, type ChildServer } from './child-server.js';
import { openDriver, type Db, type SqlRow } from './dataset.js';
import { HttpClient } from './http-client.js';
import { SearchWriter, SEARCH_VERSIONS_PER_MODEL, versionAuthor } from './search-dataset.js';
import { percentile, seededRandom, unitHash } from './stats.js';
import { intFromEnv } from './settings.js';

// Issue 21, acceptance 4: the rate of version creation (POST /model_versions over HTTP, one client)
// in a registry of BENCH_GROWTH_SMALL versions and in one of BENCH_GROWTH_VERSIONS, measured in
// turns, batch by batch, so that load coming and going on a shared machine falls on both alike.
// Target: the small registry's rate at most 1.5 times the large one's.

const API = '/api/model_registry/v1alpha3';
export const GROWTH_TARGET = 1.5;
/** Creates per turn: each size gets a batch, then the other, the first changing every round. */
const BATCH = 50;

export interface GrowthSettings {
  /** BENCH_GROWTH=0 skips this part. */
  readonly enabled: boolean;
  readonly small: number;
  readonly large: number;
  /** BENCH_GROWTH_CREATES: versions created over HTTP in each registry (default 2000). */
  readonly creates: number;
}

export function readGrowthSettings(env: NodeJS.ProcessEnv): GrowthSettings {
  return {
    enabled: env['BENCH_GROWTH'] !== '0',
    small: intFromEnv(env, 'BENCH_GROWTH_SMALL', 10_000, SEARCH_VERSIONS_PER_MODEL),
    large: intFromEnv(env, 'BENCH_GROWTH_VERSIONS', 1_000_000, SEARCH_VERSIONS_PER_MODEL),
    creates: intFromEnv(env, 'BENCH_GROWTH_CREATES', 2_000, BATCH),
  };
}

// ---- the registries ----

const frameworkOf = (k: number) => (['pytorch', 'tensorflow', 'onnx', 'sklearn'] as const)[k % 4] ?? 'onnx';

/** The audit trail's hash input, as domain/audit.ts `auditHashInput` builds it. */
function auditHashInput(prevHash: string, event: readonly unknown[]): string {
  return JSON.stringify([prevHash, ...event]);
}

/**
 * Writes what the API leaves behind for each create, through the driver: models and versions by
 * SearchWriter (its rows are the store's: search-fidelity.ts checks them), the two custom
 * properties every create of this bench carries, and one audit event per create with the hash
 * chain and head as domain/audit.ts and the audit repository keep them (a request id, and the
 * created entity as the detail). checkGrowthFidelity compares these rows with the API's.
 */
class GrowthWriter {
  private readonly search: SearchWriter;
  private readonly property;
  private readonly audit;
  private prevHash: string;
  private lastTime = 0;

  constructor(private readonly db: Db) {
    this.search = new SearchWriter(db);
    this.property = db.prepare<[number, string, string, number | null, string | null]>(
      `insert into custom_property (owner_kind, owner_id, name, value_type, double_value, string_value)
       values ('model_version', ?, ?, ?, ?, ?)`,
    );
    this.audit = db.prepare<[number, string, string, string, string, string, string, string]>(
      `insert into audit_event (event_time, actor, actor_method, action, outcome, entity_type, entity_id,
         request_id, detail, prev_hash, hash)
       values (?, 'anonymous', 'none', ?, 'success', ?, ?, ?, ?, ?, ?)`,
    );
    this.prevHash = String(db.prepare('select last_hash from audit_head where id = 1').pluck().get());
  }

  private event(time: number, kind: string, id: number, detail: object): void {
    const requestId = createHash('md5').update(`${kind}-${id}`).digest('hex');
    const text = JSON.stringify(detail);
    const action = `create ${kind}`;
    const hash = createHash('sha256')
      .update(
        auditHashInput(this.prevHash, [
          time,
          'anonymous',
          'none',
          action,
          'success',
          kind,
          String(id),
          requestId,
          text,
        ]),
      )
      .digest('hex');
    this.audit.run(time, action, kind, String(id), requestId, text, this.prevHash, hash);
    this.prevHash = hash;
    this.lastTime = time;
  }

  model(name: string, now: number): number {
    const id = this.search.model(name, now, now);
    this.event(now, 'registeredModel', id, { after: { id, name, state: 'LIVE', createTimeSinceEpoch: now } });
    return id;
  }

  version(modelId: number, k: number, now: number, name: string): number {
    const id = this.search.bareVersion(modelId, k, now, name);
    const accuracy = unitHash(k, 401);
    this.property.run(id, 'accuracy', 'double', accuracy, null);
    this.property.run(id, 'framework', 'string', null, frameworkOf(k));
    this.event(now, 'modelVersion', id, {
      after: {
        id,
        name,
        registeredModelId: modelId,
        author: versionAuthor(k),
        state: 'LIVE',
        stage: 'Development',
        createTimeSinceEpoch: now,
        lastUpdateTimeSinceEpoch: now,
        customProperties: {
          accuracy: { type: 'double', value: accuracy },
          framework: { type: 'string', value: frameworkOf(k) },
        },
      },
    });
    return id;
  }

  finish(): void {
    this.db
      .prepare('update audit_head set last_hash = ?, last_time = ? where id = 1')
      .run(this.prevHash, this.lastTime);
  }
}

interface SchemaObject {
  readonly type: string;
  readonly name: string;
  readonly tbl_name: string;
  readonly sql: string | null;
}

const LOADED_TABLES = new Set(['model_version', 'custom_property', 'audit_event', 'registered_model']);

/**
 * Loads `versions` versions in models of 100 into a registry the store has just migrated. The
 * loaded tables' indexes are dropped first and built again from SQLite's own SQL for them (one
 * sort instead of millions of inserts into each B-tree); the schema is then checked to be the
 * migrated one. Journal off during the load, WAL and the server's statistics afterwards.
 */
function loadGrowthRegistry(db: Db, versions: number, progress: (m: string) => void): number {
  const schemaOf = () =>
    db
      .prepare<[], SchemaObject>('select type, name, tbl_name, sql from sqlite_master order by type, name')
      .all();
  const schema = schemaOf();
  const indexes = schema.filter(
    (o): o is SchemaObject & { sql: string } =>
      o.type === 'index' && LOADED_TABLES.has(o.tbl_name) && o.sql !== null,
  );
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -1000000');
  for (const index of indexes) db.exec(`drop index "${index.name}"`);
  const writer = new GrowthWriter(db);
  const start = Date.now() - versions - 1_000_000;
  let models = 0;
  const load = db.transaction((from: number, to: number) => {
    let modelId = 0;
    for (let k = from; k < to; k++) {
      if (k % SEARCH_VERSIONS_PER_MODEL === 0) {
        modelId = writer.model(`growth-model-${k / SEARCH_VERSIONS_PER_MODEL}`, start + k);
        models++;
      }
      writer.version(modelId, k, start + k, `v${k % SEARCH_VERSIONS_PER_MODEL}`);
    }
  });
  const chunk = 50_000;
  for (let from = 0; from < versions; from += chunk) {
    load(from, Math.min(versions, from + chunk));
    if ((from / chunk) % 4 === 3) progress(`  ${(from + chunk).toLocaleString('en-US')} versions written`);
  }
  writer.finish();
  for (const index of indexes) db.exec(index.sql);
  if (JSON.stringify(schemaOf()) !== JSON.stringify(schema))
    throw new Error('after the growth load the schema differs from the one the store migrated');
  db.pragma('cache_size = -16000');
  db.pragma('synchronous = NORMAL');
  db.pragma('journal_mode = WAL');
  db.pragma('analysis_limit = 1000');
  db.pragma('optimize = 0x10002');
  return models;
}

function createBody(k: number, modelId: number, name: string) {
  return {
    name,
    registeredModelId: String(modelId),
    author: versionAuthor(k),
    customProperties: {
      accuracy: { metadataType: 'MetadataDoubleValue', double_value: unitHash(k, 401) },
      framework: { metadataType: 'MetadataStringValue', string_value: frameworkOf(k) },
    },
  };
}

/** Columns that differ by construction between two creates: ids, times, hashes, the request. */
const OWN_COLUMNS = new Set(['id', 'owner_id', 'event_time', 'entity_id', 'request_id', 'prev_hash', 'hash']);

function rowsOf(db: Db, table: string, where: string, ...args: unknown[]): SqlRow[] {
  return db.prepare<unknown[], SqlRow>(`select * from ${table} where ${where}`).all(...args);
}

/**
 * Writes one version through the API in-process and one through GrowthWriter into a scratch
 * registry, then compares their custom-property and audit rows column by column (but ids, times,
 * hashes and the request id), and the audit detail's keys. Throws on any difference.
 */
async function checkGrowthFidelity(dir: string): Promise<void> {
  const file = join(dir, 'fidelity.db');
  const config = loadServerConfig({ db: `sqlite:${file}`, dataDir: dir, logLevel: 'silent', port: 0 }, {});
  const { app, store } = await createRegistry(config);
  const post = async (path: string, body: unknown) => {
    const response = await app.request(`${API}/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status !== 201) throw new Error(`growth fidelity: POST ${path} answered ${response.status}`);
    return (await response.json()) as { id: string };
  };
  let apiVersion: number;
  try {
    const model = await post('registered_models', { name: 'fidelity-api' });
    apiVersion = Number((await post('model_versions', createBody(7, Number(model.id), 'v7'))).id);
  } finally {
    await store.close();
  }
  const db = openDriver(file);
  try {
    const writer = new GrowthWriter(db);
    const directVersion = db.transaction(() => {
      const id = writer.version(writer.model('fidelity-direct', Date.now()), 7, Date.now(), 'v7');
      writer.finish();
      return id;
    })();
    const compare = (what: string, api: SqlRow[], direct: SqlRow[]) => {
      const strip = (rows: SqlRow[]) =>
        JSON.stringify(
          rows.map((r) => Object.entries(r).filter(([c]) => !OWN_COLUMNS.has(c) && c !== 'detail')),
        );
      if (strip(api) !== strip(direct))
        throw new Error(`growth fidelity: ${what} rows differ: API ${strip(api)}, loader ${strip(direct)}`);
    };
    const properties = (id: number) =>
      rowsOf(db, 'custom_property', "owner_kind = 'model_version' and owner_id = ? order by name", id);
    compare('custom_property', properties(apiVersion), properties(directVersion));
    const audit = (id: number) =>
      rowsOf(db, 'audit_event', "entity_type = 'modelVersion' and entity_id = ?", String(id));
    const [apiEvent, directEvent] = [audit(apiVersion), audit(directVersion)];
    compare('audit_event', apiEvent, directEvent);
    const keys = (rows: SqlRow[]) =>
      Object.keys((JSON.parse(String(rows[0]?.['detail'])) as { after: object }).after)
        .sort()
        .join(',');
    if (keys(apiEvent) !== keys(directEvent))
      throw new Error(
        `growth fidelity: audit detail fields differ: API ${keys(apiEvent)}, loader ${keys(directEvent)}`,
      );
  } finally {
    db.close();
  }
}

// ---- measuring ----

interface Registry {
  readonly versions: number;
  readonly models: number;
  readonly bytes: number;
  readonly server: ChildServer;
  readonly client: HttpClient;
  readonly latenciesMs: number[];
  elapsedMs: number;
}

export interface GrowthSize {
  readonly versions: number;
  readonly databaseBytes: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly creates: number;
}

export interface GrowthReport {
  readonly small: GrowthSize;
  readonly large: GrowthSize;
  /** Small rate ÷ large rate: 1 is no growth. */
  readonly growth: number;
  readonly met: boolean;
  readonly loadSeconds: readonly [number, number];
  readonly loadAverage: readonly [number, number];
}

async function createBatch(registry: Registry, from: number, random: () => number): Promise<void> {
  const started = performance.now();
  for (let i = from; i < from + BATCH; i++) {
    // A model chosen at random, as in a registry many teams write to; its ids are 101 apart.
    const model = Math.floor(random() * registry.models);
    const modelId = 1 + model * (SEARCH_VERSIONS_PER_MODEL + 1);
    const t0 = performance.now();
    const response = await registry.client.request(
      'POST',
      `${API}/model_versions`,
      createBody(i, modelId, `created-${i}`),
    );
    registry.latenciesMs.push(performance.now() - t0);
    if (response.status !== 201)
      throw new Error(`growth bench: create answered ${response.status}: ${response.body.slice(0, 300)}`);
  }
  registry.elapsedMs += performance.now() - started;
}

function sizeOf(r: Registry): GrowthSize {
  const sorted = [...r.latenciesMs].sort((a, b) => a - b);
  return {
    versions: r.versions,
    databaseBytes: r.bytes,
    perSecond: (r.latenciesMs.length / r.elapsedMs) * 1000,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    creates: r.latenciesMs.length,
  };
}

export async function runGrowthBench(
  settings: GrowthSettings,
  progress: (message: string) => void,
): Promise<GrowthReport> {
  const dir = mkdtempSync(join(tmpdir(), 'modelreg-growth-bench-'));
  const registries: Registry[] = [];
  try {
    await checkGrowthFidelity(dir);
    progress('growth: the loader writes the custom properties and audit events the API writes');
    const loadSeconds: number[] = [];
    for (const versions of [settings.small, settings.large]) {
      const file = join(dir, `registry-${versions}.db`);
      await (await openMetadataStore(`sqlite:${file}`)).close();
      const db = openDriver(file);
      const t0 = performance.now();
      let models: number;
      try {
        models = loadGrowthRegistry(db, versions, progress);
      } finally {
        db.close();
      }
      loadSeconds.push((performance.now() - t0) / 1000);
      progress(
        `growth: ${versions.toLocaleString('en-US')} versions loaded (${loadSeconds.at(-1)?.toFixed(0)} s)`,
      );
      const server = await startChildServer('./serve-registry.js', [file, join(dir, `data-${versions}`)]);
      registries.push({
        versions,
        models,
        bytes: statSync(file).size,
        server,
        client: new HttpClient(server.url, 1),
        latenciesMs: [],
        elapsedMs: 0,
      });
    }
    const [small, large] = registries as [Registry, Registry];
    const random = { small: seededRandom(21), large: seededRandom(21) };
    // Warm both: the first creates read the pages they touch from disk.
    await createBatch(small, 0, seededRandom(5));
    await createBatch(large, 0, seededRandom(5));
    small.latenciesMs.length = 0;
    large.latenciesMs.length = 0;
    small.elapsedMs = 0;
    large.elapsedMs = 0;
    const load0 = loadavg()[0] ?? 0;
    for (let done = BATCH, round = 0; done < settings.creates + BATCH; done += BATCH, round++) {
      if (round % 2 === 0) {
        await createBatch(small, done, random.small);
        await createBatch(large, done, random.large);
      } else {
        await createBatch(large, done, random.large);
        await createBatch(small, done, random.small);
      }
    }
    const [s, l] = [sizeOf(small), sizeOf(large)];
    const growth = s.perSecond / l.perSecond;
    return {
      small: s,
      large: l,
      growth,
      met: growth < GROWTH_TARGET,
      loadSeconds: [loadSeconds[0] ?? 0, loadSeconds[1] ?? 0],
      loadAverage: [load0, loadavg()[0] ?? 0],
    };
  } finally {
    for (const r of registries) {
      r.client.close();
      await r.server.stop();
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatGrowthReport(report: GrowthReport): string[] {
  const size = (s: GrowthSize) =>
    `  ${s.versions.toLocaleString('en-US').padStart(10)} versions (${(s.databaseBytes / 2 ** 20).toFixed(0)} MiB): ` +
    `${s.perSecond.toFixed(1)} creates/s, p50 ${s.p50Ms.toFixed(2)} ms, p95 ${s.p95Ms.toFixed(2)} ms (${s.creates} creates)`;
  return [
    `version creation by registry size (POST ${API}/model_versions with two custom properties, one client, ` +
      `batches of ${BATCH} in turns; load average ${report.loadAverage[0].toFixed(2)} → ${report.loadAverage[1].toFixed(2)}):`,
    size(report.small),
    size(report.large),
    `  growth (small rate ÷ large rate) ${report.growth.toFixed(2)} (target < ${GROWTH_TARGET}: ${report.met ? 'met' : 'MISSED'}); ` +
      `loads took ${report.loadSeconds[0].toFixed(0)} s and ${report.loadSeconds[1].toFixed(0)} s`,
  ];
}

/** Runs the growth bench and prints its lines and one JSON line. */
export async function printGrowthBench(
  settings: GrowthSettings,
  progress: (m: string) => void,
): Promise<void> {
  const report = await runGrowthBench(settings, progress);
  process.stdout.write(
    `\n${formatGrowthReport(report).join('\n')}\n${JSON.stringify({ bench: 'modelreg-growth', target: GROWTH_TARGET, ...report })}\n`,
  );
}
