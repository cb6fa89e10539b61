import type { Experiment, ExperimentRun } from '../../domain/entities.js';
import { InputError } from '../../domain/errors.js';
import type { OperationId } from '../../domain/permissions.js';
import {
  tagsOf,
  RUN_NAME_TAG,
  type MlflowTrackingService,
  type RunView,
} from '../../services/mlflow/index.js';
import { callerOf, type Method, type Routes } from '../operations.js';
import { mlflowRoute, type MlflowHandler, type Params } from './mlflow-registry-routes.js';
import { optionalInt, optionalString, requiredString, tagList } from './mlflow-wire.js';

/** Where a run's artifacts are, as MLflow's client resolves it against the tracking server. */
export function runArtifactUri(run: ExperimentRun): string {
  return `mlflow-artifacts:/${run.experimentId}/${run.id}/artifacts`;
}

function wireExperiment(experiment: Experiment): Record<string, unknown> {
  const tags = tagsOf(experiment.customProperties);
  return {
    experiment_id: String(experiment.id),
    name: experiment.name,
    artifact_location: `mlflow-artifacts:/${experiment.id}`,
    lifecycle_stage: experiment.state === 'ARCHIVED' ? 'deleted' : 'active',
    last_update_time: experiment.lastUpdateTimeSinceEpoch,
    creation_time: experiment.createTimeSinceEpoch,
    ...(tags.length === 0 ? {} : { tags }),
  };
}

function wireRunInfo(run: ExperimentRun): Record<string, unknown> {
  return {
    run_uuid: String(run.id),
    experiment_id: String(run.experimentId),
    run_name: run.name,
    user_id: run.owner ?? '',
    status: run.status,
    ...(run.startTimeSinceEpoch === undefined ? {} : { start_time: run.startTimeSinceEpoch }),
    ...(run.endTimeSinceEpoch === undefined ? {} : { end_time: run.endTimeSinceEpoch }),
    artifact_uri: runArtifactUri(run),
    lifecycle_stage: run.state === 'ARCHIVED' ? 'deleted' : 'active',
    run_id: String(run.id),
  };
}

function wireRun({ run, metrics, params }: RunView): Record<string, unknown> {
  const data = {
    ...(metrics.length === 0
      ? {}
      : {
          metrics: metrics.map((m) => ({
            key: m.name,
            value: m.metricValue ?? 0,
            timestamp: m.timestamp ?? 0,
            step: m.step ?? 0,
          })),
        }),
    ...(params.length === 0
      ? {}
      : { params: params.map((p) => ({ key: p.name, value: p.parameterValue ?? '' })) }),
    tags: [...tagsOf(run.customProperties), { key: RUN_NAME_TAG, value: run.name }],
  };
  return { info: wireRunInfo(run), data };
}

/** The run a request names: `run_id`, or `run_uuid` as older clients send it. */
const runIdOf = (p: Params) => requiredString(p.get('run_id') ?? p.get('run_uuid'), 'run_id');

function metricOf(value: unknown): { key: string; value: number; timestamp?: number; step?: number } {
  const m = (value ?? {}) as Record<string, unknown>;
  const number = typeof m['value'] === 'number' ? m['value'] : Number(m['value']);
  if (!Number.isFinite(number))
    throw new InputError('INVALID_PARAMETER', `Invalid metric value ${JSON.stringify(m['value'])}.`);
  return {
    key: requiredString(m['key'], 'key'),
    value: number,
    ...(optionalInt(m['timestamp'], 'timestamp') === undefined ? {} : { timestamp: Number(m['timestamp']) }),
    ...(optionalInt(m['step'], 'step') === undefined ? {} : { step: Number(m['step']) }),
  };
}

export function registerMlflowTrackingRoutes(routes: Routes, tracking: MlflowTrackingService): void {
  const route = (method: Method, path: string, operation: OperationId, handler: MlflowHandler) =>
    mlflowRoute(routes, method, path, operation, handler);
  route('POST', '/experiments/create', 'mlflowCreateExperiment', async (c, p) => {
    const experiment = await tracking.createExperiment(callerOf(c), {
      name: requiredString(p.get('name'), 'name'),
      tags: tagList(p.get('tags')),
    });
    return c.json({ experiment_id: String(experiment.id) });
  });
  route('GET', '/experiments/get', 'mlflowGetExperiment', async (c, p) => {
    const experiment = await tracking.experiment(
      callerOf(c),
      requiredString(p.get('experiment_id'), 'experiment_id'),
    );
    return c.json({ experiment: wireExperiment(experiment) });
  });
  route('GET', '/experiments/get-by-name', 'mlflowGetExperimentByName', async (c, p) => {
    const name = requiredString(p.get('experiment_name'), 'experiment_name');
    return c.json({ experiment: wireExperiment(await tracking.experimentByName(callerOf(c), name)) });
  });
  route('POST', '/experiments/delete', 'mlflowDeleteExperiment', async (c, p) => {
    await tracking.deleteExperiment(callerOf(c), requiredString(p.get('experiment_id'), 'experiment_id'));
    return c.json({});
  });
  registerMlflowRunRoutes(routes, tracking);
}

function registerMlflowRunRoutes(routes: Routes, tracking: MlflowTrackingService): void {
  const route = (method: Method, path: string, operation: OperationId, handler: MlflowHandler) =>
    mlflowRoute(routes, method, path, operation, handler);
  route('POST', '/runs/create', 'mlflowCreateRun', async (c, p) => {
    const view = await tracking.createRun(callerOf(c), {
      experimentId: requiredString(p.get('experiment_id'), 'experiment_id'),
      runName: optionalString(p.get('run_name'), 'run_name'),
      startTime: optionalInt(p.get('start_time'), 'start_time'),
      tags: tagList(p.get('tags')),
    });
    return c.json({ run: wireRun(view) });
  });
  route('GET', '/runs/get', 'mlflowGetRun', async (c, p) =>
    c.json({ run: { ...wireRun(await tracking.run(callerOf(c), runIdOf(p))), inputs: {} } }),
  );
  route('POST', '/runs/update', 'mlflowUpdateRun', async (c, p) => {
    const run = await tracking.updateRun(callerOf(c), runIdOf(p), {
      status: optionalString(p.get('status'), 'status'),
      endTime: optionalInt(p.get('end_time'), 'end_time'),
      runName: optionalString(p.get('run_name'), 'run_name'),
    });
    return c.json({ run_info: wireRunInfo(run) });
  });
  route('POST', '/runs/log-parameter', 'mlflowLogRunParameter', async (c, p) => {
    const value = optionalString(p.get('value'), 'value') ?? '';
    await tracking.logParam(callerOf(c), runIdOf(p), requiredString(p.get('key'), 'key'), value);
    return c.json({});
  });
  route('POST', '/runs/log-metric', 'mlflowLogRunMetric', async (c, p) => {
    await tracking.logMetric(
      callerOf(c),
      runIdOf(p),
      metricOf({
        key: p.get('key'),
        value: p.get('value'),
        timestamp: p.get('timestamp'),
        step: p.get('step'),
      }),
    );
    return c.json({});
  });
  route('POST', '/runs/set-tag', 'mlflowSetRunTag', async (c, p) => {
    const tag = {
      key: requiredString(p.get('key'), 'key'),
      value: optionalString(p.get('value'), 'value') ?? '',
    };
    await tracking.setTags(callerOf(c), runIdOf(p), [tag]);
    return c.json({});
  });
  route('POST', '/runs/log-batch', 'mlflowLogRunBatch', async (c, p) => {
    const caller = callerOf(c);
    const runId = runIdOf(p);
    const list = (name: string) => (Array.isArray(p.get(name)) ? (p.get(name) as unknown[]) : []);
    for (const param of tagList(list('params'), 'params') ?? [])
      await tracking.logParam(caller, runId, param.key, param.value);
    for (const metric of list('metrics')) await tracking.logMetric(caller, runId, metricOf(metric));
    await tracking.setTags(caller, runId, tagList(list('tags')) ?? []);
    return c.json({});
  });
  route('POST', '/runs/log-model', 'mlflowLogRunModel', async (c, p) => {
    await tracking.logModel(callerOf(c), runIdOf(p), requiredString(p.get('model_json'), 'model_json'));
    return c.json({});
  });
}
