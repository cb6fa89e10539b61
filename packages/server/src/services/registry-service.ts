import {
  KIND_LABEL,
  type Artifact,
  type ArtifactType,
  type EntityByKind,
  type EntityChanges,
  type EntityKind,
  type InferenceService,
  type ModelVersion,
  type RegisteredModel,
  type NewEntity,
} from '../domain/entities.js';
import { normaliseArtifactFields } from '../domain/artifact-fields.js';
import type { CustomProperties } from '../domain/custom-properties.js';
import { bump, mustParseSemVer, parseSemVer, satisfies } from '../domain/semver.js';
import {
  DEFAULT_TRANSITIONS,
  STAGES,
  transitionAllowed,
  checkAlias,
  type AliasMove,
  type DeploymentEvent,
  type ModelAlias,
  type OthersInStage,
  type PolicyCondition,
  unmetConditions,
  type Stage,
  type TransitionRule,
} from '../domain/lifecycle.js';
import { ConflictError, InputError, NotFoundError, PreconditionError } from '../domain/errors.js';
import type { ParentLink, ParentRelation, VersionLineage } from '../domain/lineage.js';
import type { ResolvedFilter } from '../domain/filter-query/resolve.js';
import type { Cursor, Page, PageRequest } from '../domain/pagination.js';
import type { FieldMatch, MetadataStore, MetadataTransaction } from '../ports/metadata-store.js';
import type { Principal } from '../domain/access-control.js';
import { type Authorizer, type ModelRef } from './authorizer.js';
import { versionLabel } from './scope-resolver.js';
import { lockModel, runUseCase, type Caller, type Record_ } from './use-case.js';
import { policyFacts } from './policy-facts.js';

export type { Caller } from './use-case.js';

/**
 * Work a deployment target (KServe) adds to recording a deployment, in the same transaction and
 * under the model's lock: `check` before anything is written (a refusal leaves nothing), `after`
 * once the inference service and the history row are written (it may answer the service updated).
 */
export interface DeploymentHooks {
  readonly check?: (
    tx: MetadataTransaction,
    at: { model: RegisteredModel; version: ModelVersion; existing: InferenceService | undefined },
  ) => Promise<void>;
  readonly after?: (
    tx: MetadataTransaction,
    at: {
      now: number;
      record: Record_;
      model: RegisteredModel;
      version: ModelVersion;
      inferenceService: InferenceService;
    },
  ) => Promise<InferenceService | void>;
}

/** A version and what it was made from, registered in one call (POST /registrations). */
export interface RegistrationInput {
  readonly registeredModel: { readonly name: string } & CreateInput<'registeredModel'>;
  readonly modelVersion: {
    readonly name?: string | undefined;
    readonly bump?: 'major' | 'minor' | 'patch' | undefined;
  } & CreateInput<'modelVersion'>;
  readonly modelArtifact?: CreateInput<'artifact'> | undefined;
  readonly metrics?:
    | readonly {
        readonly name: string;
        readonly value: number;
        readonly step?: number | undefined;
        readonly timestamp?: number | undefined;
        readonly dataset?: string | undefined;
      }[]
    | undefined;
  readonly params?: Readonly<Record<string, string | number | boolean>> | undefined;
  readonly datasets?:
    | readonly {
        readonly name: string;
        readonly uri: string;
        readonly digest?: string | undefined;
        readonly sourceType?: string | undefined;
        readonly source?: string | undefined;
      }[]
    | undefined;
  readonly code?:
    | {
        readonly repository?: string | undefined;
        readonly commit?: string | undefined;
        readonly path?: string | undefined;
      }
    | undefined;
  readonly pipelineRun?:
    | {
        readonly id: string;
        readonly name?: string | undefined;
        readonly kind?: string | undefined;
        readonly group?: string | undefined;
      }
    | undefined;
  readonly experimentRunId?: number | undefined;
  readonly parents?:
    | readonly { readonly modelVersionId: number; readonly relation?: ParentRelation | undefined }[]
    | undefined;
}

export interface Registration {
  readonly registeredModel: EntityByKind['registeredModel'];
  readonly createdModel: boolean;
  readonly modelVersion: ModelVersion;
  readonly modelArtifact?: Artifact | undefined;
  readonly metrics: readonly Artifact[];
  readonly params: readonly Artifact[];
  readonly datasets: readonly Artifact[];
  readonly lineage: VersionLineage & {
    readonly pipelineRun?: string | undefined;
    readonly parents: readonly ParentLink[];
  };
}

/** What a caller may give when creating: the domain entity with its defaulted fields optional. */
export type CreateInput<K extends EntityKind> = Partial<NewEntity<K>> & Record<string, unknown>;

export interface ListOptions extends PageRequest {
  readonly filter?: ResolvedFilter | undefined;
  /** Exact-match conditions, e.g. the parent id or `artifactType`. */
  readonly match?: FieldMatch | undefined;
}

export interface FindCriteria {
  readonly name?: string | undefined;
  readonly externalId?: string | undefined;
  readonly parentResourceId?: number | undefined;
  readonly artifactType?: ArtifactType | undefined;
}

export type ArtifactParent = { readonly kind: 'modelVersion' | 'experimentRun'; readonly id: number };

export interface RegistryServiceDeps {
  readonly store: MetadataStore;
  /** Epoch milliseconds. */
  readonly clock: () => number;
  /** A fresh unique name, for entities created without one. */
  readonly newName: () => string;
  /** SHA-256 hex, for the audit trail's hash chain. */
  readonly sha256: (text: string) => string;
  /** The stage moves allowed (DEFAULT_TRANSITIONS unless configured). */
  readonly transitions?: readonly TransitionRule[];
}

/** The field of a child kind that names its parent, and the parent's kind. */
const PARENT: Partial<Record<EntityKind, { field: string; kind: EntityKind }>> = {
  modelVersion: { field: 'registeredModelId', kind: 'registeredModel' },
  experimentRun: { field: 'experimentId', kind: 'experiment' },
  inferenceService: { field: 'servingEnvironmentId', kind: 'servingEnvironment' },
  serveModel: { field: 'inferenceServiceId', kind: 'inferenceService' },
  metricHistory: { field: 'experimentRunId', kind: 'experimentRun' },
};

const DEFAULTS: Partial<Record<EntityKind, Record<string, unknown>>> = {
  registeredModel: { state: 'LIVE', versionScheme: 'free' },
  modelVersion: { state: 'LIVE', stage: 'Development' },
  artifact: { state: 'UNKNOWN', artifactType: 'model-artifact' },
  experiment: { state: 'LIVE' },
  experimentRun: { state: 'LIVE', status: 'RUNNING' },
  inferenceService: { desiredState: 'DEPLOYED' },
  serveModel: { lastKnownState: 'UNKNOWN' },
  metricHistory: { state: 'LIVE' },
};

/** Kinds whose name the client may leave out: the server then makes one up, so every entity has a name. */
const GENERATED_NAME: ReadonlySet<EntityKind> = new Set([
  'artifact',
  'experimentRun',
  'inferenceService',
  'serveModel',
]);

function label(kind: EntityKind): string {
  return KIND_LABEL[kind].label;
}

function notFound(kind: EntityKind, id: number): NotFoundError {
  return new NotFoundError(`${KIND_LABEL[kind].code}_NOT_FOUND`, `no ${label(kind)} with id ${id}`);
}

/**
 * The registry's use cases. Each public method is one transaction: it lands whole or not at all.
 */
export class RegistryService {
  constructor(private readonly deps: RegistryServiceDeps) {}

  private run<T>(
    actor: Caller,
    work: (tx: MetadataTransaction, now: number, auth: Authorizer, record: Record_) => Promise<T>,
  ): Promise<T> {
    return runUseCase(this.deps, actor, work);
  }

  get<K extends EntityKind>(actor: Caller, kind: K, id: number): Promise<EntityByKind[K]> {
    return this.run(actor, async (tx, _now, auth) => {
      const entity = await this.mustGet(tx, kind, id);
      await auth.require('read', `${label(kind)} ${id}`, () => this.modelOf(tx, kind, entity));
      return entity;
    });
  }

  create<K extends EntityKind>(actor: Caller, kind: K, input: CreateInput<K>): Promise<EntityByKind[K]> {
    return this.run(actor, async (tx, now, auth, record) => {
      await auth.require('write', `a new ${label(kind)}`, () =>
        kind === 'registeredModel' ? Promise.resolve(undefined) : this.modelOf(tx, kind, input),
      );
      const at = (await this.lockAggregate(tx, kind, input)) ?? now;
      return this.createIn(tx, kind, { ...actorDefaults(kind, actor), ...input }, at, record);
    });
  }

  update<K extends EntityKind>(
    actor: Caller,
    kind: K,
    id: number,
    changes: EntityChanges<K>,
  ): Promise<EntityByKind[K]> {
    return this.run(actor, async (tx, now, auth, record) => {
      const found = await this.mustGet(tx, kind, id);
      await auth.require('write', `${label(kind)} ${id}`, () => this.modelOf(tx, kind, found));
      const at = await this.lockAggregate(tx, kind, found);
      // What the change decides on (a version's state, say) is read again under the lock.
      const current = at === undefined ? found : await this.mustGet(tx, kind, id);
      return this.updateIn(tx, kind, current, changes, at ?? now, record, actor);
    });
  }

  /** A page of entities; a caller without global read sees only what it may, filtered in the query. */
  list<K extends EntityKind>(
    actor: Caller,
    kind: K,
    options: ListOptions,
    parent?: { kind: EntityKind; id: number },
  ) {
    return this.run(actor, async (tx, _now, auth): Promise<Page<EntityByKind[K]>> => {
      if (parent !== undefined) {
        const owner = await this.mustGet(tx, parent.kind, parent.id);
        await auth.require('read', `${label(parent.kind)} ${parent.id}`, () =>
          this.modelOf(tx, parent.kind, owner),
        );
      }
      return tx.list(kind, { ...options, visibility: await auth.visibility() });
    });
  }

  /** Exactly one entity by name (within `parentResourceId` for child kinds) or by externalId. */
  find<K extends EntityKind>(actor: Caller, kind: K, criteria: FindCriteria): Promise<EntityByKind[K]> {
    return this.run(actor, async (tx, _now, auth) => {
      const { name, externalId, parentResourceId, artifactType } = criteria;
      if (name === undefined && externalId === undefined) {
        throw new InputError(
          'FIND_CRITERIA_MISSING',
          `finding a ${label(kind)} needs a name or an externalId`,
        );
      }
      const match: Record<string, string | number> = {};
      if (name !== undefined) match['name'] = name;
      if (externalId !== undefined) match['externalId'] = externalId;
      if (artifactType !== undefined) match['artifactType'] = artifactType;
      if (parentResourceId !== undefined) {
        if (kind === 'artifact') {
          match[(await tx.exists('modelVersion', parentResourceId)) ? 'modelVersionId' : 'experimentRunId'] =
            parentResourceId;
        } else {
          const parent = PARENT[kind];
          if (parent === undefined) {
            throw new InputError('FIND_PARENT_UNSUPPORTED', `a ${label(kind)} has no parent resource`);
          }
          match[parent.field] = parentResourceId;
        }
      }
      // `@champion` within a model names the version its alias points at.
      if (kind === 'modelVersion' && name?.startsWith('@') === true && parentResourceId !== undefined) {
        const alias = await tx.getAlias(parentResourceId, checkAlias(name.slice(1)));
        delete match['name'];
        match['id'] = alias?.modelVersionId ?? 0;
      }
      // Only what the caller may read: another model's entity is as absent as a missing one.
      const found = (
        await tx.list(kind, {
          match,
          orderBy: 'ID',
          sortOrder: 'ASC',
          pageSize: 2,
          visibility: await auth.visibility(),
        })
      ).items;
      const described = Object.entries(criteria)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(', ');
      if (found.length > 1) {
        throw new InputError(
          `${KIND_LABEL[kind].code}_AMBIGUOUS`,
          `more than one ${label(kind)} matches ${described}; add parentResourceId or use externalId`,
        );
      }
      const [entity] = found;
      if (entity === undefined) {
        throw new NotFoundError(
          `${KIND_LABEL[kind].code}_NOT_FOUND`,
          `no ${label(kind)} matches ${described}`,
        );
      }
      await auth.require('read', `${label(kind)} ${entity.id}`, () => this.modelOf(tx, kind, entity));
      return entity;
    });
  }

  /**
   * Creates an artifact under a model version or run, or updates one: by `id` when given,
   * else by name for metrics and parameters (logging a value again). A metric logged to a
   * run is also appended to the run's metric history.
   */
  upsertArtifact(
    actor: Caller,
    parent: ArtifactParent,
    input: CreateInput<'artifact'> & { id?: number | undefined },
  ): Promise<{ artifact: Artifact; created: boolean }> {
    return this.run(actor, async (tx, txStart, auth, record) => {
      const owner = await this.mustGet(tx, parent.kind, parent.id);
      await auth.require('write', `the artifacts of ${label(parent.kind)} ${parent.id}`, () =>
        this.modelOf(tx, parent.kind, owner),
      );
      const now = (await this.lockAggregate(tx, parent.kind, owner)) ?? txStart;
      const attach: Record<string, unknown> =
        parent.kind === 'modelVersion'
          ? { modelVersionId: parent.id }
          : {
              experimentRunId: parent.id,
              experimentId: (owner as EntityByKind['experimentRun']).experimentId,
            };
      const { id, ...fields } = input;
      let existing: Artifact | undefined;
      if (id !== undefined) {
        existing = await this.mustGet(tx, 'artifact', id);
        // An artifact keeps its parent for good: naming another's by id takes nothing over.
        const parents = [existing.modelVersionId, existing.experimentRunId].filter((p) => p !== undefined);
        const own = parent.kind === 'modelVersion' ? existing.modelVersionId : existing.experimentRunId;
        if (parents.length > 0 && own !== parent.id) {
          throw new ConflictError(
            'ARTIFACT_OF_ANOTHER_PARENT',
            `artifact ${id} belongs to another ${existing.modelVersionId === undefined ? 'experiment run' : 'model version'}; an artifact's parent never changes`,
          );
        }
      } else if ((fields.artifactType === 'metric' || fields.artifactType === 'parameter') && fields.name) {
        const scope = parent.kind === 'modelVersion' ? 'modelVersionId' : 'experimentRunId';
        [existing] = await tx.findAll('artifact', { name: fields.name, [scope]: parent.id }, 1);
      }
      let artifact: Artifact;
      if (existing === undefined) {
        artifact = await this.createIn(tx, 'artifact', { ...fields, ...attach }, now, record);
      } else {
        const changes = { ...fields, ...attach } as EntityChanges<'artifact'>;
        artifact = await this.updateIn(tx, 'artifact', existing, changes, now, record, actor);
      }
      if (parent.kind === 'experimentRun' && artifact.artifactType === 'metric') {
        await this.appendMetricHistory(tx, artifact, now);
      }
      return { artifact, created: existing === undefined };
    });
  }

  /** The registered model an inference service serves. */
  inferenceServiceModel(actor: Caller, id: number) {
    return this.run(actor, async (tx, _now, auth) => {
      const service = await this.mustGet(tx, 'inferenceService', id);
      const model = await this.mustGet(tx, 'registeredModel', service.registeredModelId);
      await auth.require('read', `inference service ${id}`, model);
      return model;
    });
  }

  /** The pinned version of an inference service, or the newest version of its model when none is pinned. */
  inferenceServiceVersion(actor: Caller, id: number): Promise<ModelVersion> {
    return this.run(actor, async (tx, _now, auth) => {
      const service = await this.mustGet(tx, 'inferenceService', id);
      await auth.require('read', `inference service ${id}`, () =>
        this.modelOf(tx, 'inferenceService', service),
      );
      if (service.modelVersionId !== undefined)
        return this.mustGet(tx, 'modelVersion', service.modelVersionId);
      const page = await tx.list('modelVersion', {
        match: { registeredModelId: service.registeredModelId },
        orderBy: 'CREATE_TIME',
        sortOrder: 'DESC',
        pageSize: 1,
      });
      const [newest] = page.items;
      if (newest === undefined) {
        throw new NotFoundError(
          'MODEL_VERSION_NOT_FOUND',
          `inference service ${id} pins no version and registered model ${service.registeredModelId} has none`,
        );
      }
      return newest;
    });
  }

  /** Deletes an entity and what it owns; refuses while something else still refers to it. */
  remove(actor: Caller, kind: EntityKind, id: number): Promise<void> {
    return this.run(actor, async (tx, txStart, auth, record) => {
      const found = await this.mustGet(tx, kind, id);
      await auth.require('admin', `${label(kind)} ${id}`, () => this.modelOf(tx, kind, found));
      const at = await this.lockAggregate(tx, kind, found);
      const now = at ?? txStart;
      const entity = (at === undefined ? found : await this.mustGet(tx, kind, id)) as unknown as Record<
        string,
        unknown
      >;
      await this.removeIn(tx, kind, [id], now, actor.subject);
      await record('delete', kind, id, { before: entity });
      await this.touchParents(tx, kind, entity, now);
    });
  }

  /**
   * Moves a version to another stage, if the configured transitions allow it, and records who,
   * when, from where and why. `others` says what happens to the model's other versions already in
   * the target stage: kept (default), archived, or demoted to Staging. `from`, when given, is the
   * stage the caller saw the version in: a version that moved since is a conflict, not a move.
   */
  transitionStage(
    actor: Caller,
    versionId: number,
    input: {
      stage: Stage;
      comment?: string | undefined;
      others?: OthersInStage | undefined;
      from?: Stage | undefined;
    },
  ): Promise<ModelVersion> {
    return this.run(actor, async (tx, _txStart, auth, record) => {
      const found = await this.mustGet(tx, 'modelVersion', versionId);
      const label = await versionLabel(tx, found);
      await auth.require('promote', label, () => this.modelOf(tx, 'modelVersion', found));
      // The model's lock first, then the stages this move decides on (ADR 15).
      const now = await this.lock(tx, found.registeredModelId);
      const version = await this.mustGet(tx, 'modelVersion', versionId);
      if (input.from !== undefined && input.from !== version.stage) {
        throw new ConflictError(
          'STAGE_MISMATCH',
          `${label} is in ${version.stage}, not ${input.from}; it moved since the caller looked`,
        );
      }
      const rules = this.deps.transitions ?? DEFAULT_TRANSITIONS;
      if (!transitionAllowed(rules, version.stage, input.stage)) {
        const allowed = STAGES.filter((to) => transitionAllowed(rules, version.stage, to));
        throw new ConflictError(
          'STAGE_TRANSITION_NOT_ALLOWED',
          `${label} cannot move from ${version.stage} to ${input.stage}; from ${version.stage} it may move to ${allowed.length === 0 ? 'nothing' : allowed.join(', ')}`,
        );
      }
      await this.checkPolicy(tx, version, input.stage);
      const others = input.others ?? 'keep';
      if (others !== 'keep' && input.stage !== 'Archived') {
        const displaced = await tx.findAll(
          'modelVersion',
          { registeredModelId: version.registeredModelId, stage: input.stage },
          10_000,
        );
        for (const other of displaced) {
          if (other.id === versionId) continue;
          const to: Stage = others === 'archive' ? 'Archived' : 'Staging';
          await this.moveStage(
            tx,
            now,
            record,
            actor,
            other,
            to,
            `${input.stage} went to version ${versionId}`,
          );
        }
      }
      return this.moveStage(tx, now, record, actor, version, input.stage, input.comment);
    });
  }

  /** Sets (or, with no conditions, removes) what a version must meet to enter a stage; a model's admins. */
  setPolicy(actor: Caller, modelId: number, stage: Stage, conditions: readonly PolicyCondition[]) {
    return this.run(actor, async (tx, now, auth, record) => {
      const model = await this.mustGet(tx, 'registeredModel', modelId);
      await auth.require('admin', `the promotion policies of registered model ${modelId}`, {
        id: model.id,
        owner: model.owner,
      });
      await this.lock(tx, modelId);
      const before = await tx.getPolicy(modelId, stage);
      await tx.setPolicy({ registeredModelId: modelId, stage, conditions }, now);
      await record('update', 'registeredModel', modelId, {
        policy: { stage, before: before?.conditions ?? [], after: conditions },
      });
      return tx.listPolicies(modelId);
    });
  }

  listPolicies(actor: Caller, modelId: number) {
    return this.run(actor, async (tx, _now, auth) => {
      const model = await this.mustGet(tx, 'registeredModel', modelId);
      await auth.require('read', `registered model ${modelId}`, { id: model.id, owner: model.owner });
      return tx.listPolicies(modelId);
    });
  }

  /** Approves a version's move to a stage, for policies that ask for approvals; promoters. */
  approve(actor: Caller, versionId: number, stage: Stage, comment?: string) {
    return this.run(actor, async (tx, _txStart, auth, record) => {
      const version = await this.mustGet(tx, 'modelVersion', versionId);
      await auth.require('promote', `model version ${versionId}`, () =>
        this.modelOf(tx, 'modelVersion', version),
      );
      const now = await this.lock(tx, version.registeredModelId);
      await tx.addApproval({
        modelVersionId: versionId,
        stage,
        actor: actor.subject,
        comment,
        timeSinceEpoch: now,
      });
      await record('update', 'modelVersion', versionId, { approval: { stage, comment: comment ?? null } });
      return tx.listApprovals(versionId, stage);
    });
  }

  /** Stage moves, newest first: of one version, or of every version of a model. */
  stageHistory(actor: Caller, of: { modelVersionId: number } | { registeredModelId: number }) {
    return this.run(actor, async (tx, _now, auth) => {
      if ('modelVersionId' in of) {
        const version = await this.mustGet(tx, 'modelVersion', of.modelVersionId);
        await auth.require('read', `model version ${version.id}`, () =>
          this.modelOf(tx, 'modelVersion', version),
        );
        return tx.listTransitions({ modelVersionId: of.modelVersionId });
      }
      const model = await this.mustGet(tx, 'registeredModel', of.registeredModelId);
      await auth.require('read', `registered model ${model.id}`, { id: model.id, owner: model.owner });
      return tx.listTransitions({ registeredModelId: of.registeredModelId });
    });
  }

  /**
   * Moves, sets or removes (null) several aliases of one model in one transaction: they all land
   * or none does. Each alias is unique within its model.
   */
  moveAliases(
    actor: Caller,
    modelId: number,
    moves: Readonly<Record<string, number | null>>,
  ): Promise<readonly ModelAlias[]> {
    return this.run(actor, async (tx, _txStart, auth, record) => {
      const model = await this.mustGet(tx, 'registeredModel', modelId);
      await auth.require('promote', `the aliases of registered model ${modelId}`, {
        id: model.id,
        owner: model.owner,
      });
      // The model's lock first: concurrent alias moves on one model queue here, and each reads
      // where the alias points after the previous one committed.
      const now = await this.lock(tx, modelId);
      await tx.touch('registeredModel', modelId, now);
      const changes: Record<string, { from: number | null; to: number | null }> = {};
      for (const [alias, versionId] of Object.entries(moves)) {
        checkAlias(alias);
        if (versionId !== null) {
          const version = await this.mustGet(tx, 'modelVersion', versionId);
          if (version.registeredModelId !== modelId) {
            throw new InputError(
              'MODEL_VERSION_OF_ANOTHER_MODEL',
              `model version ${versionId} belongs to registered model ${version.registeredModelId}, not ${modelId}`,
            );
          }
        }
        const current = await tx.getAlias(modelId, alias);
        if (versionId === null && current === undefined) {
          throw new NotFoundError('ALIAS_NOT_FOUND', `registered model ${modelId} has no alias '${alias}'`);
        }
        await tx.moveAlias(modelId, alias, versionId ?? undefined, actor.subject, now);
        changes[alias] = { from: current?.modelVersionId ?? null, to: versionId };
      }
      await record('update', 'registeredModel', modelId, { aliases: changes });
      return tx.listAliases(modelId);
    });
  }

  listAliases(actor: Caller, modelId: number): Promise<readonly ModelAlias[]> {
    return this.run(actor, async (tx, _now, auth) => {
      const model = await this.mustGet(tx, 'registeredModel', modelId);
      await auth.require('read', `registered model ${modelId}`, { id: model.id, owner: model.owner });
      return tx.listAliases(modelId);
    });
  }

  /** Which version held an alias at a time (now by default), from the alias history. */
  aliasAt(actor: Caller, modelId: number, alias: string, time?: number): Promise<AliasMove> {
    return this.run(actor, async (tx, _now, auth) => {
      const model = await this.mustGet(tx, 'registeredModel', modelId);
      await auth.require('read', `registered model ${modelId}`, { id: model.id, owner: model.owner });
      // Now is the last move, not the last move before this replica's clock: another replica's
      // clock may run ahead, and its move is the alias's current target all the same.
      const move = await tx.aliasAt(modelId, checkAlias(alias), time);
      if (move?.modelVersionId === undefined) {
        throw new NotFoundError(
          'ALIAS_NOT_FOUND',
          `registered model ${modelId} had no alias '${alias}'${time === undefined ? '' : ` at ${new Date(time).toISOString()}`}`,
        );
      }
      return move;
    });
  }

  aliasHistory(actor: Caller, modelId: number, alias?: string): Promise<readonly AliasMove[]> {
    return this.run(actor, async (tx, _now, auth) => {
      const model = await this.mustGet(tx, 'registeredModel', modelId);
      await auth.require('read', `registered model ${modelId}`, { id: model.id, owner: model.owner });
      return tx.aliasHistory(modelId, alias === undefined ? undefined : checkAlias(alias));
    });
  }

  /**
   * Records, in one call, that a version was deployed to (or undeployed from) a serving
   * environment: the environment and its inference service are created or updated as Kubeflow
   * records them, and the deployment history keeps who, when and where.
   */
  recordDeployment(
    actor: Caller,
    modelId: number,
    input: {
      modelVersionId: number;
      environment: string;
      action: 'deploy' | 'undeploy';
      inferenceService?: string | undefined;
      endpoint?: string | undefined;
      comment?: string | undefined;
    },
    hooks: DeploymentHooks = {},
  ): Promise<{ event: DeploymentEvent; inferenceService: InferenceService }> {
    return this.run(actor, async (tx, _txStart, auth, record) => {
      const model = await this.mustGet(tx, 'registeredModel', modelId);
      await auth.require('promote', `deployments of registered model ${modelId}`, {
        id: model.id,
        owner: model.owner,
      });
      const now = await this.lock(tx, modelId);
      const version = await this.mustGet(tx, 'modelVersion', input.modelVersionId);
      if (version.registeredModelId !== modelId) {
        throw new InputError(
          'MODEL_VERSION_OF_ANOTHER_MODEL',
          `model version ${version.id} belongs to registered model ${version.registeredModelId}, not ${modelId}`,
        );
      }
      const [existingEnv] = await tx.findAll('servingEnvironment', { name: input.environment }, 1);
      const serviceName = input.inferenceService ?? model.name;
      const [existing] =
        existingEnv === undefined
          ? []
          : await tx.findAll(
              'inferenceService',
              { servingEnvironmentId: existingEnv.id, name: serviceName },
              1,
            );
      // Another model's inference service is not this model's to repoint (nor to say what it serves).
      if (existing !== undefined && existing.registeredModelId !== modelId) {
        throw new ConflictError(
          'INFERENCE_SERVICE_ALREADY_EXISTS',
          `serving environment '${input.environment}' has an inference service named '${serviceName}' that serves another registered model; name another with inferenceService`,
        );
      }
      if (input.action === 'undeploy') {
        await this.refuseUnlessDeployed(tx, model, version, input.environment, serviceName, existing);
      }
      await hooks.check?.(tx, { model, version, existing });
      const env =
        existingEnv ??
        (await this.createIn(tx, 'servingEnvironment', { name: input.environment }, now, record));
      const desiredState = input.action === 'deploy' ? 'DEPLOYED' : 'UNDEPLOYED';
      // The InferenceService controller keeps the served URL in customProperties.url; so do we.
      const urlProperty: CustomProperties =
        input.endpoint === undefined ? {} : { url: { type: 'string', value: input.endpoint } };
      const service =
        existing === undefined
          ? await this.createIn(
              tx,
              'inferenceService',
              {
                name: serviceName,
                servingEnvironmentId: env.id,
                registeredModelId: modelId,
                modelVersionId: version.id,
                desiredState,
                customProperties: urlProperty,
              },
              now,
              record,
            )
          : await this.updateIn(
              tx,
              'inferenceService',
              existing,
              {
                modelVersionId: version.id,
                desiredState,
                customProperties: { ...existing.customProperties, ...urlProperty },
              },
              now,
              record,
              actor,
            );
      const event = await tx.insertDeployment({
        registeredModelId: modelId,
        modelVersionId: version.id,
        servingEnvironmentId: env.id,
        inferenceServiceId: service.id,
        action: input.action,
        endpoint: input.endpoint,
        actor: actor.subject,
        comment: input.comment,
        timeSinceEpoch: now,
      });
      await record(input.action, 'modelVersion', version.id, {
        environment: env.name,
        inferenceService: service.id,
        endpoint: input.endpoint ?? null,
      });
      const updated =
        (await hooks.after?.(tx, { now, record, model, version, inferenceService: service })) ?? service;
      return { event, inferenceService: updated };
    });
  }

  /** A model's deployments over time, newest first, with the environment names, in three queries. */
  deployments(actor: Caller, modelId: number) {
    return this.run(actor, async (tx, _now, auth) => {
      const model = await this.mustGet(tx, 'registeredModel', modelId);
      await auth.require('read', `registered model ${modelId}`, { id: model.id, owner: model.owner });
      const events = await tx.listDeployments({ registeredModelId: modelId });
      const environments = await this.byId(
        tx,
        'servingEnvironment',
        events.map((e) => e.servingEnvironmentId),
      );
      const versions = await this.byId(
        tx,
        'modelVersion',
        events.map((e) => e.modelVersionId),
      );
      return events.map((event) => ({
        event,
        environment: environments.get(event.servingEnvironmentId)?.name,
        version: versions.get(event.modelVersionId)?.name,
      }));
    });
  }

  /**
   * What is in production (or another stage): the versions in that stage (of one model, or of every
   * model the caller may see) and where each is deployed now.
   */
  inProduction(actor: Caller, modelId?: number, stage: Stage = 'Production') {
    return this.run(actor, async (tx, _now, auth) => {
      const visibility = await auth.visibility();
      const versions = await tx.list('modelVersion', {
        match: { stage, ...(modelId === undefined ? {} : { registeredModelId: modelId }) },
        orderBy: 'ID',
        sortOrder: 'ASC',
        visibility,
      });
      const ids = versions.items.map((v) => v.id);
      const services =
        ids.length === 0
          ? []
          : (
              await tx.list('inferenceService', {
                match: { desiredState: 'DEPLOYED' },
                filter: {
                  kind: 'field',
                  field: 'modelVersionId',
                  fieldType: 'id',
                  operator: 'IN',
                  values: ids,
                },
                orderBy: 'ID',
                sortOrder: 'ASC',
              })
            ).items;
      const environments = await this.byId(
        tx,
        'servingEnvironment',
        services.map((s) => s.servingEnvironmentId),
      );
      const models = await this.byId(
        tx,
        'registeredModel',
        versions.items.map((v) => v.registeredModelId),
      );
      return versions.items.map((version) => ({
        model: models.get(version.registeredModelId),
        version,
        deployments: services
          .filter((s) => s.modelVersionId === version.id)
          .map((s) => ({ inferenceService: s, environment: environments.get(s.servingEnvironmentId) })),
      }));
    });
  }

  /**
   * Registers a version with everything known about it, in one transaction: the registered model
   * (created when no model has the name), the version, its ModelArtifact (the pipeline run in
   * modelSource*), metric, parameter and dataset artifacts, and its code, run and parents.
   */
  register(actor: Caller, input: RegistrationInput): Promise<Registration> {
    return this.run(actor, async (tx, txStart, auth, record) => {
      let now = txStart;
      const [existing] = await tx.findAll('registeredModel', { name: input.registeredModel.name }, 1);
      let model: EntityByKind['registeredModel'];
      if (existing === undefined) {
        await auth.require('write', 'a new registered model', undefined);
        model = await this.createIn(
          tx,
          'registeredModel',
          { ...actorDefaults('registeredModel', actor), ...input.registeredModel },
          now,
          record,
        );
      } else {
        await auth.require('write', `registered model ${existing.id}`, {
          id: existing.id,
          owner: existing.owner,
        });
        // Under the model's lock, concurrent registrations number their versions one after another.
        now = await this.lock(tx, existing.id);
        model = existing;
      }
      const { bump: part, ...versionFields } = input.modelVersion;
      let name = versionFields.name;
      if (name === undefined && part !== undefined) {
        const highest = await this.firstVersion(
          tx,
          model.id,
          (v) => parseSemVer(v.name) !== undefined,
          false,
        );
        name = bump(highest === undefined ? undefined : parseSemVer(highest.name), part);
      }
      if (name === undefined) {
        throw new InputError(
          'REQUIRED_FIELD_MISSING',
          'missing required field: modelVersion.name (or modelVersion.bump)',
        );
      }
      if ((await tx.findAll('modelVersion', { registeredModelId: model.id, name }, 1)).length > 0) {
        throw new ConflictError(
          'MODEL_VERSION_ALREADY_EXISTS',
          `version '${name}' of model '${model.name}' already exists`,
        );
      }
      for (const parent of input.parents ?? []) {
        const parentVersion = await tx.get('modelVersion', parent.modelVersionId);
        if (parentVersion === undefined) {
          throw new NotFoundError(
            'LINEAGE_REFERENCE_NOT_FOUND',
            `parent model version ${parent.modelVersionId} does not exist`,
          );
        }
        await auth.require('read', `model version ${parentVersion.id}`, () =>
          this.modelOf(tx, 'modelVersion', parentVersion),
        );
      }
      if (input.experimentRunId !== undefined && !(await tx.exists('experimentRun', input.experimentRunId))) {
        throw new NotFoundError(
          'LINEAGE_REFERENCE_NOT_FOUND',
          `experiment run ${input.experimentRunId} does not exist`,
        );
      }
      const version = await this.createIn(
        tx,
        'modelVersion',
        { ...actorDefaults('modelVersion', actor), ...versionFields, name, registeredModelId: model.id },
        now,
        record,
      );
      const attach = { modelVersionId: version.id };
      const run = input.experimentRunId;
      const runFields =
        run === undefined
          ? {}
          : {
              experimentRunId: run,
              experimentId: (await this.mustGet(tx, 'experimentRun', run)).experimentId,
            };

      let modelArtifact: Artifact | undefined;
      if (input.modelArtifact !== undefined || input.pipelineRun !== undefined) {
        const pipeline = input.pipelineRun;
        modelArtifact = await this.createIn(
          tx,
          'artifact',
          {
            // Kubeflow's clients find a version's model artifact under the model's name.
            name: model.name,
            ...input.modelArtifact,
            ...(pipeline === undefined
              ? {}
              : {
                  modelSourceKind: pipeline.kind ?? 'pipeline',
                  modelSourceClass: 'pipelinerun',
                  modelSourceGroup: pipeline.group,
                  modelSourceId: pipeline.id,
                  modelSourceName: pipeline.name ?? pipeline.id,
                }),
            artifactType: 'model-artifact',
            ...attach,
          },
          now,
          record,
        );
      }
      // One artifact per metric, parameter and dataset, attached to the version (each audited).
      const createAll = async (inputs: readonly CreateInput<'artifact'>[]) => {
        const created: Artifact[] = [];
        for (const fields of inputs) {
          created.push(await this.createIn(tx, 'artifact', { ...fields, ...attach }, now, record));
        }
        return created;
      };
      const metrics = await createAll(
        (input.metrics ?? []).map((metric): CreateInput<'artifact'> => ({
          artifactType: 'metric',
          name: metric.name,
          metricValue: metric.value,
          step: metric.step,
          timestamp: metric.timestamp ?? now,
          customProperties:
            metric.dataset === undefined ? {} : { dataset: { type: 'string', value: metric.dataset } },
          ...runFields,
        })),
      );
      const params = await createAll(
        Object.entries(input.params ?? {}).map(([paramName, value]): CreateInput<'artifact'> => ({
          artifactType: 'parameter',
          name: paramName,
          parameterValue: typeof value === 'string' ? value : JSON.stringify(value),
          parameterType:
            typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'string',
          ...runFields,
        })),
      );
      const datasets = await createAll(
        (input.datasets ?? []).map((dataset): CreateInput<'artifact'> => ({
          artifactType: 'dataset-artifact',
          name: dataset.name,
          uri: dataset.uri,
          digest: dataset.digest,
          sourceType: dataset.sourceType,
          source: dataset.source,
        })),
      );
      const code = input.code;
      const lineage: VersionLineage = {
        modelVersionId: version.id,
        codeRepository: code?.repository,
        codeCommit: code?.commit,
        codePath: code?.path,
        experimentRunId: run,
      };
      if (code !== undefined || run !== undefined) {
        await tx.setVersionLineage(lineage);
        await record('update', 'modelVersion', version.id, { lineage });
      }
      const parents: ParentLink[] = [];
      for (const parent of input.parents ?? []) {
        const link: ParentLink = {
          modelVersionId: version.id,
          parentVersionId: parent.modelVersionId,
          relation: parent.relation ?? 'derived-from',
          createTimeSinceEpoch: now,
        };
        if (await tx.addParent(link)) parents.push(link);
      }
      if (parents.length > 0) await record('update', 'modelVersion', version.id, { parents });
      return {
        registeredModel: model,
        createdModel: existing === undefined,
        modelVersion: version,
        modelArtifact,
        metrics,
        params,
        datasets,
        lineage: { ...lineage, pipelineRun: input.pipelineRun?.id, parents },
      };
    });
  }

  /** The name the next version of a model gets when one part of the highest semantic version goes up. */
  nextVersionName(actor: Caller, modelId: number, part: 'major' | 'minor' | 'patch'): Promise<string> {
    return this.run(actor, async (tx, _now, auth) => {
      const model = await this.mustGet(tx, 'registeredModel', modelId);
      await auth.require('read', `registered model ${modelId}`, { id: model.id, owner: model.owner });
      const highest = await this.firstVersion(tx, modelId, (v) => parseSemVer(v.name) !== undefined, false);
      return bump(highest === undefined ? undefined : parseSemVer(highest.name), part);
    });
  }

  /** The highest LIVE version whose name satisfies a range (`^1.2`, `~1.4.0`, `latest`, …). */
  resolveVersion(actor: Caller, modelId: number, range: string): Promise<ModelVersion> {
    return this.run(actor, async (tx, _now, auth) => {
      const model = await this.mustGet(tx, 'registeredModel', modelId);
      await auth.require('read', `registered model ${modelId}`, { id: model.id, owner: model.owner });
      satisfies(mustParseSemVer('0.0.0', 'probe'), range); // refuses a malformed range before reading
      const found = await this.firstVersion(
        tx,
        modelId,
        (v) => {
          const parsed = parseSemVer(v.name);
          return parsed !== undefined && satisfies(parsed, range);
        },
        true,
      );
      if (found === undefined) {
        throw new NotFoundError(
          'MODEL_VERSION_NOT_FOUND',
          `no LIVE version of registered model ${modelId} matches '${range}'`,
        );
      }
      return found;
    });
  }

  // ---- inside a transaction ----

  /** Takes a model's lock (ADR 15); the time to record the mutation at. */
  private lock(tx: MetadataTransaction, modelId: number): Promise<number> {
    return lockModel(tx, this.deps.clock, modelId);
  }

  /**
   * Takes the lock of the model an entity belongs to (ADR 15), when it belongs to one that
   * exists: the time to record the mutation at; undefined when nothing was locked (what does not
   * exist is refused later, with the error that names it).
   */
  private async lockAggregate(
    tx: MetadataTransaction,
    kind: EntityKind,
    entity: object,
  ): Promise<number | undefined> {
    const model = await this.modelOf(tx, kind, entity);
    if (model === undefined || !(await tx.lockModel(model.id))) return undefined;
    return this.deps.clock();
  }

  /**
   * Refuses (409) to undeploy a version that is not the one deployed by that inference service
   * in that environment, naming what is deployed there, so an undeploy of a version that was
   * already replaced never takes its replacement down.
   */
  private async refuseUnlessDeployed(
    tx: MetadataTransaction,
    model: EntityByKind['registeredModel'],
    version: ModelVersion,
    environment: string,
    serviceName: string,
    service: InferenceService | undefined,
  ): Promise<void> {
    const deployedId = service?.desiredState === 'DEPLOYED' ? service.modelVersionId : undefined;
    if (deployedId === version.id) return;
    const where = `in ${environment} (inference service '${serviceName}')`;
    let deployed = 'nothing is deployed there';
    if (deployedId !== undefined) {
      const name = (await tx.get('modelVersion', deployedId))?.name ?? String(deployedId);
      deployed = `version '${name}' is deployed there; undeploy that one`;
    } else if (service?.desiredState === 'DEPLOYED') {
      deployed = 'the service is deployed without a pinned version';
    }
    throw new ConflictError(
      'VERSION_NOT_DEPLOYED',
      `version '${version.name}' of '${model.name}' is not deployed ${where}: ${deployed}`,
    );
  }

  /** Refuses a move (412) that the model's policy for the target stage does not allow, naming every unmet condition. */
  private async checkPolicy(tx: MetadataTransaction, version: ModelVersion, to: Stage): Promise<void> {
    const policy = await tx.getPolicy(version.registeredModelId, to);
    if (policy === undefined) return;
    const unmet = unmetConditions(policy.conditions, await policyFacts(tx, version, to));
    if (unmet.length > 0) {
      throw new PreconditionError(
        'PROMOTION_POLICY_NOT_MET',
        `model version ${version.id} cannot enter ${to}; unmet: ${unmet.join('; ')}`,
      );
    }
  }

  /** The first version in descending precedence that passes `accept`, read a page at a time. */
  private async firstVersion(
    tx: MetadataTransaction,
    modelId: number,
    accept: (v: ModelVersion) => boolean,
    liveOnly: boolean,
  ): Promise<ModelVersion | undefined> {
    let after: Cursor | undefined;
    for (;;) {
      const page = await tx.list('modelVersion', {
        match: { registeredModelId: modelId, ...(liveOnly ? { state: 'LIVE' } : {}) },
        orderBy: 'VERSION',
        sortOrder: 'DESC',
        pageSize: 200,
        after,
      });
      const found = page.items.find(accept);
      if (found !== undefined || page.next === undefined) return found;
      after = page.next;
    }
  }

  /** Entities by id in one query (for joining names onto a list). */
  private async byId<K extends EntityKind>(tx: MetadataTransaction, kind: K, ids: readonly number[]) {
    const unique = [...new Set(ids)];
    const found = new Map<number, EntityByKind[K]>();
    if (unique.length === 0) return found;
    const page = await tx.list(kind, {
      filter: { kind: 'field', field: 'id', fieldType: 'id', operator: 'IN', values: unique },
      orderBy: 'ID',
      sortOrder: 'ASC',
    });
    for (const entity of page.items) found.set(entity.id, entity);
    return found;
  }

  /** Applies a stage move: the stage, the Kubeflow state that goes with it, the history and the audit trail. */
  private async moveStage(
    tx: MetadataTransaction,
    now: number,
    record: Record_,
    actor: Caller,
    version: ModelVersion,
    to: Stage,
    comment: string | undefined,
  ): Promise<ModelVersion> {
    const from = version.stage;
    const state = to === 'Archived' ? 'ARCHIVED' : 'LIVE';
    const moved = await tx.update('modelVersion', version.id, { stage: to, state }, now);
    await tx.touch('registeredModel', version.registeredModelId, now);
    await tx.insertTransition({
      modelVersionId: version.id,
      registeredModelId: version.registeredModelId,
      fromStage: from,
      toStage: to,
      actor: actor.subject,
      comment,
      timeSinceEpoch: now,
    });
    await record('transition', 'modelVersion', version.id, {
      before: { stage: from },
      after: { stage: to },
      comment,
    });
    return moved;
  }

  /**
   * The registered model an entity belongs to, for model-scoped permissions: itself, its
   * version's or inference service's model; undefined for what belongs to no model.
   */
  private async modelOf(
    tx: MetadataTransaction,
    kind: EntityKind,
    entity: object,
  ): Promise<ModelRef | undefined> {
    const fields = entity as Record<string, unknown>;
    const modelRef = async (id: unknown): Promise<ModelRef | undefined> => {
      if (typeof id !== 'number') return undefined;
      const model = await tx.get('registeredModel', id);
      return model === undefined ? { id } : { id, owner: model.owner };
    };
    const versionModel = async (versionId: unknown) =>
      typeof versionId === 'number'
        ? modelRef((await tx.get('modelVersion', versionId))?.registeredModelId)
        : undefined;
    switch (kind) {
      case 'registeredModel':
        return typeof fields['id'] === 'number'
          ? { id: fields['id'], owner: fields['owner'] as string | undefined }
          : undefined;
      case 'modelVersion':
      case 'inferenceService':
        return modelRef(fields['registeredModelId']);
      case 'artifact':
        return versionModel(fields['modelVersionId']);
      case 'serveModel': {
        const serviceId = fields['inferenceServiceId'];
        return typeof serviceId === 'number'
          ? modelRef((await tx.get('inferenceService', serviceId))?.registeredModelId)
          : undefined;
      }
      default:
        return undefined;
    }
  }

  private async mustGet<K extends EntityKind>(
    tx: MetadataTransaction,
    kind: K,
    id: number,
  ): Promise<EntityByKind[K]> {
    const entity = await tx.get(kind, id);
    if (entity === undefined) throw notFound(kind, id);
    return entity;
  }

  private async createIn<K extends EntityKind>(
    tx: MetadataTransaction,
    kind: K,
    input: CreateInput<K>,
    now: number,
    record: Record_,
  ): Promise<EntityByKind[K]> {
    let entity: Record<string, unknown> = {
      ...DEFAULTS[kind],
      customProperties: {},
      ...stripUndefined(input),
    };
    if (entity['name'] === undefined && GENERATED_NAME.has(kind)) entity['name'] = this.deps.newName();
    if (kind === 'modelVersion') {
      // A version starts in Development (Archived if created archived); later moves are transitions.
      if (
        entity['stage'] !== 'Development' &&
        entity['stage'] !== undefined &&
        input['stage'] !== undefined
      ) {
        throw new InputError(
          'STAGE_CHANGE_NEEDS_TRANSITION',
          'a new model version starts in stage Development; move it with POST /model_versions/{id}/stage',
        );
      }
      entity['stage'] = entity['state'] === 'ARCHIVED' ? 'Archived' : 'Development';
      const model = await tx.get('registeredModel', Number(entity['registeredModelId']));
      if (model?.versionScheme === 'semver') mustParseSemVer(String(entity['name']), 'version name');
    }
    if (kind === 'artifact') {
      const type = entity['artifactType'] as ArtifactType;
      entity = normaliseArtifactFields(type, entity);
      if (type === 'parameter' && entity['parameterType'] === undefined) entity['parameterType'] = 'string';
    }
    await this.checkReferences(tx, kind, entity);
    // Parents first: writing the parent row before inserting the child takes its lock up front,
    // so concurrent creates under one parent queue instead of deadlocking (InnoDB's foreign-key
    // check would otherwise hold a shared lock that each then tries to upgrade).
    await this.touchParents(tx, kind, entity, now);
    const created = await tx.insert(kind, entity as unknown as NewEntity<K>, now);
    await record('create', kind, created.id, { after: created });
    return created;
  }

  private async updateIn<K extends EntityKind>(
    tx: MetadataTransaction,
    kind: K,
    current: EntityByKind[K],
    changes: EntityChanges<K>,
    now: number,
    record: Record_,
    actor: Caller,
  ): Promise<EntityByKind[K]> {
    let given = stripUndefined(changes as Record<string, unknown>);
    const before = current as unknown as Record<string, unknown>;
    if (kind === 'artifact') {
      const type = before['artifactType'] as ArtifactType;
      if (given['artifactType'] !== undefined && given['artifactType'] !== type) {
        throw new InputError(
          'ARTIFACT_TYPE_MISMATCH',
          `artifact ${current.id} is a ${type}, not a ${String(given['artifactType'])}; the type cannot change`,
        );
      }
      delete given['artifactType'];
      given = normaliseArtifactFields(type, given);
      // The model artifact of sealed content keeps pointing at it (docs/adr/0010-model-files.md).
      const versionId = before['modelVersionId'];
      if ('uri' in given && given['uri'] !== before['uri'] && typeof versionId === 'number') {
        const content = await tx.getManifest(versionId);
        if (content !== undefined && content.uri === before['uri']) {
          throw new ConflictError(
            'CONTENT_SEALED',
            `artifact ${current.id} points at the sealed content of model version ${versionId}; its uri cannot change`,
          );
        }
      }
    }
    if (kind === 'modelVersion') {
      if ('stage' in given && given['stage'] !== before['stage']) {
        throw new InputError(
          'STAGE_CHANGE_NEEDS_TRANSITION',
          `the stage of model version ${current.id} moves only through POST /model_versions/${current.id}/stage`,
        );
      }
      delete given['stage'];
      // Kubeflow's ARCHIVED state and stage Archived are one fact, whichever API changes it.
      if (given['state'] === 'ARCHIVED' && before['state'] !== 'ARCHIVED') {
        await this.moveStage(
          tx,
          now,
          record,
          actor,
          current as unknown as ModelVersion,
          'Archived',
          'state set to ARCHIVED',
        );
        delete given['state'];
      } else if (given['state'] === 'LIVE' && before['state'] === 'ARCHIVED') {
        await this.moveStage(
          tx,
          now,
          record,
          actor,
          current as unknown as ModelVersion,
          'Development',
          'state set to LIVE',
        );
        delete given['state'];
      }
    }
    if (
      kind === 'registeredModel' &&
      given['versionScheme'] === 'semver' &&
      before['versionScheme'] !== 'semver'
    ) {
      const names = (await tx.findAll('modelVersion', { registeredModelId: current.id }, 100_000)).map(
        (v) => v.name,
      );
      const invalid = names.filter((name) => parseSemVer(name) === undefined);
      if (invalid.length > 0) {
        throw new ConflictError(
          'VERSION_SCHEME_CONFLICT',
          `registered model ${current.id} has versions that are not semantic versions: ${invalid.slice(0, 10).join(', ')}${invalid.length > 10 ? ', …' : ''}`,
        );
      }
    }
    // The name and the parent are fixed at creation; repeating them unchanged is harmless.
    const fixed = ['name', PARENT[kind]?.field].filter((f): f is string => f !== undefined);
    for (const field of fixed) {
      if (field in given && given[field] !== before[field]) {
        throw new InputError(
          'IMMUTABLE_FIELD',
          `${field} of a ${label(kind)} cannot change (it is ${JSON.stringify(before[field])})`,
        );
      }
      delete given[field];
    }
    const merged = { ...before, ...given };
    await this.checkReferences(tx, kind, merged);
    const updated = await tx.update(kind, current.id, given as EntityChanges<K>, now);
    await this.touchParents(tx, kind, merged, now);
    const after = updated as unknown as Record<string, unknown>;
    const fields = Object.keys(given);
    await record('update', kind, current.id, {
      before: Object.fromEntries(fields.map((f) => [f, before[f] ?? null])),
      after: Object.fromEntries(fields.map((f) => [f, after[f] ?? null])),
    });
    return updated;
  }

  /** Checks that every entity the new state refers to exists and fits together. */
  private async checkReferences(tx: MetadataTransaction, kind: EntityKind, entity: Record<string, unknown>) {
    const ref = async <R extends EntityKind>(field: string, target: R) => {
      const id = entity[field];
      return typeof id === 'number' ? this.mustGet(tx, target, id) : undefined;
    };
    const parent = PARENT[kind];
    const parentId = parent === undefined ? undefined : entity[parent.field];
    if (parent !== undefined && typeof parentId === 'number' && !(await tx.exists(parent.kind, parentId))) {
      throw notFound(parent.kind, parentId);
    }
    switch (kind) {
      case 'inferenceService': {
        await ref('registeredModelId', 'registeredModel');
        const version = await ref('modelVersionId', 'modelVersion');
        if (version !== undefined && version.registeredModelId !== entity['registeredModelId']) {
          throw new InputError(
            'MODEL_VERSION_OF_ANOTHER_MODEL',
            `model version ${version.id} belongs to registered model ${version.registeredModelId}, not ${String(entity['registeredModelId'])}`,
          );
        }
        break;
      }
      case 'serveModel': {
        const versionId = entity['modelVersionId'];
        if (typeof versionId === 'number' && !(await tx.exists('modelVersion', versionId))) {
          throw notFound('modelVersion', versionId);
        }
        break;
      }
      case 'artifact': {
        await ref('modelVersionId', 'modelVersion');
        await ref('experimentId', 'experiment');
        const run = await ref('experimentRunId', 'experimentRun');
        if (run !== undefined) {
          if (entity['experimentId'] !== undefined && entity['experimentId'] !== run.experimentId) {
            throw new InputError(
              'EXPERIMENT_RUN_OF_ANOTHER_EXPERIMENT',
              `experiment run ${run.id} belongs to experiment ${run.experimentId}, not ${String(entity['experimentId'])}`,
            );
          }
          entity['experimentId'] = run.experimentId;
        }
        if (entity['artifactType'] === 'metric' && entity['metricValue'] === undefined) {
          throw new InputError('METRIC_VALUE_MISSING', 'a metric needs a numeric value');
        }
        break;
      }
      default:
        break;
    }
  }

  private async appendMetricHistory(tx: MetadataTransaction, metric: Artifact, now: number) {
    if (metric.experimentRunId === undefined || metric.experimentId === undefined) return;
    await tx.insert(
      'metricHistory',
      {
        name: metric.name,
        description: metric.description,
        customProperties: metric.customProperties,
        experimentRunId: metric.experimentRunId,
        experimentId: metric.experimentId,
        metricValue: metric.metricValue,
        timestamp: metric.timestamp ?? now,
        step: metric.step,
        state: metric.state,
      },
      now,
    );
  }

  /** Moves lastUpdateTime of the parent chain of a changed entity. */
  private async touchParents(
    tx: MetadataTransaction,
    kind: EntityKind,
    entity: Record<string, unknown>,
    now: number,
  ) {
    const chain: [EntityKind, unknown][] = [];
    switch (kind) {
      case 'modelVersion':
        chain.push(['registeredModel', entity['registeredModelId']]);
        break;
      case 'artifact':
        if (typeof entity['modelVersionId'] === 'number') {
          const version = await tx.get('modelVersion', entity['modelVersionId']);
          chain.push(['modelVersion', version?.id], ['registeredModel', version?.registeredModelId]);
        }
        if (typeof entity['experimentRunId'] === 'number') {
          chain.push(['experimentRun', entity['experimentRunId']], ['experiment', entity['experimentId']]);
        }
        break;
      case 'experimentRun':
        chain.push(['experiment', entity['experimentId']]);
        break;
      case 'metricHistory':
        chain.push(['experimentRun', entity['experimentRunId']]);
        break;
      case 'inferenceService':
        chain.push(['servingEnvironment', entity['servingEnvironmentId']]);
        break;
      case 'serveModel':
        chain.push(['inferenceService', entity['inferenceServiceId']]);
        break;
      default:
        break;
    }
    for (const [parentKind, id] of chain) if (typeof id === 'number') await tx.touch(parentKind, id, now);
  }

  /**
   * Cascade rules (docs/adr/0005-delete-cascades.md): an owner takes what it owns with it;
   * a model or version that an inference service or serve model still refers to is not deleted.
   */
  private async removeIn(
    tx: MetadataTransaction,
    kind: EntityKind,
    ids: readonly number[],
    now: number,
    actorName: string,
  ) {
    if (ids.length === 0) return;
    const each = async (childKind: EntityKind, field: string) => {
      const childIds: number[] = [];
      for (const id of ids) childIds.push(...(await tx.ids(childKind, { [field]: id })));
      return childIds;
    };
    const refuseIfReferenced = async (referrer: EntityKind, field: string) => {
      const referrers = await each(referrer, field);
      if (referrers.length > 0) {
        throw new ConflictError(
          `${KIND_LABEL[kind].code}_IN_USE`,
          `${label(kind)} ${ids.join(', ')} is still referred to by ${label(referrer)} ${referrers.slice(0, 10).join(', ')}; delete or repoint those first`,
        );
      }
    };
    switch (kind) {
      case 'registeredModel':
        await refuseIfReferenced('inferenceService', 'registeredModelId');
        await this.removeIn(
          tx,
          'modelVersion',
          await each('modelVersion', 'registeredModelId'),
          now,
          actorName,
        );
        await tx.deleteModelRecords(ids);
        break;
      case 'modelVersion':
        await refuseIfReferenced('inferenceService', 'modelVersionId');
        await refuseIfReferenced('serveModel', 'modelVersionId');
        await this.removeIn(tx, 'artifact', await each('artifact', 'modelVersionId'), now, actorName);
        await tx.deleteVersionRecords(ids);
        await tx.dropAliasesOf(ids, actorName, now);
        break;
      case 'servingEnvironment':
        await this.removeIn(
          tx,
          'inferenceService',
          await each('inferenceService', 'servingEnvironmentId'),
          now,
          actorName,
        );
        break;
      case 'inferenceService':
        await this.removeIn(tx, 'serveModel', await each('serveModel', 'inferenceServiceId'), now, actorName);
        break;
      case 'experiment':
        await this.removeIn(tx, 'experimentRun', await each('experimentRun', 'experimentId'), now, actorName);
        // Artifacts that only record the experiment as their origin outlive it.
        for (const artifactId of await each('artifact', 'experimentId')) {
          await tx.update('artifact', artifactId, { experimentId: null }, now);
        }
        break;
      case 'experimentRun': {
        await tx.detachRunLineage(ids);
        await this.removeIn(
          tx,
          'metricHistory',
          await each('metricHistory', 'experimentRunId'),
          now,
          actorName,
        );
        for (const artifactId of await each('artifact', 'experimentRunId')) {
          const artifact = await this.mustGet(tx, 'artifact', artifactId);
          if (artifact.modelVersionId === undefined) {
            await tx.delete('artifact', [artifactId]);
          } else {
            // Attached to a model version as well: the version keeps it, without the run.
            await tx.update('artifact', artifactId, { experimentRunId: null, experimentId: null }, now);
          }
        }
        break;
      }
      default:
        break;
    }
    await tx.delete(kind, ids);
  }
}

/** The authenticated caller is the default owner or author of what it creates. */
function actorDefaults(kind: EntityKind, actor: Principal): Record<string, string> {
  if (actor.method === 'none' || actor.method === 'anonymous') return {};
  const field = ACTOR_FIELD[kind];
  return field === undefined ? {} : { [field]: actor.subject };
}

const ACTOR_FIELD: Partial<Record<EntityKind, string>> = {
  registeredModel: 'owner',
  modelVersion: 'author',
  experiment: 'owner',
  experimentRun: 'owner',
};

function stripUndefined<T extends Record<string, unknown>>(value: T): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
