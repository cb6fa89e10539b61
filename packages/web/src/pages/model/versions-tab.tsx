import type { ModelAlias, ModelVersionWithValues, Page, RegisteredModel } from '@modelreg/client';
import { useId, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useResource, type Resource } from '../../api/use-resource.js';
import { Pager, usePageTokens } from '../../components/pager.js';
import { StageBadge } from '../../components/stage-badge.js';
import { EmptyState, ErrorState, SkeletonRows } from '../../components/states.js';
import { Time } from '../../components/time.js';
import { quote } from '../../filters.js';
import { useRegistry } from '../../session.js';

const SORTS = { CREATE_TIME: 'Created', NAME: 'Name', VERSION: 'Version precedence' } as const;
type Sort = keyof typeof SORTS;
const STAGES = ['Development', 'Staging', 'Production', 'Archived'];
const PAGE_SIZE = 50;

/** A model's versions, a page at a time, with the metric columns the user picks (kept in the URL). */
export function VersionsTab({ model }: { model: RegisteredModel }) {
  const registry = useRegistry();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const paging = usePageTokens('vpages');
  const sort: Sort = (params.get('vsort') ?? '') in SORTS ? (params.get('vsort') as Sort) : 'CREATE_TIME';
  const order = params.get('vorder') === 'ASC' ? 'ASC' : 'DESC';
  const stage = params.get('vstage') ?? '';
  const metrics = (params.get('metrics') ?? '').split(',').filter((m) => m !== '');
  const [selected, setSelected] = useState<string[]>([]);

  const key = JSON.stringify([model.id, sort, order, stage, metrics.length > 0, paging.token]);
  const page = useResource(key, () =>
    registry.browse.modelVersionsPage(model.id ?? '', {
      orderBy: sort,
      sortOrder: order,
      pageSize: PAGE_SIZE,
      pageToken: paging.token,
      filterQuery: stage === '' ? undefined : `stage = ${quote(stage)}`,
      include: metrics.length > 0 ? ['metrics'] : undefined,
    }),
  );
  const aliases = useResource(model.name, () => registry.aliases(model.name));
  const aliasesOf = (id: string | undefined) =>
    (aliases.data ?? []).filter((a: ModelAlias) => a.modelVersionId === id).map((a) => a.alias);

  const set = (changes: Record<string, string | undefined>) =>
    setParams((p) => {
      const next = new URLSearchParams(p);
      for (const [name, value] of Object.entries(changes)) {
        if (value === undefined || value === '') next.delete(name);
        else next.set(name, value);
      }
      next.delete('vpages');
      return next;
    });
  const toggle = (id: string) =>
    setSelected((current) => (current.includes(id) ? current.filter((x) => x !== id) : [...current, id]));

  return (
    <section aria-labelledby="versions-title">
      <h2 id="versions-title">Versions</h2>
      <VersionsToolbar
        sort={sort}
        order={order}
        stage={stage}
        metrics={metrics}
        selected={selected}
        set={set}
        compare={() => navigate(`/compare?ids=${selected.join(',')}`)}
      />
      <VersionsTable
        model={model}
        page={page}
        stage={stage}
        metrics={metrics}
        aliasesOf={aliasesOf}
        selected={selected}
        toggle={toggle}
      />
      <Pager
        label="Versions"
        pageNumber={paging.pageNumber}
        nextToken={page.data?.nextPageToken}
        onNext={paging.next}
        onPrevious={paging.previous}
      />
    </section>
  );
}

function VersionsToolbar({
  sort,
  order,
  stage,
  metrics,
  selected,
  set,
  compare,
}: {
  sort: Sort;
  order: 'ASC' | 'DESC';
  stage: string;
  metrics: string[];
  selected: string[];
  set: (changes: Record<string, string | undefined>) => void;
  compare: () => void;
}) {
  const sortId = useId();
  const stageId = useId();
  return (
    <div className="toolbar">
      <div className="field">
        <label htmlFor={sortId}>Order</label>
        <select
          id={sortId}
          value={`${sort}:${order}`}
          onChange={(e) => {
            const [s, o] = e.target.value.split(':');
            set({ vsort: s, vorder: o });
          }}
        >
          {Object.entries(SORTS).map(([value, label]) => (
            <optgroup key={value} label={label}>
              <option value={`${value}:DESC`}>{label}, descending</option>
              <option value={`${value}:ASC`}>{label}, ascending</option>
            </optgroup>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={stageId}>Stage</label>
        <select id={stageId} value={stage} onChange={(e) => set({ vstage: e.target.value })}>
          <option value="">any</option>
          {STAGES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </div>
      <MetricColumns metrics={metrics} onChange={(next) => set({ metrics: next.join(',') })} />
      <button type="button" disabled={selected.length < 2} onClick={compare}>
        Compare {selected.length > 0 ? `${selected.length} selected` : 'selected'}
      </button>
    </div>
  );
}

interface RowOptions {
  model: RegisteredModel;
  metrics: string[];
  aliasesOf: (id: string | undefined) => string[];
  selected: string[];
  toggle: (id: string) => void;
}

function VersionsTable({
  page,
  stage,
  ...rows
}: RowOptions & { page: Resource<Page<ModelVersionWithValues>>; stage: string }) {
  const { model, metrics } = rows;
  const items = page.data?.items;
  const columns = 6 + metrics.length;
  if (page.error !== undefined) return <ErrorState error={page.error} retry={page.reload} />;
  if (items !== undefined && items.length === 0)
    return (
      <EmptyState title={stage === '' ? 'This model has no versions yet' : `No version in ${stage}`}>
        <p>
          <code>npx modelreg register --name {model.name} --version v1 --uri s3://…</code>
        </p>
      </EmptyState>
    );
  return (
    <div
      className={`table-wrap${page.loading && items !== undefined ? ' is-reloading' : ''}`}
      aria-busy={page.loading}
    >
      <table className="data-table">
        <caption className="visually-hidden">Versions of {model.name}</caption>
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">Select to compare</span>
            </th>
            <th scope="col">Version</th>
            <th scope="col">Stage</th>
            <th scope="col">Aliases</th>
            {metrics.map((metric) => (
              <th scope="col" key={metric} className="numeric">
                {metric}
              </th>
            ))}
            <th scope="col">Author</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {items === undefined ? (
            <SkeletonRows columns={columns} />
          ) : (
            items.map((version) => <VersionRow key={version.id} version={version} {...rows} />)
          )}
        </tbody>
      </table>
    </div>
  );
}

function VersionRow({
  version,
  model,
  metrics,
  aliasesOf,
  selected,
  toggle,
}: RowOptions & { version: ModelVersionWithValues }) {
  return (
    <tr>
      <td>
        <input
          type="checkbox"
          aria-label={`Select ${version.name} to compare`}
          checked={selected.includes(version.id ?? '')}
          onChange={() => toggle(version.id ?? '')}
        />
      </td>
      <th scope="row">
        <Link
          to={`/models/${encodeURIComponent(model.name)}/versions/${encodeURIComponent(version.name ?? '')}`}
        >
          {version.name}
        </Link>
      </th>
      <td>
        <StageBadge stage={String((version as { stage?: string }).stage ?? 'Development')} />
      </td>
      <td>
        <span className="badges">
          {aliasesOf(version.id).map((alias) => (
            <span key={alias} className="badge badge-alias">
              @{alias}
            </span>
          ))}
        </span>
      </td>
      {metrics.map((metric) => (
        <td key={metric} className="numeric">
          {version.metrics?.[metric] ?? <span className="muted">—</span>}
        </td>
      ))}
      <td>{version.author ?? <span className="muted">—</span>}</td>
      <td>
        <Time ms={version.createTimeSinceEpoch} />
      </td>
    </tr>
  );
}

/** Adds and removes metric columns; metric names are suggested by the registry. */
function MetricColumns({ metrics, onChange }: { metrics: string[]; onChange: (metrics: string[]) => void }) {
  const registry = useRegistry();
  const id = useId();
  const [text, setText] = useState('');
  const names = useResource(`metrics:${text}`, (signal) =>
    registry.browse.searchSuggestions('metric', { prefix: text, limit: 20, signal }),
  );
  const add = () => {
    const name = text.trim();
    if (name !== '' && !metrics.includes(name)) onChange([...metrics, name]);
    setText('');
  };
  return (
    <div className="field metric-columns">
      <label htmlFor={id}>Metric column</label>
      <div className="inline">
        <input
          id={id}
          list={`${id}-names`}
          value={text}
          placeholder="e.g. accuracy"
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              add();
            }
          }}
        />
        <datalist id={`${id}-names`}>
          {(names.data ?? []).map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
        <button type="button" onClick={add} disabled={text.trim() === ''}>
          Add
        </button>
      </div>
      {metrics.map((metric) => (
        <button
          key={metric}
          type="button"
          className="chip"
          aria-label={`Remove the ${metric} column`}
          onClick={() => onChange(metrics.filter((m) => m !== metric))}
        >
          {metric} ×
        </button>
      ))}
    </div>
  );
}
