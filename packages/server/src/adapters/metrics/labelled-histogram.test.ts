import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { LabelledHistogram } from './labelled-histogram.js';

const BOUNDS = [0.001, 0.01, 0.1, 1];
// On a bound, below the first, between, past the last; a label value that needs escaping.
const OBSERVED: readonly [string, number][] = [
  ['select model', 0.001],
  ['select model', 0.0004],
  ['insert audit_event', 0.05],
  ['select model', 0.2],
  ['insert audit_event', 7],
  ['quote "and" \\ slash', 0.01],
  ['select model', 1],
];

describe('LabelledHistogram', () => {
  it("writes the exposition prom-client's own Histogram writes for the same observations", async () => {
    const ours = new Registry();
    const theirs = new Registry();
    const fast = new LabelledHistogram('query_seconds', 'Statement time.', 'statement', BOUNDS, ours);
    const reference = new Histogram({
      name: 'query_seconds',
      help: 'Statement time.',
      labelNames: ['statement'],
      buckets: BOUNDS,
      registers: [theirs],
    });
    for (const [statement, seconds] of OBSERVED) {
      fast.observe(statement, seconds);
      reference.observe({ statement }, seconds);
    }
    const text = await ours.metrics();
    expect(text).toBe(await theirs.metrics());
    expect(text).toContain('query_seconds_bucket{le="0.001",statement="select model"} 2');
    expect(text).toContain('query_seconds_bucket{le="+Inf",statement="insert audit_event"} 2');
    expect(text).toContain('query_seconds_count{statement="select model"} 4');
    // A parser of the format reads it as one histogram family.
    const families = parsePrometheusTextFormat(text);
    expect(families.map((f) => [f.name, f.type])).toEqual([['query_seconds', 'HISTOGRAM']]);
    // The same samples as JSON too (prom-client's carry an empty exemplar each; there are none here).
    const withoutExemplars = (await theirs.getMetricsAsJSON()).map((metric) => ({
      ...metric,
      values: metric.values.map((sample) => {
        const { exemplar: _none, ...rest } = sample as typeof sample & { exemplar?: unknown };
        return rest;
      }),
    }));
    expect(await ours.getMetricsAsJSON()).toEqual(withoutExemplars);
  });

  it('starts again from nothing when the registry resets its metrics', async () => {
    const registry = new Registry();
    const fast = new LabelledHistogram('query_seconds', 'Statement time.', 'statement', BOUNDS, registry);
    fast.observe('select model', 0.5);
    registry.resetMetrics();
    expect(await registry.metrics()).not.toContain('select model');
    fast.observe('select model', 0.5);
    expect(await registry.metrics()).toContain('query_seconds_count{statement="select model"} 1');
  });
});
