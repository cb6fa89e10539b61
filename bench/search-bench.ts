import { mkdtempSync, rmSync, statfsSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { createRegistry, loadServerConfig, openMetadataStore } from '@modelreg/server';
import { startChildServer, type ChildServer } from './child-server.js';
import { openDriver, type Db, type SqlRow } from './dataset.js';
import { HttpClient } from './http-client.js';
import type { Comparison } from './report.js';
import type { OPTIMIZERS } from './search-dataset.js';
import {
  ARTIFACTS_PER_VERSION,
  bulkLoadSearch,
  datasetDigest,
  METRICS,
  PARAMS,
  VERSIONS_PER_DATASET,
  type SearchData,
} from './search-dataset.js';
import { checkWriterFidelity } from './search-fidelity.js';
import { percentile, seededRandom } from './stats.js';

// The search bench of issue 6: two SQLite registries (BENCH_SEARCH_SMALL and BENCH_SEARCH_VERSIONS
// versions, each with 10 metrics, 10 parameters and a training dataset), and over HTTP, one client:
//  (a) metrics.accuracy > 0.95 AND params.optimizer = 'adam', pageSize 50, ordered by accuracy DESC;
//  (b) the versions trained on a dataset, by its digest, a different digest each time.
// Each figure stands beside the same query at the other size (growth) and beside hand-written SQL
// run straight through better-sqlite3 on the same file (overhead). Both sizes are built first and
// measured in turns, request by request, so that both see the same machine. Every answer the
// registry gives while measured is checked against the hand SQL's; the bench fails on any difference.

const API = '/api/model_registry/v1alpha3';
const PAGE_SIZE = 50;
/**
 * The hand-written SQL's page: one row more than a page, to know if more follow, written into the
 * text (SQLite prepares a statement again each time a value is bound to its LIMIT).
 */
const LIMIT = `limit ${PAGE_SIZE + 1}`;
const THRESHOLD = 0.95;
const OPTIMIZER: (typeof OPTIMIZERS)[number] = 'adam';
export const QUERY_A = `metrics.accuracy > ${THRESHOLD} AND params.optimizer = '${OPTIMIZER}'`;
/** Few versions have such an accuracy (1 in 10,000): a selective filter on a list in id order. */
const RARE_THRESHOLD = 0.9999;
export const QUERY_D = `metrics.accuracy > ${RARE_THRESHOLD}`;
/** Digests measured per size: as many distinct ones as there are datasets, up to this many. */
const DIGESTS = 1_000;
/** Target of the issue: p95 at the large size under this, growth from the small size under GROWTH_TARGET. */
export const P95_TARGET_MS = 50;
export const GROWTH_TARGET = 3;
/** Bytes of database per version (measured: 8.3 KB), for the free-space check before a load. */
const BYTES_PER_VERSION = 9_000;

/** Per query and size: warm-up requests, then measured ones up to a count or a time (both sizes together). */
const BOUNDS = {
  warm: { maxOperations: 30 },
  http: { maxOperations: 1_000, maxMs: 60_000 },
  driver: { maxOperations: 1_000, maxMs: 30_000 },
} as const;

export interface SearchSettings {
  /** BENCH_SEARCH=0 skips the search bench. */
  readonly enabled: boolean;
  /** BENCH_SEARCH_SMALL: versions of the small registry (the growth ratio's base). */
  readonly small: number;
  /** BENCH_SEARCH_VERSIONS: versions of the large registry. */
  readonly large: number;
  /** BENCH_KEEP=1 keeps the databases. */
  readonly keep: boolean;
}

function sizeFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 100)
    throw new Error(`${name} must be an integer ≥ 100, got '${text}'`);
  return value;
}

export function readSearchSettings(env: NodeJS.ProcessEnv): SearchSettings {
  const settings = {
    enabled: env['BENCH_SEARCH'] !== '0',
    small: sizeFromEnv(env, 'BENCH_SEARCH_SMALL', 10_000),
    large: sizeFromEnv(env, 'BENCH_SEARCH_VERSIONS', 1_000_000),
    keep: env['BENCH_KEEP'] === '1',
  };
  if (settings.enabled && settings.small >= settings.large)
    throw new Error(
      `BENCH_SEARCH_SMALL (${settings.small}) must be smaller than BENCH_SEARCH_VERSIONS (${settings.large})`,
    );
  return settings;
}

class SearchCheckFailed extends Error {
  override name = 'SearchCheckFailed';
}

function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new SearchCheckFailed(message);
}

// ---- the queries, through the registry and as hand-written SQL ----

export type QueryKey = 'a' | 'b' | 'c' | 'd';
export const QUERY_KEYS: readonly QueryKey[] = ['a', 'b', 'c', 'd'];

function pathA(pageToken?: string): string {
  const token = pageToken === undefined ? '' : `&nextPageToken=${encodeURIComponent(pageToken)}`;
  return (
    `${API}/model_versions?filterQuery=${encodeURIComponent(QUERY_A)}` +
    `&pageSize=${PAGE_SIZE}&orderBy=metrics.accuracy&sortOrder=DESC${token}`
  );
}

function pathB(digest: string): string {
  return `${API}/lineage?node=${encodeURIComponent(`dataset:${digest}`)}&direction=downstream&depth=1`;
}

function pathC(digest: string): string {
  return `${API}/model_versions?filterQuery=${encodeURIComponent(`dataset.digest = '${digest}'`)}&pageSize=${PAGE_SIZE}`;
}

function pathD(): string {
  return `${API}/model_versions?filterQuery=${encodeURIComponent(QUERY_D)}&pageSize=${PAGE_SIZE}`;
}

/** What each query asks, for the report. */
export const QUERY_TITLES: Readonly<Record<QueryKey, string>> = {
  a: `GET ${API}/model_versions?filterQuery=${QUERY_A}&pageSize=${PAGE_SIZE}&orderBy=metrics.accuracy&sortOrder=DESC`,
  b: `GET ${API}/lineage?node=dataset:<digest>&direction=downstream&depth=1 (the versions trained on a dataset)`,
  c: `GET ${API}/model_versions?filterQuery=dataset.digest = '<digest>'&pageSize=${PAGE_SIZE} (the same question as a search)`,
  d: `GET ${API}/model_versions?filterQuery=${QUERY_D}&pageSize=${PAGE_SIZE} (a rare metric value, in id order)`,
};

interface WireList {
  items: { id: string }[];
  nextPageToken: string;
  size: number;
}

interface WireGraph {
  root: string;
  nodes: { id: string; kind: string; key: string; label: string }[];
  edges: { from: string; to: string; type: string }[];
  truncated: boolean;
}

function idsOf(body: unknown): number[] {
  return (body as WireList).items.map((v) => Number(v.id));
}

/**
 * A lineage answer in a form the hand SQL can produce too: each version reached, by id, with its
 * label (`<model name>:<version name>`), provided the graph is the dataset, those versions, and
 * one trained-on edge to each.
 */
function graphAnswer(body: unknown, digest: string): string {
  const graph = body as WireGraph;
  const root = `dataset:${digest}`;
  const versions = graph.nodes.filter((n) => n.kind === 'modelVersion');
  const others = graph.nodes.filter((n) => n.kind !== 'modelVersion');
  const edgesOk =
    !graph.truncated &&
    graph.root === root &&
    others.length === 1 &&
    others[0]?.id === root &&
    graph.edges.length === versions.length &&
    versions.every((v) =>
      graph.edges.some((e) => e.from === root && e.to === v.id && e.type === 'trained-on'),
    );
  const listed = versions
    .map((v) => ({ id: Number(v.key), label: v.label }))
    .sort((x, y) => x.id - y.id)
    .map((v) => `${v.id} ${v.label}`);
  return edgesOk ? listed.join('\n') : `not the graph of ${root} and its versions: ${JSON.stringify(body)}`;
}

/**
 * The driver baseline: each query as a person would write it for these tables, prepared once, on
 * a connection opened as the server opens its own. For the lists it reads what the registry reads
 * for a page: pageSize + 1 rows, then the page's custom properties.
 */
class SearchReader {
  private readonly topAccurate;
  private readonly topAccurateAfter;
  private readonly trainedOnGraph;
  private readonly trainedOnPage;
  private readonly rarelyAccurate;
  private readonly accuracy;
  private readonly properties = new Map<number, Database.Statement<unknown[], SqlRow>>();

  constructor(private readonly db: Db) {
    // Walks the (type, name, value, version) index from the top: the accuracy order is the index order.
    const accurate = (after: string) => `select mv.*, acc.metric_value as accuracy
      from artifact acc join model_version mv on mv.id = acc.model_version_id
      where acc.artifact_type = 'metric' and acc.name = 'accuracy' and acc.metric_value > ? ${after}
        and exists (select 1 from artifact p
                    where p.model_version_id = mv.id and p.artifact_type = 'parameter'
                      and p.name = 'optimizer' and p.parameter_value = ?)
      order by acc.metric_value desc, acc.model_version_id desc ${LIMIT}`;
    this.topAccurate = db.prepare<[number, string], SqlRow>(accurate(''));
    this.topAccurateAfter = db.prepare<[number, number, number, number, string], SqlRow>(
      accurate('and (acc.metric_value < ? or (acc.metric_value = ? and acc.model_version_id < ?))'),
    );
    // From the digest index to the few versions that used the dataset, with what the graph shows.
    this.trainedOnGraph = db.prepare<[string], SqlRow>(
      `select mv.id, mv.name, mv.stage, mv.state, mv.author, mv.registered_model_id,
              rm.name as model_name, d.name as dataset_name, d.uri, d.digest
       from artifact d
       join model_version mv on mv.id = d.model_version_id
       join registered_model rm on rm.id = mv.registered_model_id
       where d.digest = ? and d.artifact_type = 'dataset-artifact'
       order by mv.id`,
    );
    this.trainedOnPage = db.prepare<[string], SqlRow>(
      `select mv.* from artifact d join model_version mv on mv.id = d.model_version_id
       where d.digest = ? and d.artifact_type = 'dataset-artifact'
       order by mv.id ${LIMIT}`,
    );
    // From the metric index to the few versions with such a value, then in id order.
    this.rarelyAccurate = db.prepare<[number], SqlRow>(
      `select mv.* from artifact acc join model_version mv on mv.id = acc.model_version_id
       where acc.artifact_type = 'metric' and acc.name = 'accuracy' and acc.metric_value > ?
       order by mv.id ${LIMIT}`,
    );
    this.accuracy = db
      .prepare<[number], number>(
        "select metric_value from artifact where model_version_id = ? and artifact_type = 'metric' and name = 'accuracy'",
      )
      .pluck();
  }

  get statements(): Readonly<Record<QueryKey, string>> {
    return {
      a: this.topAccurate.source,
      b: this.trainedOnGraph.source,
      c: this.trainedOnPage.source,
      d: this.rarelyAccurate.source,
    };
  }

  /** Page ids of (a), after a keyset cursor (accuracy, id) when given. */
  queryA(after?: { value: number; id: number }): number[] {
    const rows =
      after === undefined
        ? this.topAccurate.all(THRESHOLD, OPTIMIZER)
        : this.topAccurateAfter.all(THRESHOLD, after.value, after.value, after.id, OPTIMIZER);
    return this.page(rows);
  }

  /** (b) in the form of graphAnswer. */
  queryB(digest: string): string {
    return this.trainedOnGraph
      .all(digest)
      .map((row) => `${String(row['id'])} ${String(row['model_name'])}:${String(row['name'])}`)
      .join('\n');
  }

  queryC(digest: string): number[] {
    return this.page(this.trainedOnPage.all(digest));
  }

  queryD(): number[] {
    return this.page(this.rarelyAccurate.all(RARE_THRESHOLD));
  }

  /** How many versions match (a), by the bench's own count (not timed). */
  countA(): number {
    return Number(
      this.db
        .prepare(
          `select count(*) from artifact acc
           where acc.artifact_type = 'metric' and acc.name = 'accuracy' and acc.metric_value > ?
             and exists (select 1 from artifact p where p.model_version_id = acc.model_version_id
                           and p.artifact_type = 'parameter' and p.name = 'optimizer' and p.parameter_value = ?)`,
        )
        .pluck()
        .get(THRESHOLD, OPTIMIZER),
    );
  }

  accuracyOf(id: number): number {
    return Number(this.accuracy.get(id));
  }

  private page(rows: SqlRow[]): number[] {
    const ids = rows.slice(0, PAGE_SIZE).map((row) => Number(row['id']));
    if (ids.length > 0) this.propertiesOf(ids.length).all(...ids);
    return ids;
  }

  private propertiesOf(count: number): Database.Statement<unknown[], SqlRow> {
    let statement = this.properties.get(count);
    if (statement === undefined) {
      statement = this.db.prepare<unknown[], SqlRow>(
        `select * from custom_property where owner_kind = 'model_version'
           and owner_id in (${Array.from({ length: count }, () => '?').join(', ')}) order by owner_id, name`,
      );
      this.properties.set(count, statement);
    }
    return statement;
  }
}

/** One query of the bench: its request for iteration i, and the answer expected, both ways. */
interface BenchQuery {
  readonly path: (i: number) => string;
  /** The registry's answer, reduced to what the hand SQL answers. */
  readonly answer: (body: unknown, i: number) => string;
  /** Runs the hand SQL for iteration i (this is what the driver baseline times). */
  readonly hand: (i: number) => string;
}

function benchQueries(reader: SearchReader, digest: (i: number) => string): Record<QueryKey, BenchQuery> {
  return {
    a: {
      path: () => pathA(),
      answer: (body) => idsOf(body).join(','),
      hand: () => reader.queryA().join(','),
    },
    b: {
      path: (i) => pathB(digest(i)),
      answer: (body, i) => graphAnswer(body, digest(i)),
      hand: (i) => reader.queryB(digest(i)),
    },
    c: {
      path: (i) => pathC(digest(i)),
      answer: (body) => idsOf(body).join(','),
      hand: (i) => reader.queryC(digest(i)).join(','),
    },
    d: {
      path: () => pathD(),
      answer: (body) => idsOf(body).join(','),
      hand: () => reader.queryD().join(','),
    },
  };
}

/** A fixed list of distinct datasets, the same for every run of a size. */
function datasetList(data: SearchData): { dataset: number; digest: string }[] {
  const total = data.assignment.datasets;
  const count = Math.min(total, DIGESTS);
  const random = seededRandom(11);
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(Math.floor(random() * total));
  return [...chosen].map((dataset) => ({ dataset, digest: datasetDigest(dataset) }));
}

function kOf(data: SearchData, id: number): number {
  let lo = 0;
  let hi = data.versionIds.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = data.versionIds[mid] as number;
    if (at === id) return mid;
    if (at < id) lo = mid + 1;
    else hi = mid - 1;
  }
  throw new SearchCheckFailed(`the registry returned version ${id}, which the bench did not load`);
}

const same = (a: readonly number[], b: readonly number[]) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Before measuring: the registry's answers equal the hand SQL's, and both hold against the values
 * the bench generated (not only against each other): (a) two pages by keyset, (b) and (c) for 20
 * digests, each used by exactly the versions the bench assigned it to.
 */
async function checkAnswers(
  client: HttpClient,
  reader: SearchReader,
  data: SearchData,
  datasets: readonly { dataset: number; digest: string }[],
): Promise<void> {
  const accuracy = METRICS.find((m) => m.name === 'accuracy');
  const optimizer = PARAMS.find((p) => p.name === 'optimizer');
  check(accuracy !== undefined && optimizer !== undefined, 'the bench lost its accuracy metric or optimizer');
  const first = (await client.getJson(pathA())) as WireList;
  const firstIds = idsOf(first);
  const expected = reader.queryA();
  check(
    same(firstIds, expected),
    `(a) the registry's first page ${JSON.stringify(firstIds)} differs from the hand SQL's ${JSON.stringify(expected)}`,
  );
  const total = reader.countA();
  check(total > 0, '(a) matches no version: the bench data are wrong');
  check(
    firstIds.length === Math.min(PAGE_SIZE, total),
    `(a) returned ${firstIds.length} versions, hand SQL counts ${total} matches`,
  );
  let previous = Number.POSITIVE_INFINITY;
  for (const id of firstIds) {
    const k = kOf(data, id);
    const value = accuracy.value(k);
    check(
      value > THRESHOLD && value <= previous && optimizer.value(k) === OPTIMIZER,
      `(a) version ${id} does not match or is out of order`,
    );
    previous = value;
  }
  if (total > PAGE_SIZE) {
    const last = firstIds[firstIds.length - 1] ?? 0;
    const second = idsOf(await client.getJson(pathA(first.nextPageToken)));
    const expectedSecond = reader.queryA({ value: reader.accuracyOf(last), id: last });
    check(
      same(second, expectedSecond) && second.length === Math.min(PAGE_SIZE, total - PAGE_SIZE),
      `(a) the registry's second page differs from the hand SQL's`,
    );
  } else {
    check(first.nextPageToken === '', '(a) the registry offers a next page after the last match');
  }
  const rare = idsOf(await client.getJson(pathD()));
  check(
    same(rare, reader.queryD()),
    `(d) the registry returned ${JSON.stringify(rare)}, hand SQL ${JSON.stringify(reader.queryD())}`,
  );
  check(
    rare.every(
      (id, i) => accuracy.value(kOf(data, id)) > RARE_THRESHOLD && (i === 0 || id > (rare[i - 1] ?? 0)),
    ),
    '(d) a version does not match, or the page is out of id order',
  );
  for (const { dataset, digest } of datasets.slice(0, 20)) {
    const users = Math.min(VERSIONS_PER_DATASET, data.versions - dataset * VERSIONS_PER_DATASET);
    const graph = graphAnswer(await client.getJson(pathB(digest)), digest);
    check(
      graph === reader.queryB(digest),
      `(b) for ${digest} the registry answered ${graph}, hand SQL ${reader.queryB(digest)}`,
    );
    const found = await client.getJson(pathC(digest));
    const got = idsOf(found);
    check(
      same(got, reader.queryC(digest)),
      `(c) for ${digest} the registry returned ${JSON.stringify(got)}, hand SQL ${JSON.stringify(reader.queryC(digest))}`,
    );
    const graphIds = graph.split('\n').map((line) => Number(line.split(' ')[0]));
    check(same(graphIds, got), `(b) and (c) for ${digest} reach different versions`);
    check(
      got.length === users && got.every((id) => data.assignment.datasetOf(kOf(data, id)) === dataset),
      `dataset ${dataset} was used by ${users} versions; the registry answers ${JSON.stringify(got)}`,
    );
  }
}

// ---- measuring ----

export interface Percentiles {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly samples: number;
}

function percentiles(samples: readonly number[]): Percentiles {
  const sorted = [...samples].sort((x, y) => x - y);
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    samples: sorted.length,
  };
}

export interface QueryFigures {
  readonly registry: Percentiles;
  readonly handSql: Percentiles;
}

export interface SizeResult {
  readonly versions: number;
  readonly models: number;
  readonly artifactRows: number;
  readonly datasets: number;
  readonly databaseBytes: number;
  readonly loadSeconds: { readonly rows: number; readonly indexes: number; readonly analyze: number };
  readonly figures: Readonly<Record<QueryKey, QueryFigures>>;
  /** The machine's 1-minute load average when measuring began and ended (other work skews figures). */
  readonly loadAverage: readonly [number, number];
}

export interface StoreStatement {
  readonly query: QueryKey;
  readonly sql: string;
  readonly parameters: readonly unknown[];
  readonly plan: readonly string[];
}

/** What one registry size needs while it is measured. */
interface Size {
  readonly versions: number;
  readonly label: string;
  readonly dir: string;
  readonly file: string;
  readonly data: SearchData;
  readonly driver: Db;
  readonly reader: SearchReader;
  readonly datasets: readonly { dataset: number; digest: string }[];
  readonly digest: (i: number) => string;
  readonly queries: Record<QueryKey, BenchQuery>;
  /** Warm-ups count down from here (the end of the digest list); measured iterations count up from 0. */
  readonly warmFrom: number;
  server?: ChildServer;
}

/**
 * The two sizes are measured in turns, request by request (which goes first alternates), so both
 * see the same machine: on a shared machine, load that comes and goes would otherwise land on one
 * size's window and skew the growth ratio. Each latency is one call, one caller at a time.
 */
async function interleave(
  sizes: readonly Size[],
  bound: { readonly maxOperations: number; readonly maxMs: number },
  operation: (size: Size, i: number) => unknown,
): Promise<number[][]> {
  const latencies = sizes.map((): number[] => []);
  const deadline = performance.now() + bound.maxMs;
  for (let i = 0; i < bound.maxOperations && performance.now() < deadline; i++) {
    const order = i % 2 === 0 ? sizes.map((_, j) => j) : sizes.map((_, j) => sizes.length - 1 - j);
    for (const j of order) {
      const size = sizes[j] as Size;
      const t0 = performance.now();
      await operation(size, i);
      latencies[j]?.push(performance.now() - t0);
    }
  }
  return latencies;
}

/** The hand SQL of one query at every size, after a warm-up. */
async function measureHandSql(sizes: readonly Size[], key: QueryKey): Promise<number[][]> {
  for (const size of sizes)
    for (let i = 0; i < BOUNDS.warm.maxOperations; i++) size.queries[key].hand(size.warmFrom - i);
  return interleave(sizes, BOUNDS.driver, (size, i) => size.queries[key].hand(i));
}

/** One query over HTTP at every size, after a warm-up; every answer is checked against the hand SQL afterwards. */
async function measureRegistry(sizes: readonly Size[], key: QueryKey): Promise<number[][]> {
  // Fresh keep-alive connections per query: ones left idle while the previous query's answers were
  // checked may have been closed by the server (its keep-alive timeout), and reusing one then fails.
  const clients = new Map(
    sizes.map((size) => {
      if (size.server === undefined) throw new Error(`no registry for ${size.label}`);
      return [size, new HttpClient(size.server.url, 1)] as const;
    }),
  );
  try {
    return await measureWith(sizes, key, (size, path) => (clients.get(size) as HttpClient).getJson(path));
  } finally {
    for (const client of clients.values()) client.close();
  }
}

async function measureWith(
  sizes: readonly Size[],
  key: QueryKey,
  get: (size: Size, path: string) => Promise<unknown>,
): Promise<number[][]> {
  for (const size of sizes)
    for (let i = 0; i < BOUNDS.warm.maxOperations; i++)
      await get(size, size.queries[key].path(size.warmFrom - i));
  const answers = sizes.map((): string[] => []);
  const latencies = await interleave(sizes, BOUNDS.http, async (size, i) => {
    const body = await get(size, size.queries[key].path(i));
    (answers[sizes.indexOf(size)] as string[])[i] = size.queries[key].answer(body, i);
  });
  sizes.forEach((size, j) =>
    answers[j]?.forEach((answer, i) =>
      check(
        answer === size.queries[key].hand(i),
        `(${key}) at ${size.label}: measured answer ${i} differs from the hand SQL's: ${answer}`,
      ),
    ),
  );
  return latencies;
}

function planOf(db: Db, sql: string, parameters: readonly unknown[]): string[] {
  return db
    .prepare<unknown[], { detail: string }>(`explain query plan ${sql}`)
    .all(...parameters)
    .map((row) => row.detail);
}

/**
 * The SQL the store runs for each query, with the values it binds and SQLite's plan for them.
 * The registry runs in-process for this; the bound values are read by wrapping better-sqlite3's
 * `Statement.all` for the duration (the store's query log gives the SQL only), so the plans are
 * those of the real values, which matters once ANALYZE statistics exist.
 */
async function captureStoreSql(
  file: string,
  dir: string,
  db: Db,
  queries: Record<QueryKey, BenchQuery>,
): Promise<StoreStatement[]> {
  const prototype = Object.getPrototypeOf(db.prepare('select 1')) as {
    all: (this: Database.Statement, ...args: unknown[]) => unknown[];
  };
  const original = prototype.all;
  const seen: { sql: string; parameters: unknown[] }[] = [];
  prototype.all = function (this: Database.Statement, ...args: unknown[]) {
    seen.push({ sql: this.source, parameters: args.flat() });
    return original.apply(this, args);
  };
  const statements: StoreStatement[] = [];
  try {
    const config = loadServerConfig({ db: `sqlite:${file}`, dataDir: dir, logLevel: 'silent', port: 0 }, {});
    const { app, store } = await createRegistry(config);
    try {
      for (const query of QUERY_KEYS) {
        seen.length = 0;
        const response = await app.request(queries[query].path(0));
        check(response.status === 200, `in-process (${query}) answered ${response.status}`);
        for (const { sql, parameters } of seen.filter((s) => /^select/i.test(s.sql)))
          statements.push({ query, sql, parameters, plan: [] });
      }
    } finally {
      await store.close();
    }
  } finally {
    prototype.all = original;
  }
  check(statements.length > 0, 'could not capture the store SQL (is better-sqlite3 loaded twice?)');
  return statements.map((s) => ({ ...s, plan: planOf(db, s.sql, s.parameters) }));
}

async function timed<T>(
  progress: (m: string) => void,
  label: string,
  work: () => T | Promise<T>,
): Promise<T> {
  const t0 = performance.now();
  const result = await work();
  progress(`${label} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  return result;
}

function checkFreeSpace(dir: string, versions: number): void {
  const stats = statfsSync(dir);
  const free = stats.bavail * stats.bsize;
  const needed = versions * BYTES_PER_VERSION * 1.2;
  if (free < needed)
    throw new Error(
      `the search bench needs about ${(needed / 1e9).toFixed(1)} GB in ${dir} for ${versions} versions; ` +
        `${(free / 1e9).toFixed(1)} GB are free (set BENCH_SEARCH_VERSIONS lower, or BENCH_SEARCH=0)`,
    );
}

export interface HandStatement {
  readonly query: QueryKey;
  readonly sql: string;
  readonly plan: readonly string[];
}

/** Loads a registry of `versions` versions in its own temporary directory. */
async function buildSize(versions: number, progress: (m: string) => void): Promise<Size> {
  const label = versions.toLocaleString('en-US');
  const dir = mkdtempSync(join(tmpdir(), 'modelreg-search-bench-'));
  const file = join(dir, 'registry.db');
  checkFreeSpace(dir, versions);
  await (await openMetadataStore(`sqlite:${file}`)).close();
  const loader = openDriver(file);
  let data: SearchData;
  try {
    data = await timed(
      progress,
      `search ${label}: loaded ${(versions * ARTIFACTS_PER_VERSION).toLocaleString('en-US')} artifact rows`,
      () => bulkLoadSearch(loader, versions, Date.UTC(2026, 0, 1), progress),
    );
  } finally {
    loader.close();
  }
  // A fresh connection as the server opens one: the loader's large cache does not help the baseline.
  const driver = openDriver(file);
  const reader = new SearchReader(driver);
  const datasets = datasetList(data);
  // Iteration i asks about the i-th digest of the list (warm-ups count down from its end).
  const digest = (i: number) =>
    datasets[((i % datasets.length) + datasets.length) % datasets.length]?.digest ?? '';
  return {
    versions,
    label,
    dir,
    file,
    data,
    driver,
    reader,
    datasets,
    digest,
    queries: benchQueries(reader, digest),
    warmFrom: datasets.length - 1,
  };
}

function databaseBytes(file: string): number {
  return ['', '-wal'].reduce((sum, suffix) => {
    try {
      return sum + statSync(file + suffix).size;
    } catch {
      return sum;
    }
  }, 0);
}

interface Measured {
  readonly results: SizeResult[];
  readonly storeSql: StoreStatement[];
  readonly handSql: HandStatement[];
}

/**
 * Builds each size (kept until the end), checks each registry's answers, then measures every
 * query at all sizes in turns: the hand SQL first (no server running), then the registries, each
 * in its own child process. Plans are captured at the largest size.
 */
async function runSizes(
  versions: readonly number[],
  settings: SearchSettings,
  progress: (m: string) => void,
): Promise<Measured> {
  const sizes: Size[] = [];
  try {
    for (const n of versions) sizes.push(await buildSize(n, progress));
    const names = sizes.map((size) => size.label).join(' and ');
    const loadBefore = loadavg()[0] ?? 0;
    const hand = {} as Record<QueryKey, number[][]>;
    for (const key of QUERY_KEYS)
      hand[key] = await timed(progress, `search: hand SQL (${key}) at ${names}, in turns`, () =>
        measureHandSql(sizes, key),
      );
    for (const size of sizes) {
      size.server = await startChildServer('./serve-registry.js', [size.file, size.dir]);
      const client = new HttpClient(size.server.url, 1);
      try {
        await timed(
          progress,
          `search ${size.label}: the registry's answers match the hand SQL and the data`,
          () => checkAnswers(client, size.reader, size.data, size.datasets),
        );
      } finally {
        client.close();
      }
    }
    const http = {} as Record<QueryKey, number[][]>;
    for (const key of QUERY_KEYS)
      http[key] = await timed(progress, `search: registry (${key}) over HTTP at ${names}, in turns`, () =>
        measureRegistry(sizes, key),
      );
    const loadAfter = loadavg()[0] ?? 0;
    for (const size of sizes) {
      await size.server?.stop();
      delete size.server;
    }

    const largest = sizes[sizes.length - 1] as Size;
    const storeSql = await captureStoreSql(largest.file, largest.dir, largest.driver, largest.queries);
    const values: Record<QueryKey, unknown[]> = {
      a: [THRESHOLD, OPTIMIZER],
      b: [largest.digest(0)],
      c: [largest.digest(0)],
      d: [RARE_THRESHOLD],
    };
    const handSql = QUERY_KEYS.map((query) => ({
      query,
      sql: largest.reader.statements[query],
      plan: planOf(largest.driver, largest.reader.statements[query], values[query]),
    }));
    const results = sizes.map((size, j): SizeResult => {
      const figures = Object.fromEntries(
        QUERY_KEYS.map((key) => [
          key,
          { registry: percentiles(http[key][j] ?? []), handSql: percentiles(hand[key][j] ?? []) },
        ]),
      ) as Record<QueryKey, QueryFigures>;
      return {
        versions: size.versions,
        models: size.data.models,
        artifactRows: size.data.artifactRows,
        datasets: size.data.assignment.datasets,
        databaseBytes: databaseBytes(size.file),
        loadSeconds: size.data.timings,
        figures,
        loadAverage: [loadBefore, loadAfter],
      };
    });
    return { results, storeSql, handSql };
  } finally {
    for (const size of sizes) {
      await size.server?.stop();
      size.driver.close();
      if (settings.keep) progress(`kept ${size.dir}`);
      else rmSync(size.dir, { recursive: true, force: true });
    }
  }
}

// ---- the report ----

export interface SearchReport {
  readonly small: SizeResult;
  readonly large: SizeResult;
  readonly fidelity: string;
  readonly storeSql: readonly StoreStatement[];
  readonly handSql: readonly HandStatement[];
  readonly targets: Readonly<Record<QueryKey, { readonly p95Ms: boolean; readonly growth: boolean }>>;
}

export async function runSearchBench(
  settings: SearchSettings,
  progress: (message: string) => void,
): Promise<SearchReport> {
  const scratch = mkdtempSync(join(tmpdir(), 'modelreg-search-fidelity-'));
  let fidelity: string;
  try {
    fidelity = await timed(
      progress,
      'search: the bulk loader writes what the store writes through the API',
      () => checkWriterFidelity(scratch),
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const measured = await runSizes([settings.small, settings.large], settings, progress);
  const [small, large] = measured.results as [SizeResult, SizeResult];
  const meets = (q: QueryKey) => {
    const [s, l] = [small.figures[q].registry, large.figures[q].registry];
    return {
      p95Ms: l.p95 < P95_TARGET_MS,
      growth: l.p50 / s.p50 < GROWTH_TARGET && l.p95 / s.p95 < GROWTH_TARGET,
    };
  };
  return {
    small,
    large,
    fidelity,
    storeSql: measured.storeSql,
    handSql: measured.handSql,
    targets: { a: meets('a'), b: meets('b'), c: meets('c'), d: meets('d') },
  };
}

/** Rows for the bench's main table: the registry beside the hand SQL (the driver baseline). */
export function searchComparisons(report: SearchReport): Comparison[] {
  const rows: Comparison[] = [];
  for (const q of QUERY_KEYS) {
    for (const size of [report.small, report.large]) {
      for (const p of ['p50', 'p95'] as const) {
        rows.push({
          metric: `search (${q}) ${p} at ${compact(size.versions)}, 1 client`,
          unit: 'ms',
          modelreg: size.figures[q].registry[p],
          baselines: { driver: size.figures[q].handSql[p] },
          samples: size.figures[q].registry.samples,
        });
      }
    }
  }
  return rows;
}

function compact(n: number): string {
  if (n >= 1_000_000 && n % 1_000_000 === 0) return `${n / 1_000_000}M`;
  if (n >= 1_000 && n % 1_000 === 0) return `${n / 1_000}k`;
  return n.toLocaleString('en-US');
}

function ms(value: number): string {
  return value >= 100 ? `${Math.round(value).toLocaleString('en-US')} ms` : `${value.toPrecision(3)} ms`;
}

function times(value: number): string {
  return `${value.toPrecision(3)}×`;
}

function gb(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${(bytes / 1e6).toFixed(0)} MB`;
}

/** The search section of the bench's text output. */
export function formatSearchReport(report: SearchReport): string[] {
  const { small, large } = report;
  const s = compact(small.versions);
  const l = compact(large.versions);
  const header = [
    'query',
    '',
    `registry ${s}`,
    `hand SQL ${s}`,
    'overhead',
    `registry ${l}`,
    `hand SQL ${l}`,
    'overhead',
    'growth',
    'growth hand SQL',
  ];
  const rows: string[][] = [];
  for (const q of QUERY_KEYS) {
    const [sf, lf] = [small.figures[q], large.figures[q]];
    for (const p of ['p50', 'p95', 'p99'] as const) {
      rows.push([
        p === 'p50' ? `(${q})` : '',
        p,
        ms(sf.registry[p]),
        ms(sf.handSql[p]),
        times(sf.registry[p] / sf.handSql[p]),
        ms(lf.registry[p]),
        ms(lf.handSql[p]),
        times(lf.registry[p] / lf.handSql[p]),
        times(lf.registry[p] / sf.registry[p]),
        times(lf.handSql[p] / sf.handSql[p]),
      ]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const verdict = (q: QueryKey) => {
    const t = report.targets[q];
    const [sf, lf] = [small.figures[q].registry, large.figures[q].registry];
    return (
      `(${q}) p95 at ${l} ${ms(lf.p95)}: ${t.p95Ms ? 'meets' : 'MISSES'} the target (< ${P95_TARGET_MS} ms); ` +
      `growth p50 ${times(lf.p50 / sf.p50)}, p95 ${times(lf.p95 / sf.p95)}: ` +
      `${t.growth ? 'meets' : 'MISSES'} the target (< ${GROWTH_TARGET})`
    );
  };
  const samples = (size: SizeResult) =>
    QUERY_KEYS.map(
      (q) => `(${q}) ${size.figures[q].registry.samples}/${size.figures[q].handSql.samples}`,
    ).join(', ');
  const load = (size: SizeResult) =>
    `${compact(size.versions)}: ${size.versions.toLocaleString('en-US')} versions in ${size.models.toLocaleString('en-US')} models, ` +
    `${size.artifactRows.toLocaleString('en-US')} artifacts, ${size.datasets.toLocaleString('en-US')} datasets; ` +
    `loaded in ${(size.loadSeconds.rows + size.loadSeconds.indexes + size.loadSeconds.analyze).toFixed(0)} s ` +
    `(rows ${size.loadSeconds.rows.toFixed(0)} s, artifact indexes ${size.loadSeconds.indexes.toFixed(0)} s, ` +
    `statistics ${size.loadSeconds.analyze.toFixed(1)} s), ${gb(size.databaseBytes)}`;
  return [
    `search: SQLite, ${s} and ${l} model versions, each with ${METRICS.length} metrics, ${PARAMS.length} parameters and 1 training dataset (${VERSIONS_PER_DATASET} versions per dataset); 1 client`,
    ...QUERY_KEYS.map((q) => `(${q}) ${QUERY_TITLES[q]}`),
    '(b) and (c): a different digest each request, from a fixed list',
    'hand SQL: the same answer through better-sqlite3 (prepared, same file, same pragmas); overhead = registry ÷ hand SQL;',
    `growth = the same figure at ${l} ÷ at ${s}`,
    '',
    line(header),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map(line),
    '',
    ...QUERY_KEYS.map(verdict),
    `samples (registry/hand SQL): ${s}: ${samples(small)}; ${l}: ${samples(large)}; every registry answer checked against the hand SQL`,
    `both sizes measured in turns, request by request; machine load (1-min average, ${cpus().length} CPUs) ` +
      `from the first to the last measurement: ${large.loadAverage.map((x) => x.toFixed(1)).join(' → ')}`,
    `load ${load(small)}`,
    `load ${load(large)}`,
    `bulk loader vs the store through the API: same rows and columns; ${report.fidelity}`,
    '',
    `store SQL at ${l}, with the values bound and SQLite's plans:`,
    ...report.storeSql.flatMap(({ query, sql, parameters, plan }) => [
      `  (${query}) ${sql}`,
      `      values: ${JSON.stringify(parameters)}`,
      ...plan.map((p) => `      plan: ${p}`),
    ]),
    `hand SQL at ${l}, with SQLite's plans:`,
    ...report.handSql.flatMap(({ query, sql, plan }) => [
      `  (${query}) ${sql.replace(/\s+/g, ' ')}`,
      ...plan.map((p) => `      plan: ${p}`),
    ]),
  ];
}

/** The search figures for the bench's JSON line. */
export function searchJson(report: SearchReport): Record<string, unknown> {
  const ratios = (q: QueryKey) =>
    Object.fromEntries(
      (['p50', 'p95', 'p99'] as const).map((p) => {
        const [sf, lf] = [report.small.figures[q], report.large.figures[q]];
        return [
          p,
          {
            growth: lf.registry[p] / sf.registry[p],
            growthHandSql: lf.handSql[p] / sf.handSql[p],
            overheadSmall: sf.registry[p] / sf.handSql[p],
            overheadLarge: lf.registry[p] / lf.handSql[p],
          },
        ];
      }),
    );
  return {
    queries: QUERY_TITLES,
    small: report.small,
    large: report.large,
    ratios: Object.fromEntries(QUERY_KEYS.map((q) => [q, ratios(q)])),
    targets: { p95Ms: P95_TARGET_MS, growth: GROWTH_TARGET, met: report.targets },
    fidelity: report.fidelity,
    storeSql: report.storeSql,
    handSql: report.handSql,
  };
}
