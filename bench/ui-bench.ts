import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { BUILT_WEB_UI, openMetadataStore } from '@modelreg/server';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startChildServer } from './child-server.js';
import { openDriver, type Db } from './dataset.js';
import { HttpClient } from './http-client.js';
import { DatasetAssignment, SearchWriter } from './search-dataset.js';
import { rollupMismatches, type LoadedStage } from './version-rollup-writer.js';
import { percentile } from './stats.js';

// The web UI bench (issue 18, acceptance 3): a registry of BENCH_UI_MODELS registered models and
// BENCH_UI_VERSIONS versions (one model holds BENCH_UI_BIG_MODEL of them), bulk-loaded with the
// search bench's writer; the server in a child process; Debian's chromium through playwright-core.
// Measured, in turns: the time from navigation to the first row of the models list, and of the
// big model's versions table, in the browser; beside each, the API request that page waits on,
// over HTTP (the baseline: what the browser adds). And the JavaScript the first page loads, gzipped.

const API = '/api/model_registry/v1alpha3';
const CHROMIUM = '/usr/bin/chromium';
const BIG_MODEL = 'big-model';
/** Target of the issue: the first page of each in under this, in the browser. */
export const FIRST_PAGE_TARGET_MS = 1_000;
export const JS_TARGET_BYTES = 300 * 1024;
const ROUNDS = 15;
const TRANSACTION = 20_000;

export interface UiBenchSettings {
  readonly enabled: boolean;
  readonly models: number;
  readonly versions: number;
  readonly bigModel: number;
  readonly keep: boolean;
}

function count(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 10)
    throw new Error(`${name} must be an integer ≥ 10, got '${text}'`);
  return value;
}

export function readUiSettings(env: NodeJS.ProcessEnv): UiBenchSettings {
  const settings = {
    enabled: env['BENCH_UI'] !== '0',
    models: count(env, 'BENCH_UI_MODELS', 100_000),
    versions: count(env, 'BENCH_UI_VERSIONS', 1_000_000),
    bigModel: count(env, 'BENCH_UI_BIG_MODEL', 10_000),
    keep: env['BENCH_KEEP'] === '1',
  };
  if (settings.bigModel >= settings.versions || settings.versions - settings.bigModel < settings.models - 1)
    throw new Error('BENCH_UI_VERSIONS must leave at least one version for each model beside the big one');
  return settings;
}

/** Owners shared by many models (ties for the Owner ordering), and every 10th model without one. */
function ownerOf(m: number): string | null {
  return m % 10 === 9 ? null : `team-${String(m % 97).padStart(2, '0')}`;
}

/** Every 10th version in Production, every 10th + 1 in Staging, the others in Development. */
function stageOf(k: number): LoadedStage {
  return k % 10 === 0 ? 'Production' : k % 10 === 1 ? 'Staging' : 'Development';
}

/**
 * The big model first (its versions with the search bench's metrics, parameters and dataset, so
 * its page can show metric columns), then the other models with their versions as bare rows,
 * spread evenly; each version in its stage (stageOf), and each model's version summary as the
 * store keeps it (VersionRollupWriter).
 */
function load(db: Db, settings: UiBenchSettings, progress: (message: string) => void): void {
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -1000000');
  const writer = new SearchWriter(db);
  const now = Date.now() - settings.versions;
  const assignment = new DatasetAssignment(settings.bigModel);
  db.transaction(() => {
    const big = writer.model(BIG_MODEL, now, now + settings.bigModel);
    for (let k = 0; k < settings.bigModel; k++)
      writer.version(big, k, assignment.datasetOf(k), now + k, `v${k}`, stageOf(k));
  })();
  const others = settings.models - 1;
  const rest = settings.versions - settings.bigModel;
  let k = settings.bigModel;
  const write = db.transaction((from: number, to: number) => {
    for (let m = from; m < to; m++) {
      const versions = Math.floor(rest / others) + (m < rest % others ? 1 : 0);
      const model = writer.model(
        `model-${String(m).padStart(6, '0')}`,
        now + k,
        now + k + versions - 1,
        ownerOf(m),
      );
      for (let j = 0; j < versions; j++, k++) writer.bareVersion(model, k, now + k, `v${j}`, stageOf(k));
    }
  });
  for (let from = 0; from < others; from += TRANSACTION / 10) {
    write(from, Math.min(others, from + TRANSACTION / 10));
    if (from % (TRANSACTION * 2) === 0)
      progress(`  ${from.toLocaleString('en-US')} / ${others.toLocaleString('en-US')} models written`);
  }
  db.pragma('cache_size = -16000');
  db.pragma('synchronous = NORMAL');
  db.pragma('journal_mode = WAL');
  db.pragma('analysis_limit = 1000');
  db.pragma('optimize = 0x10002');
  const rows = Number(db.prepare('select count(*) from model_version').pluck().get());
  if (rows !== settings.versions) throw new Error(`loaded ${rows} versions, not ${settings.versions}`);
  const mismatches = rollupMismatches(db);
  if (mismatches > 0) throw new Error(`${mismatches} models' version summaries differ from their versions`);
}

/** The JavaScript of the first page: index.html's entry script and what it preloads, gzipped as served. */
export function firstPageJavaScript(dir: string = BUILT_WEB_UI): {
  files: number;
  bytes: number;
  gzipped: number;
} {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const paths = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="\/([^"]+\.js)"/g)].map(
    (m) => m[1] as string,
  );
  let bytes = 0;
  let gzipped = 0;
  for (const path of paths) {
    const body = readFileSync(join(dir, path));
    bytes += body.length;
    gzipped += gzipSync(body, { level: 9 }).length;
  }
  return { files: paths.length, bytes, gzipped };
}

export interface Summary {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
}

function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    max: percentile(sorted, 100),
  };
}

export interface UiBenchReport {
  readonly settings: UiBenchSettings;
  readonly loadSeconds: number;
  /** The machine's 1-minute load average while measuring (browser timings grow with it). */
  readonly loadAverage: number;
  readonly js: ReturnType<typeof firstPageJavaScript>;
  /**
   * The models list in each ordering its headers offer, and the big model's versions. Browser:
   * navigation to first row (ms); API: the request the page waits on (ms).
   */
  readonly pages: readonly PageTiming[];
}

export interface PageTiming {
  readonly what: string;
  readonly cold: number;
  /** Navigation in a new tab (as a link opened from elsewhere). */
  readonly browser: Summary;
  /** The same navigation again in that tab (the tab's process and the page's code warm). */
  readonly sameTab: Summary;
  readonly api: Summary;
}

/**
 * The models list as each column header orders it (in the direction of its first click, as the
 * UI's URL puts it), then the big model's page. The first is the UI's default: last change.
 */
export const LIST_ORDERS = [
  ['LAST_UPDATE_TIME', 'DESC'],
  ['LATEST_VERSION', 'DESC'],
  ['PRODUCTION_VERSION', 'DESC'],
  ['STAGE', 'DESC'],
  ['OWNER', 'ASC'],
] as const;

interface Target {
  readonly what: string;
  readonly url: string;
  readonly ready: string;
  readonly api: string;
}

/** Milliseconds from the navigation's start to `ready` being visible, by the page's own clock. */
async function timeToFirstRow(page: Page, url: string, ready: string): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  await page.locator(ready).first().waitFor();
  return page.evaluate(() => performance.now());
}

/**
 * Each target's first load (nothing cached, the server's SQLite pages cold for its rows), then
 * ROUNDS rounds of every target in turn, each in a new tab (as a link opened from elsewhere: the
 * scripts come from the browser's cache) and once more in that tab, then its API request alone.
 */
async function measure(context: BrowserContext, client: HttpClient, targets: readonly Target[]) {
  const coldPage = await context.newPage();
  const cold: number[] = [];
  for (const target of targets) cold.push(await timeToFirstRow(coldPage, target.url, target.ready));
  await coldPage.close();
  const browserSamples = targets.map(() => [] as number[]);
  const sameTabSamples = targets.map(() => [] as number[]);
  const apiSamples = targets.map(() => [] as number[]);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, target] of targets.entries()) {
      const page = await context.newPage();
      browserSamples[i]?.push(await timeToFirstRow(page, target.url, target.ready));
      sameTabSamples[i]?.push(await timeToFirstRow(page, target.url, target.ready));
      await page.close();
      const t0 = performance.now();
      const answer = await client.request('GET', target.api);
      if (answer.status !== 200)
        throw new Error(`GET ${target.api}: ${answer.status} ${answer.body.slice(0, 200)}`);
      apiSamples[i]?.push(performance.now() - t0);
    }
  }
  return targets.map((target, i): PageTiming => ({
    what: target.what,
    cold: cold[i] ?? 0,
    browser: summarize(browserSamples[i] ?? []),
    sameTab: summarize(sameTabSamples[i] ?? []),
    api: summarize(apiSamples[i] ?? []),
  }));
}

export async function runUiBench(
  settings: UiBenchSettings,
  progress: (message: string) => void,
): Promise<UiBenchReport | string> {
  if (!existsSync(CHROMIUM)) return `skipped: no ${CHROMIUM} (apt-get install -y chromium)`;
  if (!existsSync(join(BUILT_WEB_UI, 'index.html'))) return 'skipped: the web UI is not built';
  const dir = mkdtempSync(join(tmpdir(), 'modelreg-ui-bench-'));
  const dbFile = join(dir, 'registry.db');
  let browser: Browser | undefined;
  let server: Awaited<ReturnType<typeof startChildServer>> | undefined;
  try {
    await (await openMetadataStore(`sqlite:${dbFile}`)).close();
    const started = performance.now();
    progress(
      `UI bench: loading ${settings.models.toLocaleString('en-US')} models, ${settings.versions.toLocaleString('en-US')} versions`,
    );
    const db = openDriver(dbFile);
    try {
      load(db, settings, progress);
    } finally {
      db.close();
    }
    const loadSeconds = (performance.now() - started) / 1000;
    server = await startChildServer('./serve-registry.js', [dbFile, dir]);
    const client = new HttpClient(server.url, 1);
    const bigId = JSON.parse((await client.request('GET', `${API}/registered_model?name=${BIG_MODEL}`)).body)
      .id as string;
    const listReady = 'table.data-table tbody th a';
    const base = server.url;
    const targets: Target[] = [
      ...LIST_ORDERS.map(([orderBy, sortOrder]) => ({
        what: `models list by ${orderBy} ${sortOrder}`,
        url: `${base}/?sort=${orderBy}&order=${sortOrder}`,
        ready: listReady,
        api: `${API}/model_summaries?orderBy=${orderBy}&sortOrder=${sortOrder}&pageSize=50`,
      })),
      {
        what: `${BIG_MODEL} versions`,
        url: `${base}/models/${BIG_MODEL}`,
        ready: `table.data-table tbody a[href^="/models/${BIG_MODEL}/versions/"]`,
        api: `${API}/registered_models/${bigId}/versions?orderBy=CREATE_TIME&sortOrder=DESC&pageSize=50`,
      },
    ];
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    const pages = await measure(
      await browser.newContext({ viewport: { width: 1366, height: 860 } }),
      client,
      targets,
    );
    client.close();
    return {
      settings,
      loadSeconds,
      loadAverage: loadavg()[0] ?? 0,
      js: firstPageJavaScript(),
      pages,
    };
  } finally {
    await browser?.close();
    await server?.stop();
    if (settings.keep) progress(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

export function formatUiReport(report: UiBenchReport | string): string[] {
  if (typeof report === 'string') return [`web UI: ${report}`];
  const { settings, js } = report;
  const line = (r: PageTiming) =>
    `  ${r.what}, navigation to first row: first load ${r.cold.toFixed(0)} ms; then p50 ${r.browser.p50.toFixed(0)} ms, p95 ${r.browser.p95.toFixed(0)} ms, ` +
    `max ${r.browser.max.toFixed(0)} ms (target < ${FIRST_PAGE_TARGET_MS} ms); the API request alone p50 ${r.api.p50.toFixed(1)} ms, ` +
    `ratio browser ÷ API ${(r.browser.p50 / r.api.p50).toFixed(1)}×; again in the same tab p50 ${r.sameTab.p50.toFixed(0)} ms, ` +
    `p95 ${r.sameTab.p95.toFixed(0)} ms`;
  return [
    `web UI (${settings.models.toLocaleString('en-US')} models, ${settings.versions.toLocaleString('en-US')} versions, ` +
      `one model with ${settings.bigModel.toLocaleString('en-US')}; loaded in ${report.loadSeconds.toFixed(0)} s; ${ROUNDS} rounds; ` +
      `load average ${report.loadAverage.toFixed(1)}):`,
    ...report.pages.map(line),
    `  first page JavaScript: ${js.files} files, ${(js.bytes / 1024).toFixed(1)} kB, ${(js.gzipped / 1024).toFixed(1)} kB gzipped (target < 300 kB)`,
  ];
}

export function uiJson(report: UiBenchReport | string) {
  return typeof report === 'string' ? { skipped: report } : report;
}
