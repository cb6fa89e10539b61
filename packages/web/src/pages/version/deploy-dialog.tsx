import { useId, useState } from 'react';
import { describeError } from '../../api/errors.js';
import { Dialog } from '../../components/dialog.js';
import { useRegistry } from '../../session.js';
import type { VersionContext } from '../version-page.js';

/** Records that this version was deployed to (or undeployed from) a serving environment. */
export function DeployDialog({
  open,
  context,
  onClose,
  onDone,
}: {
  open: boolean;
  context: VersionContext;
  onClose: () => void;
  onDone: () => void;
}) {
  const registry = useRegistry();
  const { model, version } = context;
  const [environment, setEnvironment] = useState('');
  const [endpoint, setEndpoint] = useState('');
  const [action, setAction] = useState<Action>('deploy');
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | undefined>();
  const id = useId();
  return (
    <Dialog open={open} title={`Record a deployment of ${version.name}`} onClose={onClose}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setError(undefined);
          registry
            .recordDeployment(model.name, version.name ?? '', {
              environment: environment.trim(),
              action,
              endpoint: endpoint.trim() === '' ? undefined : endpoint.trim(),
              comment: comment.trim() === '' ? undefined : comment.trim(),
            })
            .then(onDone, (e: unknown) => setError(describeError(e)));
        }}
      >
        <ActionChoice name={`${id}-action`} action={action} setAction={setAction} />
        <div className="field">
          <label htmlFor={`${id}-env`}>Serving environment</label>
          <input
            id={`${id}-env`}
            required
            value={environment}
            placeholder="prod-eu"
            onChange={(e) => setEnvironment(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-endpoint`}>Endpoint (optional)</label>
          <input
            id={`${id}-endpoint`}
            type="url"
            value={endpoint}
            onChange={(e) => setEndpoint(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-comment`}>Comment (optional)</label>
          <input id={`${id}-comment`} value={comment} onChange={(e) => setComment(e.target.value)} />
        </div>
        {error !== undefined && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="button-quiet" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" disabled={environment.trim() === ''}>
            Record
          </button>
        </div>
      </form>
    </Dialog>
  );
}

type Action = 'deploy' | 'undeploy';

function ActionChoice({
  name,
  action,
  setAction,
}: {
  name: string;
  action: Action;
  setAction: (action: Action) => void;
}) {
  return (
    <fieldset>
      <legend>What happened</legend>
      <label>
        <input type="radio" name={name} checked={action === 'deploy'} onChange={() => setAction('deploy')} />{' '}
        deployed
      </label>
      <label>
        <input
          type="radio"
          name={name}
          checked={action === 'undeploy'}
          onChange={() => setAction('undeploy')}
        />{' '}
        undeployed
      </label>
    </fieldset>
  );
}
