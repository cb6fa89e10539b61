import type { PropertyValue } from '../../domain/custom-properties.js';
import {
  RUN_STATUSES,
  type Artifact,
  type Experiment,
  type ExperimentRun,
  type RunStatus,
} from '../../domain/entities.js';
import { InputError, NotFoundError } from '../../domain/errors.js';
import type { CatalogService } from '../catalog/index.js';
import type { Caller } from '../use-case.js';
import { propertiesOfTags } from './mlflow-mapping.js';

/**
 * The part of MLflow's tracking API that flows from a run need (docs/adr/0020-mlflow-api.md):
 * MLflow experiments are our experiments and MLflow runs our experiment runs, named by their ids
 * (decimal strings); params and metrics are the run's parameter and metric artifacts (a metric's
 * every value in its history); tags are custom properties. Through the catalog's service only.
 */

export interface RunView {
  readonly run: ExperimentRun;
  readonly metrics: readonly Artifact[];
  readonly params: readonly Artifact[];
}

/** The tag MLflow's server adds with the run's name. */
export const RUN_NAME_TAG = 'mlflow.runName';

/** The tag holding the models logged in a run (MLflow's own name for it). */
const LOG_MODEL_HISTORY = 'mlflow.log-model.history';

const ID = /^[1-9][0-9]{0,8}$/;

function idOf(value: string, what: 'experiment' | 'run'): number {
  if (!ID.test(value)) {
    throw new NotFoundError(
      what === 'run' ? 'EXPERIMENT_RUN_NOT_FOUND' : 'EXPERIMENT_NOT_FOUND',
      what === 'run' ? `Run '${value}' not found` : `No Experiment with id=${value} exists`,
    );
  }
  return Number(value);
}

function runStatus(value: string): RunStatus {
  const status = value.toUpperCase();
  if (!(RUN_STATUSES as readonly string[]).includes(status)) {
    throw new InputError('INVALID_PARAMETER', `Invalid run status '${value}'.`);
  }
  return status as RunStatus;
}

export class MlflowTrackingService {
  constructor(private readonly registry: CatalogService) {}

  // ---- experiments ----

  async createExperiment(
    caller: Caller,
    input: { name: string; tags?: readonly { key: string; value: string }[] | undefined },
  ): Promise<Experiment> {
    if (input.name.trim() === '')
      throw new InputError('INVALID_PARAMETER', 'Experiment name cannot be empty.');
    return this.registry.create(caller, 'experiment', {
      name: input.name,
      customProperties: propertiesOfTags(input.tags),
    });
  }

  experiment(caller: Caller, id: string): Promise<Experiment> {
    return this.registry.get(caller, 'experiment', idOf(id, 'experiment'));
  }

  async experimentByName(caller: Caller, name: string): Promise<Experiment> {
    try {
      return await this.registry.find(caller, 'experiment', { name });
    } catch (error) {
      if (error instanceof NotFoundError) {
        throw new NotFoundError('EXPERIMENT_NOT_FOUND', `Could not find experiment with name '${name}'`);
      }
      throw error;
    }
  }

  async deleteExperiment(caller: Caller, id: string): Promise<void> {
    await this.registry.update(caller, 'experiment', idOf(id, 'experiment'), { state: 'ARCHIVED' });
  }

  // ---- runs ----

  async createRun(
    caller: Caller,
    input: {
      experimentId: string;
      runName?: string | undefined;
      startTime?: number | undefined;
      tags?: readonly { key: string; value: string }[] | undefined;
    },
  ): Promise<RunView> {
    const tags = input.tags ?? [];
    const named = input.runName ?? tags.find((t) => t.key === RUN_NAME_TAG)?.value;
    const run = await this.registry.create(caller, 'experimentRun', {
      experimentId: idOf(input.experimentId, 'experiment'),
      ...(named === undefined || named === '' ? {} : { name: named }),
      status: 'RUNNING',
      ...(input.startTime === undefined ? {} : { startTimeSinceEpoch: input.startTime }),
      customProperties: propertiesOfTags(tags.filter((t) => t.key !== RUN_NAME_TAG)),
    });
    return { run, metrics: [], params: [] };
  }

  async run(caller: Caller, runId: string): Promise<RunView> {
    const id = idOf(runId, 'run');
    const run = await this.registry.get(caller, 'experimentRun', id);
    const artifacts = (
      await this.registry.list(caller, 'artifact', {
        match: { experimentRunId: id },
        orderBy: 'ID',
        sortOrder: 'ASC',
      })
    ).items;
    return {
      run,
      metrics: artifacts.filter((a) => a.artifactType === 'metric'),
      params: artifacts.filter((a) => a.artifactType === 'parameter'),
    };
  }

  async updateRun(
    caller: Caller,
    runId: string,
    input: { status?: string | undefined; endTime?: number | undefined; runName?: string | undefined },
  ): Promise<ExperimentRun> {
    const id = idOf(runId, 'run');
    if (input.runName !== undefined && input.runName !== '') {
      const current = await this.registry.get(caller, 'experimentRun', id);
      if (current.name !== input.runName) {
        throw new InputError('INVALID_PARAMETER', 'A run keeps the name it was created with.');
      }
    }
    return this.registry.update(caller, 'experimentRun', id, {
      ...(input.status === undefined ? {} : { status: runStatus(input.status) }),
      ...(input.endTime === undefined ? {} : { endTimeSinceEpoch: input.endTime }),
    });
  }

  async logParam(caller: Caller, runId: string, key: string, value: string): Promise<void> {
    await this.registry.upsertArtifact(
      caller,
      { kind: 'experimentRun', id: idOf(runId, 'run') },
      { artifactType: 'parameter', name: key, parameterValue: value, parameterType: 'string' },
    );
  }

  async logMetric(
    caller: Caller,
    runId: string,
    metric: { key: string; value: number; timestamp?: number | undefined; step?: number | undefined },
  ): Promise<void> {
    await this.registry.upsertArtifact(
      caller,
      { kind: 'experimentRun', id: idOf(runId, 'run') },
      {
        artifactType: 'metric',
        name: metric.key,
        metricValue: metric.value,
        ...(metric.timestamp === undefined ? {} : { timestamp: metric.timestamp }),
        step: metric.step ?? 0,
      },
    );
  }

  /**
   * Appends a logged model's description to the run's `mlflow.log-model.history` tag, as MLflow
   * does: a JSON list of the descriptions, each kept as the client wrote it.
   */
  async logModel(caller: Caller, runId: string, modelJson: string): Promise<void> {
    try {
      JSON.parse(modelJson);
    } catch {
      throw new InputError('INVALID_PARAMETER', 'model_json is not valid JSON.');
    }
    const { run } = await this.run(caller, runId);
    const kept = run.customProperties[LOG_MODEL_HISTORY];
    const history =
      kept?.type === 'string' && kept.value.startsWith('[') && kept.value.endsWith(']') && kept.value !== '[]'
        ? `${kept.value.slice(0, -1)}, ${modelJson}]`
        : `[${modelJson}]`;
    await this.setTags(caller, runId, [{ key: LOG_MODEL_HISTORY, value: history }]);
  }

  async setTags(
    caller: Caller,
    runId: string,
    tags: readonly { key: string; value: string }[],
  ): Promise<void> {
    if (tags.length === 0) return;
    const id = idOf(runId, 'run');
    const run = await this.registry.get(caller, 'experimentRun', id);
    const added: Record<string, PropertyValue> = propertiesOfTags(tags.filter((t) => t.key !== RUN_NAME_TAG));
    await this.registry.update(caller, 'experimentRun', id, {
      customProperties: { ...run.customProperties, ...added },
    });
  }
}
