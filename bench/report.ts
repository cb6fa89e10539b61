import os from 'node:os';

export type Unit = 'ms' | '/s';

/** What a registry figure is compared with; both are measured in the same run. */
export type BaselineKind = 'emptyHandler' | 'driver';

/** One line of the report: a figure of the registry beside its baselines. */
export interface Comparison {
  readonly metric: string;
  readonly unit: Unit;
  readonly modelreg: number;
  readonly baselines: Partial<Record<BaselineKind, number>>;
  /** Samples behind the modelreg figure, so a reader can tell a p99 of 20 samples from one of 2000. */
  readonly samples: number;
}

/** modelreg ÷ baseline: for latencies, how many times slower; for rates, the fraction achieved. */
export function ratio(c: Comparison, kind: BaselineKind): number | undefined {
  const baseline = c.baselines[kind];
  return baseline === undefined ? undefined : c.modelreg / baseline;
}

export interface Machine {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly node: string;
  readonly platform: string;
  readonly memoryGiB: number;
  readonly sqlite: string;
}

export function describeMachine(sqliteVersion: string): Machine {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    sqlite: sqliteVersion,
  };
}

function figure(value: number | undefined, unit: Unit): string {
  if (value === undefined) return '—';
  const digits = value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toPrecision(3);
  return `${digits} ${unit}`;
}

function ratioText(c: Comparison, kind: BaselineKind): string {
  const r = ratio(c, kind);
  if (r === undefined) return '—';
  // Latencies read as "n× slower"; rates as the fraction of the baseline's rate.
  return c.unit === 'ms' ? `${r.toPrecision(3)}×` : r.toPrecision(3);
}

/** A fixed-width table, one metric per line, each baseline followed by its ratio. */
export function formatTable(comparisons: readonly Comparison[]): string {
  const header = ['metric', 'modelreg', 'empty handler', 'ratio', 'driver', 'ratio', 'n'];
  const rows = comparisons.map((c) => [
    c.metric,
    figure(c.modelreg, c.unit),
    figure(c.baselines.emptyHandler, c.unit),
    ratioText(c, 'emptyHandler'),
    figure(c.baselines.driver, c.unit),
    ratioText(c, 'driver'),
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
