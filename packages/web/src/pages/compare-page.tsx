import type { ComparedRow, Comparison } from '@modelreg/client';
import { lazy, Suspense, useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { describeError } from '../api/errors.js';
import { useResource } from '../api/use-resource.js';
import { usePageTitle } from '../components/page-title.js';
import { EmptyState, ErrorState, Loading } from '../components/states.js';
import { Time } from '../components/time.js';
import { useRegistry } from '../session.js';

const MetricBars = lazy(() => import('../charts/metric-charts.js').then((m) => ({ default: m.MetricBars })));
const MetricHistory = lazy(() =>
  import('../charts/metric-charts.js').then((m) => ({ default: m.MetricHistory })),
);

/** Versions side by side: what differs is marked, the best value of each metric too. */
export function ComparePage() {
  usePageTitle('Compare versions');
  const registry = useRegistry();
  const [params, setParams] = useSearchParams();
  const ids = (params.get('ids') ?? '').split(',').filter((id) => /^[0-9]+$/.test(id));
  const onlyDifferences = params.get('diff') === '1';
  const setIds = (next: string[]) =>
    setParams((p) => {
      const copy = new URLSearchParams(p);
      if (next.length === 0) copy.delete('ids');
      else copy.set('ids', next.join(','));
      return copy;
    });
  const comparison = useResource(ids.length >= 2 ? ids.join(',') : undefined, () =>
    registry.compare(ids.map((id) => ({ id }))),
  );
  return (
    <section aria-labelledby="compare-title">
      <h1 id="compare-title">Compare versions</h1>
      <VersionPicker ids={ids} onAdd={(id) => !ids.includes(id) && setIds([...ids, id])} />
      {ids.length < 2 ? (
        <EmptyState title="Pick at least two versions">
          <p>Add them above, or select them in a model&apos;s versions table.</p>
        </EmptyState>
      ) : comparison.error !== undefined ? (
        <ErrorState error={comparison.error} retry={comparison.reload} />
      ) : comparison.data === undefined ? (
        <Loading label="Comparing" />
      ) : (
        <>
          <label className="switch">
            <input
              type="checkbox"
              checked={onlyDifferences}
              onChange={(e) =>
                setParams((p) => {
                  const copy = new URLSearchParams(p);
                  if (e.target.checked) copy.set('diff', '1');
                  else copy.delete('diff');
                  return copy;
                })
              }
            />{' '}
            Only rows that differ
          </label>
          <ComparisonTable
            comparison={comparison.data}
            onlyDifferences={onlyDifferences}
            onRemove={(id) => setIds(ids.filter((x) => x !== id))}
          />
          {comparison.data.metrics.length > 0 && (
            <section aria-labelledby="charts-title" className="panel">
              <h2 id="charts-title">Metrics</h2>
              <Suspense fallback={<Loading label="Loading the charts" />}>
                <MetricBars comparison={comparison.data} />
              </Suspense>
              <h2>Metric history of the experiment runs</h2>
              <Suspense fallback={<Loading label="Loading the charts" />}>
                <MetricHistory comparison={comparison.data} />
              </Suspense>
            </section>
          )}
        </>
      )}
    </section>
  );
}

const SECTIONS = [
  ['fields', 'Version'],
  ['metrics', 'Metrics'],
  ['params', 'Parameters'],
  ['properties', 'Properties'],
  ['lineage', 'Lineage'],
] as const;

function ComparisonTable({
  comparison,
  onlyDifferences,
  onRemove,
}: {
  comparison: Comparison;
  onlyDifferences: boolean;
  onRemove: (id: string) => void;
}) {
  const versions = comparison.versions;
  return (
    <div className="table-wrap">
      <table className="data-table compare-table">
        <caption className="visually-hidden">
          Compared versions; rows that differ are marked, and the best value of each metric
        </caption>
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">Row</span>
            </th>
            {versions.map((v) => (
              <th key={v.id} scope="col">
                <Link
                  to={`/models/${encodeURIComponent(v.registeredModelName)}/versions/${encodeURIComponent(v.name)}`}
                >
                  {v.registeredModelName} {v.name}
                </Link>{' '}
                <button
                  type="button"
                  className="button-quiet button-small"
                  aria-label={`Remove ${v.registeredModelName} ${v.name}`}
                  onClick={() => onRemove(v.id)}
                >
                  ×
                </button>
              </th>
            ))}
          </tr>
        </thead>
        {SECTIONS.map(([section, title]) => (
          <ComparisonSection
            key={section}
            title={title}
            rows={comparison[section] as MetricRow[]}
            versions={versions}
            onlyDifferences={onlyDifferences}
          />
        ))}
      </table>
    </div>
  );
}

type MetricRow = ComparedRow & { best?: string[]; goal?: string };

/** One group of rows (version fields, metrics, parameters…), or nothing when none is left. */
function ComparisonSection({
  title,
  rows: all,
  versions,
  onlyDifferences,
}: {
  title: string;
  rows: MetricRow[];
  versions: Comparison['versions'];
  onlyDifferences: boolean;
}) {
  const rows = all.filter((row) => !onlyDifferences || row.differs);
  if (rows.length === 0) return null;
  return (
    <tbody>
      <tr className="section-row">
        <th scope="colgroup" colSpan={versions.length + 1}>
          {title}
        </th>
      </tr>
      {rows.map((row) => (
        <tr key={row.name} className={row.differs ? 'differs' : undefined}>
          <th scope="row">
            {row.name}
            {row.goal !== undefined && (
              <span className="muted"> ({row.goal === 'maximize' ? 'higher' : 'lower'} is better)</span>
            )}
            {row.differs && (
              <span className="badge badge-differs" title="the versions differ here">
                differs
              </span>
            )}
          </th>
          {row.values.map((value, i) => {
            const best = row.best?.includes(versions[i]?.id ?? '') === true;
            return (
              <td key={i} className={best ? 'is-best' : undefined}>
                {row.name === 'createTimeSinceEpoch' ? <Time ms={value as string} /> : display(value)}
                {best && <span className="badge badge-best">best</span>}
              </td>
            );
          })}
        </tr>
      ))}
    </tbody>
  );
}

function display(value: unknown) {
  if (value === null || value === undefined) return <span className="muted">—</span>;
  if (typeof value === 'object') return <code>{JSON.stringify(value)}</code>;
  return <span className="wrap">{String(value)}</span>;
}

/** Adds a version by its model and version names. */
function VersionPicker({ ids, onAdd }: { ids: string[]; onAdd: (id: string) => void }) {
  const registry = useRegistry();
  const id = useId();
  const [model, setModel] = useState('');
  const [version, setVersion] = useState('');
  const [error, setError] = useState<string | undefined>();
  return (
    <form
      className="inline-form"
      aria-label="Add a version to compare"
      onSubmit={(event) => {
        event.preventDefault();
        setError(undefined);
        registry.getModelVersion(model.trim(), version.trim()).then(
          (found) => {
            if (found?.id === undefined) setError(`${model} has no version ${version}`);
            else {
              onAdd(found.id);
              setVersion('');
            }
          },
          (e: unknown) => setError(describeError(e)),
        );
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-model`}>Model</label>
        <input id={`${id}-model`} required value={model} onChange={(e) => setModel(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-version`}>Version</label>
        <input id={`${id}-version`} required value={version} onChange={(e) => setVersion(e.target.value)} />
      </div>
      <button type="submit">Add {ids.length > 0 ? 'another' : 'a version'}</button>
      {error !== undefined && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
