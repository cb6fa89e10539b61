import { API_BASE } from './api.js';
import type { components } from './generated/openapi.js';
import { RegistryError } from './errors.js';
import { ExperimentRunLogger } from './experiment-run-logger.js';
import { lazy, notFound, pages, type Lookups } from './registry-lookups.js';
import { answer, found, idOf, type TypedClient } from './typed-http.js';
import type {
  Artifact,
  ArtifactType,
  Experiment,
  ExperimentRun,
  ListOptions,
  ModelArtifact,
  ModelVersion,
  ModelVersionWithValues,
  RegisteredModel,
} from './types.js';

type Schemas = components['schemas'];

export type Updatable = RegisteredModel | ModelVersion | ModelArtifact | Artifact;

const READ_ONLY = ['id', 'name', 'createTimeSinceEpoch', 'lastUpdateTimeSinceEpoch'];

/** The calls of ModelRegistry on models, versions, artifacts, experiments and their runs. */
export class CatalogCalls {
  constructor(
    private readonly api: TypedClient,
    private readonly lookups: Lookups,
    private readonly author: string | undefined,
  ) {}

  async getModelArtifact(name: string, version: string): Promise<ModelArtifact | undefined> {
    const modelversionId = idOf(await this.lookups.mustGetVersion(name, version));
    const byName = await found(
      this.api.GET(`${API_BASE}/model_artifact`, {
        params: { query: { name, parentResourceId: modelversionId } },
      }),
    );
    if (byName !== undefined) return byName;
    const page = await answer(
      this.api.GET(`${API_BASE}/model_versions/{modelversionId}/artifacts`, {
        params: {
          path: { modelversionId },
          query: { artifactType: 'model-artifact', orderBy: 'CREATE_TIME', sortOrder: 'DESC', pageSize: '1' },
        },
      }),
    );
    return page.items[0] as ModelArtifact | undefined;
  }

  async update<T extends Updatable>(entity: T): Promise<T> {
    if (entity.id === undefined)
      throw new RegistryError('update needs an entity with an id', 'INVALID_ARGUMENT', 0);
    // The entity as got from this client, less what cannot change: its update.
    const body: Record<string, unknown> = { ...entity };
    for (const field of READ_ONLY) delete body[field];
    const id = entity.id;
    let updated: Promise<unknown>;
    if ('artifactType' in entity) {
      updated = answer(
        this.api.PATCH(`${API_BASE}/artifacts/{id}`, {
          params: { path: { id } },
          body: body as Schemas['ArtifactUpdate'],
        }),
      );
    } else if ('registeredModelId' in entity) {
      delete body['registeredModelId'];
      updated = this.patchVersion(id, body as Schemas['ModelVersionUpdate']);
    } else {
      updated = this.patchModel(id, body as Schemas['RegisteredModelUpdate']);
    }
    return (await updated) as T;
  }

  patchModel(registeredmodelId: string, body: Schemas['RegisteredModelUpdate']): Promise<RegisteredModel> {
    return answer(
      this.api.PATCH(`${API_BASE}/registered_models/{registeredmodelId}`, {
        params: { path: { registeredmodelId } },
        body,
      }),
    );
  }

  patchVersion(modelversionId: string, body: Schemas['ModelVersionUpdate']): Promise<ModelVersion> {
    return answer(
      this.api.PATCH(`${API_BASE}/model_versions/{modelversionId}`, {
        params: { path: { modelversionId } },
        body,
      }),
    );
  }

  async deleteModel(name: string): Promise<void> {
    const registeredmodelId = await this.lookups.modelId(name);
    await answer(
      this.api.DELETE(`${API_BASE}/registered_models/{registeredmodelId}`, {
        params: { path: { registeredmodelId } },
      }),
    );
  }

  async deleteVersion(name: string, version: string): Promise<void> {
    const modelversionId = idOf(await this.lookups.mustGetVersion(name, version));
    await answer(
      this.api.DELETE(`${API_BASE}/model_versions/{modelversionId}`, {
        params: { path: { modelversionId } },
      }),
    );
  }

  registeredModels(options: ListOptions): AsyncIterable<RegisteredModel> {
    return pages(options, (query, init) =>
      this.api.GET(`${API_BASE}/registered_models`, { params: { query }, ...init }),
    );
  }

  modelVersions(name: string | undefined, options: ListOptions): AsyncIterable<ModelVersionWithValues> {
    if (name === undefined)
      return pages(options, (query, init) =>
        this.api.GET(`${API_BASE}/model_versions`, { params: { query }, ...init }),
      );
    return lazy(async () => {
      const registeredmodelId = await this.lookups.modelId(name);
      return pages(options, (query, init) =>
        this.api.GET(`${API_BASE}/registered_models/{registeredmodelId}/versions`, {
          params: { path: { registeredmodelId }, query },
          ...init,
        }),
      );
    });
  }

  modelArtifacts(
    name: string,
    version: string,
    options: ListOptions & { artifactType?: ArtifactType },
  ): AsyncIterable<Artifact> {
    return lazy(async () => {
      const modelversionId = idOf(await this.lookups.mustGetVersion(name, version));
      return pages(options, (query, init) =>
        this.api.GET(`${API_BASE}/model_versions/{modelversionId}/artifacts`, {
          params: { path: { modelversionId }, query: { artifactType: options.artifactType, ...query } },
          ...init,
        }),
      );
    });
  }

  experiments(options: ListOptions): AsyncIterable<Experiment> {
    return pages(options, (query, init) =>
      this.api.GET(`${API_BASE}/experiments`, { params: { query }, ...init }),
    );
  }

  experimentRuns(experiment: string | undefined, options: ListOptions): AsyncIterable<ExperimentRun> {
    if (experiment === undefined)
      return pages(options, (query, init) =>
        this.api.GET(`${API_BASE}/experiment_runs`, { params: { query }, ...init }),
      );
    return lazy(async () => {
      const experimentId = idOf(await this.mustGetExperiment(experiment));
      return pages(options, (query, init) =>
        this.api.GET(`${API_BASE}/experiments/{experimentId}/experiment_runs`, {
          params: { path: { experimentId }, query },
          ...init,
        }),
      );
    });
  }

  search(
    filterQuery: string,
    options: ListOptions & { over?: 'versions' | 'models' },
  ): AsyncIterable<RegisteredModel | ModelVersionWithValues> {
    const listed = { ...options, filterQuery };
    return options.over === 'models' ? this.registeredModels(listed) : this.modelVersions(undefined, listed);
  }

  async startExperimentRun(input: {
    experiment: string;
    name?: string;
    description?: string;
    owner?: string;
  }): Promise<ExperimentRunLogger> {
    const experiment = await this.experimentNamed(input.experiment, input.owner);
    const run = await answer(
      this.api.POST(`${API_BASE}/experiments/{experimentId}/experiment_runs`, {
        params: { path: { experimentId: idOf(experiment) } },
        body: {
          experimentId: idOf(experiment),
          name: input.name,
          description: input.description,
          owner: input.owner ?? this.author,
          status: 'RUNNING',
          startTimeSinceEpoch: String(Date.now()),
        },
      }),
    );
    return new ExperimentRunLogger(this.api, run);
  }

  async experimentRun(experimentrunId: string): Promise<ExperimentRunLogger> {
    const run = await answer(
      this.api.GET(`${API_BASE}/experiment_runs/{experimentrunId}`, {
        params: { path: { experimentrunId } },
      }),
    );
    return new ExperimentRunLogger(this.api, run);
  }

  private findExperiment(name: string): Promise<Experiment | undefined> {
    return found(this.api.GET(`${API_BASE}/experiment`, { params: { query: { name } } }));
  }

  private async mustGetExperiment(name: string): Promise<Experiment> {
    const experiment = await this.findExperiment(name);
    if (experiment === undefined) throw notFound(`experiment '${name}'`, 'EXPERIMENT_NOT_FOUND');
    return experiment;
  }

  /** The experiment of that name, created when there is none yet. */
  private async experimentNamed(name: string, owner: string | undefined): Promise<Experiment> {
    const experiment = await this.findExperiment(name);
    if (experiment !== undefined) return experiment;
    try {
      return await answer(
        this.api.POST(`${API_BASE}/experiments`, { body: { name, owner: owner ?? this.author } }),
      );
    } catch (error) {
      // Another job created it at the same moment.
      if (!(error instanceof RegistryError && error.status === 409)) throw error;
      return answer(this.api.GET(`${API_BASE}/experiment`, { params: { query: { name } } }));
    }
  }
}
