import { InputError } from './errors.js';

/** The stages a model version moves through. `Archived` and Kubeflow's state ARCHIVED are one fact. */
export const STAGES = ['Development', 'Staging', 'Production', 'Archived'] as const;
export type Stage = (typeof STAGES)[number];

/** One allowed move; `*` stands for any stage. */
export interface TransitionRule {
  readonly from: Stage | '*';
  readonly to: Stage | '*';
}

/** The default: any forward move, any move to Archived, and Archived back to Development. */
export const DEFAULT_TRANSITIONS: readonly TransitionRule[] = [
  { from: 'Development', to: 'Staging' },
  { from: 'Development', to: 'Production' },
  { from: 'Staging', to: 'Production' },
  { from: '*', to: 'Archived' },
  { from: 'Archived', to: 'Development' },
];

export function isStage(value: string): value is Stage {
  return (STAGES as readonly string[]).includes(value);
}

/** Parses `Development>Staging,Staging>Production,*>Archived` (the config form of the rules). */
export function parseTransitionRules(text: string): TransitionRule[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const [from, to, extra] = part.split('>').map((s) => s.trim());
      const valid = (s: string | undefined): s is Stage | '*' => s === '*' || (s !== undefined && isStage(s));
      if (extra !== undefined || !valid(from) || !valid(to)) {
        throw new InputError(
          'INVALID_FIELD',
          `stage transition '${part}': expected <from>'>'<to> with stages ${STAGES.join(', ')} or *`,
        );
      }
      return { from, to };
    });
}

export function transitionAllowed(rules: readonly TransitionRule[], from: Stage, to: Stage): boolean {
  if (from === to) return false;
  return rules.some((r) => (r.from === '*' || r.from === from) && (r.to === '*' || r.to === to));
}

/** Where the other versions in the target stage go when a version is promoted there. */
export type OthersInStage = 'keep' | 'archive' | 'demote';

export interface StageTransition {
  readonly id: number;
  readonly modelVersionId: number;
  readonly registeredModelId: number;
  readonly fromStage: Stage;
  readonly toStage: Stage;
  readonly actor: string;
  readonly comment?: string | undefined;
  readonly timeSinceEpoch: number;
}

/** An alias: a named pointer to one version of a model, unique per model. */
export interface ModelAlias {
  readonly registeredModelId: number;
  readonly alias: string;
  readonly modelVersionId: number;
  readonly updateTimeSinceEpoch: number;
}

/** One move of an alias; `modelVersionId` undefined when it was removed. */
export interface AliasMove {
  readonly id: number;
  readonly registeredModelId: number;
  readonly alias: string;
  readonly modelVersionId?: number | undefined;
  readonly actor: string;
  readonly timeSinceEpoch: number;
}

const ALIAS_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

export function checkAlias(alias: string): string {
  if (!ALIAS_PATTERN.test(alias)) {
    throw new InputError(
      'INVALID_ALIAS',
      `alias '${alias}' must start with a letter and hold at most 64 letters, digits, '-' or '_'`,
    );
  }
  return alias;
}

/** One deployment or undeployment of a version to a serving environment. */
export interface DeploymentEvent {
  readonly id: number;
  readonly registeredModelId: number;
  readonly modelVersionId: number;
  readonly servingEnvironmentId: number;
  readonly inferenceServiceId: number;
  readonly action: 'deploy' | 'undeploy';
  readonly endpoint?: string | undefined;
  readonly actor: string;
  readonly comment?: string | undefined;
  readonly timeSinceEpoch: number;
}
