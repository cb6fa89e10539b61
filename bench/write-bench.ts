import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openMetadataStore } from '@modelreg/server';
import pg from 'pg';
import { startChildServer, type ChildServer } from './child-server.js';
import { HttpClient } from './http-client.js';
import { runLoad, type LoadResult } from './load.js';
import { processWrites, type ProcessWrites } from './process-io.js';
import { ownCpuMs, processCpuMs } from './process-cpu.js';
import { summarize, unitHash } from './stats.js';
import {
  postgresRawWriter,
  sqliteRawWriter,
  type RawWriter,
  type RegistrationRow,
} from './write-baseline.js';
import { intFromEnv } from './settings.js';

// The write path (issue 21, acceptance 1 and 2), run by `npm run bench` (BENCH_WRITE=0 skips it):
// registrations through the registry's HTTP API against the raw driver writing the same rows with
// the same durability (write-baseline.ts), on SQLite and on PostgreSQL, each database new.
// Two flows: Kubeflow's (POST model_versions, then POST model_versions/{id}/artifacts) and the
// one-call POST registrations. Sequential (one client) as a ratio to the driver; then
// BENCH_WRITE_CLIENTS concurrent clients (SQLite: one server; PostgreSQL: two replicas on one
// database), registrations/s and p99 latency; and the cost of the one info log line per request.

const API = '/api/model_registry/v1alpha3';
const VERSIONS_PER_MODEL = 100;

export interface WriteBenchSettings {
  /** BENCH_WRITE=0 skips this part. */
  readonly enabled: boolean;
  /** Registrations per phase (BENCH_WRITE_REGISTRATIONS, default 2000). */
  readonly registrations: number;
  /** Clients of the concurrent phases (BENCH_WRITE_CLIENTS, default 32). */
  readonly clients: number;
  /** Registrations of each flow and series before the measured ones (BENCH_WRITE_WARMUP, default 500). */
  readonly warmup: number;
  /** PostgreSQL server (BENCH_WRITE_POSTGRES, default the local test server; `0` skips PostgreSQL). */
  readonly postgresUrl: string | undefined;
}

export function readWriteBenchSettings(env: NodeJS.ProcessEnv): WriteBenchSettings {
  const pgText = env['BENCH_WRITE_POSTGRES'];
  return {
    enabled: env['BENCH_WRITE'] !== '0',
    registrations: intFromEnv(env, 'BENCH_WRITE_REGISTRATIONS', 2000),
    clients: intFromEnv(env, 'BENCH_WRITE_CLIENTS', 32),
    warmup: intFromEnv(env, 'BENCH_WRITE_WARMUP', 500),
    postgresUrl:
      pgText === '0'
        ? undefined
        : pgText === undefined || pgText === ''
          ? 'postgres://postgres@127.0.0.1:5432/test'
          : pgText,
  };
}

type Flow = 'kubeflow' | 'register';

/** The k-th registration of a phase: 100 per model, values derived from k. */
function rowOf(phase: string, k: number, modelIds: readonly number[]): RegistrationRow {
  const m = Math.floor(k / VERSIONS_PER_MODEL);
  return {
    modelId: modelIds[m] ?? 0,
    modelName: `${phase}-model-${m}`,
    versionName: `v${k}`,
    author: `author-${k % 7}`,
    accuracy: unitHash(k, 1),
    framework: ['pytorch', 'onnx', 'sklearn'][k % 3] ?? 'onnx',
    uri: `s3://bench/${phase}/${k}`,
  };
}

function versionBody(row: RegistrationRow) {
  return {
    name: row.versionName,
    registeredModelId: String(row.modelId),
    author: row.author,
    customProperties: {
      accuracy: { metadataType: 'MetadataDoubleValue', double_value: row.accuracy },
      framework: { metadataType: 'MetadataStringValue', string_value: row.framework },
    },
  };
}

const ARTIFACT = { artifactType: 'model-artifact', name: 'model', modelFormatName: 'onnx' } as const;

/** Registers the k-th row through HTTP, by either flow; `client` picks the replica. */
async function registerOverHttp(client: HttpClient, flow: Flow, row: RegistrationRow): Promise<void> {
  if (flow === 'kubeflow') {
    const version = (await client.postJson(`${API}/model_versions`, versionBody(row))) as { id: string };
    await client.postJson(`${API}/model_versions/${version.id}/artifacts`, { ...ARTIFACT, uri: row.uri });
    return;
  }
  const { registeredModelId: _model, ...modelVersion } = versionBody(row);
  await client.postJson(`${API}/registrations`, {
    registeredModel: { name: row.modelName },
    modelVersion,
    modelArtifact: { name: 'model', uri: row.uri, modelFormatName: 'onnx' },
  });
}

async function createModelsOverHttp(client: HttpClient, phase: string, models: number): Promise<number[]> {
  const ids: number[] = [];
  for (let m = 0; m < models; m++) {
    const created = (await client.postJson(`${API}/registered_models`, { name: `${phase}-model-${m}` })) as {
      id: string;
    };
    ids.push(Number(created.id));
  }
  return ids;
}

/** Registrations one after another, timed one by one; several series are measured in turns. */
interface Series {
  readonly name: string;
  readonly latenciesMs: number[];
  elapsedMs: number;
  readonly register: (k: number) => Promise<void>;
  /** CPU time so far of what writes the rows (a server process, or this one for the raw driver). */
  readonly cpuMs: () => number | undefined;
  /** That CPU, summed over the series' turns; undefined where /proc does not tell. */
  writerCpuMs: number | undefined;
}

/** A sequential series' result, with the CPU its writer spent per registration (µs). */
type SequentialResult = LoadResult & { readonly writerCpuUs: number | undefined };

function asResult(series: Series): SequentialResult {
  const n = series.latenciesMs.length;
  return {
    latenciesMs: series.latenciesMs,
    elapsedMs: series.elapsedMs,
    perSecond: (n / series.elapsedMs) * 1000,
    writerCpuUs: series.writerCpuMs === undefined ? undefined : (series.writerCpuMs / n) * 1000,
  };
}

/**
 * `count` registrations of every series, one client, in turns of ROUND registrations: load that
 * comes and goes on a shared machine then falls on the registry and its baseline alike.
 */
async function inTurns(series: readonly Series[], count: number): Promise<void> {
  const round = 25;
  for (let start = 0; start < count; start += round) {
    for (const s of series) {
      const cpu0 = s.cpuMs();
      const t0 = performance.now();
      for (let k = start; k < Math.min(count, start + round); k++) {
        const t = performance.now();
        await s.register(k);
        s.latenciesMs.push(performance.now() - t);
      }
      s.elapsedMs += performance.now() - t0;
      const cpu1 = s.cpuMs();
      s.writerCpuMs =
        cpu0 === undefined || cpu1 === undefined || s.writerCpuMs === undefined
          ? undefined
          : s.writerCpuMs + cpu1 - cpu0;
    }
  }
}

function series(
  name: string,
  register: (k: number) => Promise<void>,
  cpuMs: () => number | undefined,
): Series {
  return { name, latenciesMs: [], elapsedMs: 0, register, cpuMs, writerCpuMs: 0 };
}

async function httpSeries(server: ChildServer, phase: string, flow: Flow, count: number): Promise<Series> {
  const client = new HttpClient(server.url, 1);
  const modelIds = await createModelsOverHttp(client, phase, Math.ceil(count / VERSIONS_PER_MODEL));
  return series(
    phase,
    (k) => registerOverHttp(client, flow, rowOf(phase, k, modelIds)),
    () => processCpuMs(server.pid),
  );
}

async function rawSeries(writer: RawWriter, phase: string, flow: Flow, count: number): Promise<Series> {
  const modelIds: number[] = [];
  for (let m = 0; m < Math.ceil(count / VERSIONS_PER_MODEL); m++)
    modelIds.push(await writer.createModel(`${phase}-model-${m}`));
  // The raw driver runs in this process, and nothing else does while its turn runs (SQLite writes
  // here; PostgreSQL's backend, a process of its own, is not counted: nor is it for the servers).
  return series(
    phase,
    async (k) => {
      const row = rowOf(phase, k, modelIds);
      if (flow === 'register') await writer.register(row);
      else await writer.createArtifact(row, await writer.createVersion(row));
    },
    ownCpuMs,
  );
}

/**
 * A concurrent phase's load, the CPU its servers spent (all replicas' threads, if /proc tells) and
 * the load generator's (this process).
 */
type ConcurrentResult = LoadResult & {
  readonly serverCpuMs: number | undefined;
  readonly clientCpuMs: number;
  /** What the servers asked the kernel to write meanwhile (database, WAL, temporary files, sockets). */
  readonly serverWrites: ProcessWrites | undefined;
};

/** The write calls and bytes of every server so far, summed; undefined where /proc does not tell. */
function serversWrites(servers: readonly ChildServer[]): ProcessWrites | undefined {
  let calls = 0;
  let bytes = 0;
  for (const server of servers) {
    const writes = processWrites(server.pid);
    if (writes === undefined) return undefined;
    calls += writes.calls;
    bytes += writes.bytes;
  }
  return { calls, bytes };
}

/** The CPU time of every server so far, summed; undefined where /proc does not tell. */
function serversCpuMs(servers: readonly ChildServer[]): number | undefined {
  let sum = 0;
  for (const server of servers) {
    const ms = processCpuMs(server.pid);
    if (ms === undefined) return undefined;
    sum += ms;
  }
  return sum;
}

/**
 * `count` registrations from `clients` workers, spread over at least `clients` models (32
 * pipelines registering into one model at once would measure that model's lock, ADR 15);
 * registration k goes to replica k mod n.
 */
async function concurrentPhase(
  servers: readonly ChildServer[],
  phase: string,
  flow: Flow,
  count: number,
  clients: number,
): Promise<ConcurrentResult> {
  const http = servers.map((s) => new HttpClient(s.url, clients));
  try {
    const models = Math.max(clients, Math.ceil(count / VERSIONS_PER_MODEL));
    const modelIds = await createModelsOverHttp(http[0] as HttpClient, phase, models);
    const spread = (k: number) => (k % models) * VERSIONS_PER_MODEL + Math.floor(k / models);
    const cpuBefore = serversCpuMs(servers);
    const writesBefore = serversWrites(servers);
    const clientBefore = ownCpuMs();
    const result = await runLoad({ concurrency: clients, maxOperations: count, maxMs: 600_000 }, (k) =>
      registerOverHttp(http[k % http.length] as HttpClient, flow, rowOf(phase, spread(k), modelIds)),
    );
    const cpuAfter = serversCpuMs(servers);
    const writesAfter = serversWrites(servers);
    const clientCpuMs = ownCpuMs() - clientBefore;
    if (result.latenciesMs.length !== count)
      throw new Error(`${phase}: ${result.latenciesMs.length} of ${count} registrations in the time bound`);
    const serverCpuMs = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
    const serverWrites =
      writesBefore === undefined || writesAfter === undefined
        ? undefined
        : { calls: writesAfter.calls - writesBefore.calls, bytes: writesAfter.bytes - writesBefore.bytes };
    return { ...result, serverCpuMs, clientCpuMs, serverWrites };
  } finally {
    for (const client of http) client.close();
  }
}

export interface WriteFigures {
  readonly engine: 'sqlite' | 'postgres';
  readonly sequential: Record<
    Flow,
    {
      readonly registry: SequentialResult;
      readonly driver: SequentialResult;
      readonly ceiling: SequentialResult;
    }
  >;
  readonly concurrent: Record<Flow, ConcurrentResult>;
  readonly replicas: number;
  /** Sequential Kubeflow flow against a second server that logs one info line per request (SQLite only). */
  readonly logged?: LoadResult | undefined;
}

interface Engine {
  readonly engine: 'sqlite' | 'postgres';
  readonly url: string;
  readonly replicas: number;
  /** SQLite: a second database, served by a server logging at info (the cost of logging). */
  readonly loggedUrl?: string | undefined;
  raw(): Promise<RawWriter>;
  /** Where the HTTP ceiling (serve-raw-http.ts) writes: its engine and its SQLite file or PostgreSQL URL. */
  readonly rawHttp: readonly [engine: string, target: string];
}

async function measureEngine(
  settings: WriteBenchSettings,
  engine: Engine,
  dataDir: string,
  progress: (m: string) => void,
): Promise<WriteFigures> {
  await (await openMetadataStore(engine.url)).close();
  const n = settings.registrations;
  const start = (url: string, i: number, logging = 'silent') => {
    const dir = join(dataDir, `${engine.engine}-${logging}-${i}`);
    mkdirSync(dir, { recursive: true });
    return startChildServer('./serve-write.js', [url, dir, logging]);
  };
  const servers: ChildServer[] = [];
  const writer = await engine.raw();
  let ceiling: ChildServer | undefined;
  try {
    ceiling = await startChildServer('./serve-raw-http.js', engine.rawHttp);
    for (let i = 0; i < engine.replicas; i++) servers.push(await start(engine.url, i));
    const logger = engine.loggedUrl === undefined ? undefined : await start(engine.loggedUrl, 0, 'info');
    if (logger !== undefined) servers.push(logger);
    const first = servers[0] as ChildServer;
    // Not measured: every series runs `warmup` registrations of each flow first, in turns, so the
    // sequential phases compare steady states. A new server process spends its first thousand or
    // so requests compiling (V8's compiler threads took about 1 ms of CPU per registration over a
    // new registry's first thousand on a 2-vCPU machine, 0.1 ms after three thousand), beside
    // the client on the same two cores; the registry's code is much larger than the baselines'.
    if (settings.warmup > 0) {
      const w = settings.warmup;
      await inTurns(
        [
          await rawSeries(writer, 'warm-raw-kubeflow', 'kubeflow', w),
          await httpSeries(ceiling, 'warm-http-kubeflow', 'kubeflow', w),
          ...(await Promise.all(servers.map((s, i) => httpSeries(s, `warm-${i}-kubeflow`, 'kubeflow', w)))),
          await rawSeries(writer, 'warm-raw-register', 'register', w),
          await httpSeries(ceiling, 'warm-http-register', 'register', w),
          ...(await Promise.all(servers.map((s, i) => httpSeries(s, `warm-${i}-register`, 'register', w)))),
        ],
        w,
      );
    }
    const seq = {
      kubeflow: await httpSeries(first, 'seq-kubeflow', 'kubeflow', n),
      register: await httpSeries(first, 'seq-register', 'register', n),
      rawKubeflow: await rawSeries(writer, 'raw-kubeflow', 'kubeflow', n),
      rawRegister: await rawSeries(writer, 'raw-register', 'register', n),
      httpKubeflow: await httpSeries(ceiling, 'http-kubeflow', 'kubeflow', n),
      httpRegister: await httpSeries(ceiling, 'http-register', 'register', n),
      logged: logger === undefined ? undefined : await httpSeries(logger, 'log-kubeflow', 'kubeflow', n),
    };
    await inTurns(
      [
        seq.rawKubeflow,
        seq.httpKubeflow,
        seq.kubeflow,
        ...(seq.logged === undefined ? [] : [seq.logged]),
        seq.rawRegister,
        seq.httpRegister,
        seq.register,
      ],
      n,
    );
    progress(
      `write bench, ${engine.engine}: ${n} sequential registrations of each flow, registry, driver and driver behind node:http in turns`,
    );
    await ceiling.stop();
    ceiling = undefined;
    if (logger !== undefined) await servers.pop()?.stop();
    const concurrent = {
      kubeflow: await concurrentPhase(servers, 'con-kubeflow', 'kubeflow', n, settings.clients),
      register: await concurrentPhase(servers, 'con-register', 'register', n, settings.clients),
    };
    progress(`write bench, ${engine.engine}: ${settings.clients} clients, ${servers.length} server(s)`);
    return {
      engine: engine.engine,
      sequential: {
        kubeflow: {
          registry: asResult(seq.kubeflow),
          driver: asResult(seq.rawKubeflow),
          ceiling: asResult(seq.httpKubeflow),
        },
        register: {
          registry: asResult(seq.register),
          driver: asResult(seq.rawRegister),
          ceiling: asResult(seq.httpRegister),
        },
      },
      concurrent,
      replicas: engine.replicas,
      logged: seq.logged === undefined ? undefined : asResult(seq.logged),
    };
  } finally {
    await writer.close();
    await ceiling?.stop();
    for (const s of servers) await s.stop();
  }
}

/** A database of its own on the PostgreSQL server, dropped afterwards. */
async function withPostgresDatabase<T>(url: string, work: (url: string) => Promise<T>): Promise<T> {
  const name = `modelreg_write_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name}`);
    await admin.query(`create database ${name}`);
    const own = new URL(url);
    own.pathname = `/${name}`;
    return await work(own.toString());
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
    await admin.end();
  }
}

const rate = (r: LoadResult) => r.perSecond;

/**
 * The servers' CPU per registration, and how busy that kept each server (its share of one core:
 * a server's JavaScript and SQLite run on one thread, so near 100 % it is the limit), beside the
 * load generator's share: what both leave of the machine's cores was idle.
 */
function serverCpu(c: ConcurrentResult, replicas: number): string {
  const clients = `; the clients ${((c.clientCpuMs / c.elapsedMs) * 100).toFixed(0)} % of a core`;
  if (c.serverCpuMs === undefined) return clients;
  const perRegistration = (c.serverCpuMs / c.latenciesMs.length) * 1000;
  const busy = c.serverCpuMs / c.elapsedMs / replicas;
  return `; server CPU ${perRegistration.toFixed(0)} µs per registration, ${(busy * 100).toFixed(0)} % of a core per server${clients}${serverWrites(c)}`;
}

/** The servers' write calls and bytes per registration: their disk work, and what it cost in calls. */
function serverWrites(c: ConcurrentResult): string {
  if (c.serverWrites === undefined) return '';
  const n = c.latenciesMs.length;
  return `; the servers wrote ${(c.serverWrites.bytes / n / 1024).toFixed(0)} KiB in ${(c.serverWrites.calls / n).toFixed(0)} write calls per registration`;
}

const us = (value: number) => `${value.toFixed(0)} µs`;

/**
 * Where a sequential registration's CPU goes (information): the registry's server, the HTTP
 * ceiling's server and the raw driver (in the bench's process), all threads, per registration;
 * the database server's own processes (PostgreSQL) are in none of them.
 */
function sequentialCpu(p: WriteFigures['sequential'][Flow]): string[] {
  const { registry, ceiling, driver } = p;
  if (
    registry.writerCpuUs === undefined ||
    ceiling.writerCpuUs === undefined ||
    driver.writerCpuUs === undefined
  )
    return [];
  return [
    `  ${''.padEnd(17)} CPU per registration: registry server ${us(registry.writerCpuUs)}, ceiling's server ${us(ceiling.writerCpuUs)}, raw driver ${us(driver.writerCpuUs)}; the registry's own ${us(registry.writerCpuUs - ceiling.writerCpuUs)} more than the ceiling's`,
  ];
}

export function formatWriteReport(all: readonly WriteFigures[], clients: number, warmup: number): string[] {
  const lines = [
    '',
    'write path: registrations (ratio = registry ÷ raw driver, same rows, same durability; target ≥ 0.5)',
    `  each series measured after ${warmup} registrations of each flow that are not (BENCH_WRITE_WARMUP)`,
  ];
  for (const f of all) {
    for (const flow of ['kubeflow', 'register'] as const) {
      const { registry, driver, ceiling } = f.sequential[flow];
      const seq = summarize(registry.latenciesMs);
      const ratio = rate(registry) / rate(driver);
      lines.push(
        `  ${f.engine.padEnd(8)} ${flow.padEnd(8)} sequential ${rate(registry).toFixed(0).padStart(6)}/s, driver ${rate(driver).toFixed(0).padStart(6)}/s, ratio ${ratio.toFixed(2)} ${ratio >= 0.5 ? 'met' : 'MISSED'}; p50 ${seq.p50.toFixed(2)} ms, p99 ${seq.p99.toFixed(2)} ms`,
        `  ${''.padEnd(17)} driver behind node:http ${rate(ceiling).toFixed(0).padStart(6)}/s (${(rate(ceiling) / rate(driver)).toFixed(2)} of the driver: the HTTP ceiling); registry ${(rate(registry) / rate(ceiling)).toFixed(2)} of it`,
        ...sequentialCpu(f.sequential[flow]),
      );
    }
  }
  lines.push(
    `concurrent: ${clients} clients (SQLite: one server; PostgreSQL: replicas on one database); SQLite target ≥ 3 × sequential`,
  );
  for (const f of all) {
    for (const flow of ['kubeflow', 'register'] as const) {
      const c = f.concurrent[flow];
      const s = summarize(c.latenciesMs);
      const times = rate(c) / rate(f.sequential[flow].registry);
      const target = f.engine === 'sqlite' ? ` ${times >= 3 ? 'met' : 'MISSED'}` : '';
      lines.push(
        `  ${f.engine.padEnd(8)} ${flow.padEnd(8)} ${f.replicas} server(s) ${rate(c).toFixed(0).padStart(6)}/s (${times.toFixed(2)} × sequential${target}); p50 ${s.p50.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms${serverCpu(c, f.replicas)}`,
      );
    }
    if (f.logged !== undefined) {
      const ratio = rate(f.logged) / rate(f.sequential.kubeflow.registry);
      lines.push(
        `  ${f.engine} kubeflow sequential with one info log line per request: ${rate(f.logged).toFixed(0)}/s, ${ratio.toFixed(3)} of silent`,
      );
    }
  }
  return lines;
}

export function writeJson(all: readonly WriteFigures[]): object {
  const brief = (r: LoadResult) => ({ perSecond: r.perSecond, ...summarize(r.latenciesMs) });
  return all.map((f) => ({
    engine: f.engine,
    replicas: f.replicas,
    sequential: Object.fromEntries(
      Object.entries(f.sequential).map(([flow, p]) => [
        flow,
        {
          registry: { ...brief(p.registry), serverCpuUs: p.registry.writerCpuUs },
          driver: { ...brief(p.driver), cpuUs: p.driver.writerCpuUs },
          ratio: rate(p.registry) / rate(p.driver),
          driverBehindHttp: { ...brief(p.ceiling), serverCpuUs: p.ceiling.writerCpuUs },
          ofCeiling: rate(p.registry) / rate(p.ceiling),
        },
      ]),
    ),
    concurrent: Object.fromEntries(
      Object.entries(f.concurrent).map(([flow, r]) => [
        flow,
        { ...brief(r), serverCpuMs: r.serverCpuMs, clientCpuMs: r.clientCpuMs, serverWrites: r.serverWrites },
      ]),
    ),
    logged: f.logged === undefined ? undefined : brief(f.logged),
  }));
}

/** Runs the write bench on SQLite, then PostgreSQL when reachable, and prints its report and one JSON line. */
export async function printWriteBench(
  settings: WriteBenchSettings,
  tmp: string,
  progress: (m: string) => void,
): Promise<void> {
  const dir = mkdtempSync(join(tmp, 'modelreg-write-bench-'));
  const all: WriteFigures[] = [];
  const skipped: string[] = [];
  try {
    const file = join(dir, 'registry.db');
    const sqliteUrl = `sqlite:${file}`;
    const rawFile = join(dir, 'raw.db');
    await (await openMetadataStore(`sqlite:${rawFile}`)).close();
    const rawHttpFile = join(dir, 'raw-http.db');
    await (await openMetadataStore(`sqlite:${rawHttpFile}`)).close();
    all.push(
      await measureEngine(
        settings,
        {
          engine: 'sqlite',
          url: sqliteUrl,
          replicas: 1,
          loggedUrl: `sqlite:${join(dir, 'logged.db')}`,
          raw: () => Promise.resolve(sqliteRawWriter(rawFile)),
          rawHttp: ['sqlite', rawHttpFile],
        },
        dir,
        progress,
      ),
    );
    if (settings.postgresUrl === undefined) skipped.push('PostgreSQL: skipped (BENCH_WRITE_POSTGRES=0)');
    else {
      const base = settings.postgresUrl;
      try {
        all.push(
          await withPostgresDatabase(base, (url) =>
            measureEngine(
              settings,
              {
                engine: 'postgres',
                url,
                replicas: 2,
                raw: () => postgresRawWriter(url),
                rawHttp: ['postgres', url],
              },
              dir,
              progress,
            ),
          ),
        );
      } catch (error) {
        if (!String(error).includes('ECONNREFUSED')) throw error;
        skipped.push(`PostgreSQL: skipped (${base} refused the connection)`);
      }
    }
    const lines = [
      ...formatWriteReport(all, settings.clients, settings.warmup),
      ...skipped.map((s) => `  ${s}`),
    ];
    process.stdout.write(
      `${lines.join('\n')}\n${JSON.stringify({ bench: 'modelreg-write', registrations: settings.registrations, clients: settings.clients, results: writeJson(all) })}\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
