import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRegistry, loadServerConfig, openMetadataStore } from '@modelreg/server';
import { startChildServer } from './child-server.js';
import { openDriver, type Db, type SqlRow } from './dataset.js';
import { HttpClient } from './http-client.js';
import { FRAMEWORK, HandSql, LIST_FILTER, PAGE_SIZE, type PageRows } from './list-hand-sql.js';
import { ownCpuMs, processCpuMs } from './process-cpu.js';
import { SearchWriter } from './search-dataset.js';
import { percentile, unitHash } from './stats.js';
import { intFromEnv } from './settings.js';

// Issue 21, acceptance 3: the list of one model's 1,000 versions, filtered by a custom property
// and ordered by name, as a Kubeflow client pages it (GET registered_models/{id}/versions with
// filterQuery, orderBy=NAME, pageSize=100 and the next page's token), against hand-written SQL
// through better-sqlite3 on the same file returning the same rows and the same custom properties.
// Registry and hand SQL take turns walk by walk, so load on a shared machine falls on both alike.

const API = '/api/model_registry/v1alpha3';
/** The big model holds twice the listed versions: the filter keeps every other one. */
const LISTED = 1_000;
/** Target of the issue: the registry's p50 and p95 at most this many times the hand SQL's. */
export const LIST_RATIO_TARGET = 3;
const OTHERS_PER_MODEL = 100;

export interface ListBenchSettings {
  /** BENCH_LISTS=0 skips this part. */
  readonly enabled: boolean;
  /** BENCH_LIST_WALKS: timed walks of the whole list, each way (default 40). */
  readonly walks: number;
  /** BENCH_LIST_OTHERS: versions in other models around the listed one (default 50000). */
  readonly others: number;
}

export function readListBenchSettings(env: NodeJS.ProcessEnv): ListBenchSettings {
  return {
    enabled: env['BENCH_LISTS'] !== '0',
    walks: intFromEnv(env, 'BENCH_LIST_WALKS', 40, 2),
    others: intFromEnv(env, 'BENCH_LIST_OTHERS', 50_000, 0),
  };
}

// ---- the registry ----

/** Version j of the listed model: a name whose order is not the id order, and four properties. */
function bigVersion(j: number) {
  return {
    name: `run-${String(Math.floor(unitHash(j, 301) * 1e6)).padStart(6, '0')}-${j}`,
    properties: [
      ['accuracy', 'double', unitHash(j, 302)],
      ['dataset', 'string', `imagenet-${j % 7}`],
      ['epochs', 'int', 1 + (j % 90)],
      ['framework', 'string', j % 2 === 0 ? FRAMEWORK : 'tensorflow'],
    ] as const,
  };
}

/**
 * Loads `others` versions in models of 100 (bare rows, each with two properties) and one model
 * with 2 × LISTED versions, half of them `framework = 'pytorch'`; rows as the store writes them
 * (SearchWriter, whose fidelity the search bench checks; custom_property rows as the store's
 * EntityProperties writes them). Returns the listed model's id.
 */
function loadRegistry(db: Db, others: number, now: number): number {
  const writer = new SearchWriter(db);
  const property = db.prepare<[number, string, string, number | null, number | null, string | null]>(
    `insert into custom_property (owner_kind, owner_id, name, value_type, int_value, double_value, string_value)
     values ('model_version', ?, ?, ?, ?, ?, ?)`,
  );
  const write = (id: number, name: string, type: 'int' | 'double' | 'string', value: number | string) =>
    property.run(
      id,
      name,
      type,
      type === 'int' ? Number(value) : null,
      type === 'double' ? Number(value) : null,
      type === 'string' ? String(value) : null,
    );
  return db.transaction(() => {
    let modelId = 0;
    for (let k = 0; k < others; k++) {
      if (k % OTHERS_PER_MODEL === 0) modelId = writer.model(`list-other-${k}`, now + k, now + k + 99);
      const id = writer.bareVersion(modelId, k, now + k);
      write(id, 'accuracy', 'double', unitHash(k, 303));
      write(id, 'framework', 'string', k % 3 === 0 ? FRAMEWORK : 'onnx');
    }
    const big = writer.model('list-bench-model', now + others, now + others + 2 * LISTED);
    for (let j = 0; j < 2 * LISTED; j++) {
      const spec = bigVersion(j);
      const id = writer.bareVersion(big, others + j, now + others + j, spec.name);
      for (const [name, type, value] of spec.properties) write(id, name, type, value);
    }
    return big;
  })();
}

// ---- the registry over HTTP ----

interface WireProperty {
  metadataType: string;
  double_value?: number;
  string_value?: string;
  int_value?: string;
}
interface WirePage {
  items: { id: string; name: string; customProperties: Record<string, WireProperty> }[];
  nextPageToken: string;
  size: number;
}

function pagePath(modelId: number, token: string): string {
  const next = token === '' ? '' : `&nextPageToken=${encodeURIComponent(token)}`;
  return `${API}/registered_models/${modelId}/versions?filterQuery=${encodeURIComponent(LIST_FILTER)}&orderBy=NAME&sortOrder=ASC&pageSize=${PAGE_SIZE}${next}`;
}

function wireValue(p: WireProperty): string {
  return String(p.double_value ?? p.string_value ?? p.int_value);
}

function sqlValue(p: SqlRow): string {
  return String(p['double_value'] ?? p['string_value'] ?? p['int_value']);
}

/** Fails the bench unless the registry's page holds the hand SQL's rows, in order, with the same properties. */
function checkPage(wire: WirePage, hand: PageRows, index: number): void {
  const fail = (why: string) => {
    throw new Error(`list bench: page ${index + 1} of the registry differs from the hand SQL: ${why}`);
  };
  if (wire.items.length !== hand.rows.length) fail(`${wire.items.length} rows, hand SQL ${hand.rows.length}`);
  if ((wire.nextPageToken === '') !== (hand.next === undefined))
    fail('one says more pages follow, the other not');
  wire.items.forEach((item, i) => {
    const row = hand.rows[i] ?? {};
    if (item.id !== String(row['id']) || item.name !== row['name'])
      fail(`row ${i} is ${item.id} ${item.name}, hand SQL ${String(row['id'])} ${String(row['name'])}`);
    const expected = hand.properties.get(Number(row['id'])) ?? [];
    const got = Object.entries(item.customProperties).map(([name, p]) => `${name}=${wireValue(p)}`);
    const want = expected.map((p) => `${String(p['name'])}=${sqlValue(p)}`);
    if (JSON.stringify(got.sort()) !== JSON.stringify(want.sort()))
      fail(`version ${item.id}'s properties ${got.join(', ')}; hand SQL ${want.join(', ')}`);
  });
}

interface Walk {
  readonly pagesMs: number[];
  readonly totalMs: number;
}

async function walkRegistry(
  client: HttpClient,
  modelId: number,
  expected?: readonly PageRows[],
): Promise<Walk> {
  const pagesMs: number[] = [];
  let token = '';
  const started = performance.now();
  for (let index = 0; ; index++) {
    const t0 = performance.now();
    const page = (await client.getJson(pagePath(modelId, token))) as WirePage;
    pagesMs.push(performance.now() - t0);
    const want = expected?.[index];
    if (expected !== undefined) {
      if (want === undefined)
        throw new Error(`list bench: the registry returned more than ${expected.length} pages`);
      checkPage(page, want, index);
    }
    if (page.nextPageToken === '') break;
    token = page.nextPageToken;
  }
  return { pagesMs, totalMs: performance.now() - started };
}

function walkHand(hand: HandSql): { walk: Walk; pages: PageRows[] } {
  const pagesMs: number[] = [];
  const pages: PageRows[] = [];
  let after: readonly [string, number] | undefined;
  const started = performance.now();
  do {
    const t0 = performance.now();
    const page = hand.page(after);
    pagesMs.push(performance.now() - t0);
    pages.push(page);
    after = page.next;
  } while (after !== undefined);
  return { walk: { pagesMs, totalMs: performance.now() - started }, pages };
}

// ---- the report ----

export interface Percentiles {
  readonly p50: number;
  readonly p95: number;
  readonly samples: number;
}

function percentiles(samples: readonly number[]): Percentiles {
  const sorted = [...samples].sort((x, y) => x - y);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), samples: sorted.length };
}

export interface ListFigures {
  readonly registry: Percentiles;
  readonly handSql: Percentiles;
  readonly ratios: { readonly p50: number; readonly p95: number };
  readonly met: boolean;
}

export interface ListReport {
  readonly others: number;
  readonly pages: number;
  /** One page of 100 (every page of every walk is a sample). */
  readonly page: ListFigures;
  /** The whole list, page after page. */
  readonly walk: ListFigures;
  /** The SQL the store ran for one page after the first, in order. */
  readonly storeSql: readonly string[];
  readonly handSql: readonly string[];
  /**
   * CPU per page, which a loaded machine skews far less than latency: the server process's (all
   * of its work for the request) and the bench process's while it runs the hand SQL.
   */
  readonly cpuPerPageMs:
    { readonly server: number; readonly handSql: number; readonly bareHttp: number } | undefined;
  /** The registry against the hand SQL behind a bare node:http server (information). */
  readonly bareHttp: { readonly page: ListFigures; readonly walk: ListFigures };
  readonly loadAverage: readonly [number, number];
}

function figures(registry: readonly number[], hand: readonly number[]): ListFigures {
  const [r, h] = [percentiles(registry), percentiles(hand)];
  const ratios = { p50: r.p50 / h.p50, p95: r.p95 / h.p95 };
  return {
    registry: r,
    handSql: h,
    ratios,
    met: ratios.p50 <= LIST_RATIO_TARGET && ratios.p95 <= LIST_RATIO_TARGET,
  };
}

/** The statements the store runs for the second page of the list, captured in-process. */
async function captureStoreSql(dbFile: string, dataDir: string, modelId: number): Promise<string[]> {
  const statements: string[] = [];
  let capturing = false;
  const config = loadServerConfig({ db: `sqlite:${dbFile}`, dataDir, logLevel: 'silent', port: 0 }, {});
  const { app, store } = await createRegistry(config, {
    onQuery: (sql) => {
      if (capturing) statements.push(sql);
    },
  });
  try {
    const first = (await (await app.request(pagePath(modelId, ''))).json()) as WirePage;
    capturing = true;
    const response = await app.request(pagePath(modelId, first.nextPageToken));
    capturing = false;
    if (response.status !== 200) throw new Error(`list bench: in-process page answered ${response.status}`);
  } finally {
    await store.close();
  }
  return statements;
}

interface Walker {
  readonly pagesMs: number[];
  readonly walksMs: number[];
  /** CPU of whoever answered, summed over the walks; undefined where /proc does not tell. */
  cpuMs: number | undefined;
}

const walker = (): Walker => ({ pagesMs: [], walksMs: [], cpuMs: 0 });

/** Adds a walk and the CPU its answerer spent meanwhile (`before` and `after` from process-cpu.ts). */
function record(into: Walker, walk: Walk, before: number | undefined, after: number | undefined): void {
  into.pagesMs.push(...walk.pagesMs);
  into.walksMs.push(walk.totalMs);
  into.cpuMs =
    into.cpuMs === undefined || before === undefined || after === undefined
      ? undefined
      : into.cpuMs + after - before;
}

/** The bare server's walk: the hand SQL's pages over HTTP, each after the last row of the one before. */
async function walkBare(client: HttpClient): Promise<Walk> {
  const pagesMs: number[] = [];
  const started = performance.now();
  let next: [string, number] | null = null;
  do {
    const t0 = performance.now();
    const query: string = next === null ? '' : `?name=${encodeURIComponent(next[0])}&id=${next[1]}`;
    next = ((await client.getJson(`/${query}`)) as { next: [string, number] | null }).next;
    pagesMs.push(performance.now() - t0);
  } while (next !== null);
  return { pagesMs, totalMs: performance.now() - started };
}

/**
 * Walks of the whole list by the registry, the hand SQL in process and the hand SQL behind a bare
 * node:http server, in turns (who goes first rotates), after three warm-up walks each; every page
 * of the registry is checked against the hand SQL's while warming up and every fifth walk.
 */
async function measureWalks(
  walks: number,
  setup: { dbFile: string; dir: string; modelId: number; hand: HandSql; expected: readonly PageRows[] },
) {
  const { dbFile, dir, modelId, hand, expected } = setup;
  const server = await startChildServer('./serve-registry.js', [dbFile, dir]);
  const bareServer = await startChildServer('./serve-hand-list.js', [dbFile, String(modelId)]);
  const client = new HttpClient(server.url, 1);
  const bareClient = new HttpClient(bareServer.url, 1);
  const load0 = loadavg()[0] ?? 0;
  const [registry, inProcess, bare] = [walker(), walker(), walker()];
  try {
    for (let i = 0; i < 3; i++) {
      await walkRegistry(client, modelId, expected);
      walkHand(hand);
      await walkBare(bareClient);
    }
    const turns: (() => Promise<void>)[] = [
      async () => {
        const before = processCpuMs(server.pid);
        const w = await walkRegistry(
          client,
          modelId,
          registry.walksMs.length % 5 === 0 ? expected : undefined,
        );
        record(registry, w, before, processCpuMs(server.pid));
      },
      () => {
        const before = ownCpuMs();
        const { walk } = walkHand(hand);
        record(inProcess, walk, before, ownCpuMs());
        return Promise.resolve();
      },
      async () => {
        const before = processCpuMs(bareServer.pid);
        const w = await walkBare(bareClient);
        record(bare, w, before, processCpuMs(bareServer.pid));
      },
    ];
    for (let i = 0; i < walks; i++) {
      for (let t = 0; t < turns.length; t++) await turns[(i + t) % turns.length]?.();
    }
  } finally {
    client.close();
    bareClient.close();
    await server.stop();
    await bareServer.stop();
  }
  const perPage = (w: Walker) => (w.cpuMs === undefined ? undefined : w.cpuMs / w.pagesMs.length);
  const [serverCpu, handSqlCpu, bareCpu] = [perPage(registry), perPage(inProcess), perPage(bare)];
  return {
    page: figures(registry.pagesMs, inProcess.pagesMs),
    walk: figures(registry.walksMs, inProcess.walksMs),
    bareHttp: {
      page: figures(registry.pagesMs, bare.pagesMs),
      walk: figures(registry.walksMs, bare.walksMs),
    },
    cpuPerPageMs:
      serverCpu === undefined || handSqlCpu === undefined || bareCpu === undefined
        ? undefined
        : { server: serverCpu, handSql: handSqlCpu, bareHttp: bareCpu },
    loadAverage: [load0, loadavg()[0] ?? 0] as const,
  };
}

export async function runListBench(
  settings: ListBenchSettings,
  progress: (message: string) => void,
): Promise<ListReport> {
  const dir = mkdtempSync(join(tmpdir(), 'modelreg-list-bench-'));
  const dbFile = join(dir, 'registry.db');
  let db: Db | undefined;
  try {
    await (await openMetadataStore(`sqlite:${dbFile}`)).close();
    const driver = openDriver(dbFile);
    db = driver;
    const modelId = loadRegistry(driver, settings.others, Date.now() - 10_000_000);
    driver.pragma('analysis_limit = 1000');
    driver.pragma('optimize = 0x10002');
    progress(
      `lists: ${settings.others} versions around one model of ${2 * LISTED}, ${LISTED} of them listed`,
    );
    const hand = new HandSql(driver, modelId);
    const expected = walkHand(hand).pages;
    const storeSql = await captureStoreSql(dbFile, dir, modelId);
    const measured = await measureWalks(settings.walks, { dbFile, dir, modelId, hand, expected });
    return {
      others: settings.others,
      pages: expected.length,
      storeSql,
      handSql: hand.statements(),
      ...measured,
    };
  } finally {
    db?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatListReport(report: ListReport): string[] {
  const ms = (v: number) => `${v.toFixed(2)} ms`;
  const line = (what: string, f: ListFigures) =>
    `  ${what.padEnd(34)} registry p50 ${ms(f.registry.p50)} p95 ${ms(f.registry.p95)}; ` +
    `hand SQL p50 ${ms(f.handSql.p50)} p95 ${ms(f.handSql.p95)}; ratio p50 ${f.ratios.p50.toFixed(2)}× ` +
    `p95 ${f.ratios.p95.toFixed(2)}× (target ≤ ${LIST_RATIO_TARGET}×: ${f.met ? 'met' : 'MISSED'}; n=${f.registry.samples})`;
  const bareLine = (what: string, f: ListFigures) =>
    `  ${what.padEnd(34)} bare p50 ${ms(f.handSql.p50)} p95 ${ms(f.handSql.p95)}; registry ÷ bare p50 ` +
    `${f.ratios.p50.toFixed(2)}× p95 ${f.ratios.p95.toFixed(2)}×`;
  return [
    `list of ${LISTED} versions of one model (of ${2 * LISTED}; ${report.others} versions in other models), ` +
      `filterQuery ${LIST_FILTER}, orderBy=NAME, pageSize=${PAGE_SIZE}, one client, HTTP vs hand SQL in turns ` +
      `(load average ${report.loadAverage[0].toFixed(2)} → ${report.loadAverage[1].toFixed(2)}):`,
    line('one page of 100', report.page),
    line(`the whole list (${report.pages} pages)`, report.walk),
    '  the same hand SQL behind a bare node:http server answering JSON (information: what HTTP adds):',
    bareLine('one page of 100', report.bareHttp.page),
    bareLine(`the whole list (${report.pages} pages)`, report.bareHttp.walk),
    ...(report.cpuPerPageMs === undefined
      ? []
      : [
          `  CPU per page (information): registry server ${ms(report.cpuPerPageMs.server)}, hand SQL ` +
            `${ms(report.cpuPerPageMs.handSql)}, ratio ${(report.cpuPerPageMs.server / report.cpuPerPageMs.handSql).toFixed(2)}×; ` +
            `bare HTTP server ${ms(report.cpuPerPageMs.bareHttp)}`,
        ]),
    '  store SQL for one page after the first:',
    ...report.storeSql.map((sql) => `    ${sql}`),
    '  hand SQL:',
    ...report.handSql.map((sql) => `    ${sql.replace(/\s+/g, ' ')}`),
  ];
}

export function listJson(report: ListReport): Record<string, unknown> {
  return { bench: 'modelreg-lists', listed: LISTED, pageSize: PAGE_SIZE, filter: LIST_FILTER, ...report };
}

/** Runs the list bench and prints its lines and one JSON line. */
export async function printListBench(
  settings: ListBenchSettings,
  progress: (m: string) => void,
): Promise<void> {
  const report = await runListBench(settings, progress);
  process.stdout.write(`\n${formatListReport(report).join('\n')}\n${JSON.stringify(listJson(report))}\n`);
}
