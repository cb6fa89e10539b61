import { useId, useState } from 'react';
import { describeError } from '../../api/errors.js';
import { Dialog } from '../../components/dialog.js';
import { useRegistry } from '../../session.js';
import type { VersionContext } from '../version-page.js';

/** Points an alias at this version (moving it from wherever it was), or removes one that points here. */
export function AliasDialog({
  open,
  context,
  aliases,
  onClose,
  onDone,
}: {
  open: boolean;
  context: VersionContext;
  aliases: string[];
  onClose: () => void;
  onDone: () => void;
}) {
  const registry = useRegistry();
  const { model, version } = context;
  const [name, setName] = useState('');
  const [error, setError] = useState<string | undefined>();
  const id = useId();
  const run = (moves: Record<string, string | null>) => {
    setError(undefined);
    registry.moveAliases(model.name, moves).then(
      () => {
        setName('');
        onDone();
      },
      (e: unknown) => setError(describeError(e)),
    );
  };
  return (
    <Dialog open={open} title={`Aliases of ${version.name}`} onClose={onClose}>
      {aliases.length === 0 ? (
        <p className="muted">No alias points at this version.</p>
      ) : (
        <ul className="plain-list">
          {aliases.map((alias) => (
            <li key={alias}>
              <span className="badge badge-alias">@{alias}</span>{' '}
              <button
                type="button"
                className="button-quiet button-small"
                onClick={() => run({ [alias]: null })}
              >
                Remove @{alias}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          run({ [name.trim()]: version.name ?? '' });
        }}
      >
        <div className="field">
          <label htmlFor={id}>Alias to point here</label>
          <input
            id={id}
            value={name}
            required
            pattern="[A-Za-z][A-Za-z0-9_\-]{0,63}"
            placeholder="champion"
            onChange={(e) => setName(e.target.value)}
          />
        </div>
        <button type="submit" disabled={name.trim() === ''}>
          Set alias
        </button>
      </form>
      <p className="hint">An alias that points at another version of {model.name} moves here.</p>
      {error !== undefined && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  );
}
