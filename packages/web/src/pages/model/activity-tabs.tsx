import type { RegisteredModel } from '@modelreg/client';
import { Link } from 'react-router';
import { useResource } from '../../api/use-resource.js';
import { StageBadge } from '../../components/stage-badge.js';
import { EmptyState, ErrorState, Loading } from '../../components/states.js';
import { Time } from '../../components/time.js';
import { useRegistry } from '../../session.js';

const versionLink = (model: string, version: string | undefined, id: string) =>
  version === undefined ? (
    <Link to={`/by-id/modelVersion/${id}`}>version {id}</Link>
  ) : (
    <Link to={`/models/${encodeURIComponent(model)}/versions/${encodeURIComponent(version)}`}>{version}</Link>
  );

/** Where each version ran, when, who put it there: newest first. */
export function DeploymentsTab({ model }: { model: RegisteredModel }) {
  const registry = useRegistry();
  const events = useResource(model.name, () => registry.deployments(model.name));
  if (events.error !== undefined) return <ErrorState error={events.error} retry={events.reload} />;
  if (events.data === undefined) return <Loading label="Loading the deployments" />;
  if (events.data.length === 0) {
    return (
      <EmptyState title="No deployment recorded">
        <p>
          <code>npx modelreg deploy {model.name} &lt;version&gt; --env prod --endpoint https://…</code>
        </p>
      </EmptyState>
    );
  }
  return (
    <section aria-labelledby="deployments-title">
      <h2 id="deployments-title">Deployments</h2>
      <ol className="timeline">
        {events.data.map((event) => (
          <li key={event.id} className={`timeline-item action-${event.action}`}>
            <Time ms={event.timeSinceEpoch} />
            <p>
              <strong>{event.actor}</strong> {event.action === 'deploy' ? 'deployed' : 'undeployed'}{' '}
              {versionLink(model.name, event.version, event.modelVersionId)}{' '}
              {event.action === 'deploy' ? 'to' : 'from'}{' '}
              <strong>{event.environment ?? `environment ${event.servingEnvironmentId}`}</strong>
              {event.endpoint !== undefined && (
                <>
                  {' '}
                  at <code>{event.endpoint}</code>
                </>
              )}
            </p>
            {event.comment !== undefined && <p className="muted">“{event.comment}”</p>}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** Every stage move of the model's versions, newest first. */
export function StageHistoryTab({ model }: { model: RegisteredModel }) {
  const registry = useRegistry();
  const history = useResource(model.name, async () => {
    const moves = await registry.stageHistory(model.name);
    const names = await registry.browse.versionsById(moves.map((m) => m.modelVersionId));
    return { moves, names };
  });
  if (history.error !== undefined) return <ErrorState error={history.error} retry={history.reload} />;
  if (history.data === undefined) return <Loading label="Loading the stage history" />;
  const { moves, names } = history.data;
  if (moves.length === 0) return <EmptyState title="No version has changed stage yet" />;
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">Stage history</h2>
      <StageMoves moves={moves} versionLabel={(id) => versionLink(model.name, names.get(id)?.name, id)} />
    </section>
  );
}

export function StageMoves({
  moves,
  versionLabel,
}: {
  moves: readonly {
    id: string;
    modelVersionId: string;
    fromStage: string;
    toStage: string;
    actor: string;
    comment?: string;
    timeSinceEpoch: string;
  }[];
  versionLabel?: (id: string) => React.ReactNode;
}) {
  return (
    <table className="data-table">
      <caption className="visually-hidden">Stage moves, newest first</caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          {versionLabel !== undefined && <th scope="col">Version</th>}
          <th scope="col">Move</th>
          <th scope="col">By</th>
          <th scope="col">Comment</th>
        </tr>
      </thead>
      <tbody>
        {moves.map((move) => (
          <tr key={move.id}>
            <td>
              <Time ms={move.timeSinceEpoch} />
            </td>
            {versionLabel !== undefined && <td>{versionLabel(move.modelVersionId)}</td>}
            <td>
              <StageBadge stage={move.fromStage} /> <span aria-label="to">→</span>{' '}
              <StageBadge stage={move.toStage} />
            </td>
            <td>{move.actor}</td>
            <td className="wrap">{move.comment ?? <span className="muted">—</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
