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
  const { version } = context;
  const [approvals, setApprovals] = useState(0);
  const options = useResource(`${version.id}/${approvals}`, () =>
    registry.browse.stageOptions(version.id ?? ''),
  );
  const [target, setTarget] = useState<Stage | undefined>();
  const [comment, setComment] = useState('');
  const [others, setOthers] = useState<Others>('keep');
  const { busy, error, setError, move } = useStageMove(context, onDone);
  const id = useId();
  const chosen = options.data?.options.find((o) => o.stage === target);

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
            move(target, comment, others);
          }}
        >
          <TargetStages
            name={`${id}-stage`}
            options={options.data.options}
            target={target}
            choose={(stage) => {
              setTarget(stage);
              setError(undefined);
            }}
          />
          {chosen !== undefined && (
            <PolicyChecks
              option={chosen}
              versionId={version.id ?? ''}
              onApproved={() => setApprovals((n) => n + 1)}
            />
          )}
          {target !== undefined && target !== 'Archived' && (
            <OthersField id={`${id}-others`} target={target} others={others} setOthers={setOthers} />
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
          <MoveButtons target={target} busy={busy} onClose={onClose} />
        </form>
      )}
    </>
  );
}

type Others = 'keep' | 'archive' | 'demote';

/** Asks the registry for the move; busy while it is under way, and why it refused. */
function useStageMove({ model, version }: VersionContext, onDone: () => void) {
  const registry = useRegistry();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const move = (target: Stage | undefined, comment: string, others: Others) => {
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
  return { busy, error, setError, move };
}

function TargetStages({
  name,
  options,
  target,
  choose,
}: {
  name: string;
  options: StageOption[];
  target: Stage | undefined;
  choose: (stage: Stage) => void;
}) {
  return (
    <fieldset>
      <legend>Target stage</legend>
      {options.map((option) => (
        <label key={option.stage} className={`radio-card${option.allowed ? '' : ' is-disabled'}`}>
          <input
            type="radio"
            name={name}
            value={option.stage}
            disabled={!option.allowed}
            checked={target === option.stage}
            onChange={() => choose(option.stage)}
          />
          <StageBadge stage={option.stage} />
          <span className="radio-note">{summary(option)}</span>
        </label>
      ))}
    </fieldset>
  );
}

function OthersField({
  id,
  target,
  others,
  setOthers,
}: {
  id: string;
  target: Stage;
  others: Others;
  setOthers: (others: Others) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>Other versions already in {target}</label>
      <select id={id} value={others} onChange={(e) => setOthers(e.target.value as Others)}>
        <option value="keep">keep them there</option>
        <option value="archive">archive them</option>
        <option value="demote">move them to Staging</option>
      </select>
    </div>
  );
}

function MoveButtons({
  target,
  busy,
  onClose,
}: {
  target: Stage | undefined;
  busy: boolean;
  onClose: () => void;
}) {
  return (
    <div className="dialog-actions">
      <button type="button" className="button-quiet" onClick={onClose}>
        Cancel
      </button>
      <button type="submit" disabled={target === undefined || busy}>
        {busy ? 'Moving…' : target === undefined ? 'Move' : `Move to ${target}`}
      </button>
    </div>
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
