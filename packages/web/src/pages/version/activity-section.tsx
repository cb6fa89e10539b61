import type { AuditEvent, DeploymentEvent, Page } from '@modelreg/client';
import { Link } from 'react-router';
import { statusOf } from '../../api/errors.js';
import { useResource, type Resource } from '../../api/use-resource.js';
import { ErrorState, Loading } from '../../components/states.js';
import { Time } from '../../components/time.js';
import { useRegistry } from '../../session.js';
import { StageMoves } from '../model/activity-tabs.js';
import type { VersionContext } from '../version-page.js';

/** What happened to this version: stage moves, deployments and, for admins, its audit events. */
export function ActivitySection({ context }: { context: VersionContext }) {
  const registry = useRegistry();
  const { model, version, permissions, revision } = context;
  const key = `${version.id}/${revision}`;
  const moves = useResource(key, () => registry.stageHistory(model.name, version.name ?? ''));
  const deployments = useResource(key, async () =>
    (await registry.deployments(model.name)).filter((d) => d.modelVersionId === version.id),
  );
  const audit = useResource(permissions.includes('admin') ? key : undefined, () =>
    registry.browse.auditEventsPage({ entityType: 'modelVersion', entityId: version.id ?? '', pageSize: 50 }),
  );
  return (
    <div className="two-columns">
      <section aria-labelledby="version-history-title" className="panel">
        <h2 id="version-history-title">Stage history</h2>
        {moves.error !== undefined ? (
          <ErrorState error={moves.error} retry={moves.reload} />
        ) : moves.data === undefined ? (
          <Loading label="Loading the stage history" />
        ) : moves.data.length === 0 ? (
          <p className="muted">Never moved: in {version.stage ?? 'Development'} since it was registered.</p>
        ) : (
          <StageMoves moves={moves.data} />
        )}
      </section>
      <section aria-labelledby="version-deployments-title" className="panel">
        <h2 id="version-deployments-title">Deployments</h2>
        {deployments.error !== undefined ? (
          <ErrorState error={deployments.error} retry={deployments.reload} />
        ) : deployments.data === undefined ? (
          <Loading label="Loading the deployments" />
        ) : deployments.data.length === 0 ? (
          <p className="muted">Not recorded as deployed anywhere.</p>
        ) : (
          <DeploymentTimeline events={deployments.data} />
        )}
      </section>
      {permissions.includes('admin') && (
        <section aria-labelledby="version-audit-title" className="panel panel-wide">
          <h2 id="version-audit-title">Audit events</h2>
          <VersionAuditEvents audit={audit} versionId={version.id ?? ''} />
        </section>
      )}
    </div>
  );
}

function DeploymentTimeline({ events }: { events: DeploymentEvent[] }) {
  return (
    <ol className="timeline">
      {events.map((event) => (
        <li key={event.id} className={`timeline-item action-${event.action}`}>
          <Time ms={event.timeSinceEpoch} />{' '}
          <strong>{event.action === 'deploy' ? 'deployed to' : 'undeployed from'}</strong>{' '}
          {event.environment ?? event.servingEnvironmentId} by {event.actor}
          {event.endpoint !== undefined && (
            <>
              {' '}
              (<code>{event.endpoint}</code>)
            </>
          )}
        </li>
      ))}
    </ol>
  );
}

function VersionAuditEvents({ audit, versionId }: { audit: Resource<Page<AuditEvent>>; versionId: string }) {
  if (audit.error !== undefined)
    return statusOf(audit.error) === 403 ? (
      <p className="muted">Only registry administrators read the audit trail.</p>
    ) : (
      <ErrorState error={audit.error} retry={audit.reload} />
    );
  if (audit.data === undefined) return <Loading label="Loading the audit events" />;
  if (audit.data.items.length === 0) return <p className="muted">No event.</p>;
  return (
    <>
      <ul className="plain-list">
        {audit.data.items.map((event) => (
          <li key={event.id}>
            <Time ms={event.timeSinceEpoch} /> <strong>{event.action}</strong> by {event.actor}{' '}
            <span className={`badge outcome-${event.outcome}`}>{event.outcome}</span>
          </li>
        ))}
      </ul>
      <Link to={`/audit?entityType=modelVersion&entityId=${versionId}`}>All of them in the audit log</Link>
    </>
  );
}
