import type { Comparison, Metric } from '@modelreg/client';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import { useEffect, useRef } from 'react';
import { useResource } from '../api/use-resource.js';
import { ErrorState, Loading } from '../components/states.js';
import { useRegistry } from '../session.js';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  Legend,
);

/** One colour per version, readable on the light and the dark background. */
const PALETTE = ['#2f6fde', '#d9480f', '#2b8a3e', '#9c36b5', '#c2255c', '#0b7285', '#e67700', '#5f3dc4'];
const BEST = '#2b8a3e';
const OTHER = '#8a94a3';

function cssColor(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/** A chart on a canvas; the canvas is described for screen readers (the table above holds the numbers). */
function ChartCanvas({ config, label }: { config: ChartConfiguration; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (canvas.current === null) return;
    const text = cssColor('--text-muted', '#555');
    const grid = cssColor('--border', '#ddd');
    Chart.defaults.color = text;
    Chart.defaults.borderColor = grid;
    const chart = new Chart(canvas.current, {
      ...config,
      options: { ...config.options, animation: false, responsive: true, maintainAspectRatio: false },
    });
    return () => chart.destroy();
  }, [config]);
  return (
    <div className="chart-box">
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}

const versionLabel = (v: Comparison['versions'][number]) => `${v.registeredModelName} ${v.name}`;

/** A bar chart per metric, the versions side by side, the best one named in the title. */
export function MetricBars({ comparison }: { comparison: Comparison }) {
  const labels = comparison.versions.map(versionLabel);
  return (
    <div className="chart-grid">
      {comparison.metrics.map((metric) => {
        const best = comparison.versions.filter((v) => metric.best.includes(v.id)).map(versionLabel);
        const title = `${metric.name} (${metric.goal === 'maximize' ? 'higher' : 'lower'} is better; best: ${best.join(', ') || 'none'})`;
        const config: ChartConfiguration = {
          type: 'bar',
          data: {
            labels,
            datasets: [
              {
                label: metric.name,
                data: metric.values.map((v) => (typeof v === 'number' ? v : null)),
                // The best version's bar stands out; the others share one colour.
                backgroundColor: comparison.versions.map((v) => (metric.best.includes(v.id) ? BEST : OTHER)),
              },
            ],
          },
          options: { plugins: { legend: { display: false } } },
        };
        return (
          <figure key={metric.name} className="chart-figure">
            <figcaption>{title}</figcaption>
            <ChartCanvas
              config={config}
              label={`Bar chart of ${title}: ${labels.map((l, i) => `${l} ${String(metric.values[i] ?? 'none')}`).join(', ')}`}
            />
          </figure>
        );
      })}
    </div>
  );
}

/** Each metric's logged history (by step) in the experiment runs the versions came from. */
export function MetricHistory({ comparison }: { comparison: Comparison }) {
  const registry = useRegistry();
  const runs = comparison.lineage.find((row) => row.name === 'experimentRunId')?.values ?? [];
  const key = runs.map(String).join(',');
  const history = useResource(key, async () => {
    const all = await Promise.all(
      runs.map((run) =>
        typeof run === 'string' || typeof run === 'number'
          ? registry.browse.metricHistory(String(run))
          : Promise.resolve([] as Metric[]),
      ),
    );
    return all;
  });
  if (runs.every((run) => run === null)) {
    return (
      <p className="muted">
        None of these versions records the experiment run it came from, so there is no history to plot.
      </p>
    );
  }
  if (history.error !== undefined) return <ErrorState error={history.error} retry={history.reload} />;
  if (history.data === undefined) return <Loading label="Loading the metric history" />;
  const names = [...new Set(history.data.flat().map((m) => m.name ?? ''))].filter((n) => n !== '').sort();
  if (names.length === 0) return <p className="muted">The experiment runs logged no metric history.</p>;
  return (
    <div className="chart-grid">
      {names.map((name) => {
        const config: ChartConfiguration = {
          type: 'line',
          data: {
            datasets: comparison.versions.map((version, i) => ({
              label: versionLabel(version),
              data: (history.data?.[i] ?? [])
                .filter((m) => m.name === name)
                .map((m) => ({ x: Number(m.step ?? 0), y: Number(m.value) }))
                .sort((a, b) => a.x - b.x),
              borderColor: PALETTE[i % PALETTE.length],
              backgroundColor: PALETTE[i % PALETTE.length],
            })),
          },
          options: { scales: { x: { type: 'linear', title: { display: true, text: 'step' } } } },
        };
        return (
          <figure key={name} className="chart-figure">
            <figcaption>{name} by step</figcaption>
            <ChartCanvas config={config} label={`Line chart of ${name} by step for each compared version`} />
          </figure>
        );
      })}
    </div>
  );
}
