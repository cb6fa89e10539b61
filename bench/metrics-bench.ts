import { startChildServer } from './child-server.js';
import type { BulkData } from './dataset.js';
import { HttpClient } from './http-client.js';
import { runLoad } from './load.js';
import { processCpuMs } from './process-cpu.js';
import { seededRandom } from './stats.js';

const API = '/api/model_registry/v1alpha3';
const ROUNDS = 9;

export interface MetricsCost {
  /** GET-by-id requests/s per round, with metrics kept and without. */
  readonly withMetrics: readonly number[];
  readonly withoutMetrics: readonly number[];
  /** Median rate with metrics ÷ median rate without (1: no cost). */
  readonly ratio: number;
  /**
   * The server's CPU per request, microseconds, per round, with metrics and without (absent
   * without /proc): the same cost seen apart from the load generator, which shares the two cores
   * and so moves the rates too.
   */
  readonly cpuUsWith?: readonly number[];
  readonly cpuUsWithout?: readonly number[];
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
    /** One round of load on one server: its rate and its CPU per request. */
    const round = async (client: HttpClient, pid: number) => {
      const before = processCpuMs(pid);
      const load = await runLoad({ concurrency, maxOperations: 20_000, maxMs: 2_000 }, async () => {
        await client.getJson(`${API}/model_versions/${id()}`);
      });
      const after = processCpuMs(pid);
      const requests = load.latenciesMs.length;
      const cpuUs =
        before === undefined || after === undefined || requests === 0
          ? undefined
          : ((after - before) * 1000) / requests;
      return { perSecond: load.perSecond, cpuUs };
    };
    await round(clients.on, on.pid);
    await round(clients.off, off.pid);
    const withMetrics: number[] = [];
    const withoutMetrics: number[] = [];
    const cpuWith: number[] = [];
    const cpuWithout: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const a = await round(clients.on, on.pid);
      const b = await round(clients.off, off.pid);
      withMetrics.push(a.perSecond);
      withoutMetrics.push(b.perSecond);
      if (a.cpuUs !== undefined && b.cpuUs !== undefined) {
        cpuWith.push(a.cpuUs);
        cpuWithout.push(b.cpuUs);
      }
    }
    const cpu = cpuWith.length === ROUNDS ? { cpuUsWith: cpuWith, cpuUsWithout: cpuWithout } : {};
    return {
      withMetrics,
      withoutMetrics,
      ratio: median(withMetrics) / median(withoutMetrics),
      ...cpu,
    };
  } finally {
    clients.on.close();
    clients.off.close();
    await on.stop();
    await off.stop();
  }
}

export function formatMetricsCost(cost: MetricsCost, concurrency: number): string[] {
  const rates = (values: readonly number[]) => values.map((v) => v.toFixed(0)).join(', ');
  const lines = [
    `metrics cost (GET by id, ${concurrency} clients, ${ROUNDS} alternating rounds of 2 s):`,
    `  with metrics ${rates(cost.withMetrics)} req/s; without ${rates(cost.withoutMetrics)} req/s`,
    `  ratio of medians ${cost.ratio.toFixed(3)} (1 = free; the cost is ${((1 - cost.ratio) * 100).toFixed(1)}%);` +
      ` round by round ${paired(cost.withMetrics, cost.withoutMetrics)}`,
  ];
  if (cost.cpuUsWith !== undefined && cost.cpuUsWithout !== undefined) {
    const cpuRatio = median(cost.cpuUsWith) / median(cost.cpuUsWithout);
    lines.push(
      `  server CPU per request: with metrics ${rates(cost.cpuUsWith)} µs; without ${rates(cost.cpuUsWithout)} µs`,
      `  ratio of medians ${cpuRatio.toFixed(3)} (metrics add ${((cpuRatio - 1) * 100).toFixed(1)}% to a request's CPU);` +
        ` round by round ${paired(cost.cpuUsWith, cost.cpuUsWithout)}`,
    );
  }
  return lines;
}

/**
 * Each round with metrics against the round without after it (rounds are paired so that the
 * machine's drift falls on both): the median and range of those ratios.
 */
function paired(withMetrics: readonly number[], withoutMetrics: readonly number[]): string {
  const ratios = withMetrics.map((value, i) => value / (withoutMetrics[i] as number));
  const low = Math.min(...ratios);
  const high = Math.max(...ratios);
  const within = low < 1 && high > 1 ? ', on both sides of 1: the rounds disagree' : '';
  return `median ${median(ratios).toFixed(3)}, ${low.toFixed(3)}–${high.toFixed(3)}${within}`;
}
