import type { Artifact, EntityByKind, ModelVersion } from '../../domain/entities.js';
import type { Draft } from '../../domain/entity-kinds.js';
import { ConflictError, InputError, NotFoundError } from '../../domain/errors.js';
import type { ParentLink, VersionLineage } from '../../domain/lineage.js';
import { bump, mustParseSemVer, parseSemVer, satisfies } from '../../domain/semver.js';
import type { Cursor } from '../../domain/pagination.js';
import type { CatalogTx } from './catalog-tx.js';
import type { Authorizer } from '../access/index.js';
import { lockModel, runUseCase, type Caller, type Record_ } from '../use-case.js';
import type { CatalogServiceDeps } from './catalog-service.js';
import { actorDefaults, createEntity, modelOf, mustGet } from './entity-writes.js';
import {
  registeredArtifacts,
  registeredModelArtifact,
  type Registration,
  type RegistrationInput,
} from './registration.js';
import type { WriteContext } from './version-stage.js';

type Context = WriteContext & { readonly newName: () => string; readonly auth: Authorizer };

/** The first version in descending precedence that passes `accept`, read a page at a time. */
async function firstVersion(
  tx: CatalogTx,
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

async function bumped(tx: CatalogTx, modelId: number, part: 'major' | 'minor' | 'patch') {
  const highest = await firstVersion(tx, modelId, (v) => parseSemVer(v.name) !== undefined, false);
  return bump(highest === undefined ? undefined : parseSemVer(highest.name), part);
}

/**
 * Registration (a version with everything known about it, in one call) and semantic versions
 * (the next name, a range resolved). Each public method is one transaction.
 */
export class RegistrationService {
  constructor(private readonly deps: CatalogServiceDeps) {}

  private run<T>(
    actor: Caller,
    work: (tx: CatalogTx, now: number, auth: Authorizer, record: Record_) => Promise<T>,
  ): Promise<T> {
    return runUseCase(this.deps, actor, work);
  }

  /**
   * Registers a version with everything known about it, in one transaction: the registered model
   * (created when no model has the name), the version, its ModelArtifact (the pipeline run in
   * modelSource*), metric, parameter and dataset artifacts, and its code, run and parents.
   */
  register(actor: Caller, input: RegistrationInput): Promise<Registration> {
    return this.run(actor, async (tx, txStart, auth, record) => {
      const base = { tx, now: txStart, record, actor, newName: this.deps.newName, auth };
      const { model, created, now } = await this.modelToRegisterIn(base, input);
      const ctx = { ...base, now };
      const version = await this.createVersion(ctx, model, input);
      const artifacts = await this.createArtifacts(ctx, model, version, input);
      const lineage = await recordLineage(ctx, version, input);
      return { registeredModel: model, createdModel: created, modelVersion: version, ...artifacts, lineage };
    });
  }

  /** The model named, created when none has the name; its lock held (versions number in turn). */
  private async modelToRegisterIn(ctx: Context, input: RegistrationInput) {
    const { tx, actor, auth } = ctx;
    // Locked by this read where the engine can: then lockModel below reads nothing more.
    const existing = await tx.modelToWrite(input.registeredModel.name);
    if (existing === undefined) {
      await auth.require('write', 'a new registered model', undefined);
      const fields: Draft<'registeredModel'> = input.registeredModel;
      const model = await createEntity(ctx, 'registeredModel', {
        ...actorDefaults('registeredModel', actor),
        ...fields,
      });
      return { model, created: true, now: ctx.now };
    }
    await auth.require('write', `registered model ${existing.id}`, {
      id: existing.id,
      owner: existing.owner,
    });
    // Under the model's lock, concurrent registrations number their versions one after another.
    const now = await lockModel(tx, this.deps.clock, existing.id);
    return { model: existing, created: false, now };
  }

  private async createVersion(
    ctx: Context,
    model: EntityByKind['registeredModel'],
    input: RegistrationInput,
  ): Promise<ModelVersion> {
    const { tx, actor, auth } = ctx;
    const { bump: part, ...versionFields } = input.modelVersion;
    let name = versionFields.name;
    if (name === undefined && part !== undefined) name = await bumped(tx, model.id, part);
    if (name === undefined) {
      throw new InputError(
        'REQUIRED_FIELD_MISSING',
        'missing required field: modelVersion.name (or modelVersion.bump)',
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
        modelOf(tx, 'modelVersion', parentVersion),
      );
    }
    if (input.experimentRunId !== undefined && !(await tx.exists('experimentRun', input.experimentRunId))) {
      throw new NotFoundError(
        'LINEAGE_REFERENCE_NOT_FOUND',
        `experiment run ${input.experimentRunId} does not exist`,
      );
    }
    const fields: Draft<'modelVersion'> = versionFields;
    try {
      return await createEntity(ctx, 'modelVersion', {
        ...actorDefaults('modelVersion', actor),
        ...fields,
        name,
        registeredModelId: model.id,
      });
    } catch (error) {
      // A version's name is unique in its model: the store's constraint decides (no read before
      // the insert), and the answer names the model as the caller did.
      if (error instanceof ConflictError && error.code === 'MODEL_VERSION_ALREADY_EXISTS') {
        throw new ConflictError(
          'MODEL_VERSION_ALREADY_EXISTS',
          `version '${name}' of model '${model.name}' already exists`,
        );
      }
      throw error;
    }
  }

  /** The model artifact, then one artifact per metric, parameter and dataset (each audited). */
  private async createArtifacts(
    ctx: Context,
    model: EntityByKind['registeredModel'],
    version: ModelVersion,
    input: RegistrationInput,
  ) {
    const attach = { modelVersionId: version.id };
    const run = input.experimentRunId;
    const runFields: Draft<'artifact'> =
      run === undefined
        ? {}
        : { experimentRunId: run, experimentId: (await mustGet(ctx.tx, 'experimentRun', run)).experimentId };
    const modelArtifactFields = registeredModelArtifact(input, model.name);
    const modelArtifact =
      modelArtifactFields === undefined
        ? undefined
        : await createEntity(ctx, 'artifact', { ...modelArtifactFields, ...attach });
    const createAll = async (inputs: readonly Draft<'artifact'>[]) => {
      const created: Artifact[] = [];
      for (const fields of inputs)
        created.push(await createEntity(ctx, 'artifact', { ...fields, ...attach }));
      return created;
    };
    const { metrics, params, datasets } = registeredArtifacts(input, ctx.now, runFields);
    return {
      modelArtifact,
      metrics: await createAll(metrics),
      params: await createAll(params),
      datasets: await createAll(datasets),
    };
  }

  /** The name the next version of a model gets when one part of the highest semantic version goes up. */
  nextVersionName(actor: Caller, modelId: number, part: 'major' | 'minor' | 'patch'): Promise<string> {
    return this.run(actor, async (tx, _now, auth) => {
      const model = await mustGet(tx, 'registeredModel', modelId);
      await auth.require('read', `registered model ${modelId}`, { id: model.id, owner: model.owner });
      return bumped(tx, modelId, part);
    });
  }

  /** The highest LIVE version whose name satisfies a range (`^1.2`, `~1.4.0`, `latest`, …). */
  resolveVersion(actor: Caller, modelId: number, range: string): Promise<ModelVersion> {
    return this.run(actor, async (tx, _now, auth) => {
      const model = await mustGet(tx, 'registeredModel', modelId);
      await auth.require('read', `registered model ${modelId}`, { id: model.id, owner: model.owner });
      satisfies(mustParseSemVer('0.0.0', 'probe'), range); // refuses a malformed range before reading
      const matches = (v: ModelVersion) => {
        const parsed = parseSemVer(v.name);
        return parsed !== undefined && satisfies(parsed, range);
      };
      const found = await firstVersion(tx, modelId, matches, true);
      if (found === undefined) {
        throw new NotFoundError(
          'MODEL_VERSION_NOT_FOUND',
          `no LIVE version of registered model ${modelId} matches '${range}'`,
        );
      }
      return found;
    });
  }
}

/** The version's code, run and parents, as given. */
async function recordLineage(
  { tx, now, record }: Context,
  version: ModelVersion,
  input: RegistrationInput,
): Promise<Registration['lineage']> {
  const code = input.code;
  const run = input.experimentRunId;
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
  return { ...lineage, pipelineRun: input.pipelineRun?.id, parents };
}
