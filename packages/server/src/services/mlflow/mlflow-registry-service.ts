import type { PropertyValue } from '../../domain/custom-properties.js';
import type { ModelVersion, RegisteredModel } from '../../domain/entities.js';
import { ConflictError, InputError, NotFoundError, type DomainError } from '../../domain/errors.js';
import type { ResolvedFilter } from '../../domain/filter-query/resolve.js';
import type { Stage } from '../../domain/lifecycle.js';
import type { MetadataStore } from '../../ports/metadata-store.js';
import type { CatalogService, RegistrationService } from '../catalog/index.js';
import type { AliasService, StageService } from '../lifecycle/index.js';
import { runUseCase, type Caller } from '../use-case.js';
import { modelFilter, modelNameFilter, versionFilter } from './mlflow-filter.js';
import { checkMlflowAlias, orderModels, versionSortKeys } from './mlflow-order.js';
import {
  checkMaxResults,
  checkTagKey,
  decodePageToken,
  encodePageToken,
  HIGHEST_PROPERTY,
  latestPerStage,
  pageOf,
  propertiesOfTags,
  RUN_ID_PROPERTY,
  SOURCE_PROPERTY,
  stageFromMlflow,
  stringProperty,
  versionNumber,
  type ModelView,
  type VersionView,
} from './mlflow-mapping.js';

export interface MlflowRegistryDeps {
  readonly catalog: CatalogService;
  readonly registration: RegistrationService;
  readonly stages: StageService;
  readonly aliases: AliasService;
  readonly store: MetadataStore;
  readonly clock: () => number;
  readonly sha256: (text: string) => string;
  /** Seals a version registered from a run's files as its content (the artifact proxy's). */
  readonly runFiles?: {
    sealFromSource(caller: Caller, modelVersionId: number, source: string): Promise<void>;
  };
}

export interface SearchInput {
  readonly filter?: string | undefined;
  readonly maxResults?: number | undefined;
  readonly orderBy?: readonly string[] | undefined;
  readonly pageToken?: string | undefined;
}

export interface NewVersionInput {
  readonly name: string;
  readonly source?: string | undefined;
  readonly runId?: string | undefined;
  readonly tags?: readonly { key: string; value: string }[] | undefined;
  readonly description?: string | undefined;
}

/** How many times a version number taken meanwhile by another writer is retried with the next. */
const NUMBER_ATTEMPTS = 20;

function modelNotFound(name: string): NotFoundError {
  return new NotFoundError('REGISTERED_MODEL_NOT_FOUND', `Registered Model with name=${name} not found`);
}

function isCode(error: unknown, code: string): error is DomainError {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

/**
 * The MLflow Model Registry's operations over the registry's own use cases: every change goes
 * through the context services (one transaction, the same authorization and audit trail as the
 * Kubeflow API); this module only maps names, numbers, stages and tags.
 */
export class MlflowRegistryService {
  constructor(private readonly deps: MlflowRegistryDeps) {}

  private get registry(): CatalogService {
    return this.deps.catalog;
  }

  async model(caller: Caller, name: string): Promise<RegisteredModel> {
    try {
      return await this.registry.find(caller, 'registeredModel', { name });
    } catch (error) {
      if (isCode(error, 'REGISTERED_MODEL_NOT_FOUND')) throw modelNotFound(name);
      throw error;
    }
  }

  private async versionOf(caller: Caller, model: RegisteredModel, version: string): Promise<ModelVersion> {
    try {
      return await this.registry.find(caller, 'modelVersion', { name: version, parentResourceId: model.id });
    } catch (error) {
      if (isCode(error, 'MODEL_VERSION_NOT_FOUND')) {
        throw new NotFoundError(
          'MODEL_VERSION_NOT_FOUND',
          `Model Version (name=${model.name}, version=${version}) not found`,
        );
      }
      throw error;
    }
  }

  private async allVersions(caller: Caller, modelId: number): Promise<readonly ModelVersion[]> {
    const page = await this.registry.list(caller, 'modelVersion', {
      match: { registeredModelId: modelId },
      orderBy: 'ID',
      sortOrder: 'ASC',
    });
    return page.items;
  }

  private async aliasesOf(caller: Caller, modelId: number): Promise<Map<number, string[]>> {
    const byVersion = new Map<number, string[]>();
    for (const alias of await this.deps.aliases.listAliases(caller, modelId)) {
      byVersion.set(alias.modelVersionId, [...(byVersion.get(alias.modelVersionId) ?? []), alias.alias]);
    }
    return byVersion;
  }

  async versionView(caller: Caller, model: RegisteredModel, version: ModelVersion): Promise<VersionView> {
    const aliases = await this.aliasesOf(caller, model.id);
    return { model, version, aliases: aliases.get(version.id) ?? [] };
  }

  async modelView(
    caller: Caller,
    model: RegisteredModel,
    versions?: readonly ModelVersion[],
  ): Promise<ModelView> {
    const all = versions ?? (await this.allVersions(caller, model.id));
    const byId = new Map(all.map((v) => [v.id, v]));
    const aliases = await this.aliasesOf(caller, model.id);
    const latest = latestPerStage(all).map((version) => ({
      model,
      version,
      aliases: aliases.get(version.id) ?? [],
    }));
    const pairs = [...aliases.entries()].flatMap(([id, names]) =>
      names.map((alias) => ({ alias, version: byId.get(id)?.name ?? String(id) })),
    );
    return { model, latest, aliases: pairs };
  }

  // ---- registered models ----

  async createModel(
    caller: Caller,
    input: {
      name: string;
      description?: string | undefined;
      tags?: readonly { key: string; value: string }[];
    },
  ): Promise<ModelView> {
    if (input.name.trim() === '')
      throw new InputError('INVALID_PARAMETER', 'Registered model name cannot be empty.');
    const model = await this.registry.create(caller, 'registeredModel', {
      name: input.name,
      ...(input.description === undefined ? {} : { description: input.description }),
      customProperties: propertiesOfTags(input.tags),
    });
    return { model, latest: [], aliases: [] };
  }

  async getModel(caller: Caller, name: string): Promise<ModelView> {
    return this.modelView(caller, await this.model(caller, name));
  }

  async updateModel(caller: Caller, name: string, description: string | undefined): Promise<ModelView> {
    const model = await this.model(caller, name);
    const updated =
      description === undefined
        ? model
        : await this.registry.update(caller, 'registeredModel', model.id, { description });
    return this.modelView(caller, updated);
  }

  async deleteModel(caller: Caller, name: string): Promise<void> {
    const model = await this.model(caller, name);
    await this.registry.remove(caller, 'registeredModel', model.id);
  }

  /** Renames a model: the same model (its versions, tags and aliases), a new name, audited. */
  async renameModel(caller: Caller, name: string, newName: string): Promise<ModelView> {
    if (newName.trim() === '')
      throw new InputError('INVALID_PARAMETER', 'Registered model name cannot be empty.');
    const model = await this.model(caller, name);
    const renamed = await runUseCase(this.deps, caller, async (tx, _now, auth, record) => {
      await auth.require('write', `registered model ${model.id}`, { id: model.id, owner: model.owner });
      if (!(await tx.lockModel(model.id))) throw modelNotFound(name);
      const now = this.deps.clock();
      const [taken] = await tx.findAll('registeredModel', { name: newName }, 1);
      if (taken !== undefined && taken.id !== model.id) {
        throw new ConflictError(
          'REGISTERED_MODEL_ALREADY_EXISTS',
          `Registered Model (name=${newName}) already exists.`,
        );
      }
      const updated = await tx.update('registeredModel', model.id, { name: newName }, now);
      await record('update', 'registeredModel', model.id, { name: { from: model.name, to: newName } });
      return updated;
    });
    // What follows reads the model under its new name: the request names it so from now on.
    const request = caller.request;
    const body = (request?.body ?? {}) as Record<string, unknown>;
    const renamedCaller: Caller =
      request === undefined
        ? caller
        : { ...caller, request: { ...request, body: { ...body, name: newName } } };
    return this.modelView(renamedCaller, renamed);
  }

  async setModelTag(caller: Caller, name: string, key: string, value: string): Promise<void> {
    const model = await this.model(caller, name);
    const customProperties = {
      ...model.customProperties,
      [checkTagKey(key)]: { type: 'string', value } as PropertyValue,
    };
    await this.registry.update(caller, 'registeredModel', model.id, { customProperties });
  }

  async deleteModelTag(caller: Caller, name: string, key: string): Promise<void> {
    const model = await this.model(caller, name);
    if (!(checkTagKey(key) in model.customProperties)) return;
    const { [key]: _dropped, ...customProperties } = model.customProperties;
    await this.registry.update(caller, 'registeredModel', model.id, { customProperties });
  }

  async searchModels(
    caller: Caller,
    input: SearchInput,
  ): Promise<{ items: ModelView[]; nextPageToken?: string }> {
    const size = checkMaxResults(input.maxResults, 100, 1000);
    const filter = await modelFilter(input.filter);
    const models = (
      await this.registry.list(caller, 'registeredModel', { filter, orderBy: 'NAME', sortOrder: 'ASC' })
    ).items;
    const ordered = orderModels(models, input.orderBy);
    const page = pageOf(ordered, decodePageToken(input.pageToken), size);
    const items: ModelView[] = [];
    for (const model of page.items) items.push(await this.modelView(caller, model));
    return { ...page, items };
  }

  async latestVersions(
    caller: Caller,
    name: string,
    stages: readonly string[] | undefined,
  ): Promise<VersionView[]> {
    const model = await this.model(caller, name);
    const wanted: Stage[] | undefined = stages?.map(stageFromMlflow);
    const aliases = await this.aliasesOf(caller, model.id);
    return latestPerStage(await this.allVersions(caller, model.id), wanted).map((version) => ({
      model,
      version,
      aliases: aliases.get(version.id) ?? [],
    }));
  }

  // ---- aliases ----

  async setAlias(caller: Caller, name: string, alias: string, version: string): Promise<void> {
    const model = await this.model(caller, name);
    checkMlflowAlias(alias);
    const target = await this.versionOf(caller, model, version);
    await this.deps.aliases.moveAliases(caller, model.id, { [alias]: target.id });
  }

  async deleteAlias(caller: Caller, name: string, alias: string): Promise<void> {
    const model = await this.model(caller, name);
    try {
      await this.deps.aliases.moveAliases(caller, model.id, { [alias]: null });
    } catch (error) {
      // MLflow answers a missing alias's deletion with success.
      if (!isCode(error, 'ALIAS_NOT_FOUND')) throw error;
    }
  }

  async versionByAlias(caller: Caller, name: string, alias: string): Promise<VersionView> {
    const model = await this.model(caller, name);
    const found = (await this.deps.aliases.listAliases(caller, model.id)).find((a) => a.alias === alias);
    if (found === undefined) {
      throw new InputError('INVALID_PARAMETER', `Registered model alias ${alias} not found.`);
    }
    const version = await this.registry.get(caller, 'modelVersion', found.modelVersionId);
    return this.versionView(caller, model, version);
  }

  // ---- model versions ----

  async getVersion(caller: Caller, name: string, version: string): Promise<VersionView> {
    const model = await this.model(caller, name);
    return this.versionView(caller, model, await this.versionOf(caller, model, version));
  }

  /**
   * Registers a version under the next MLflow number: one above the highest the model ever gave
   * (kept on the model, so that a deleted version's number is never given again) and above every
   * numeric version name. A number another writer took meanwhile is retried with the next.
   */
  async createVersion(caller: Caller, input: NewVersionInput): Promise<VersionView> {
    const model = await this.model(caller, input.name);
    let next = await this.nextNumber(caller, model);
    const properties: Record<string, PropertyValue> = propertiesOfTags(input.tags);
    if (input.source !== undefined) properties[SOURCE_PROPERTY] = { type: 'string', value: input.source };
    if (input.runId !== undefined && input.runId !== '') {
      properties[RUN_ID_PROPERTY] = { type: 'string', value: input.runId };
    }
    const runId = await this.ourRun(caller, input.runId);
    for (let attempt = 1; ; attempt += 1) {
      try {
        const registration = await this.deps.registration.register(caller, {
          registeredModel: { name: model.name },
          modelVersion: {
            name: String(next),
            ...(input.description === undefined ? {} : { description: input.description }),
            customProperties: properties,
          },
          ...(input.source === undefined ? {} : { modelArtifact: { uri: input.source } }),
          ...(runId === undefined ? {} : { experimentRunId: runId }),
        });
        await this.recordHighest(caller, registration.registeredModel, next);
        if (input.source !== undefined)
          await this.deps.runFiles?.sealFromSource(caller, registration.modelVersion.id, input.source);
        return { model: registration.registeredModel, version: registration.modelVersion, aliases: [] };
      } catch (error) {
        if (!isCode(error, 'MODEL_VERSION_ALREADY_EXISTS') || attempt >= NUMBER_ATTEMPTS) throw error;
        next += 1;
      }
    }
  }

  /** The run a run_id names, when it is one of ours (a decimal id of an existing run). */
  private async ourRun(caller: Caller, runId: string | undefined): Promise<number | undefined> {
    if (runId === undefined || !/^[1-9][0-9]{0,8}$/.test(runId)) return undefined;
    const found = await this.registry
      .list(caller, 'experimentRun', {
        match: { id: Number(runId) },
        orderBy: 'ID',
        sortOrder: 'ASC',
        pageSize: 1,
      })
      .catch(() => undefined);
    return found?.items[0]?.id;
  }

  private async nextNumber(caller: Caller, model: RegisteredModel): Promise<number> {
    const kept = Number(stringProperty(model.customProperties, HIGHEST_PROPERTY) ?? 'NaN');
    if (Number.isInteger(kept)) return kept + 1;
    // A model no MLflow client numbered yet: above its numeric version names.
    const numbers = (await this.allVersions(caller, model.id))
      .map(versionNumber)
      .filter((n) => n !== undefined);
    return Math.max(0, ...numbers) + 1;
  }

  private async recordHighest(caller: Caller, model: RegisteredModel, number: number): Promise<void> {
    const current = await this.registry.get(caller, 'registeredModel', model.id);
    const kept = Number(stringProperty(current.customProperties, HIGHEST_PROPERTY) ?? '0');
    if (Number.isInteger(kept) && kept >= number) return;
    await this.registry.update(caller, 'registeredModel', model.id, {
      customProperties: {
        ...current.customProperties,
        [HIGHEST_PROPERTY]: { type: 'string', value: String(number) },
      },
    });
  }

  async updateVersion(caller: Caller, name: string, version: string, description: string | undefined) {
    const model = await this.model(caller, name);
    const found = await this.versionOf(caller, model, version);
    const updated =
      description === undefined
        ? found
        : await this.registry.update(caller, 'modelVersion', found.id, { description });
    return this.versionView(caller, model, updated);
  }

  async deleteVersion(caller: Caller, name: string, version: string): Promise<void> {
    const model = await this.model(caller, name);
    const found = await this.versionOf(caller, model, version);
    await this.registry.remove(caller, 'modelVersion', found.id);
  }

  async transitionStage(
    caller: Caller,
    input: { name: string; version: string; stage: string; archiveExisting: boolean },
  ): Promise<VersionView> {
    const stage = stageFromMlflow(input.stage);
    const model = await this.model(caller, input.name);
    const found = await this.versionOf(caller, model, input.version);
    const moved =
      found.stage === stage
        ? found
        : await this.deps.stages.transitionStage(caller, found.id, {
            stage,
            others:
              input.archiveExisting && (stage === 'Staging' || stage === 'Production') ? 'archive' : 'keep',
          });
    return this.versionView(caller, model, moved);
  }

  async setVersionTag(caller: Caller, name: string, version: string, key: string, value: string) {
    const model = await this.model(caller, name);
    const found = await this.versionOf(caller, model, version);
    const customProperties = {
      ...found.customProperties,
      [checkTagKey(key)]: { type: 'string', value } as PropertyValue,
    };
    await this.registry.update(caller, 'modelVersion', found.id, { customProperties });
  }

  async deleteVersionTag(caller: Caller, name: string, version: string, key: string) {
    const model = await this.model(caller, name);
    const found = await this.versionOf(caller, model, version);
    if (!(checkTagKey(key) in found.customProperties)) return;
    const { [key]: _dropped, ...customProperties } = found.customProperties;
    await this.registry.update(caller, 'modelVersion', found.id, { customProperties });
  }

  async downloadUri(caller: Caller, name: string, version: string): Promise<string> {
    const model = await this.model(caller, name);
    const found = await this.versionOf(caller, model, version);
    return stringProperty(found.customProperties, SOURCE_PROPERTY) ?? '';
  }

  async searchVersions(
    caller: Caller,
    input: SearchInput,
  ): Promise<{ items: VersionView[]; nextPageToken?: string }> {
    const size = checkMaxResults(input.maxResults, 10_000, 200_000);
    const filter: ResolvedFilter | undefined = await versionFilter(input.filter, async (comparison) => {
      const page = await this.registry.list(caller, 'registeredModel', {
        filter: modelNameFilter(comparison),
        orderBy: 'ID',
        sortOrder: 'ASC',
      });
      return page.items.map((m) => m.id);
    });
    // The engine orders the matches and reads one page of them (not every match, ordered here).
    const offset = decodePageToken(input.pageToken);
    const page = await this.registry.list(caller, 'modelVersion', {
      filter,
      orderBy: 'ID',
      sortOrder: 'ASC',
      sortKeys: versionSortKeys(input.orderBy),
      offset,
      pageSize: size,
    });
    const versions = page.items;
    const models = new Map<number, RegisteredModel>();
    const aliases = new Map<number, Map<number, string[]>>();
    for (const modelId of new Set(versions.map((v) => v.registeredModelId))) {
      models.set(modelId, await this.registry.get(caller, 'registeredModel', modelId));
      aliases.set(modelId, await this.aliasesOf(caller, modelId));
    }
    const items = versions.map((version) => ({
      model: models.get(version.registeredModelId) as RegisteredModel,
      version,
      aliases: aliases.get(version.registeredModelId)?.get(version.id) ?? [],
    }));
    return page.next === undefined ? { items } : { items, nextPageToken: encodePageToken(offset + size) };
  }
}
