import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startChildServer } from './child-server.js';
import { HttpClient, type HttpResponse } from './http-client.js';
import { summarize } from './stats.js';
import { intFromEnv } from './settings.js';

// The MLflow part of `npm run bench` (issue 19, acceptance 4): the same work through the
// MLflow-compatible API and through the Kubeflow API of one registry (SQLite, one child process,
// one client), request by request in turns so that load on a shared machine falls on both alike.
// Version creation up to BENCH_MLFLOW_VERSIONS versions per model, then searches over them.

const API = '/api/model_registry/v1alpha3';
const ML = '/api/2.0/mlflow';

export interface MlflowBenchSettings {
  /** BENCH_MLFLOW=0 skips this part. */
  readonly enabled: boolean;
  /** Versions created in each model (BENCH_MLFLOW_VERSIONS, default 10000). */
  readonly versions: number;
  /** Timed runs of each search (BENCH_MLFLOW_SEARCHES, default 20). */
  readonly searches: number;
}

export function readMlflowBenchSettings(env: NodeJS.ProcessEnv): MlflowBenchSettings {
  return {
    enabled: env['BENCH_MLFLOW'] !== '0',
    versions: intFromEnv(env, 'BENCH_MLFLOW_VERSIONS', 10_000),
    searches: intFromEnv(env, 'BENCH_MLFLOW_SEARCHES', 20),
  };
}

interface Pair {
  readonly what: string;
  readonly mlflowMs: number[];
  readonly kubeflowMs: number[];
}

async function timed(
  send: () => Promise<HttpResponse>,
  samples: number[],
  expect = 200,
): Promise<HttpResponse> {
  const started = performance.now();
  const response = await send();
  samples.push(performance.now() - started);
  if (response.status !== expect)
    throw new Error(`answered ${response.status}: ${response.body.slice(0, 300)}`);
  return response;
}

async function createVersions(
  client: HttpClient,
  settings: MlflowBenchSettings,
  progress: (m: string) => void,
) {
  const created = await client.request('POST', `${API}/registered_models`, { name: 'kubeflow-bench' });
  const modelId = (JSON.parse(created.body) as { id: string }).id;
  await client.request('POST', `${ML}/registered-models/create`, { name: 'mlflow-bench' });
  const pair: Pair = { what: 'create a version', mlflowMs: [], kubeflowMs: [] };
  for (let i = 1; i <= settings.versions; i += 1) {
    await timed(
      () =>
        client.request('POST', `${ML}/model-versions/create`, {
          name: 'mlflow-bench',
          source: `s3://b/${i}`,
        }),
      pair.mlflowMs,
    );
    await timed(
      () => client.request('POST', `${API}/model_versions`, { name: String(i), registeredModelId: modelId }),
      pair.kubeflowMs,
      201,
    );
    if (i % 2000 === 0) progress(`MLflow bench: ${i} versions in each model`);
  }
  return { modelId, pair };
}

async function search(client: HttpClient, settings: MlflowBenchSettings, modelId: string): Promise<Pair[]> {
  const all = encodeURIComponent("name = 'mlflow-bench'");
  const cases: { what: string; mlflow: string; kubeflow: string }[] = [
    {
      what: `search: all ${settings.versions} versions of a model`,
      mlflow: `${ML}/model-versions/search?filter=${all}&max_results=${settings.versions}`,
      kubeflow: `${API}/registered_models/${modelId}/versions?pageSize=${settings.versions}`,
    },
    {
      what: 'search: the newest 100',
      mlflow: `${ML}/model-versions/search?filter=${all}&max_results=100&order_by=version_number+DESC`,
      kubeflow: `${API}/registered_models/${modelId}/versions?pageSize=100&orderBy=CREATE_TIME&sortOrder=DESC`,
    },
    {
      what: 'get one version by number/name',
      mlflow: `${ML}/model-versions/get?name=mlflow-bench&version=${Math.ceil(settings.versions / 2)}`,
      kubeflow: `${API}/model_version?name=${Math.ceil(settings.versions / 2)}&parentResourceId=${modelId}`,
    },
  ];
  const pairs: Pair[] = [];
  for (const c of cases) {
    const pair: Pair = { what: c.what, mlflowMs: [], kubeflowMs: [] };
    for (let i = 0; i < settings.searches; i += 1) {
      await timed(() => client.request('GET', c.mlflow), pair.mlflowMs);
      await timed(() => client.request('GET', c.kubeflow), pair.kubeflowMs);
    }
    pairs.push(pair);
  }
  return pairs;
}

/** Runs the MLflow bench and prints its table (medians, and MLflow ÷ Kubeflow) and one JSON line. */
export async function printMlflowBench(
  settings: MlflowBenchSettings,
  tmp: string,
  progress: (m: string) => void,
): Promise<void> {
  const dir = mkdtempSync(join(tmp, 'modelreg-mlflow-bench-'));
  const server = await startChildServer('./serve-registry.js', [join(dir, 'registry.db'), join(dir, 'data')]);
  try {
    const client = new HttpClient(server.url, 1);
    progress(`MLflow bench: creating ${settings.versions} versions through each API`);
    const { modelId, pair } = await createVersions(client, settings, progress);
    const pairs = [pair, ...(await search(client, settings, modelId))];
    const rows = pairs.map((p) => {
      const [m, k] = [summarize(p.mlflowMs), summarize(p.kubeflowMs)];
      return {
        what: p.what,
        mlflowMedianMs: m.p50,
        kubeflowMedianMs: k.p50,
        ratio: m.p50 / k.p50,
        samples: p.mlflowMs.length,
      };
    });
    const lines = [
      '',
      `MLflow API vs Kubeflow API, ${settings.versions} versions per model (median ms; ratio MLflow ÷ Kubeflow)`,
      ...rows.map(
        (r) =>
          `  ${r.what.padEnd(44)} ${r.mlflowMedianMs.toFixed(2).padStart(9)} ${r.kubeflowMedianMs.toFixed(2).padStart(9)}  ×${r.ratio.toFixed(2)}  (${r.samples} samples each)`,
      ),
    ];
    process.stdout.write(
      `${lines.join('\n')}\n${JSON.stringify({ bench: 'modelreg-mlflow', versions: settings.versions, rows })}\n`,
    );
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
