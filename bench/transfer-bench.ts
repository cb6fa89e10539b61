import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import {
  formatFilesTable,
  median,
  stamp,
  timeCpSync,
  writeRandomFile,
  type FilesComparison,
} from './files-bench.js';
import { statCpuMs } from './process-cpu.js';
import { intFromEnv } from './settings.js';

// `modelreg push` and `modelreg pull` of one large file end to end through the built CLI (issue 21,
// acceptance 5), against baselines measured in the same run: push against the slower of one-core
// `openssl dgst -sha256` and `cp` + `sync` of the same file, pull against `curl -o` + `sync`. The
// server is the built `modelreg serve` (SQLite, local disk, 127.0.0.1); its peak RSS is VmHWM.

const BIN = fileURLToPath(new URL('../../packages/cli/bin/modelreg.js', import.meta.url));
const API = '/api/model_registry/v1alpha3';
const MB = 1024 * 1024;

export interface TransferBenchSettings {
  /** BENCH_TRANSFER=0 skips this part. */
  readonly enabled: boolean;
  /** Size of the file, MiB (BENCH_TRANSFER_MB, default 1024). */
  readonly fileMb: number;
  /** Runs of each measurement; the median is reported (BENCH_TRANSFER_RUNS, default 3). */
  readonly runs: number;
}

export function readTransferBenchSettings(env: NodeJS.ProcessEnv): TransferBenchSettings {
  return {
    enabled: env['BENCH_TRANSFER'] !== '0',
    fileMb: intFromEnv(env, 'BENCH_TRANSFER_MB', 1024),
    runs: intFromEnv(env, 'BENCH_TRANSFER_RUNS', 3),
  };
}

/** The built `modelreg serve`, as a user starts it: its URL once it says it serves, and its pid. */
interface Served {
  readonly url: string;
  readonly child: ChildProcess;
}

async function serve(dataDir: string): Promise<Served> {
  // An empty MODELREG_* environment: the settings of whoever runs the bench must not change the
  // server. Log level info, as by default: one JSON line per request, read and dropped here.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('MODELREG_')));
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data-dir', dataDir], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('modelreg serve did not say it serves in 30 s'));
    }, 30_000);
    child.once('exit', (code) =>
      reject(new Error(`modelreg serve exited with ${String(code)} before serving`)),
    );
    lines.on('line', (line) => {
      const found = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(line)?.[1];
      if (found === undefined) return;
      clearTimeout(timer);
      resolve(found);
    });
  });
  return { url, child };
}

async function stop(served: Served): Promise<void> {
  if (served.child.exitCode !== null) return;
  const exited = new Promise((resolve) => served.child.once('exit', resolve));
  served.child.kill('SIGTERM');
  await exited;
}

/**
 * A process's resident set from /proc/<pid>/status, bytes (Linux only): `VmHWM` its peak so far,
 * `VmRSS` now.
 */
function residentSet(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const kb = new RegExp(`^${field}:\\s+(\\d+)\\s+kB$`, 'm').exec(
    readFileSync(`/proc/${pid}/status`, 'utf8'),
  )?.[1];
  if (kb === undefined) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(kb) * 1024;
}

async function post<T>(url: string, path: string, body: unknown): Promise<T> {
  const response = await fetch(`${url}${API}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Milliseconds a command takes, which must succeed. */
function timed(command: string, args: readonly string[]): number {
  const t0 = performance.now();
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const elapsed = performance.now() - t0;
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr.toString()}`);
  return elapsed;
}

function rate(bytes: number, ms: number): number {
  return bytes / MB / (ms / 1000);
}

export interface TransferBenchResult {
  readonly comparisons: readonly FilesComparison[];
  readonly details: Record<string, unknown>;
}

export async function runTransferBench(
  settings: TransferBenchSettings,
  parentDir: string,
): Promise<TransferBenchResult> {
  const dir = mkdtempSync(join(parentDir, 'modelreg-bench-transfer-'));
  const source = join(dir, 'model.bin');
  const copy = join(dir, 'copy.bin');
  const size = settings.fileMb * MB;
  let served: Served | undefined;
  try {
    process.stderr.write(`· transfer: writing a ${settings.fileMb} MiB random file\n`);
    writeRandomFile(source, size);
    served = await serve(join(dir, 'data'));
    const { url } = served;
    const cli = (...args: string[]) => timed(process.execPath, [BIN, '--url', url, ...args, '--json']);
    const model = await post<{ id: string }>(url, '/registered_models', { name: 'transfer-bench' });
    const times = {
      openssl: [] as number[],
      cpSync: [] as number[],
      push: [] as number[],
      curlPut: [] as number[],
      curlSync: [] as number[],
      pull: [] as number[],
      firstDownload: [] as number[],
    };
    /** CPU each push and pull took, ms: the CLI's (a waited-for child of this process) and the server's. */
    const cpu = { push: newCpuRecord(), pull: newCpuRecord() };
    const serverPid = served.child.pid ?? -1;
    const measured = (kind: 'push' | 'pull', command: () => number) => {
      const [cli0, server0] = [statCpuMs('self', 'children'), statCpuMs(serverPid, 'own')];
      times[kind].push(command());
      const [cli1, server1] = [statCpuMs('self', 'children'), statCpuMs(serverPid, 'own')];
      if (cli0 === undefined || server0 === undefined || cli1 === undefined || server1 === undefined) return;
      cpu[kind].cli.push(cli1 - cli0);
      cpu[kind].server.push(server1 - server0);
    };
    /** The server's resident set after each run (a push, an upload, a pull and a download). */
    const rssAfterRun: number[] = [];
    for (let run = 0; run < settings.runs; run++) {
      stamp(source, run);
      const version = `v${run}`;
      await post(url, '/model_versions', { name: version, registeredModelId: model.id });
      const raw = await post<{ id: string }>(url, '/model_versions', {
        name: `raw-${run}`,
        registeredModelId: model.id,
      });
      const out = join(dir, `pulled-${run}`);
      // Push and its baselines take turns at going first (on a VM, memory just freed by the step
      // before is faster to write); pull needs the pushed version, so it and curl follow push.
      const pushSteps = [
        () => times.openssl.push(timed('openssl', ['dgst', '-sha256', source])),
        () => times.cpSync.push(timeCpSync(source, copy)),
        () => measured('push', () => cli('push', 'transfer-bench', version, source)),
        async () => {
          // Other content than the push's, so no step stores what another stored already.
          stamp(source, settings.runs + run);
          times.curlPut.push(await curlUpload(url, raw.id, source, size));
          stamp(source, run);
        },
      ];
      for (let step = 0; step < pushSteps.length; step++)
        await pushSteps[(run + step) % pushSteps.length]?.();
      const fileUrl = `${url}${API}/model_versions/${await versionId(url, model.id, version)}/files/model.bin`;
      // The first download of a pushed file reads it from the disk (the upload dropped its pages
      // from the page cache) and checks its sha256; later ones are served from the page cache,
      // checked by segment. Whichever of pull and curl went first paid that alone, so it is
      // timed on its own (for information) and both are compared on the same footing after it.
      times.firstDownload.push(timed('curl', ['-sSf', '-o', '/dev/null', fileUrl]));
      const pullSteps = [
        () => {
          times.curlSync.push(
            timed('sh', ['-c', 'curl -sSf -o "$2" "$1" && sync "$2"', 'curl-sync', fileUrl, copy]),
          );
          rmSync(copy, { force: true });
        },
        () => {
          measured('pull', () => cli('pull', 'transfer-bench', version, '--out', out));
          rmSync(out, { recursive: true, force: true });
        },
      ];
      for (let step = 0; step < pullSteps.length; step++) pullSteps[(run + step) % pullSteps.length]?.();
      const last = (values: number[]) => rate(size, values[run] ?? 0).toFixed(0);
      rssAfterRun.push(residentSet(served.child.pid ?? -1, 'VmRSS'));
      process.stderr.write(
        `· transfer: run ${run + 1}/${settings.runs}: openssl sha256 ${last(times.openssl)} MB/s, cp + sync ${last(times.cpSync)} MB/s, push ${last(times.push)} MB/s (curl -T ${last(times.curlPut)} MB/s); first download ${last(times.firstDownload)} MB/s, curl + sync ${last(times.curlSync)} MB/s, pull ${last(times.pull)} MB/s; CPU (CLI + server): push ${cpu.push.cli[run] ?? '?'} + ${cpu.push.server[run] ?? '?'} ms, pull ${cpu.pull.cli[run] ?? '?'} + ${cpu.pull.server[run] ?? '?'} ms; server RSS ${((rssAfterRun[run] ?? 0) / MB).toFixed(0)} MB\n`,
      );
    }
    const rss = residentSet(served.child.pid ?? -1, 'VmHWM');
    const growth = ((rssAfterRun.at(-1) ?? 0) - (rssAfterRun[0] ?? 0)) / MB;
    const at = (values: number[]) => rate(size, median(values));
    const openssl = at(times.openssl);
    const cpSync = at(times.cpSync);
    const slower =
      openssl < cpSync ? { name: 'openssl sha256', value: openssl } : { name: 'cp + sync', value: cpSync };
    const label = `${settings.fileMb} MiB`;
    const comparisons: FilesComparison[] = [
      {
        metric: `modelreg push ${label} (built CLI)`,
        unit: 'MB/s',
        modelreg: at(times.push),
        baseline: slower,
        ratio: at(times.push) / slower.value,
        target: '≥ 0.7',
        met: at(times.push) / slower.value >= 0.7,
        samples: settings.runs,
      },
      {
        metric: `modelreg pull ${label} (built CLI)`,
        unit: 'MB/s',
        modelreg: at(times.pull),
        baseline: { name: 'curl -o + sync', value: at(times.curlSync) },
        ratio: at(times.pull) / at(times.curlSync),
        target: '≥ 0.8',
        met: at(times.pull) / at(times.curlSync) >= 0.8,
        samples: settings.runs,
      },
      {
        metric: `for information: push ${label} vs curl -T (session + PUT + commit)`,
        unit: 'MB/s',
        modelreg: at(times.push),
        baseline: { name: 'curl', value: at(times.curlPut) },
        ratio: at(times.push) / at(times.curlPut),
        target: 'info',
        samples: settings.runs,
      },
      ...cpuBound('push', size, cpu.push, { name: '0.7 × push baseline', value: 0.7 * slower.value }),
      ...cpuBound('pull', size, cpu.pull, { name: '0.8 × pull baseline', value: 0.8 * at(times.curlSync) }),
      {
        metric: `for information: first download ${label} of a pushed file (curl -o /dev/null: from disk, sha256)`,
        unit: 'MB/s',
        modelreg: at(times.firstDownload),
        baseline: { name: 'curl -o + sync', value: at(times.curlSync) },
        ratio: at(times.firstDownload) / at(times.curlSync),
        target: 'info',
        samples: settings.runs,
      },
      {
        metric: 'modelreg serve peak RSS (VmHWM)',
        unit: 'MB',
        modelreg: rss / MB,
        target: '< 200 MB',
        met: rss < 200 * MB,
        samples: 1,
      },
      {
        // Memory kept from one run to the next (buffers never freed, a heap that only grows)
        // shows here: a steady server stays where its first run left it.
        metric: `modelreg serve RSS growth, after run 1 → after run ${settings.runs} (VmRSS)`,
        unit: 'MB',
        modelreg: growth,
        target: 'info',
        samples: settings.runs,
      },
    ];
    return {
      comparisons,
      details: {
        fileMiB: settings.fileMb,
        runs: settings.runs,
        opensslMB_s: openssl,
        cpSyncMB_s: cpSync,
        ms: times,
        cpuMs: cpu,
        peakRssBytes: rss,
        rssAfterRunBytes: rssAfterRun,
      },
    };
  } finally {
    if (served !== undefined) await stop(served);
    rmSync(dir, { recursive: true, force: true });
  }
}

interface CpuRecord {
  readonly cli: number[];
  readonly server: number[];
}

function newCpuRecord(): CpuRecord {
  return { cli: [], server: [] };
}

/**
 * For information, the highest rate the CPU allows a push or a pull (MB/s): the file's size over
 * the median CPU of one (the CLI's and the server's) spread over every core, beside the rate the
 * target asks for. Both sides check every byte (a push's client and server each take its sha256),
 * and the CLI and the server share the cores: below 1, the target is out of reach on this machine
 * however well the two overlap. No row without /proc.
 */
function cpuBound(
  kind: 'push' | 'pull',
  size: number,
  cpu: CpuRecord,
  target: { readonly name: string; readonly value: number },
): FilesComparison[] {
  if (cpu.cli.length === 0) return [];
  const cores = availableParallelism();
  const cpuMs = median(cpu.cli) + median(cpu.server);
  const fastest = rate(size, cpuMs / cores);
  return [
    {
      metric: `for information: fastest ${kind} the CPU allows, ${(size / MB).toFixed(0)} MiB ÷ ((CLI + server CPU ${cpuMs.toFixed(0)} ms) ÷ ${cores} cores)`,
      unit: 'MB/s',
      modelreg: fastest,
      baseline: target,
      ratio: fastest / target.value,
      target: 'info',
      samples: cpu.cli.length,
    },
  ];
}

/** The upload of the file by curl: session, one PUT (`curl -T`), commit; milliseconds. */
async function curlUpload(url: string, versionId: string, source: string, size: number): Promise<number> {
  const t0 = performance.now();
  const upload = await post<{ id: string }>(url, `/model_versions/${versionId}/uploads`, {
    files: [{ path: 'model.bin', size }],
  });
  const target = `${url}${API}/uploads/${upload.id}/files/model.bin`;
  timed('curl', [
    '-sSf',
    '-o',
    '/dev/null',
    '-T',
    source,
    '-H',
    'content-type: application/octet-stream',
    target,
  ]);
  await post(url, `/uploads/${upload.id}/commit`, {});
  return performance.now() - t0;
}

/** The id of a model's version by name. */
async function versionId(url: string, modelId: string, name: string): Promise<string> {
  const query = `?name=${encodeURIComponent(name)}&parentResourceId=${encodeURIComponent(modelId)}`;
  const response = await fetch(`${url}${API}/model_version${query}`);
  if (!response.ok) throw new Error(`GET model_version ${name}: ${response.status}`);
  return ((await response.json()) as { id: string }).id;
}

/** Runs the transfer bench and prints its table and one JSON line. */
export async function printTransferBench(settings: TransferBenchSettings, parentDir: string): Promise<void> {
  const started = performance.now();
  const result = await runTransferBench(settings, parentDir);
  const out = [
    '',
    `modelreg transfer bench: the built CLI's push and pull of a ${settings.fileMb} MiB file (${settings.runs} runs, median)`,
    'server: the built `modelreg serve` (SQLite, local disk, 127.0.0.1); each command timed from spawn to exit',
    'push baseline: the slower of `openssl dgst -sha256` (one core) and `cp` + `sync` of the same file;',
    'pull baseline: `curl -o` + `sync` of the same file from the same server; ratio = modelreg ÷ baseline',
    '',
    formatFilesTable(result.comparisons),
    '',
    `transfer bench ran ${((performance.now() - started) / 1000).toFixed(1)} s`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
  process.stdout.write(
    `${JSON.stringify({ bench: 'modelreg-transfer', results: result.comparisons, ...result.details })}\n`,
  );
}
