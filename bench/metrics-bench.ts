import { startChildServer } from './child-server.js';
import type { BulkData } from './dataset.js';
import { HttpClient } from './http-client.js';
import { runLoad } from './load.js';
import { seededRandom } from './stats.js';

const API = '/api/model_registry/v1alpha3';
const ROUNDS = 5;

export interface MetricsCost {
  /** GET-by-id requests/s per round, with metrics kept and without. */
  readonly withMetrics: readonly number[];
  readonly withoutMetrics: readonly number[];
  /** Median rate with metrics ÷ median rate without (1: no cost). */
  readonly ratio: number;
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

/**
 * What keeping Prometheus metrics costs the request rate: the same registry (one database file)
 * served twice, with metrics and with `metrics: false`, loaded in alternating rounds so that the
 * machine's noise falls on both alike.
 */
export async function measureMetricsCost(
  dbFile: string,
  dataDir: string,
  data: BulkData,
  concurrency: number,
): Promise<MetricsCost> {
  const on = await startChildServer('./serve-registry.js', [dbFile, dataDir, 'metrics']);
  const off = await startChildServer('./serve-registry.js', [dbFile, dataDir, 'no-metrics']);
  const clients = { on: new HttpClient(on.url, concurrency), off: new HttpClient(off.url, concurrency) };
  try {
    const random = seededRandom(11);
    const id = () => data.versionIds[Math.floor(random() * data.versionIds.length)] ?? 1;
    const round = async (client: HttpClient) =>
      (
        await runLoad({ concurrency, maxOperations: 20_000, maxMs: 2_000 }, async () => {
          await client.getJson(`${API}/model_versions/${id()}`);
        })
      ).perSecond;
    await round(clients.on);
    await round(clients.off);
    const withMetrics: number[] = [];
    const withoutMetrics: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      withMetrics.push(await round(clients.on));
      withoutMetrics.push(await round(clients.off));
    }
    return { withMetrics, withoutMetrics, ratio: median(withMetrics) / median(withoutMetrics) };
  } finally {
    clients.on.close();
    clients.off.close();
    await on.stop();
    await off.stop();
  }
}

export function formatMetricsCost(cost: MetricsCost, concurrency: number): string[] {
  const rates = (values: readonly number[]) => values.map((v) => v.toFixed(0)).join(', ');
  return [
    `metrics cost (GET by id, ${concurrency} clients, ${ROUNDS} alternating rounds of 2 s):`,
    `  with metrics ${rates(cost.withMetrics)} req/s; without ${rates(cost.withoutMetrics)} req/s`,
    `  ratio of medians ${cost.ratio.toFixed(3)} (1 = free; the cost is ${((1 - cost.ratio) * 100).toFixed(1)}%)`,
  ];
}
