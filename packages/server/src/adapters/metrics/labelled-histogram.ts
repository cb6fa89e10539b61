import type { Metric, Registry } from 'prom-client';

/** One label value's series: per-bucket counts (not cumulative), their sum and count. */
interface Series {
  readonly counts: number[];
  sum: number;
  count: number;
}

/** A sample as prom-client's registry writes it out (the shape its own histograms give). */
interface Sample {
  readonly metricName: string;
  readonly labels: Readonly<Record<string, string | number>>;
  readonly value: number;
}

/**
 * A histogram with one label, observed every SQL statement (fifteen for one registration), on a
 * prom-client registry. prom-client's Histogram checks and hashes the labels at every call, which
 * with its other work cost a few per cent of a registration's CPU; here an observation is a Map
 * lookup by the label's value and a walk of the bounds. The exposition is prom-client's own, from
 * the samples `get` gives in the shape its histograms give: `_bucket` (cumulative, `le` first),
 * `_sum` and `_count`, per label value.
 */
export class LabelledHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly series = new Map<string, Series>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelName: string,
    private readonly bounds: readonly number[],
    registry: Registry,
  ) {
    // The registry reads a metric through name, help, type, aggregator, get() and reset() only;
    // its declared parameter type lists prom-client's own classes.
    registry.registerMetric(this as unknown as Metric);
  }

  observe(label: string, value: number): void {
    let series = this.series.get(label);
    if (series === undefined) {
      series = { counts: this.bounds.map(() => 0), sum: 0, count: 0 };
      this.series.set(label, series);
    }
    let bucket = 0;
    while (bucket < this.bounds.length && value > (this.bounds[bucket] as number)) bucket += 1;
    if (bucket < this.bounds.length) series.counts[bucket] = (series.counts[bucket] ?? 0) + 1;
    series.sum += value;
    series.count += 1;
  }

  get(): { name: string; help: string; type: 'histogram'; aggregator: 'sum'; values: Sample[] } {
    const values: Sample[] = [];
    for (const [label, series] of this.series) {
      let cumulative = 0;
      this.bounds.forEach((le, i) => {
        cumulative += series.counts[i] ?? 0;
        values.push({
          metricName: `${this.name}_bucket`,
          labels: { le, [this.labelName]: label },
          value: cumulative,
        });
      });
      values.push(
        {
          metricName: `${this.name}_bucket`,
          labels: { le: '+Inf', [this.labelName]: label },
          value: series.count,
        },
        { metricName: `${this.name}_sum`, labels: { [this.labelName]: label }, value: series.sum },
        { metricName: `${this.name}_count`, labels: { [this.labelName]: label }, value: series.count },
      );
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  reset(): void {
    this.series.clear();
  }
}
