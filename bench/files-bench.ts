import { spawnSync } from 'node:child_process';
import {
  createReadStream,
  mkdtempSync,
  openSync,
  closeSync,
  readFileSync,
  rmSync,
  writeSync,
  fsyncSync,
} from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { createHash, randomFillSync } from 'node:crypto';
import { ModelRegistry } from '@modelreg/client';
import { startChildServer, type ChildServer } from './child-server.js';
import { ownCpuMs, processCpuMs } from './process-cpu.js';
import { intFromEnv } from './settings.js';

// The model-files part of `npm run bench` (issue 4, acceptance 4 and 5): upload and download
// throughput of one large file through the registry (disk backend, 127.0.0.1) beside baselines
// measured in the same run, and the registry process's peak RSS while it moves a 2 GB file.

const API = '/api/model_registry/v1alpha3';
const MB = 1024 * 1024;
const RSS_SAMPLE_MS = 50;

export interface FilesBenchSettings {
  /** BENCH_FILES=0 skips this part. */
  readonly enabled: boolean;
  /** Size of the throughput file, MiB (BENCH_FILE_MB, default 1024). */
  readonly fileMb: number;
  /** Size of the memory file, MiB (BENCH_RSS_FILE_MB, default 2048). */
  readonly rssFileMb: number;
  /** Runs of each throughput measurement; the median is reported (BENCH_FILE_RUNS, default 5). */
  readonly runs: number;
  /** Downloads are short and this machine noisy: more rounds of them than of uploads. */
  readonly downloadRuns: number;
}

export function readFilesBenchSettings(env: NodeJS.ProcessEnv): FilesBenchSettings {
  return {
    enabled: env['BENCH_FILES'] !== '0',
    fileMb: intFromEnv(env, 'BENCH_FILE_MB', 1024),
    rssFileMb: intFromEnv(env, 'BENCH_RSS_FILE_MB', 2048),
    runs: intFromEnv(env, 'BENCH_FILE_RUNS', 5),
    downloadRuns: intFromEnv(env, 'BENCH_DOWNLOAD_RUNS', 15),
  };
}

/** One line of the files table: the registry's figure beside its baseline. */
export interface FilesComparison {
  readonly metric: string;
  readonly unit: 'MB/s' | 'MB' | 'ms/GiB';
  readonly modelreg: number;
  readonly baseline?: { readonly name: string; readonly value: number };
  /** modelreg ÷ baseline, for rates. */
  readonly ratio?: number;
  readonly target: string;
  readonly met?: boolean;
  readonly samples: number;
}

export interface FilesBenchResult {
  readonly comparisons: readonly FilesComparison[];
  readonly details: Record<string, unknown>;
}

function progress(message: string): void {
  process.stderr.write(`· ${message}\n`);
}

function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(`files bench check failed: ${message}`);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** A file of random bytes, written in 64 MiB pieces (never whole in memory). */
export function writeRandomFile(path: string, bytes: number): void {
  const piece = Buffer.allocUnsafe(Math.min(64 * MB, bytes));
  randomFillSync(piece);
  const fd = openSync(path, 'w');
  try {
    for (let written = 0; written < bytes;) {
      const n = Math.min(piece.length, bytes - written);
      writeSync(fd, piece, 0, n, written);
      written += n;
      // Each piece differs from the last, so no block repeats at a fixed distance.
      piece.writeUInt32LE(written, 0);
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes the file's content unique to one run (its first 8 bytes), so content-addressed storage cannot skip it. */
export function stamp(path: string, run: number): void {
  const fd = openSync(path, 'r+');
  try {
    const mark = Buffer.alloc(8);
    mark.writeDoubleLE(Date.now() + run, 0);
    writeSync(fd, mark, 0, 8, 0);
  } finally {
    closeSync(fd);
  }
}

/** `cp` of the file on the same disk: the upload baseline. */
function timeCp(source: string, target: string): number {
  rmSync(target, { force: true });
  const t0 = performance.now();
  const result = spawnSync('cp', [source, target], { stdio: ['ignore', 'ignore', 'pipe'] });
  const elapsed = performance.now() - t0;
  if (result.status !== 0) throw new Error(`cp failed: ${result.stderr.toString()}`);
  rmSync(target, { force: true });
  return elapsed;
}

/** `cp`, then an fsync of the copy (`sync <file>`): a copy as durable as a committed upload. */
export function timeCpSync(source: string, target: string): number {
  rmSync(target, { force: true });
  const t0 = performance.now();
  const result = spawnSync('sh', ['-c', 'cp "$1" "$2" && sync "$2"', 'cp-sync', source, target], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const elapsed = performance.now() - t0;
  if (result.status !== 0) throw new Error(`cp + sync failed: ${result.stderr.toString()}`);
  rmSync(target, { force: true });
  return elapsed;
}

/** sha256 of the file as the server computes it on the way (node:crypto, one core): the ceiling of a hashing upload. */
async function timeSha256(source: string): Promise<number> {
  const t0 = performance.now();
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(source, { highWaterMark: MB })) hash.update(chunk as Buffer);
  hash.digest();
  return performance.now() - t0;
}

interface RawAnswer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
  /** Bytes of the body when it was drained rather than kept. */
  readonly drained: number;
}

/**
 * One request with node:http on a fresh connection. A file body is piped from disk; a response is
 * either kept (JSON) or drained and counted (file bytes), by the same code for both servers.
 */
function rawRequest(
  baseUrl: string,
  method: string,
  path: string,
  options: { file?: string; size?: number; json?: unknown; drain?: boolean } = {},
): Promise<RawAnswer> {
  const url = new URL(baseUrl);
  const payload = options.json === undefined ? undefined : JSON.stringify(options.json);
  const headers: Record<string, string | number> = {};
  if (payload !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = Buffer.byteLength(payload);
  } else if (options.file !== undefined) {
    headers['content-type'] = 'application/octet-stream';
    headers['content-length'] = options.size ?? 0;
  }
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: url.hostname, port: Number(url.port), method, path, headers, agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        let drained = 0;
        response.on('data', (chunk: Buffer) => {
          if (options.drain === true) drained += chunk.length;
          else chunks.push(chunk);
        });
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            drained,
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    if (options.file !== undefined) createReadStream(options.file, { highWaterMark: MB }).pipe(request);
    else request.end(payload);
  });
}

async function json<T>(answer: Promise<RawAnswer>, expected: number, what: string): Promise<T> {
  const got = await answer;
  check(
    got.status === expected,
    `${what}: expected ${expected}, got ${got.status}: ${got.body.slice(0, 300)}`,
  );
  return (got.body === '' ? undefined : JSON.parse(got.body)) as T;
}

/** A new model version of the registry, to upload into. */
async function newVersion(url: string, name: string): Promise<string> {
  const model = await json<{ id: string }>(
    rawRequest(url, 'POST', `${API}/registered_models`, { json: { name } }),
    201,
    'create model',
  );
  const version = await json<{ id: string }>(
    rawRequest(url, 'POST', `${API}/model_versions`, { json: { name: 'v1', registeredModelId: model.id } }),
    201,
    'create version',
  );
  return version.id;
}

/**
 * Upload session, one PUT of the whole file, commit: milliseconds from the session to the
 * commit's answer, and the file's sha256.
 */
async function uploadThroughRegistry(
  url: string,
  versionId: string,
  source: string,
  size: number,
): Promise<{ ms: number; sha256: string }> {
  const t0 = performance.now();
  const upload = await json<{ id: string }>(
    rawRequest(url, 'POST', `${API}/model_versions/${versionId}/uploads`, {
      json: { files: [{ path: 'model.bin', size }] },
    }),
    201,
    'create upload',
  );
  const put = await json<{ received: number; sha256?: string }>(
    rawRequest(url, 'PUT', `${API}/uploads/${upload.id}/files/model.bin`, { file: source, size }),
    200,
    'PUT model.bin',
  );
  check(put.received === size, `the registry received ${put.received} of ${size} bytes`);
  await json(rawRequest(url, 'POST', `${API}/uploads/${upload.id}/commit`, { json: {} }), 201, 'commit');
  const ms = performance.now() - t0;
  check(put.sha256 !== undefined, 'the PUT of the last byte answers the sha256');
  return { ms, sha256: put.sha256 };
}

/** PUT of the whole file to the bare receiving server: milliseconds to its answer. */
async function uploadToBareServer(url: string, source: string, size: number): Promise<number> {
  const t0 = performance.now();
  await json(rawRequest(url, 'PUT', '/model.bin', { file: source, size }), 200, 'bare PUT');
  return performance.now() - t0;
}

/** GET of the file, drained and counted: milliseconds to the last byte. */
async function download(url: string, path: string, size: number): Promise<number> {
  const t0 = performance.now();
  const got = await rawRequest(url, 'GET', path, { drain: true });
  const elapsed = performance.now() - t0;
  check(got.status === 200, `GET ${path}: ${got.status} ${got.body.slice(0, 200)}`);
  check(got.drained === size, `GET ${path}: ${got.drained} of ${size} bytes`);
  return elapsed;
}

/** A timed download, and the CPU the serving process and this one (the client) spent on it. */
interface MeasuredDownload {
  readonly ms: number;
  readonly serverCpuMs: number;
  readonly clientCpuMs: number;
}

async function measuredDownload(server: ChildServer, path: string, size: number): Promise<MeasuredDownload> {
  const server0 = processCpuMs(server.pid) ?? NaN;
  const client0 = ownCpuMs();
  const ms = await download(server.url, path, size);
  return {
    ms,
    serverCpuMs: (processCpuMs(server.pid) ?? NaN) - server0,
    clientCpuMs: ownCpuMs() - client0,
  };
}

/**
 * CPU per GiB over all rounds: the serving process's, and with the client's. On this 2-core VM a
 * download keeps both cores busy (the server's event loop and read thread, the client), so its
 * rate is the bytes over the CPU they take; wall time per round swings by a third either way with
 * the host, far more than the few percent measured here.
 */
function cpuPerGiB(runs: readonly MeasuredDownload[], size: number): { server: number; total: number } {
  const gib = (runs.length * size) / (1024 * MB);
  const server = runs.reduce((sum, run) => sum + run.serverCpuMs, 0);
  const client = runs.reduce((sum, run) => sum + run.clientCpuMs, 0);
  return { server: server / gib, total: (server + client) / gib };
}

/** Samples a process's resident set (VmRSS of /proc/<pid>/status) every 50 ms; Linux only. */
class RssSampler {
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly samples: number[] = [];

  constructor(private readonly pid: number) {}

  static available(pid: number): boolean {
    return RssSampler.read(pid) !== undefined;
  }

  private static read(pid: number): number | undefined {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status)?.[1];
      return kb === undefined ? undefined : Number(kb) * 1024;
    } catch {
      return undefined;
    }
  }

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), RSS_SAMPLE_MS);
  }

  /** The peak in bytes, and how many samples it is the peak of. */
  stop(): { peak: number; samples: number } {
    clearInterval(this.timer);
    this.sample();
    return { peak: Math.max(...this.samples), samples: this.samples.length };
  }

  private sample(): void {
    const rss = RssSampler.read(this.pid);
    if (rss !== undefined) this.samples.push(rss);
  }
}

/** The bare download baseline: node:http streaming the file with createReadStream(...).pipe(res). */
async function startBareFileServer(file: string): Promise<ChildServer> {
  return startChildServer('./serve-file.js', [file]);
}

function rate(bytes: number, ms: number): number {
  return bytes / MB / (ms / 1000);
}

export async function runFilesBench(
  settings: FilesBenchSettings,
  parentDir: string,
): Promise<FilesBenchResult> {
  const dir = mkdtempSync(join(parentDir, 'modelreg-bench-files-'));
  const dataDir = join(dir, 'registry-data');
  const source = join(dir, 'model.bin');
  const size = settings.fileMb * MB;
  let registry: ChildServer | undefined;
  let bare: ChildServer | undefined;
  let sink: ChildServer | undefined;
  let unchecked: ChildServer | undefined;
  try {
    progress(`files: writing a ${settings.fileMb} MiB random file`);
    writeRandomFile(source, size);

    registry = await startChildServer('./serve-registry.js', [join(dir, 'registry.db'), dataDir]);
    const url = registry.url;
    bare = await startChildServer('./serve-upload.js', [join(dir, 'received.bin')]);
    const bareUploadUrl = bare.url;
    sink = await startChildServer('./serve-upload.js', ['--discard']);
    const sinkUrl = sink.url;

    // Warm-up: a small upload and download, so the first measured run pays no first-use costs.
    const warm = join(dir, 'warm.bin');
    writeRandomFile(warm, 4 * MB);
    const warmVersion = await newVersion(url, 'files-warm');
    await uploadThroughRegistry(url, warmVersion, warm, 4 * MB);
    await download(url, `${API}/model_versions/${warmVersion}/files/model.bin`, 4 * MB);

    // Upload: interleaved with the baselines, each run on freshly stamped content. The steps take
    // turns at going first: on a VM, writing into memory a step before just freed is several times
    // faster than into memory the guest has not used yet, so no step may always follow another.
    const cpMs: number[] = [];
    const cpSyncMs: number[] = [];
    const shaMs: number[] = [];
    const bareUploadMs: number[] = [];
    const sinkMs: number[] = [];
    const uploadMs: number[] = [];
    const versions: string[] = [];
    let lastDigest = '';
    for (let run = 0; run < settings.runs; run++) {
      stamp(source, run);
      const steps: (() => Promise<void>)[] = [
        async () => {
          cpMs.push(timeCp(source, join(dir, 'copy.bin')));
        },
        async () => {
          cpSyncMs.push(timeCpSync(source, join(dir, 'copy.bin')));
        },
        async () => {
          shaMs.push(await timeSha256(source));
        },
        async () => {
          bareUploadMs.push(await uploadToBareServer(bareUploadUrl, source, size));
          rmSync(join(dir, 'received.bin'), { force: true });
        },
        async () => {
          sinkMs.push(await uploadToBareServer(sinkUrl, source, size));
        },
        async () => {
          const versionId = await newVersion(url, `files-bench-${run}`);
          const upload = await uploadThroughRegistry(url, versionId, source, size);
          uploadMs.push(upload.ms);
          lastDigest = upload.sha256;
          versions.push(versionId);
        },
      ];
      for (let step = 0; step < steps.length; step++) await steps[(run + step) % steps.length]?.();
      progress(
        `files: run ${run + 1}/${settings.runs}: cp ${rate(size, cpMs[run] ?? 0).toFixed(0)} MB/s, cp + sync ${rate(size, cpSyncMs[run] ?? 0).toFixed(0)} MB/s, bare node:http upload ${rate(size, bareUploadMs[run] ?? 0).toFixed(0)} MB/s (discarded ${rate(size, sinkMs[run] ?? 0).toFixed(0)} MB/s), registry upload ${rate(size, uploadMs[run] ?? 0).toFixed(0)} MB/s`,
      );
    }

    // Download: the last uploaded version, against the bare server streaming the very file the
    // registry stores it in (so both read a file in the same cache state), read once before.
    const lastVersion = versions.at(-1) ?? '';
    const filePath = `${API}/model_versions/${lastVersion}/files/model.bin`;
    const blob = join(dataDir, 'artifacts', 'blobs', 'sha256', lastDigest.slice(0, 2), lastDigest);
    await bare.stop();
    await sink.stop();
    sink = undefined;
    bare = await startBareFileServer(blob);
    const bareUrl = bare.url;
    await download(bareUrl, '/model.bin', size);
    // The same registry on the same files serving downloads unchecked: what verified serving costs.
    unchecked = await startChildServer('./serve-registry.js', [
      join(dir, 'registry.db'),
      dataDir,
      'metrics',
      'unchecked',
    ]);
    const uncheckedUrl = unchecked.url;
    await download(uncheckedUrl, filePath, size);
    // The registry's first download of the file hashes it whole with sha256 and records its segment
    // checksums; later ones are checked against those (docs/adr/0026-segment-checksums.md).
    const firstMs = await download(url, filePath, size);
    const registryMs: number[] = [];
    const uncheckedMs: number[] = [];
    const bareMs: number[] = [];
    const checkedRuns: MeasuredDownload[] = [];
    const uncheckedRuns: MeasuredDownload[] = [];
    const checkedServer = registry;
    const uncheckedServer = unchecked;
    for (let run = 0; run < settings.downloadRuns; run++) {
      const steps = [
        async () => {
          const measured = await measuredDownload(checkedServer, filePath, size);
          checkedRuns.push(measured);
          registryMs.push(measured.ms);
        },
        async () => {
          const measured = await measuredDownload(uncheckedServer, filePath, size);
          uncheckedRuns.push(measured);
          uncheckedMs.push(measured.ms);
        },
        async () => bareMs.push(await download(bareUrl, '/model.bin', size)),
      ];
      for (let step = 0; step < steps.length; step++) await steps[(run + step) % steps.length]?.();
      progress(
        `files: download round ${run + 1}/${settings.downloadRuns}: registry download ${rate(size, registryMs[run] ?? 0).toFixed(0)} MB/s, ${(checkedRuns[run]?.serverCpuMs ?? 0).toFixed(0)} ms CPU (unchecked ${rate(size, uncheckedMs[run] ?? 0).toFixed(0)} MB/s, ${(uncheckedRuns[run]?.serverCpuMs ?? 0).toFixed(0)} ms CPU), bare node ${rate(size, bareMs[run] ?? 0).toFixed(0)} MB/s`,
      );
    }
    await bare.stop();
    bare = undefined;
    await unchecked.stop();
    unchecked = undefined;

    // The SDK end to end (sha256 on the client both ways), for information: no baseline target.
    const sdk = new ModelRegistry({ url, token: '' });
    const sdkVersion = await newVersion(url, 'files-bench-sdk');
    let t0 = performance.now();
    await sdk.uploadFiles(sdkVersion, source, { resume: false });
    const sdkUploadMs = performance.now() - t0;
    t0 = performance.now();
    await sdk.downloadFiles(sdkVersion, join(dir, 'sdk-out'));
    const sdkDownloadMs = performance.now() - t0;
    rmSync(join(dir, 'sdk-out'), { recursive: true, force: true });
    progress(
      `files: SDK upload ${rate(size, sdkUploadMs).toFixed(0)} MB/s, download ${rate(size, sdkDownloadMs).toFixed(0)} MB/s`,
    );

    // Memory: a fresh registry process moving a 2 GiB file, RSS sampled every 50 ms.
    await registry.stop();
    registry = undefined;
    rmSync(source, { force: true });
    const big = join(dir, 'big.bin');
    const bigSize = settings.rssFileMb * MB;
    progress(`files: writing a ${settings.rssFileMb} MiB random file`);
    writeRandomFile(big, bigSize);
    registry = await startChildServer('./serve-registry.js', [join(dir, 'registry.db'), dataDir]);
    const rssUrl = registry.url;
    check(RssSampler.available(registry.pid), `cannot read /proc/${registry.pid}/status (Linux only)`);
    const idleRss = new RssSampler(registry.pid);
    idleRss.start();
    const idle = idleRss.stop();
    const bigVersion = await newVersion(rssUrl, 'files-bench-rss');
    const uploadSampler = new RssSampler(registry.pid);
    uploadSampler.start();
    const { ms: bigUploadMs } = await uploadThroughRegistry(rssUrl, bigVersion, big, bigSize);
    const uploadRss = uploadSampler.stop();
    const downloadSampler = new RssSampler(registry.pid);
    downloadSampler.start();
    const bigDownloadMs = await download(
      rssUrl,
      `${API}/model_versions/${bigVersion}/files/model.bin`,
      bigSize,
    );
    const downloadRss = downloadSampler.stop();
    progress(
      `files: ${settings.rssFileMb} MiB: peak RSS ${(uploadRss.peak / MB).toFixed(0)} MB upload, ${(downloadRss.peak / MB).toFixed(0)} MB download (idle ${(idle.peak / MB).toFixed(0)} MB)`,
    );

    const cp = rate(size, median(cpMs));
    const up = rate(size, median(uploadMs));
    const down = rate(size, median(registryMs));
    const bareDown = rate(size, median(bareMs));
    const uncheckedDown = rate(size, median(uncheckedMs));
    const checkedCpu = cpuPerGiB(checkedRuns, size);
    const uncheckedCpu = cpuPerGiB(uncheckedRuns, size);
    // Without /proc (not Linux) there is no CPU figure: the wall-time ratio carries the target.
    const cpuKnown = Number.isFinite(checkedCpu.total) && Number.isFinite(uncheckedCpu.total);
    const label = `${settings.fileMb} MiB`;
    const bigLabel = `${settings.rssFileMb} MiB`;
    const comparisons: FilesComparison[] = [
      {
        metric: `upload ${label} (session + PUT + commit)`,
        unit: 'MB/s',
        modelreg: up,
        baseline: { name: 'cp', value: cp },
        ratio: up / cp,
        target: '≥ 0.8',
        met: up / cp >= 0.8,
        samples: settings.runs,
      },
      {
        metric: `download ${label} (GET)`,
        unit: 'MB/s',
        modelreg: down,
        baseline: { name: 'bare node:http', value: bareDown },
        ratio: down / bareDown,
        target: '≥ 0.8',
        met: down / bareDown >= 0.8,
        samples: settings.downloadRuns,
      },
      {
        metric: `verified download ${label}: CPU per GiB, registry + client`,
        unit: 'ms/GiB',
        modelreg: checkedCpu.total,
        baseline: { name: 'the same registry, unchecked', value: uncheckedCpu.total },
        ratio: uncheckedCpu.total / checkedCpu.total,
        target: cpuKnown ? '≥ 0.95' : 'no /proc here',
        ...(cpuKnown ? { met: uncheckedCpu.total / checkedCpu.total >= 0.95 } : {}),
        samples: settings.downloadRuns,
      },
      {
        metric: `verified download ${label}: CPU per GiB, registry alone`,
        unit: 'ms/GiB',
        modelreg: checkedCpu.server,
        baseline: { name: 'the same registry, unchecked', value: uncheckedCpu.server },
        ratio: uncheckedCpu.server / checkedCpu.server,
        target: 'info',
        samples: settings.downloadRuns,
      },
      {
        metric: `verified download ${label} (segment checksums checked on the way), wall time`,
        unit: 'MB/s',
        modelreg: down,
        baseline: { name: 'the same registry, unchecked', value: uncheckedDown },
        ratio: down / uncheckedDown,
        target: cpuKnown ? 'info' : '≥ 0.95',
        ...(cpuKnown ? {} : { met: down / uncheckedDown >= 0.95 }),
        samples: settings.downloadRuns,
      },
      {
        metric: `first download ${label} (sha256 on the way, records segment checksums)`,
        unit: 'MB/s',
        modelreg: rate(size, firstMs),
        baseline: { name: 'the same registry, unchecked', value: uncheckedDown },
        ratio: rate(size, firstMs) / uncheckedDown,
        target: 'info',
        samples: 1,
      },
      {
        metric: `upload ${label} vs a durable cp`,
        unit: 'MB/s',
        modelreg: up,
        baseline: { name: 'cp + sync', value: rate(size, median(cpSyncMs)) },
        ratio: up / rate(size, median(cpSyncMs)),
        target: 'info',
        samples: settings.runs,
      },
      {
        metric: `upload ${label} vs bare node:http to disk`,
        unit: 'MB/s',
        modelreg: up,
        baseline: { name: 'bare node:http', value: rate(size, median(bareUploadMs)) },
        ratio: up / rate(size, median(bareUploadMs)),
        target: 'info',
        samples: settings.runs,
      },
      {
        metric: `upload ${label} vs bare node:http discarding the body`,
        unit: 'MB/s',
        modelreg: up,
        baseline: { name: 'HTTP only', value: rate(size, median(sinkMs)) },
        ratio: up / rate(size, median(sinkMs)),
        target: 'info',
        samples: settings.runs,
      },
      {
        metric: `upload ${label} vs sha256 of the file (one core)`,
        unit: 'MB/s',
        modelreg: up,
        baseline: { name: 'sha256', value: rate(size, median(shaMs)) },
        ratio: up / rate(size, median(shaMs)),
        target: 'info',
        samples: settings.runs,
      },
      {
        metric: `SDK uploadFiles ${label} (client sha256)`,
        unit: 'MB/s',
        modelreg: rate(size, sdkUploadMs),
        baseline: { name: 'cp', value: cp },
        ratio: rate(size, sdkUploadMs) / cp,
        target: 'info',
        samples: 1,
      },
      {
        metric: `SDK downloadFiles ${label} (sha256, fsync)`,
        unit: 'MB/s',
        modelreg: rate(size, sdkDownloadMs),
        baseline: { name: 'bare node:http', value: bareDown },
        ratio: rate(size, sdkDownloadMs) / bareDown,
        target: 'info',
        samples: 1,
      },
      {
        metric: `server peak RSS, upload ${bigLabel}`,
        unit: 'MB',
        modelreg: uploadRss.peak / MB,
        target: '< 200 MB',
        met: uploadRss.peak < 200 * MB,
        samples: uploadRss.samples,
      },
      {
        metric: `server peak RSS, download ${bigLabel}`,
        unit: 'MB',
        modelreg: downloadRss.peak / MB,
        target: '< 200 MB',
        met: downloadRss.peak < 200 * MB,
        samples: downloadRss.samples,
      },
    ];
    return {
      comparisons,
      details: {
        fileMiB: settings.fileMb,
        rssFileMiB: settings.rssFileMb,
        runs: settings.runs,
        downloadRuns: settings.downloadRuns,
        cpMs,
        cpSyncMs,
        sha256Ms: shaMs,
        bareUploadMs,
        discardUploadMs: sinkMs,
        uploadMs,
        registryDownloadMs: registryMs,
        uncheckedDownloadMs: uncheckedMs,
        verifiedDownloadCpuMs: checkedRuns.map(({ serverCpuMs, clientCpuMs }) => ({
          serverCpuMs,
          clientCpuMs,
        })),
        uncheckedDownloadCpuMs: uncheckedRuns.map(({ serverCpuMs, clientCpuMs }) => ({
          serverCpuMs,
          clientCpuMs,
        })),
        bareDownloadMs: bareMs,
        sdkUploadMs,
        sdkDownloadMs,
        rss: {
          idleBytes: idle.peak,
          uploadPeakBytes: uploadRss.peak,
          downloadPeakBytes: downloadRss.peak,
          uploadMs: bigUploadMs,
          downloadMs: bigDownloadMs,
          sampleMs: RSS_SAMPLE_MS,
        },
      },
    };
  } finally {
    await sink?.stop();
    await bare?.stop();
    await registry?.stop();
    await unchecked?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function figure(value: number, unit: string): string {
  return `${value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toPrecision(3)} ${unit}`;
}

/** The files table: metric, modelreg, baseline, ratio, target, n. */
export function formatFilesTable(comparisons: readonly FilesComparison[]): string {
  const header = ['metric', 'modelreg', 'baseline', 'ratio', 'target', 'n'];
  const rows = comparisons.map((c) => [
    c.metric,
    figure(c.modelreg, c.unit),
    c.baseline === undefined ? '—' : `${c.baseline.name} ${figure(c.baseline.value, c.unit)}`,
    c.ratio === undefined ? '—' : c.ratio.toPrecision(3),
    c.met === undefined ? c.target : `${c.target} ${c.met ? 'met' : 'MISSED'}`,
    String(c.samples),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]?.length ?? 0)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/**
 * When 0.8 of `cp` is more than sha256 on one core can hash, no upload that hashes every byte on
 * the way (as the registry must, to verify it) can reach the upload target on this machine: say so.
 */
function hashCeilingNote(comparisons: readonly FilesComparison[]): string[] {
  const cp = comparisons[0]?.baseline;
  const sha = comparisons.find((c) => c.baseline?.name === 'sha256')?.baseline;
  if (sha === undefined) return [];
  const notes: string[] = [];
  if (cp !== undefined && 0.8 * cp.value > sha.value) {
    notes.push(
      '',
      `note: 0.8 of cp is ${figure(0.8 * cp.value, 'MB/s')}, more than sha256 hashes on one core here (${figure(sha.value, 'MB/s')}):`,
      'no upload that computes the sha256 of the file as it arrives can meet the upload target on this machine',
    );
  }
  return notes;
}

/** Runs the files bench and prints its table and one JSON line, as the metadata bench does. */
export async function printFilesBench(settings: FilesBenchSettings, parentDir: string): Promise<void> {
  const started = performance.now();
  const result = await runFilesBench(settings, parentDir);
  const out = [
    '',
    `modelreg files bench: disk backend, ${settings.fileMb} MiB file (${settings.runs} upload runs, ${settings.downloadRuns} download rounds, median), memory with ${settings.rssFileMb} MiB`,
    'upload baseline: cp of the same file on the same disk; download baseline: a bare node:http server piping',
    'fs.createReadStream of the file the registry stores the version in; both clients are the same node:http code on 127.0.0.1',
    'the timed steps take turns at going first, and so do the two downloads of each run',
    'ratio = modelreg ÷ baseline (fraction of the baseline rate); RSS = VmRSS of the registry process, sampled every 50 ms',
    'CPU per GiB: the serving process (all threads, /proc schedstat) and the client over all download rounds; its ratio is',
    'baseline ÷ modelreg, the rate at equal CPU (a download keeps both cores busy; wall time per round swings far more here)',
    'sha256: node:crypto hashing the same file on one core, the ceiling of an upload that hashes every byte on the way',
    'for information: cp + sync (a copy as durable as a committed upload; cp itself uses copy_file_range into the page cache)',
    'and a bare node:http server piping the PUT body into one file and fsyncing it (no hash, no database, no resume),',
    'or reading the body and discarding it (HTTP only: the ceiling of any upload through node:http here)',
    '',
    formatFilesTable(result.comparisons),
    ...hashCeilingNote(result.comparisons),
    '',
    `files bench ran ${((performance.now() - started) / 1000).toFixed(1)} s`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
  process.stdout.write(
    `${JSON.stringify({ bench: 'modelreg-files', backend: 'disk', results: result.comparisons, ...result.details })}\n`,
  );
}
