import type { AuditEvent, Page } from '@modelreg/client';
import { useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { statusOf } from '../api/errors.js';
import { useResource, type Resource } from '../api/use-resource.js';
import { usePageTitle } from '../components/page-title.js';
import { Pager, usePageTokens } from '../components/pager.js';
import { EmptyState, ErrorState, Loading, SkeletonRows } from '../components/states.js';
import { Time } from '../components/time.js';
import { useRegistry } from '../session.js';

const FILTERS = ['actor', 'action', 'outcome', 'entityType', 'entityId', 'since', 'until'] as const;
type Filter = (typeof FILTERS)[number];
const PAGE_SIZE = 100;

/** The hash-chained audit trail, newest first, filtered in the URL; and whether its chain holds. */
export function AuditPage() {
  usePageTitle('Audit log');
  const registry = useRegistry();
  const [params, setParams] = useSearchParams();
  const paging = usePageTokens();
  const filters = Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? ''])) as Record<Filter, string>;
  const time = (value: string) => (value === '' ? undefined : new Date(value).getTime());
  const page = useResource(JSON.stringify([filters, paging.token]), () =>
    registry.browse.auditEventsPage({
      actor: filters.actor || undefined,
      action: filters.action || undefined,
      outcome: filters.outcome === 'success' || filters.outcome === 'denied' ? filters.outcome : undefined,
      entityType: filters.entityType || undefined,
      entityId: filters.entityId || undefined,
      since: time(filters.since),
      until: time(filters.until),
      pageSize: PAGE_SIZE,
      pageToken: paging.token,
    }),
  );
  const chain = useResource('chain', () => registry.verifyAuditTrail());
  if (statusOf(page.error) === 403) {
    return (
      <section className="state">
        <h1>Audit log</h1>
        <p>Only registry administrators read the audit trail.</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">Audit log</h1>
      <ChainState chain={chain} />
      <AuditFilters
        values={filters}
        onApply={(next) =>
          setParams(() => {
            const copy = new URLSearchParams();
            for (const f of FILTERS) if (next[f] !== '') copy.set(f, next[f]);
            return copy;
          })
        }
      />
      <AuditTable page={page} />
      <Pager
        label="Audit events"
        pageNumber={paging.pageNumber}
        nextToken={page.data?.nextPageToken}
        onNext={paging.next}
        onPrevious={paging.previous}
      />
    </section>
  );
}

function AuditTable({ page }: { page: Resource<Page<AuditEvent>> }) {
  if (page.error !== undefined) return <ErrorState error={page.error} retry={page.reload} />;
  if (page.data !== undefined && page.data.items.length === 0) return <EmptyState title="No event matches" />;
  return (
    <div
      className={`table-wrap${page.loading && page.data !== undefined ? ' is-reloading' : ''}`}
      aria-busy={page.loading}
    >
      <table className="data-table">
        <caption className="visually-hidden">Audit events, newest first</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Actor</th>
            <th scope="col">Action</th>
            <th scope="col">Outcome</th>
            <th scope="col">Entity</th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {page.data === undefined ? (
            <SkeletonRows columns={6} />
          ) : (
            page.data.items.map((event) => <AuditRow key={event.id} event={event} />)
          )}
        </tbody>
      </table>
    </div>
  );
}

function ChainState({
  chain,
}: {
  chain: ReturnType<typeof useResource<{ valid: boolean; events: number; firstBrokenId?: number }>>;
}) {
  if (chain.error !== undefined)
    return <ErrorState error={chain.error} retry={chain.reload} title="The chain could not be checked" />;
  if (chain.data === undefined) return <Loading label="Checking the hash chain" />;
  return chain.data.valid ? (
    <p className="chain chain-valid" role="status">
      <span aria-hidden="true">✓</span> Hash chain intact: {chain.data.events} events verified.
    </p>
  ) : (
    <p className="chain chain-broken" role="alert">
      <span aria-hidden="true">✗</span> The hash chain is broken at event {chain.data.firstBrokenId}: an event
      was altered, removed or reordered ({chain.data.events} events checked).
    </p>
  );
}

function AuditRow({ event }: { event: AuditEvent }) {
  const entityHref =
    event.entityId !== undefined &&
    (event.entityType === 'modelVersion' || event.entityType === 'registeredModel')
      ? `/by-id/${event.entityType}/${event.entityId}`
      : undefined;
  return (
    <tr>
      <td>
        <Time ms={event.timeSinceEpoch} />
      </td>
      <td>
        {event.actor} <span className="muted">({event.actorMethod})</span>
      </td>
      <td>
        <code>{event.action}</code>
      </td>
      <td>
        <span className={`badge outcome-${event.outcome}`}>{event.outcome}</span>
      </td>
      <td>
        {event.entityType === undefined ? (
          <span className="muted">—</span>
        ) : entityHref !== undefined ? (
          <Link to={entityHref}>
            {event.entityType} {event.entityId}
          </Link>
        ) : (
          `${event.entityType} ${event.entityId ?? ''}`
        )}
      </td>
      <td className="detail-cell">
        {event.detail === undefined ? (
          <span className="muted">—</span>
        ) : (
          <details>
            <summary>show</summary>
            <pre>{pretty(event.detail)}</pre>
            {event.requestId !== undefined && <p className="muted">request {event.requestId}</p>}
          </details>
        )}
      </td>
    </tr>
  );
}

function pretty(detail: string): string {
  try {
    return JSON.stringify(JSON.parse(detail), null, 2);
  } catch {
    return detail;
  }
}

function AuditFilters({
  values,
  onApply,
}: {
  values: Record<Filter, string>;
  onApply: (next: Record<Filter, string>) => void;
}) {
  const id = useId();
  const [draft, setDraft] = useState(values);
  const field = (name: Filter, label: string, type = 'text') => (
    <div className="field">
      <label htmlFor={`${id}-${name}`}>{label}</label>
      <input
        id={`${id}-${name}`}
        type={type}
        value={draft[name]}
        onChange={(e) => setDraft({ ...draft, [name]: e.target.value })}
      />
    </div>
  );
  return (
    <form
      className="inline-form filters"
      aria-label="Filter the audit log"
      onSubmit={(event) => {
        event.preventDefault();
        onApply(draft);
      }}
    >
      {field('actor', 'Actor')}
      {field('action', 'Action')}
      <div className="field">
        <label htmlFor={`${id}-outcome`}>Outcome</label>
        <select
          id={`${id}-outcome`}
          value={draft.outcome}
          onChange={(e) => setDraft({ ...draft, outcome: e.target.value })}
        >
          <option value="">any</option>
          <option value="success">success</option>
          <option value="denied">denied</option>
        </select>
      </div>
      {field('entityType', 'Entity type')}
      {field('entityId', 'Entity id')}
      {field('since', 'Since', 'datetime-local')}
      {field('until', 'Until', 'datetime-local')}
      <button type="submit">Filter</button>
    </form>
  );
}
