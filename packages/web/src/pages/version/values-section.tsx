import type { Artifact } from '@modelreg/client';
import { fromCustomProperties } from '@modelreg/client';
import { Link } from 'react-router';
import { useResource } from '../../api/use-resource.js';
import { ErrorState, Loading } from '../../components/states.js';
import { Time } from '../../components/time.js';
import { useRegistry } from '../../session.js';
import type { VersionContext } from '../version-page.js';

type AnyArtifact = Artifact & Record<string, unknown>;

/** Metadata, metrics, parameters and datasets of a version: what it is and how good it is. */
export function ValuesSection({ context }: { context: VersionContext }) {
  const registry = useRegistry();
  const { version, revision } = context;
  const artifacts = useResource(`${version.id}/${revision}`, () =>
    registry.browse.versionArtifacts(version.id ?? ''),
  );
  const all = (artifacts.data ?? []) as AnyArtifact[];
  const ofType = (type: string) => all.filter((a) => a.artifactType === type);
  const modelArtifact = ofType('model-artifact')[0];
  return (
    <div className="two-columns">
      <section aria-labelledby="metadata-title" className="panel">
        <h2 id="metadata-title">Metadata</h2>
        <VersionFacts version={version} modelArtifact={modelArtifact} />
      </section>
      <section aria-labelledby="metrics-title" className="panel">
        <h2 id="metrics-title">Metrics and parameters</h2>
        {artifacts.error !== undefined ? (
          <ErrorState error={artifacts.error} retry={artifacts.reload} />
        ) : artifacts.data === undefined ? (
          <Loading label="Loading the metrics" />
        ) : (
          <>
            <NameValueTable
              caption="Metrics"
              rows={ofType('metric').map((m) => [m.name ?? '', String(m['value'] ?? '—')])}
              empty="No metrics recorded."
            />
            <NameValueTable
              caption="Parameters"
              rows={ofType('parameter').map((p) => [p.name ?? '', String(p['value'] ?? '—')])}
              empty="No parameters recorded."
            />
            <h3>Datasets</h3>
            <DatasetList datasets={ofType('dataset-artifact')} />
          </>
        )}
      </section>
    </div>
  );
}

/** What the version is: who made it, when, in which format and where its files are. */
function VersionFacts({
  version,
  modelArtifact,
}: {
  version: VersionContext['version'];
  modelArtifact: AnyArtifact | undefined;
}) {
  const properties = Object.entries(fromCustomProperties(version.customProperties));
  return (
    <dl className="facts facts-stacked">
      <div>
        <dt>Author</dt>
        <dd>{version.author ?? '—'}</dd>
      </div>
      <div>
        <dt>Created</dt>
        <dd>
          <Time ms={version.createTimeSinceEpoch} />
        </dd>
      </div>
      <div>
        <dt>Last modified</dt>
        <dd>
          <Time ms={version.lastUpdateTimeSinceEpoch} />
        </dd>
      </div>
      <div>
        <dt>Format</dt>
        <dd>
          {modelArtifact === undefined
            ? '—'
            : `${String(modelArtifact['modelFormatName'] ?? '—')} ${String(modelArtifact['modelFormatVersion'] ?? '')}`}
        </dd>
      </div>
      <div className="facts-wide">
        <dt>Location</dt>
        <dd className="wrap">
          <code>{String(modelArtifact?.['uri'] ?? '—')}</code>
        </dd>
      </div>
      {version.description !== undefined && version.description !== '' && (
        <div className="facts-wide">
          <dt>Description</dt>
          <dd>{version.description}</dd>
        </div>
      )}
      {properties.map(([name, value]) => (
        <div key={name}>
          <dt>{name}</dt>
          <dd className="wrap">
            {value === '' ? <span className="badge badge-label">label</span> : String(value)}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function DatasetList({ datasets }: { datasets: AnyArtifact[] }) {
  if (datasets.length === 0) return <p className="muted">No dataset recorded.</p>;
  return (
    <ul className="plain-list">
      {datasets.map((dataset) => {
        const key = String(dataset['digest'] ?? dataset['uri'] ?? '');
        return (
          <li key={dataset.id}>
            <strong>{dataset.name}</strong>{' '}
            <Link to={`/lineage?node=${encodeURIComponent(`dataset:${key}`)}`}>
              <code>{key}</code>
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

function NameValueTable({
  caption,
  rows,
  empty,
}: {
  caption: string;
  rows: [string, string][];
  empty: string;
}) {
  return (
    <>
      <h3>{caption}</h3>
      {rows.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <table className="data-table compact">
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col" className="numeric">
                Value
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([name, value]) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                <td className="numeric">{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
