import type {
  AliasMove,
  Approval,
  DeploymentEvent,
  ModelAlias,
  PromotionPolicy,
  Stage,
  StageTransition,
} from '../domain/lifecycle.js';
import type { ModelLock } from './catalog-repository.js';

/** What the last sync of a namespace saw, as JSON the KServe service writes and reads. */
export interface SyncReportRow {
  readonly namespace: string;
  readonly report: string;
  readonly actor: string;
  readonly observedTime: number;
}

/** The stage history of versions. */
export interface StageRepository extends ModelLock {
  /**
   * Appends to the model's stage history (the caller holds the model's lock): the next sequence,
   * at `timeSinceEpoch` or the previous row's time if that is later.
   */
  insertTransition(transition: Omit<StageTransition, 'id' | 'sequence'>): Promise<StageTransition>;
  /** Newest (highest sequence) first. */
  listTransitions(match: {
    modelVersionId?: number;
    registeredModelId?: number;
  }): Promise<readonly StageTransition[]>;
}

/** Promotion policies and the approvals they ask for. */
export interface PolicyRepository extends ModelLock {
  getPolicy(registeredModelId: number, stage: Stage): Promise<PromotionPolicy | undefined>;
  listPolicies(registeredModelId: number): Promise<readonly PromotionPolicy[]>;
  /** Replaces the policy of a stage; no conditions removes it. */
  setPolicy(policy: PromotionPolicy, now: number): Promise<void>;
  /** Records an approval; approving twice is one approval. */
  addApproval(approval: Approval): Promise<void>;
  listApprovals(modelVersionId: number, stage?: Stage): Promise<readonly Approval[]>;
}

/** Aliases of a model's versions and their history. */
export interface AliasRepository extends ModelLock {
  listAliases(registeredModelId: number): Promise<readonly ModelAlias[]>;
  getAlias(registeredModelId: number, alias: string): Promise<ModelAlias | undefined>;
  /**
   * Points the alias at a version (creating it), or removes it when `modelVersionId` is undefined;
   * records the move as insertTransition records a stage move (the caller holds the model's lock).
   */
  moveAlias(
    registeredModelId: number,
    alias: string,
    modelVersionId: number | undefined,
    actor: string,
    now: number,
  ): Promise<AliasMove>;
  /**
   * The alias's last move at or before `time`, or its last move of all when `time` is undefined
   * (undefined: it did not exist then).
   */
  aliasAt(registeredModelId: number, alias: string, time?: number): Promise<AliasMove | undefined>;
  /** Newest (highest sequence) first. */
  aliasHistory(registeredModelId: number, alias?: string): Promise<readonly AliasMove[]>;
  /** Removes the aliases pointing at these versions (recording the removals); returns their names. */
  dropAliasesOf(modelVersionIds: readonly number[], actor: string, now: number): Promise<void>;
}

/** Deployment history, and the last KServe sync report of each namespace. */
export interface DeploymentRepository extends ModelLock {
  /** Appends to the model's deployment history, as insertTransition does to its stage history. */
  insertDeployment(event: Omit<DeploymentEvent, 'id' | 'sequence'>): Promise<DeploymentEvent>;
  /** Newest (highest sequence) first. */
  listDeployments(match: {
    registeredModelId?: number;
    modelVersionId?: number;
  }): Promise<readonly DeploymentEvent[]>;
  /** Replaces the last sync report of a Kubernetes namespace (docs/adr/0019-kserve.md). */
  saveSyncReport(report: SyncReportRow): Promise<void>;
  /** The last sync report of each namespace (of these namespaces, when given), by namespace. */
  syncReports(namespaces?: readonly string[]): Promise<readonly SyncReportRow[]>;
}

/** Lifecycle context: stages, policies, approvals, aliases, deployments. */
export interface LifecycleRepository
  extends StageRepository, PolicyRepository, AliasRepository, DeploymentRepository {}
