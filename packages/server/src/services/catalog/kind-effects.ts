import type { EntityByKind, EntityChanges, EntityKind } from '../../domain/entities.js';
import type { Draft, Snapshot } from '../../domain/entity-kinds.js';
import { ConflictError, InputError, NotFoundError } from '../../domain/errors.js';
import { KIND_LABEL } from '../../domain/entities.js';
import { mustParseSemVer, parseSemVer } from '../../domain/semver.js';
import type { CatalogTx } from './catalog-tx.js';
import type { ModelRef } from '../access/index.js';
import { moveStage, type WriteContext } from './version-stage.js';

/** What a delete's cascade step is given: where, and the ids of the rows of a kind referring to those deleted. */
export interface CascadeContext {
  readonly tx: CatalogTx;
  readonly now: number;
  readonly actorName: string;
  readonly referring: (kind: EntityKind, field: string) => Promise<number[]>;
}

/** A parent whose `lastUpdateTimeSinceEpoch` moves when a child changes. */
export type Touched = readonly [EntityKind, number | null | undefined];

/**
 * The rules of one kind that read or write other rows in the transaction (the pure ones are
 * ENTITY_KIND_RULES in the domain). Every hook is optional but `modelOf`.
 */
export interface KindEffects<K extends EntityKind> {
  /**
   * The registered model an entity belongs to, for model-scoped permissions and the lock; its
   * owner is read only `withOwner` (the lock needs the id alone, and reads the owner under it).
   */
  readonly modelOf: (
    tx: CatalogTx,
    entity: Snapshot<K> & { readonly id?: number },
    withOwner: boolean,
  ) => Promise<ModelRef | undefined>;
  /** Checks a new entity against what is stored. */
  readonly checkCreate?: (tx: CatalogTx, draft: Draft<K>) => Promise<void>;
  /** Checks a change against what is stored and carries out its side effects; answers what is left to write. */
  readonly applyUpdate?: (
    ctx: WriteContext,
    current: EntityByKind[K],
    given: EntityChanges<K>,
  ) => Promise<EntityChanges<K>>;
  /** Checks that what the state refers to exists and fits together; answers the fields that follow from it. */
  readonly checkReferences?: (tx: CatalogTx, state: Snapshot<K>) => Promise<Draft<K>>;
  /** The parents whose update time moves with this entity. */
  readonly touched?: (tx: CatalogTx, state: Snapshot<K>) => Promise<readonly Touched[]>;
  /** What a delete does beyond the kind's owned and referring rows (ENTITY_KIND_RULES). */
  readonly cascade?: (ctx: CascadeContext, ids: readonly number[]) => Promise<void>;
}

function notFound(kind: EntityKind, id: number): NotFoundError {
  return new NotFoundError(
    `${KIND_LABEL[kind].code}_NOT_FOUND`,
    `no ${KIND_LABEL[kind].label} with id ${id}`,
  );
}

async function mustExist<K extends EntityKind>(
  tx: CatalogTx,
  kind: K,
  id: number | null | undefined,
): Promise<EntityByKind[K] | undefined> {
  if (typeof id !== 'number') return undefined;
  const entity = await tx.get(kind, id);
  if (entity === undefined) throw notFound(kind, id);
  return entity;
}

async function modelRef(
  tx: CatalogTx,
  id: number | null | undefined,
  withOwner: boolean,
): Promise<ModelRef | undefined> {
  if (typeof id !== 'number') return undefined;
  if (!withOwner) return { id };
  // Its owner only: the whole model, with its custom properties, is not read on the write path.
  const model = await tx.modelHead(id);
  return model === undefined ? { id } : { id, owner: model.owner };
}

/** Refuses a reference to a missing entity, without reading it. */
async function mustBeThere(tx: CatalogTx, kind: EntityKind, id: number | null | undefined): Promise<void> {
  if (typeof id === 'number' && !(await tx.exists(kind, id))) throw notFound(kind, id);
}

const none = () => Promise.resolve(undefined);

/** Switching a model to semantic versions needs every version name to be one. */
async function semverSwitch(
  { tx }: WriteContext,
  current: EntityByKind['registeredModel'],
  given: EntityChanges<'registeredModel'>,
): Promise<EntityChanges<'registeredModel'>> {
  if (given.versionScheme !== 'semver' || current.versionScheme === 'semver') return given;
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
  return given;
}

/** Kubeflow's ARCHIVED state and stage Archived are one fact, whichever API changes it. */
async function archiveByState(
  ctx: WriteContext,
  current: EntityByKind['modelVersion'],
  given: EntityChanges<'modelVersion'>,
): Promise<EntityChanges<'modelVersion'>> {
  const { state, ...rest } = given;
  if (state === 'ARCHIVED' && current.state !== 'ARCHIVED') {
    await moveStage(ctx, current, 'Archived', 'state set to ARCHIVED');
    return rest;
  }
  if (state === 'LIVE' && current.state === 'ARCHIVED') {
    await moveStage(ctx, current, 'Development', 'state set to LIVE');
    return rest;
  }
  return given;
}

/** The model artifact of sealed content keeps pointing at it (docs/adr/0010-model-files.md). */
async function keepSealedUri(
  { tx }: WriteContext,
  current: EntityByKind['artifact'],
  given: EntityChanges<'artifact'>,
): Promise<EntityChanges<'artifact'>> {
  const versionId = current.modelVersionId;
  if ('uri' in given && given.uri !== current.uri && typeof versionId === 'number') {
    const content = await tx.getManifest(versionId);
    if (content !== undefined && content.uri === current.uri) {
      throw new ConflictError(
        'CONTENT_SEALED',
        `artifact ${current.id} points at the sealed content of model version ${versionId}; its uri cannot change`,
      );
    }
  }
  return given;
}

async function artifactReferences(tx: CatalogTx, state: Snapshot<'artifact'>): Promise<Draft<'artifact'>> {
  const versionId = state.modelVersionId;
  if (typeof versionId === 'number' && !(await tx.versionReferable(versionId)))
    throw notFound('modelVersion', versionId);
  await mustBeThere(tx, 'experiment', state.experimentId);
  const run = await mustExist(tx, 'experimentRun', state.experimentRunId);
  if (run === undefined) return {};
  if (state.experimentId !== undefined && state.experimentId !== run.experimentId) {
    throw new InputError(
      'EXPERIMENT_RUN_OF_ANOTHER_EXPERIMENT',
      `experiment run ${run.id} belongs to experiment ${run.experimentId}, not ${String(state.experimentId)}`,
    );
  }
  return { experimentId: run.experimentId };
}

async function artifactTouched(tx: CatalogTx, state: Snapshot<'artifact'>): Promise<readonly Touched[]> {
  const chain: Touched[] = [];
  if (typeof state.modelVersionId === 'number') {
    const modelId = await tx.modelIdOfVersion(state.modelVersionId);
    if (modelId !== undefined)
      chain.push(['modelVersion', state.modelVersionId], ['registeredModel', modelId]);
  }
  if (typeof state.experimentRunId === 'number') {
    chain.push(['experimentRun', state.experimentRunId], ['experiment', state.experimentId]);
  }
  return chain;
}

async function inferenceServiceReferences(
  tx: CatalogTx,
  state: Snapshot<'inferenceService'>,
): Promise<Draft<'inferenceService'>> {
  await mustExist(tx, 'registeredModel', state.registeredModelId);
  const version = await mustExist(tx, 'modelVersion', state.modelVersionId);
  if (version !== undefined && version.registeredModelId !== state.registeredModelId) {
    throw new InputError(
      'MODEL_VERSION_OF_ANOTHER_MODEL',
      `model version ${version.id} belongs to registered model ${version.registeredModelId}, not ${String(state.registeredModelId)}`,
    );
  }
  return {};
}

/** A run's artifacts: deleted, unless a model version keeps them (then without the run). */
async function releaseRunArtifacts({ tx, now, referring }: CascadeContext, ids: readonly number[]) {
  await tx.detachRunLineage(ids);
  for (const artifactId of await referring('artifact', 'experimentRunId')) {
    const artifact = await mustExist(tx, 'artifact', artifactId);
    if (artifact?.modelVersionId === undefined) {
      await tx.delete('artifact', [artifactId]);
    } else {
      await tx.update('artifact', artifactId, { experimentRunId: null, experimentId: null }, now);
    }
  }
}

export const KIND_EFFECTS: { readonly [K in EntityKind]: KindEffects<K> } = {
  registeredModel: {
    modelOf: (_tx, model) =>
      Promise.resolve(
        typeof model.id === 'number' ? { id: model.id, owner: model.owner ?? undefined } : undefined,
      ),
    applyUpdate: semverSwitch,
    cascade: ({ tx }, ids) => tx.deleteModelRecords(ids),
  },
  modelVersion: {
    modelOf: (tx, version, withOwner) => modelRef(tx, version.registeredModelId, withOwner),
    checkCreate: async (tx, draft) => {
      // The version scheme only (the model's custom properties are not read for it).
      const model =
        typeof draft.registeredModelId === 'number' ? await tx.modelHead(draft.registeredModelId) : undefined;
      if (model?.versionScheme === 'semver') mustParseSemVer(String(draft.name), 'version name');
    },
    applyUpdate: archiveByState,
    touched: (_tx, version) => Promise.resolve([['registeredModel', version.registeredModelId]]),
    cascade: async ({ tx, now, actorName }, ids) => {
      await tx.deleteVersionRecords(ids);
      await tx.dropAliasesOf(ids, actorName, now);
    },
  },
  artifact: {
    modelOf: async (tx, artifact, withOwner) =>
      typeof artifact.modelVersionId === 'number'
        ? modelRef(tx, await tx.modelIdOfVersion(artifact.modelVersionId), withOwner)
        : undefined,
    applyUpdate: keepSealedUri,
    checkReferences: artifactReferences,
    touched: artifactTouched,
  },
  servingEnvironment: { modelOf: none },
  inferenceService: {
    modelOf: (tx, service, withOwner) => modelRef(tx, service.registeredModelId, withOwner),
    checkReferences: inferenceServiceReferences,
    touched: (_tx, service) => Promise.resolve([['servingEnvironment', service.servingEnvironmentId]]),
  },
  serveModel: {
    modelOf: async (tx, serveModel, withOwner) =>
      typeof serveModel.inferenceServiceId === 'number'
        ? modelRef(
            tx,
            (await tx.get('inferenceService', serveModel.inferenceServiceId))?.registeredModelId,
            withOwner,
          )
        : undefined,
    checkReferences: async (tx, serveModel) => {
      const versionId = serveModel.modelVersionId;
      if (typeof versionId === 'number' && !(await tx.exists('modelVersion', versionId))) {
        throw notFound('modelVersion', versionId);
      }
      return {};
    },
    touched: (_tx, serveModel) => Promise.resolve([['inferenceService', serveModel.inferenceServiceId]]),
  },
  experiment: {
    modelOf: none,
    // Artifacts that only record the experiment as their origin outlive it.
    cascade: async ({ tx, now, referring }) => {
      for (const artifactId of await referring('artifact', 'experimentId')) {
        await tx.update('artifact', artifactId, { experimentId: null }, now);
      }
    },
  },
  experimentRun: {
    modelOf: none,
    touched: (_tx, run) => Promise.resolve([['experiment', run.experimentId]]),
    cascade: releaseRunArtifacts,
  },
  metricHistory: {
    modelOf: none,
    touched: (_tx, entry) => Promise.resolve([['experimentRun', entry.experimentRunId]]),
  },
};
