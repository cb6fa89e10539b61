import type { Stage, StageOption } from '@modelreg/client';
import { useId, useState } from 'react';
import { describeError } from '../../api/errors.js';
import { useResource } from '../../api/use-resource.js';
import { Dialog } from '../../components/dialog.js';
import { StageBadge } from '../../components/stage-badge.js';
import { ErrorState, Loading } from '../../components/states.js';
import { Time } from '../../components/time.js';
import { useRegistry } from '../../session.js';
import type { VersionContext } from '../version-page.js';

/**
 * Moving a version to another stage: each target shows whether the configured transitions allow
 * it and every condition of the model's policy, met or not, before the button is pressed; the
 * approvals a policy asks for can be given here.
 */
export function StageDialog({
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
  return (
    <Dialog open={open} title={`Move ${context.version.name} to another stage`} onClose={onClose}>
      <StageForm context={context} onClose={onClose} onDone={onDone} />
    </Dialog>
  );
}

/** The dialog's body: mounted while the dialog is open, so each opening starts afresh. */
function StageForm({
  context,
  onClose,
  onDone,
}: {
  context: VersionContext;
  onClose: () => void;
  onDone: () => void;
}) {
  const registry = useRegistry();
  const { model, version } = context;
  const [approvals, setApprovals] = useState(0);
  const options = useResource(`${version.id}/${approvals}`, () =>
    registry.browse.stageOptions(version.id ?? ''),
  );
  const [target, setTarget] = useState<Stage | undefined>();
  const [comment, setComment] = useState('');
  const [others, setOthers] = useState<'keep' | 'archive' | 'demote'>('keep');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const id = useId();
  const chosen = options.data?.options.find((o) => o.stage === target);

  const move = () => {
    if (target === undefined) return;
    setBusy(true);
    setError(undefined);
    registry
      .transitionStage(model.name, version.name ?? '', target, {
        comment: comment === '' ? undefined : comment,
        others: target === 'Archived' ? undefined : others,
      })
      .then(
        () => {
          setBusy(false);
          onDone();
        },
        (e: unknown) => {
          setBusy(false);
          setError(describeError(e));
        },
      );
  };

  return (
    <>
      <p>
        Now in <StageBadge stage={version.stage ?? 'Development'} />.
      </p>
      {options.error !== undefined ? (
        <ErrorState error={options.error} retry={options.reload} />
      ) : options.data === undefined ? (
        <Loading label="Checking the policies" />
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            move();
          }}
        >
          <fieldset>
            <legend>Target stage</legend>
            {options.data.options.map((option) => (
              <label key={option.stage} className={`radio-card${option.allowed ? '' : ' is-disabled'}`}>
                <input
                  type="radio"
                  name={`${id}-stage`}
                  value={option.stage}
                  disabled={!option.allowed}
                  checked={target === option.stage}
                  onChange={() => {
                    setTarget(option.stage);
                    setError(undefined);
                  }}
                />
                <StageBadge stage={option.stage} />
                <span className="radio-note">{summary(option)}</span>
              </label>
            ))}
          </fieldset>
          {chosen !== undefined && (
            <PolicyChecks
              option={chosen}
              versionId={version.id ?? ''}
              onApproved={() => setApprovals((n) => n + 1)}
            />
          )}
          {target !== undefined && target !== 'Archived' && (
            <div className="field">
              <label htmlFor={`${id}-others`}>Other versions already in {target}</label>
              <select
                id={`${id}-others`}
                value={others}
                onChange={(e) => setOthers(e.target.value as typeof others)}
              >
                <option value="keep">keep them there</option>
                <option value="archive">archive them</option>
                <option value="demote">move them to Staging</option>
              </select>
            </div>
          )}
          <div className="field">
            <label htmlFor={`${id}-comment`}>Comment (kept in the history)</label>
            <textarea
              id={`${id}-comment`}
              value={comment}
              rows={2}
              onChange={(e) => setComment(e.target.value)}
            />
          </div>
          {error !== undefined && (
            <div className="field-error" role="alert">
              <strong>The registry refused the move.</strong> {error}
            </div>
          )}
          <div className="dialog-actions">
            <button type="button" className="button-quiet" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" disabled={target === undefined || busy}>
              {busy ? 'Moving…' : target === undefined ? 'Move' : `Move to ${target}`}
            </button>
          </div>
        </form>
      )}
    </>
  );
}

function summary(option: StageOption): string {
  if (!option.allowed) return 'not allowed from this stage';
  if (option.conditions.length === 0) return 'no policy';
  const unmet = option.conditions.filter((c) => !c.met).length;
  return unmet === 0 ? 'policy met' : `${unmet} of ${option.conditions.length} conditions unmet`;
}

function PolicyChecks({
  option,
  versionId,
  onApproved,
}: {
  option: StageOption;
  versionId: string;
  onApproved: () => void;
}) {
  const registry = useRegistry();
  const [error, setError] = useState<string | undefined>();
  const asksApprovals = option.conditions.some((c) => c.condition.type === 'approvals');
  if (option.conditions.length === 0 && option.approvals.length === 0) {
    return <p className="hint">No policy guards {option.stage}: the move needs only your role.</p>;
  }
  return (
    <div className="policy" aria-live="polite">
      <h3>Policy for {option.stage}</h3>
      <ul className="checks" aria-label={`Conditions to enter ${option.stage}`}>
        {option.conditions.map((check, i) => (
          <li key={i} className={check.met ? 'check-met' : 'check-unmet'}>
            <span aria-hidden="true">{check.met ? '✓' : '✗'}</span>
            <span className="visually-hidden">{check.met ? 'met:' : 'not met:'}</span> {check.description}
          </li>
        ))}
      </ul>
      {!option.ready && option.allowed && (
        <p className="notice">The registry will refuse this move until every condition is met.</p>
      )}
      {option.approvals.length > 0 && (
        <>
          <h4>Approvals</h4>
          <ul className="plain-list">
            {option.approvals.map((approval) => (
              <li key={approval.actor}>
                {approval.actor}, <Time ms={approval.timeSinceEpoch} />
                {approval.comment !== undefined && <> — “{approval.comment}”</>}
              </li>
            ))}
          </ul>
        </>
      )}
      {asksApprovals && (
        <button
          type="button"
          onClick={() =>
            registry.browse
              .approve(versionId, option.stage)
              .then(onApproved, (e: unknown) => setError(describeError(e)))
          }
        >
          Approve the move to {option.stage}
        </button>
      )}
      {error !== undefined && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
