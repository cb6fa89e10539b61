import type { OperationRule, ScopeSource } from './permissions.js';

/**
 * The operations of the MLflow-compatible API (docs/adr/0020-mlflow-api.md), with the same
 * actions and scope kinds as the Kubeflow API's: one table, one decision. MLflow names a
 * registered model by its `name` (query string on GET, JSON body otherwise); a name the caller
 * may not read names nothing it knows of.
 */
const named = (place: 'query' | 'body'): ScopeSource => ({
  in: place,
  name: 'name',
  kind: 'registeredModel',
  byName: true,
});
const onModel = (action: 'read' | 'write' | 'promote' | 'admin', place: 'query' | 'body'): OperationRule => ({
  action,
  scope: [named(place)],
});
const list: OperationRule = { action: 'read', filtered: true };
/** Experiments and runs belong to the registry as a whole, named by their ids. */
const experiment = (action: 'read' | 'write' | 'admin', place: 'query' | 'body'): OperationRule => ({
  action,
  scope: [{ in: place, name: 'experiment_id', kind: 'experiment' }],
});
const run = (action: 'read' | 'write', place: 'query' | 'body'): OperationRule => ({
  action,
  scope: [{ in: place, name: 'run_id', kind: 'experimentRun' }],
});

export const MLFLOW_OPERATIONS = {
  // ---- registered models ----
  mlflowCreateRegisteredModel: { action: 'write' },
  mlflowGetRegisteredModel: onModel('read', 'query'),
  mlflowRenameRegisteredModel: onModel('write', 'body'),
  mlflowUpdateRegisteredModel: onModel('write', 'body'),
  mlflowDeleteRegisteredModel: onModel('admin', 'body'),
  mlflowSearchRegisteredModels: list,
  mlflowGetLatestVersions: onModel('read', 'body'),
  mlflowSetRegisteredModelTag: onModel('write', 'body'),
  mlflowDeleteRegisteredModelTag: onModel('write', 'body'),
  mlflowSetRegisteredModelAlias: onModel('promote', 'body'),
  mlflowDeleteRegisteredModelAlias: onModel('promote', 'body'),
  mlflowGetModelVersionByAlias: onModel('read', 'query'),
  // ---- model versions ----
  mlflowCreateModelVersion: onModel('write', 'body'),
  mlflowGetModelVersion: onModel('read', 'query'),
  mlflowUpdateModelVersion: onModel('write', 'body'),
  mlflowDeleteModelVersion: onModel('admin', 'body'),
  mlflowSearchModelVersions: list,
  mlflowTransitionModelVersionStage: onModel('promote', 'body'),
  mlflowGetModelVersionDownloadUri: onModel('read', 'query'),
  mlflowSetModelVersionTag: onModel('write', 'body'),
  mlflowDeleteModelVersionTag: onModel('write', 'body'),
  // ---- tracking: experiments and runs ----
  mlflowCreateExperiment: { action: 'write' },
  mlflowGetExperiment: experiment('read', 'query'),
  mlflowGetExperimentByName: list,
  mlflowDeleteExperiment: experiment('admin', 'body'),
  mlflowCreateRun: experiment('write', 'body'),
  mlflowGetRun: run('read', 'query'),
  mlflowUpdateRun: run('write', 'body'),
  mlflowLogRunParameter: run('write', 'body'),
  mlflowLogRunMetric: run('write', 'body'),
  mlflowSetRunTag: run('write', 'body'),
  mlflowLogRunBatch: run('write', 'body'),
  mlflowLogRunModel: run('write', 'body'),
  // ---- the artifact proxy: a run's files, the run named in the path ----
  mlflowUploadArtifact: { action: 'write', scope: [{ in: 'path', name: 'run', kind: 'experimentRun' }] },
  mlflowDownloadArtifact: { action: 'read', scope: [{ in: 'path', name: 'run', kind: 'experimentRun' }] },
  // The run is named inside the `path` query parameter: read as the caller by the service.
  mlflowListArtifacts: list,
} as const satisfies Readonly<Record<string, OperationRule>>;
