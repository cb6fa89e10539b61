import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRegistry, loadServerConfig, openMetadataStore } from '@modelreg/server';
import { startChildServer, type ChildServer } from './child-server.js';
import { measureCliStartup } from './cli-startup.js';
import {
  bulkLoad,
  CREATE_PROPERTIES,
  DirectReader,
  DirectWriter,
  filterQueryText,
  FRAMEWORKS,
  openDriver,
  versionSpec,
  type BulkData,
  type Db,
  type VersionFilter,
} from './dataset.js';
import { HttpClient } from './http-client.js';
import { runLoad, runSync, type LoadBounds, type LoadResult } from './load.js';
import { describeMachine, formatTable, ratio, type Comparison } from './report.js';
import {
  formatSearchReport,
  readSearchSettings,
  runSearchBench,
  searchComparisons,
  searchJson,
} from './search-bench.js';
import { formatUiReport, readUiSettings, runUiBench, uiJson } from './ui-bench.js';
import { formatMetricsCost, measureMetricsCost } from './metrics-bench.js';
import { printFilesBench, readFilesBenchSettings } from './files-bench.js';
import { printTransferBench, readTransferBenchSettings } from './transfer-bench.js';
import { printMlflowBench, readMlflowBenchSettings } from './mlflow-bench.js';
import { printListBench, readListBenchSettings } from './list-bench.js';
import { printGrowthBench, readGrowthSettings } from './growth-bench.js';
import { printWriteBench, readWriteBenchSettings } from './write-bench.js';
import { seededRandom, summarize } from './stats.js';
import { intFromEnv } from './settings.js';

// `npm run bench`: the registry over HTTP on SQLite against baselines measured in the same run,
// reported as ratios (absolute times are not comparable between machines). Load goes to
// 127.0.0.1 only, and every loop stops at a count or a time.

const API = '/api/model_registry/v1alpha3';
const PAGE_SIZE = 50;
const VERSIONS_PER_MODEL = 100;
const GET_SEED = 1;
const FILTER_SEED = 2;

interface Settings {
  /** Model versions bulk-loaded before measuring (BENCH_VERSIONS). */
  readonly versions: number;
  /** Model versions created over HTTP and through the driver (BENCH_CREATES). */
  readonly creates: number;
  /** HTTP clients for the throughput phases (BENCH_CONCURRENCY). */
  readonly concurrency: number;
  /** Keep the temporary directory with the database (BENCH_KEEP=1). */
  readonly keep: boolean;
}

function readSettings(env: NodeJS.ProcessEnv): Settings {
  return {
    versions: intFromEnv(env, 'BENCH_VERSIONS', 100_000, VERSIONS_PER_MODEL),
    creates: intFromEnv(env, 'BENCH_CREATES', 2_000, 1),
    concurrency: intFromEnv(env, 'BENCH_CONCURRENCY', 8, 1),
    keep: env['BENCH_KEEP'] === '1',
  };
}

/** Phase bounds. Latency phases use one client, so a latency is not time spent queued behind others. */
function bounds(concurrency: number) {
  return {
    warmGet: { concurrency, maxOperations: 500, maxMs: 2_000 },
    warmList: { concurrency: 1, maxOperations: 5, maxMs: 2_000 },
    getLatency: { concurrency: 1, maxOperations: 3_000, maxMs: 6_000 },
    getThroughput: { concurrency, maxOperations: 30_000, maxMs: 6_000 },
    listLatency: { concurrency: 1, maxOperations: 1_000, maxMs: 15_000 },
    listThroughput: { concurrency, maxOperations: 5_000, maxMs: 8_000 },
    driverGet: { maxOperations: 30_000, maxMs: 3_000 },
    driverList: { maxOperations: 1_000, maxMs: 5_000 },
    // Creates run to their count; the time bound only stops a runaway.
    creates: { concurrency, maxOperations: Number.POSITIVE_INFINITY, maxMs: 120_000 },
  } satisfies Record<string, LoadBounds | Omit<LoadBounds, 'concurrency'>>;
}

class BenchCheckFailed extends Error {
  override name = 'BenchCheckFailed';
}

function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new BenchCheckFailed(message);
}

function progress(message: string): void {
  process.stderr.write(`· ${message}\n`);
}

async function timed<T>(label: string, work: () => T | Promise<T>): Promise<T> {
  const t0 = performance.now();
  const result = await work();
  progress(`${label} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  return result;
}

/** The same pseudo-random ids for every GET phase, from the bulk-loaded set. */
function randomIds(data: BulkData): (index: number) => number {
  const random = seededRandom(GET_SEED);
  const drawn: number[] = [];
  return (index) => {
    while (drawn.length <= index)
      drawn.push(data.versionIds[Math.floor(random() * data.versionIds.length)] ?? 1);
    return drawn[index] ?? 1;
  };
}

/**
 * The same pseudo-random filters for every list phase. The threshold moves so that no layer can
 * answer from a cache; from 0.8 to 0.99 a filter keeps 0.25 % to 5 % of the versions.
 */
function randomFilters(): (index: number) => VersionFilter {
  const random = seededRandom(FILTER_SEED);
  const drawn: VersionFilter[] = [];
  return (index) => {
    while (drawn.length <= index) {
      drawn.push({
        threshold: Number((0.8 + random() * 0.19).toFixed(3)),
        framework: FRAMEWORKS[Math.floor(random() * FRAMEWORKS.length)] ?? 'pytorch',
      });
    }
    return drawn[index] as VersionFilter;
  };
}

function listPath(filter: VersionFilter, pageSize = PAGE_SIZE, pageToken?: string): string {
  const token = pageToken === undefined ? '' : `&nextPageToken=${encodeURIComponent(pageToken)}`;
  return `${API}/model_versions?filterQuery=${encodeURIComponent(filterQueryText(filter))}&pageSize=${pageSize}&orderBy=ID${token}`;
}

// ---- the wire shapes the checks read ----

interface WireProperty {
  metadataType: string;
  double_value?: number;
  string_value?: string;
  int_value?: string;
}
interface WireVersion {
  id: string;
  name: string;
  registeredModelId: string;
  author?: string;
  state?: string;
  customProperties: Record<string, WireProperty>;
}
interface WireList {
  items: WireVersion[];
  nextPageToken: string;
  size: number;
}

function createBody(k: number, modelId: string): Record<string, unknown> {
  const spec = versionSpec(k, VERSIONS_PER_MODEL);
  return {
    name: spec.name,
    registeredModelId: modelId,
    author: spec.author,
    customProperties: {
      accuracy: { metadataType: 'MetadataDoubleValue', double_value: spec.accuracy },
      framework: { metadataType: 'MetadataStringValue', string_value: spec.framework },
    },
  };
}

// ---- phases ----

interface CreateResult {
  readonly rows: number;
  readonly perSecond: number;
}

/** M registered models, then `creates` versions spread over them, one transaction per row. */
function createThroughDriver(db: Db, creates: number): CreateResult {
  const writer = new DirectWriter(db);
  const models = Math.ceil(creates / VERSIONS_PER_MODEL);
  const createModel = db.transaction((i: number) => writer.model(`direct-model-${i}`, Date.now()));
  const createVersion = db.transaction((modelId: number, k: number) =>
    writer.version(modelId, versionSpec(k, VERSIONS_PER_MODEL), CREATE_PROPERTIES, Date.now()),
  );
  const t0 = performance.now();
  const modelIds: number[] = [];
  for (let i = 0; i < models; i++) modelIds.push(createModel(i));
  for (let k = 0; k < creates; k++) createVersion(modelIds[Math.floor(k / VERSIONS_PER_MODEL)] ?? 0, k);
  const elapsedMs = performance.now() - t0;
  return { rows: models + creates, perSecond: ((models + creates) / elapsedMs) * 1000 };
}

async function createOverHttp(client: HttpClient, creates: number, bound: LoadBounds): Promise<CreateResult> {
  const models = Math.ceil(creates / VERSIONS_PER_MODEL);
  const modelIds: string[] = [];
  const modelPhase = await runLoad({ ...bound, maxOperations: models }, async (i) => {
    const created = (await client.postJson(`${API}/registered_models`, { name: `http-model-${i}` })) as {
      id: string;
    };
    modelIds[i] = created.id;
  });
  check(
    modelIds.filter(Boolean).length === models,
    `created ${modelIds.length} of ${models} registered models`,
  );
  const versionPhase = await runLoad({ ...bound, maxOperations: creates }, async (k) => {
    const modelId = modelIds[Math.floor(k / VERSIONS_PER_MODEL)] ?? '';
    const created = (await client.postJson(`${API}/model_versions`, createBody(k, modelId))) as WireVersion;
    check(created.registeredModelId === modelId, `version ${created.id} was created under the wrong model`);
  });
  const rows = modelPhase.latenciesMs.length + versionPhase.latenciesMs.length;
  check(rows === models + creates, `created ${rows} of ${models + creates} rows within the time bound`);
  return { rows, perSecond: (rows / (modelPhase.elapsedMs + versionPhase.elapsedMs)) * 1000 };
}

/** Fails the bench unless the server returns the bulk-loaded rows and the hand SQL's results. */
async function checkServerAnswers(client: HttpClient, reader: DirectReader, data: BulkData): Promise<void> {
  const random = seededRandom(99);
  for (let i = 0; i < 20; i++) {
    const k = Math.floor(random() * data.versionIds.length);
    const id = data.versionIds[k] ?? 0;
    const spec = versionSpec(k, data.perModel);
    const got = (await client.getJson(`${API}/model_versions/${id}`)) as WireVersion;
    const p = got.customProperties;
    const modelId = data.modelIds[Math.floor(k / data.perModel)];
    check(
      got.id === String(id) &&
        got.name === spec.name &&
        got.author === spec.author &&
        got.state === 'LIVE' &&
        got.registeredModelId === String(modelId) &&
        p['accuracy']?.double_value === spec.accuracy &&
        p['framework']?.string_value === spec.framework &&
        p['epochs']?.int_value === String(spec.epochs) &&
        Object.keys(p).length === 3,
      `GET /model_versions/${id} does not return the bulk-loaded row: ${JSON.stringify(got)}`,
    );
  }
  const filters = randomFilters();
  for (let i = 0; i < 3; i++) {
    const filter = filters(i);
    const page = (await client.getJson(listPath(filter))) as WireList;
    const expected = reader.filteredList(filter, PAGE_SIZE);
    check(
      JSON.stringify(page.items.map((v) => v.id)) ===
        JSON.stringify(expected.map((v) => String(v.row['id']))),
      `the filtered list (${filterQueryText(filter)}) differs from the hand-written SQL`,
    );
    check(
      page.items.every((v) => {
        const accuracy = v.customProperties['accuracy']?.double_value;
        return (
          accuracy !== undefined &&
          accuracy > filter.threshold &&
          v.customProperties['framework']?.string_value === filter.framework
        );
      }),
      `the filtered list (${filterQueryText(filter)}) returned a version that does not match`,
    );
  }
  // A selective filter, paged to the end: the count through the API equals the hand SQL count.
  const filter: VersionFilter = { threshold: 0.995, framework: 'pytorch' };
  let total = 0;
  let token: string | undefined;
  for (let pages = 0; pages < 1_000; pages++) {
    const page = (await client.getJson(listPath(filter, 100, token))) as WireList;
    total += page.size;
    if (page.nextPageToken === '') break;
    token = page.nextPageToken;
  }
  const expectedTotal = reader.filteredTotal(filter);
  check(
    total === expectedTotal,
    `the API lists ${total} versions for ${filterQueryText(filter)}, hand SQL counts ${expectedTotal}`,
  );
}

interface HttpFigures {
  readonly getLatency: LoadResult;
  readonly getThroughput: LoadResult;
  readonly listLatency: LoadResult;
  readonly listThroughput: LoadResult;
}

/** The same client code, request sequence and bounds against the registry and the empty handler. */
async function measureHttp(server: ChildServer, data: BulkData, concurrency: number): Promise<HttpFigures> {
  const b = bounds(concurrency);
  const client = new HttpClient(server.url, concurrency);
  try {
    const get = async (id: number) => void (await client.getJson(`${API}/model_versions/${id}`));
    const list = async (filter: VersionFilter) => void (await client.getJson(listPath(filter)));
    // Warm-up ids come from their own generator and the list warm-up uses a fixed filter, so the
    // measured requests do not start on pages the warm-up just read.
    const warmRandom = seededRandom(7);
    await runLoad(b.warmGet, () =>
      get(data.versionIds[Math.floor(warmRandom() * data.versionIds.length)] ?? 1),
    );
    await runLoad(b.warmList, () => list({ threshold: 0.9, framework: 'onnx' }));
    const ids = randomIds(data);
    const filters = randomFilters();
    // The latency phases start with the requests the driver baseline made; the throughput phases go on from there.
    const getLatency = await runLoad(b.getLatency, (i) => get(ids(i)));
    const getsDone = getLatency.latenciesMs.length;
    const getThroughput = await runLoad(b.getThroughput, (i) => get(ids(getsDone + i)));
    const listLatency = await runLoad(b.listLatency, (i) => list(filters(i)));
    const listsDone = listLatency.latenciesMs.length;
    const listThroughput = await runLoad(b.listThroughput, (i) => list(filters(listsDone + i)));
    return { getLatency, getThroughput, listLatency, listThroughput };
  } finally {
    client.close();
  }
}

interface StoreStatement {
  readonly sql: string;
  /** SQLite's plan, for SELECTs. */
  readonly plan: readonly string[];
}

/** The SQL the store runs for one filtered list, each SELECT with SQLite's plan for it. */
async function captureStoreSql(dbFile: string, dataDir: string, db: Db): Promise<StoreStatement[]> {
  const statements: string[] = [];
  let capturing = false;
  const config = loadServerConfig({ db: `sqlite:${dbFile}`, dataDir, logLevel: 'silent', port: 0 }, {});
  const { app, store } = await createRegistry(config, {
    onQuery: (sql) => {
      if (capturing) statements.push(sql);
    },
  });
  try {
    capturing = true;
    const response = await app.request(listPath({ threshold: 0.9, framework: 'pytorch' }));
    capturing = false;
    check(response.status === 200, `in-process filtered list answered ${response.status}`);
  } finally {
    await store.close();
  }
  // Without ANALYZE statistics SQLite does not look at bound values when planning, so NULL for
  // every parameter shows the plan the server gets.
  const planOf = (sql: string) =>
    db
      .prepare<unknown[], { detail: string }>(`explain query plan ${sql}`)
      .all(...Array.from(sql.matchAll(/\?/g), () => null))
      .map((row) => row.detail);
  return statements.map((sql) => ({ sql, plan: sql.startsWith('select') ? planOf(sql) : [] }));
}

// ---- main ----

function latencyComparisons(
  what: string,
  http: LoadResult,
  empty: LoadResult,
  driver: LoadResult,
): Comparison[] {
  const mine = summarize(http.latenciesMs);
  const bare = summarize(empty.latenciesMs);
  const direct = summarize(driver.latenciesMs);
  return (['p50', 'p99'] as const).map((p) => ({
    metric: `${what} ${p}, 1 client`,
    unit: 'ms',
    modelreg: mine[p],
    baselines: { emptyHandler: bare[p], driver: direct[p] },
    samples: mine.count,
  }));
}

async function main(): Promise<void> {
  const started = performance.now();
  const settings = readSettings(process.env);
  // The search bench (search-bench.ts) runs after the other metadata phases; BENCH_SEARCH=0 skips it.
  const searchSettings = readSearchSettings(process.env);
  // The web UI bench (ui-bench.ts) runs last; BENCH_UI=0 skips it.
  const uiSettings = readUiSettings(process.env);
  const b = bounds(settings.concurrency);
  const dir = mkdtempSync(join(tmpdir(), 'modelreg-bench-'));
  const dbFile = join(dir, 'registry.db');
  let db: Db | undefined;
  let server: ChildServer | undefined;
  try {
    // The store migrates the empty file; the bulk load then writes what the store would have.
    await timed('schema migrated by the store', async () =>
      (await openMetadataStore(`sqlite:${dbFile}`)).close(),
    );
    const driver = openDriver(dbFile);
    db = driver;
    const data = await timed(`bulk-loaded ${settings.versions} model versions`, () =>
      bulkLoad(driver, settings.versions, VERSIONS_PER_MODEL, Date.now()),
    );
    const reader = new DirectReader(driver);

    // Driver baselines first, while no server holds the file.
    const directCreates = await timed(`driver: ${settings.creates} creates`, () =>
      createThroughDriver(driver, settings.creates),
    );
    const ids = randomIds(data);
    const filters = randomFilters();
    const driverGet = await timed('driver: GET by id', () =>
      runSync(b.driverGet, (i) => check(reader.version(ids(i)) !== undefined, `no version ${ids(i)}`)),
    );
    const driverList = await timed('driver: filtered list', () =>
      runSync(b.driverList, (i) => void reader.filteredList(filters(i), PAGE_SIZE)),
    );

    server = await startChildServer('./serve-registry.js', [dbFile, dir]);
    const registry = server;
    const checkClient = new HttpClient(registry.url, 1);
    try {
      await timed('server answers match the bulk-loaded data and the hand SQL', () =>
        checkServerAnswers(checkClient, reader, data),
      );
    } finally {
      checkClient.close();
    }
    const createClient = new HttpClient(registry.url, settings.concurrency);
    const httpCreates = await timed(`HTTP: ${settings.creates} creates`, async () => {
      try {
        return await createOverHttp(createClient, settings.creates, b.creates);
      } finally {
        createClient.close();
      }
    });
    check(httpCreates.rows === directCreates.rows, 'HTTP and driver created different numbers of rows');
    const mine = await timed('HTTP: registry GET and filtered list', () =>
      measureHttp(registry, data, settings.concurrency),
    );
    await registry.stop();
    server = undefined;

    server = await startChildServer('./serve-empty.js');
    const emptyServer = server;
    const empty = await timed('HTTP: empty handler', () =>
      measureHttp(emptyServer, data, settings.concurrency),
    );
    await emptyServer.stop();
    server = undefined;

    const metricsCost = await timed('HTTP: GET by id with and without metrics', () =>
      measureMetricsCost(dbFile, dir, data, settings.concurrency),
    );
    const storeSql = await captureStoreSql(dbFile, dir, driver);
    const startup = await timed('CLI start-up: modelreg --version vs node -e 0', () => measureCliStartup());
    const search = searchSettings.enabled ? await runSearchBench(searchSettings, progress) : undefined;
    const ui = uiSettings.enabled ? await runUiBench(uiSettings, progress) : 'skipped (BENCH_UI=0)';

    const c = settings.concurrency;
    const comparisons: Comparison[] = [
      {
        metric: `creates/s, ${c} clients`,
        unit: '/s',
        modelreg: httpCreates.perSecond,
        baselines: { driver: directCreates.perSecond },
        samples: httpCreates.rows,
      },
      ...latencyComparisons('GET by id', mine.getLatency, empty.getLatency, driverGet),
      {
        metric: `GET by id req/s, ${c} clients`,
        unit: '/s',
        modelreg: mine.getThroughput.perSecond,
        baselines: { emptyHandler: empty.getThroughput.perSecond },
        samples: mine.getThroughput.latenciesMs.length,
      },
      ...latencyComparisons('filtered list', mine.listLatency, empty.listLatency, driverList),
      {
        metric: `filtered list req/s, ${c} clients`,
        unit: '/s',
        modelreg: mine.listThroughput.perSecond,
        baselines: { emptyHandler: empty.listThroughput.perSecond },
        samples: mine.listThroughput.latenciesMs.length,
      },
      ...(search === undefined ? [] : searchComparisons(search)),
    ];

    const machine = describeMachine(String(driver.prepare('select sqlite_version() as v').pluck().get()));
    const out: string[] = [
      '',
      `modelreg bench: SQLite, ${settings.versions.toLocaleString('en-US')} model versions in ${data.modelIds.length} registered models`,
      `machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, ${machine.platform}, node ${machine.node}, SQLite ${machine.sqlite}`,
      `filtered list: GET ${API}/model_versions?filterQuery=accuracy > t AND framework = '…'&pageSize=${PAGE_SIZE}&orderBy=ID, t random in [0.8, 0.99)`,
      'ratio = modelreg ÷ baseline: for latencies how many times slower, for rates the fraction of the baseline rate',
      'empty handler: a bare node:http server answering {} (same client, requests, bounds); driver: the same rows',
      'written or read straight through better-sqlite3 (prepared statements, one caller, one transaction per create)',
      '',
      formatTable(comparisons),
      '',
      ...formatMetricsCost(metricsCost, c),
      '',
      `CLI start-up (${startup.runs} runs each, interleaved): modelreg --version p50 ${startup.modelregVersion.p50.toFixed(1)} ms, ` +
        `node -e 0 p50 ${startup.nodeBaseline.p50.toFixed(1)} ms, ratio ${startup.ratio.toFixed(2)} (target < 3); ` +
        `a command, modelreg pull --help, p50 ${startup.command.p50.toFixed(1)} ms (information)`,
      '',
      'store SQL for one filtered list, with SQLite plans:',
      ...storeSql.flatMap(({ sql, plan }) => [`  ${sql}`, ...plan.map((line) => `      plan: ${line}`)]),
      '',
      ...(search === undefined ? ['search: skipped (BENCH_SEARCH=0)'] : formatSearchReport(search)),
      '',
      ...formatUiReport(ui),
      '',
      `bench ran ${((performance.now() - started) / 1000).toFixed(1)} s (without the build)`,
    ];
    process.stdout.write(`${out.join('\n')}\n`);
    const json = {
      bench: 'modelreg',
      dialect: 'sqlite',
      versions: settings.versions,
      concurrency: settings.concurrency,
      machine,
      results: comparisons.map((cmp) => ({
        ...cmp,
        ratios: { emptyHandler: ratio(cmp, 'emptyHandler'), driver: ratio(cmp, 'driver') },
      })),
      cliStartup: startup,
      metricsCost,
      storeSql,
      ...(search === undefined ? {} : { search: searchJson(search) }),
      ui: uiJson(ui),
      runtimeSeconds: (performance.now() - started) / 1000,
    };
    process.stdout.write(`${JSON.stringify(json)}\n`);
  } finally {
    await server?.stop();
    db?.close();
    if (settings.keep) progress(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

try {
  await main();
  // Model files (issue 4): throughput against cp and a bare file server, and peak RSS. BENCH_FILES=0 skips it.
  const files = readFilesBenchSettings(process.env);
  if (files.enabled) await printFilesBench(files, tmpdir());
  // modelreg push and pull through the built CLI (issue 21): BENCH_TRANSFER=0 skips it.
  const transfer = readTransferBenchSettings(process.env);
  if (transfer.enabled) await printTransferBench(transfer, tmpdir());
  // The MLflow API beside the Kubeflow API (issue 19): version creation and search. BENCH_MLFLOW=0 skips it.
  const mlflow = readMlflowBenchSettings(process.env);
  if (mlflow.enabled) await printMlflowBench(mlflow, tmpdir(), progress);
  // Issue 21: one model's 1,000 versions paged by name against hand SQL (BENCH_LISTS=0 skips), and
  // the creation rate at 10k and 1M versions (BENCH_GROWTH=0 skips).
  const lists = readListBenchSettings(process.env);
  if (lists.enabled) await printListBench(lists, progress);
  const growth = readGrowthSettings(process.env);
  if (growth.enabled) await printGrowthBench(growth, progress);
  // The write path (issue 21): registrations against the raw driver, one client and 32. BENCH_WRITE=0 skips it.
  const write = readWriteBenchSettings(process.env);
  if (write.enabled) await printWriteBench(write, tmpdir(), progress);
} catch (error) {
  process.stderr.write(
    `\nBENCH FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
}
