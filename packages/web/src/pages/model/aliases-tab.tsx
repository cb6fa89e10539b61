import type { AliasMove, RegisteredModel } from '@modelreg/client';
import { useId, useState } from 'react';
import { Link } from 'react-router';
import { describeError } from '../../api/errors.js';
import { useResource } from '../../api/use-resource.js';
import { EmptyState, ErrorState, Loading } from '../../components/states.js';
import { Time } from '../../components/time.js';
import { useRegistry } from '../../session.js';

/** The model's aliases now, where one pointed at any past time, and every move. */
export function AliasesTab({ model }: { model: RegisteredModel }) {
  const registry = useRegistry();
  const data = useResource(model.name, async () => {
    const [aliases, history] = await Promise.all([
      registry.aliases(model.name),
      registry.browse.aliasHistory(model.id ?? ''),
    ]);
    const versions = await registry.browse.versionsById([
      ...aliases.map((a) => a.modelVersionId),
      ...history.flatMap((m) => (m.modelVersionId === undefined ? [] : [m.modelVersionId])),
    ]);
    return { aliases, history, versions };
  });
  if (data.error !== undefined) return <ErrorState error={data.error} retry={data.reload} />;
  if (data.data === undefined) return <Loading label="Loading the aliases" />;
  const { aliases, history, versions } = data.data;
  const link = (id: string | undefined) => {
    if (id === undefined) return <span className="muted">removed</span>;
    const name = versions.get(id)?.name;
    return name === undefined ? (
      <Link to={`/by-id/modelVersion/${id}`}>version {id}</Link>
    ) : (
      <Link to={`/models/${encodeURIComponent(model.name)}/versions/${encodeURIComponent(name)}`}>
        {name}
      </Link>
    );
  };
  if (aliases.length === 0 && history.length === 0) {
    return (
      <EmptyState title="No aliases">
        <p>
          Point one at a version from its page, or{' '}
          <code>npx modelreg alias set {model.name} champion v1</code>.
        </p>
      </EmptyState>
    );
  }
  return (
    <div className="two-columns">
      <section aria-labelledby="aliases-now">
        <h2 id="aliases-now">Aliases now</h2>
        {aliases.length === 0 ? (
          <p className="muted">None (every alias was removed).</p>
        ) : (
          <table className="data-table compact">
            <caption className="visually-hidden">Aliases and the versions they point at</caption>
            <thead>
              <tr>
                <th scope="col">Alias</th>
                <th scope="col">Version</th>
                <th scope="col">Since</th>
              </tr>
            </thead>
            <tbody>
              {aliases.map((alias) => (
                <tr key={alias.alias}>
                  <th scope="row">@{alias.alias}</th>
                  <td>{link(alias.modelVersionId)}</td>
                  <td>
                    <Time ms={alias.updateTimeSinceEpoch} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <AliasAtTime model={model} names={[...new Set(history.map((m) => m.alias))]} link={link} />
      </section>
      <section aria-labelledby="aliases-history">
        <h2 id="aliases-history">History</h2>
        <AliasHistory moves={history} link={link} />
      </section>
    </div>
  );
}

function AliasHistory({
  moves,
  link,
}: {
  moves: AliasMove[];
  link: (id: string | undefined) => React.ReactNode;
}) {
  return (
    <table className="data-table compact">
      <caption className="visually-hidden">Alias moves, newest first</caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Alias</th>
          <th scope="col">Now points at</th>
          <th scope="col">By</th>
        </tr>
      </thead>
      <tbody>
        {moves.map((move) => (
          <tr key={move.id}>
            <td>
              <Time ms={move.timeSinceEpoch} />
            </td>
            <td>@{move.alias}</td>
            <td>{link(move.modelVersionId)}</td>
            <td>{move.actor}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** "Which version was @champion on March 3rd at 14:00?" */
function AliasAtTime({
  model,
  names,
  link,
}: {
  model: RegisteredModel;
  names: string[];
  link: (id: string | undefined) => React.ReactNode;
}) {
  const registry = useRegistry();
  const id = useId();
  const [alias, setAlias] = useState(names[0] ?? '');
  const [when, setWhen] = useState('');
  const [answer, setAnswer] = useState<{ text?: string; versionId?: string } | undefined>();
  if (names.length === 0) return null;
  return (
    <form
      className="inline-form"
      aria-labelledby={`${id}-title`}
      onSubmit={(event) => {
        event.preventDefault();
        const time = when === '' ? undefined : new Date(when).getTime();
        registry.aliasAt(model.name, alias, time).then(
          (move) => setAnswer({ versionId: move.modelVersionId ?? '' }),
          (error: unknown) => setAnswer({ text: describeError(error) }),
        );
      }}
    >
      <h3 id={`${id}-title`}>Where did an alias point?</h3>
      <div className="field">
        <label htmlFor={`${id}-alias`}>Alias</label>
        <select id={`${id}-alias`} value={alias} onChange={(e) => setAlias(e.target.value)}>
          {names.map((name) => (
            <option key={name}>{name}</option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-when`}>At (local time; empty: now)</label>
        <input
          id={`${id}-when`}
          type="datetime-local"
          value={when}
          onChange={(e) => setWhen(e.target.value)}
        />
      </div>
      <button type="submit">Look up</button>
      <p aria-live="polite" className="answer">
        {answer?.text ??
          (answer?.versionId === undefined ? null : answer.versionId === '' ? (
            'It had been removed by then.'
          ) : (
            <>
              @{alias} pointed at {link(answer.versionId)}
            </>
          ))}
      </p>
    </form>
  );
}
