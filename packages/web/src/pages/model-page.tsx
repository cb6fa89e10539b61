import type { RegisteredModel } from '@modelreg/client';
import { Link, useParams, useSearchParams } from 'react-router';
import { useResource } from '../api/use-resource.js';
import { usePageTitle } from '../components/page-title.js';
import { ErrorState, Loading } from '../components/states.js';
import { Time } from '../components/time.js';
import { useRegistry } from '../session.js';
import { AliasesTab } from './model/aliases-tab.js';
import { DeploymentsTab, StageHistoryTab } from './model/activity-tabs.js';
import { OverviewTab } from './model/overview-tab.js';
import { VersionsTab } from './model/versions-tab.js';

const TABS = [
  ['versions', 'Versions'],
  ['overview', 'Model card and properties'],
  ['aliases', 'Aliases'],
  ['deployments', 'Deployments'],
  ['history', 'Stage history'],
] as const;
type Tab = (typeof TABS)[number][0];

export function ModelPage() {
  const { model: name = '' } = useParams();
  usePageTitle(name);
  const registry = useRegistry();
  const [params] = useSearchParams();
  const tab: Tab = TABS.some(([id]) => id === params.get('tab')) ? (params.get('tab') as Tab) : 'versions';
  const loaded = useResource(name, async () => {
    const model = await registry.getRegisteredModel(name);
    if (model === undefined) return undefined;
    const permissions = await registry.browse.permissions(model.id);
    return { model, permissions: permissions.model ?? [] };
  });
  if (loaded.error !== undefined) return <ErrorState error={loaded.error} retry={loaded.reload} />;
  if (loaded.data === undefined && loaded.loading) return <Loading label={`Loading ${name}`} />;
  if (loaded.data === undefined) {
    return (
      <section className="state">
        <h1>No model named {name}</h1>
        <p>
          <Link to="/">Back to the models</Link>
        </p>
      </section>
    );
  }
  const { model, permissions } = loaded.data;
  const tabHref = (id: Tab) => {
    const next = new URLSearchParams();
    if (id !== 'versions') next.set('tab', id);
    return `?${next.toString()}`;
  };
  return (
    <article aria-labelledby="model-title">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/">Models</Link> / <span aria-current="page">{model.name}</span>
      </nav>
      <h1 id="model-title">
        {model.name}
        {model.state === 'ARCHIVED' && <span className="badge badge-muted">archived</span>}
      </h1>
      <ModelFacts model={model} />
      <nav className="tabs" aria-label="Model sections">
        {TABS.map(([id, label]) => (
          <Link key={id} to={tabHref(id)} aria-current={tab === id ? 'page' : undefined}>
            {label}
          </Link>
        ))}
      </nav>
      <div className="tab-panel">
        {tab === 'versions' && <VersionsTab model={model} />}
        {tab === 'overview' && (
          <OverviewTab model={model} canEdit={permissions.includes('write')} onSaved={loaded.reload} />
        )}
        {tab === 'aliases' && <AliasesTab model={model} />}
        {tab === 'deployments' && <DeploymentsTab model={model} />}
        {tab === 'history' && <StageHistoryTab model={model} />}
      </div>
    </article>
  );
}

function ModelFacts({ model }: { model: RegisteredModel }) {
  return (
    <dl className="facts">
      <div>
        <dt>Owner</dt>
        <dd>{model.owner ?? '—'}</dd>
      </div>
      <div>
        <dt>Created</dt>
        <dd>
          <Time ms={model.createTimeSinceEpoch} />
        </dd>
      </div>
      <div>
        <dt>Last modified</dt>
        <dd>
          <Time ms={model.lastUpdateTimeSinceEpoch} />
        </dd>
      </div>
      <div>
        <dt>Id</dt>
        <dd>{model.id}</dd>
      </div>
      {model.description !== undefined && model.description !== '' && (
        <div className="facts-wide">
          <dt>Description</dt>
          <dd>{model.description}</dd>
        </div>
      )}
    </dl>
  );
}
