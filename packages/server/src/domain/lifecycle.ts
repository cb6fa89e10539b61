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

/**
 * Every lifecycle history (stage moves, alias moves, deployments) numbers its rows per registered
 * model in commit order: `sequence` grows by move, and `timeSinceEpoch` never goes back along it
 * (docs/adr/0015-one-lock-per-model.md).
 */
export interface HistoryRow {
  readonly id: number;
  /** The row's place in the model's history, in commit order. */
  readonly sequence: number;
  readonly timeSinceEpoch: number;
}

export interface StageTransition extends HistoryRow {
  readonly modelVersionId: number;
  readonly registeredModelId: number;
  readonly fromStage: Stage;
  readonly toStage: Stage;
  readonly actor: string;
  readonly comment?: string | undefined;
}

/** An alias: a named pointer to one version of a model, unique per model. */
export interface ModelAlias {
  readonly registeredModelId: number;
  readonly alias: string;
  readonly modelVersionId: number;
  readonly updateTimeSinceEpoch: number;
}

/** One move of an alias; `modelVersionId` undefined when it was removed. */
export interface AliasMove extends HistoryRow {
  readonly registeredModelId: number;
  readonly alias: string;
  readonly modelVersionId?: number | undefined;
  readonly actor: string;
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
export interface DeploymentEvent extends HistoryRow {
  readonly registeredModelId: number;
  readonly modelVersionId: number;
  readonly servingEnvironmentId: number;
  readonly inferenceServiceId: number;
  readonly action: 'deploy' | 'undeploy';
  readonly endpoint?: string | undefined;
  readonly actor: string;
  readonly comment?: string | undefined;
}

/** A condition a version must meet to enter a stage. */
export type PolicyCondition =
  | {
      readonly type: 'metric';
      readonly name: string;
      readonly op: '>=' | '>' | '<=' | '<' | '=';
      readonly value: number;
    }
  | { readonly type: 'property'; readonly name: string }
  | { readonly type: 'approvals'; readonly count: number }
  /** The version's lineage records each of these (e.g. a training dataset and the code). */
  | { readonly type: 'lineage'; readonly require: readonly LineageFact[] };

export const LINEAGE_FACTS = ['dataset', 'code', 'pipelineRun', 'experimentRun', 'parent'] as const;
export type LineageFact = (typeof LINEAGE_FACTS)[number];

export interface PromotionPolicy {
  readonly registeredModelId: number;
  readonly stage: Stage;
  readonly conditions: readonly PolicyCondition[];
}

export interface Approval {
  readonly modelVersionId: number;
  readonly stage: Stage;
  readonly actor: string;
  readonly comment?: string | undefined;
  readonly timeSinceEpoch: number;
}

/** What a policy checks a version against. */
export interface PolicyFacts {
  /** Numeric values by name: the version's custom properties and its metric artifacts. */
  readonly metrics: ReadonlyMap<string, number>;
  readonly properties: ReadonlySet<string>;
  /** Distinct users who approved the move to the stage. */
  readonly approvers: ReadonlySet<string>;
  /** What the version's lineage records. */
  readonly lineage: ReadonlySet<LineageFact>;
}

/** One condition of a policy checked against a version: met or not, said in words either way. */
export interface ConditionCheck {
  readonly condition: PolicyCondition;
  readonly met: boolean;
  /** What the condition asks and what the version has, e.g. `accuracy >= 0.9 (it is 0.87)`. */
  readonly description: string;
}

/** Each condition checked against the facts, in the policy's order. */
export function checkConditions(
  conditions: readonly PolicyCondition[],
  facts: PolicyFacts,
): ConditionCheck[] {
  return conditions.map((condition) => checkCondition(condition, facts));
}

function checkCondition(condition: PolicyCondition, facts: PolicyFacts): ConditionCheck {
  switch (condition.type) {
    case 'metric': {
      const value = facts.metrics.get(condition.name);
      const met =
        value !== undefined &&
        {
          '>=': value >= condition.value,
          '>': value > condition.value,
          '<=': value <= condition.value,
          '<': value < condition.value,
          '=': value === condition.value,
        }[condition.op];
      const has = value === undefined ? 'no such metric' : `it is ${value}`;
      return { condition, met, description: `${condition.name} ${condition.op} ${condition.value} (${has})` };
    }
    case 'property':
      return {
        condition,
        met: facts.properties.has(condition.name),
        description: `property ${condition.name} is required`,
      };
    case 'approvals':
      return {
        condition,
        met: facts.approvers.size >= condition.count,
        description: `${condition.count} approvals by distinct users (it has ${facts.approvers.size})`,
      };
    case 'lineage': {
      const missing = condition.require.filter((fact) => !facts.lineage.has(fact));
      return {
        condition,
        met: missing.length === 0,
        description:
          missing.length === 0
            ? `lineage records ${condition.require.join(', ')}`
            : `lineage must record ${missing.join(', ')}`,
      };
    }
  }
}

/** Every condition the facts do not meet, each said in words; empty when the move may go on. */
export function unmetConditions(conditions: readonly PolicyCondition[], facts: PolicyFacts): string[] {
  return checkConditions(conditions, facts)
    .filter((check) => !check.met)
    .map((check) => check.description);
}
