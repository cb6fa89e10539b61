import type { ModelSummary, ModelSummaryOrder, Page } from '@modelreg/client';
import { Link, useSearchParams } from 'react-router';
import { describeError, statusOf } from '../api/errors.js';
import { useResource, type Resource } from '../api/use-resource.js';
import { QuickFilters } from '../components/quick-filters.js';
import { SearchBox } from '../components/search-box.js';
import { Pager, usePageTokens } from '../components/pager.js';
import { usePageTitle } from '../components/page-title.js';
import { StageBadge } from '../components/stage-badge.js';
import { EmptyState, ErrorState, SkeletonRows } from '../components/states.js';
import { Time } from '../components/time.js';
import { modelFilterQuery } from '../filters.js';
import { useRegistry } from '../session.js';

const SORTS = [
  'NAME',
  'CREATE_TIME',
  'LAST_UPDATE_TIME',
  'LATEST_VERSION',
  'PRODUCTION_VERSION',
  'STAGE',
  'OWNER',
] as const satisfies readonly ModelSummaryOrder[];
/** Columns whose first click sorts A to Z; the others (times, stages) start with the newest or highest. */
const ASCENDING_FIRST: ReadonlySet<Sort> = new Set(['NAME', 'OWNER']);
type Sort = (typeof SORTS)[number];
const STAGE_ORDER = ['Production', 'Staging', 'Development', 'Archived'] as const;
const PAGE_SIZE = 50;
const COLUMNS = 7;

export function ModelsPage() {
  usePageTitle('Models');
  const registry = useRegistry();
  const [params, setParams] = useSearchParams();
  const paging = usePageTokens();
  const { sort, order } = listingOrder(params);
  const filters = {
    q: params.get('q') ?? undefined,
    stage: params.get('stage') ?? undefined,
    owner: params.get('owner') ?? undefined,
    label: params.get('label') ?? undefined,
    format: params.get('format') ?? undefined,
  };
  const filterQuery = modelFilterQuery(filters);
  const key = JSON.stringify([filterQuery, sort, order, paging.token]);
  const page = useResource(key, () =>
    registry.browse.modelSummaries({
      filterQuery,
      orderBy: sort,
      sortOrder: order,
      pageSize: PAGE_SIZE,
      pageToken: paging.token,
    }),
  );

  /** Changes URL parameters and goes back to the first page (a new query starts a new listing). */
  const update = (changes: Record<string, string | undefined>) =>
    setParams((p) => {
      const next = new URLSearchParams(p);
      for (const [name, value] of Object.entries(changes)) {
        if (value === undefined || value === '') next.delete(name);
        else next.set(name, value);
      }
      next.delete('pages');
      return next;
    });

  const badQuery = statusOf(page.error) === 400 ? describeError(page.error) : undefined;
  const items = page.data?.items;

  return (
    <section aria-labelledby="models-title">
      <h1 id="models-title">Models</h1>
      <SearchBox
        key={filters.q ?? ''}
        label="Search models"
        value={filters.q ?? ''}
        onSubmit={(q) => update({ q })}
        error={badQuery}
      />
      <QuickFilters values={filters} onChange={update} />
      {page.error !== undefined && badQuery === undefined ? (
        <ErrorState error={page.error} retry={page.reload} />
      ) : items !== undefined && items.length === 0 && !page.loading ? (
        <NoModels filtered={filterQuery !== undefined} clear={() => setParams(new URLSearchParams())} />
      ) : (
        <ModelsTable page={page} pageNumber={paging.pageNumber} sort={sort} order={order} update={update} />
      )}
      <Pager
        label="Models"
        pageNumber={paging.pageNumber}
        nextToken={page.data?.nextPageToken}
        onNext={paging.next}
        onPrevious={paging.previous}
      />
    </section>
  );
}

type Order = 'ASC' | 'DESC';

/** The sort column and direction in the URL; names and owners ascend, times and stages descend unless told. */
function listingOrder(params: URLSearchParams): { sort: Sort; order: Order } {
  const sort: Sort = (SORTS as readonly string[]).includes(params.get('sort') ?? '')
    ? (params.get('sort') as Sort)
    : 'LAST_UPDATE_TIME';
  const order =
    params.get('order') === 'ASC'
      ? 'ASC'
      : params.get('order') === 'DESC'
        ? 'DESC'
        : ASCENDING_FIRST.has(sort)
          ? 'ASC'
          : 'DESC';
  return { sort, order };
}

function NoModels({ filtered, clear }: { filtered: boolean; clear: () => void }) {
  return (
    <EmptyState title={filtered ? 'No model matches' : 'No models yet'}>
      {filtered ? (
        <button type="button" onClick={clear}>
          Clear the search and filters
        </button>
      ) : (
        <p>
          Register one from a training script, a pipeline or a terminal:{' '}
          <code>npx modelreg register --name mnist --version v1 --uri s3://models/mnist/v1</code>
        </p>
      )}
    </EmptyState>
  );
}

interface Sorting {
  sort: Sort;
  order: Order;
  update: (changes: Record<string, string | undefined>) => void;
}

function ModelsTable({
  page,
  pageNumber,
  ...sorting
}: Sorting & { page: Resource<Page<ModelSummary>>; pageNumber: number }) {
  const items = page.data?.items;
  return (
    <div
      className={`table-wrap${page.loading && items !== undefined ? ' is-reloading' : ''}`}
      aria-busy={page.loading}
    >
      <table className="data-table">
        <caption className="visually-hidden">Registered models, page {pageNumber}</caption>
        <thead>
          <tr>
            <SortHeader column="NAME" label="Name" {...sorting} />
            <SortHeader
              column="LATEST_VERSION"
              label="Latest version"
              hint="Sorts by when the newest version was registered"
              {...sorting}
            />
            <SortHeader
              column="PRODUCTION_VERSION"
              label="Production"
              hint="Sorts by when the version in Production was registered; models without one last"
              {...sorting}
            />
            <SortHeader
              column="STAGE"
              label="Stages"
              hint="Sorts by the most advanced stage: Production, Staging, Development, only Archived, no versions"
              {...sorting}
            />
            <SortHeader column="OWNER" label="Owner" {...sorting} />
            <SortHeader column="LAST_UPDATE_TIME" label="Last modified" {...sorting} />
            <SortHeader column="CREATE_TIME" label="Created" {...sorting} />
          </tr>
        </thead>
        <tbody>
          {items === undefined ? (
            <SkeletonRows columns={COLUMNS} />
          ) : (
            items.map((item) => <ModelRow key={item.registeredModel.id} item={item} />)
          )}
        </tbody>
      </table>
    </div>
  );
}

/** A column header that sorts by its column; pressed again, it turns the order round. */
function SortHeader({
  column,
  label,
  hint,
  sort,
  order,
  update,
}: Sorting & { column: Sort; label: string; hint?: string }) {
  const current = sort === column;
  return (
    <th scope="col" aria-sort={current ? (order === 'ASC' ? 'ascending' : 'descending') : undefined}>
      <button
        type="button"
        className="sort-button"
        title={hint}
        onClick={() =>
          update({
            sort: column,
            // A new column starts in its own direction (listingOrder); the same one turns round.
            order: current ? (order === 'ASC' ? 'DESC' : 'ASC') : undefined,
          })
        }
      >
        {label}
        <span aria-hidden="true">{current ? (order === 'ASC' ? ' ▲' : ' ▼') : ''}</span>
      </button>
    </th>
  );
}

function ModelRow({ item }: { item: ModelSummary }) {
  const model = item.registeredModel;
  const href = `/models/${encodeURIComponent(model.name)}`;
  const versionHref = (name: string) => `${href}/versions/${encodeURIComponent(name)}`;
  // Labels are string properties with an empty value (as Kubeflow's UI writes them).
  const labels = Object.entries(model.customProperties ?? {})
    .filter(([, p]) => p.metadataType === 'MetadataStringValue' && p.string_value === '')
    .map(([name]) => name);
  return (
    <tr>
      <th scope="row">
        <Link to={href}>{model.name}</Link>
        {model.state === 'ARCHIVED' && <span className="badge badge-muted"> archived</span>}
        {labels.length > 0 && (
          <span className="model-labels" aria-label="Labels">
            {labels.map((label) => (
              <span key={label} className="badge badge-label">
                {label}
              </span>
            ))}
          </span>
        )}
      </th>
      <td>
        {item.latestVersion === undefined ? (
          <span className="muted">none</span>
        ) : (
          <>
            <Link to={versionHref(item.latestVersion.name)}>{item.latestVersion.name}</Link>
            <span className="cell-note">
              <Time ms={item.latestVersion.createTimeSinceEpoch} />
            </span>
          </>
        )}
      </td>
      <td>
        {item.productionVersion === undefined ? (
          <span className="muted">—</span>
        ) : (
          <>
            <Link to={versionHref(item.productionVersion.name)}>{item.productionVersion.name}</Link>
            <span className="cell-note">
              <Time ms={item.productionVersion.createTimeSinceEpoch} />
            </span>
          </>
        )}
      </td>
      <td>
        <span className="badges">
          {STAGE_ORDER.filter((stage) => (item.stageCounts[stage] ?? 0) > 0).map((stage) => (
            <StageBadge key={stage} stage={stage} count={item.stageCounts[stage]} />
          ))}
        </span>
      </td>
      <td>{model.owner ?? <span className="muted">—</span>}</td>
      <td>
        <Time ms={model.lastUpdateTimeSinceEpoch} />
      </td>
      <td>
        <Time ms={model.createTimeSinceEpoch} />
      </td>
    </tr>
  );
}
