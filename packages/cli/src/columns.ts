import type { Artifact, Experiment, ExperimentRun, ModelVersion, RegisteredModel } from '@modelreg/client';
import { formatMetadata, formatTime, truncate, type Column } from './output.js';

export const MODEL_COLUMNS: readonly Column<RegisteredModel>[] = [
  { header: 'ID', value: (model) => model.id },
  { header: 'NAME', value: (model) => model.name },
  { header: 'STATE', value: (model) => model.state },
  { header: 'OWNER', value: (model) => model.owner },
  { header: 'UPDATED', value: (model) => formatTime(model.lastUpdateTimeSinceEpoch) },
  { header: 'DESCRIPTION', value: (model) => truncate(model.description, 50) },
];

export const VERSION_COLUMNS: readonly Column<ModelVersion>[] = [
  { header: 'ID', value: (version) => version.id },
  { header: 'MODEL ID', value: (version) => version.registeredModelId },
  { header: 'NAME', value: (version) => version.name },
  { header: 'STATE', value: (version) => version.state },
  { header: 'AUTHOR', value: (version) => version.author },
  { header: 'UPDATED', value: (version) => formatTime(version.lastUpdateTimeSinceEpoch) },
  { header: 'METADATA', value: (version) => formatMetadata(version.customProperties) },
];

/** A version as `versions list` shows it: with its model's name, its stage and its aliases. */
export interface ListedVersion {
  readonly version: ModelVersion;
  readonly model: string;
  readonly aliases: readonly string[];
}

export const VERSION_LIST_COLUMNS: readonly Column<ListedVersion>[] = [
  { header: 'MODEL', value: (row) => row.model },
  { header: 'NAME', value: (row) => row.version.name },
  // `stage` is a field modelreg adds to the reference's ModelVersion; every version has one.
  { header: 'STAGE', value: (row) => row.version.stage ?? 'Development' },
  { header: 'ALIASES', value: (row) => row.aliases.join(', ') },
  { header: 'STATE', value: (row) => row.version.state },
  { header: 'AUTHOR', value: (row) => row.version.author },
  { header: 'UPDATED', value: (row) => formatTime(row.version.lastUpdateTimeSinceEpoch) },
  { header: 'METADATA', value: (row) => formatMetadata(row.version.customProperties) },
];

export const ARTIFACT_COLUMNS: readonly Column<Artifact>[] = [
  { header: 'ID', value: (artifact) => artifact.id },
  { header: 'TYPE', value: (artifact) => artifact.artifactType },
  { header: 'NAME', value: (artifact) => artifact.name },
  { header: 'STATE', value: (artifact) => ('state' in artifact ? artifact.state : undefined) },
  // Files have a URI; metrics and parameters a value.
  {
    header: 'URI / VALUE',
    value: (artifact) => ('uri' in artifact && artifact.uri !== undefined ? artifact.uri : valueOf(artifact)),
  },
];

export const EXPERIMENT_COLUMNS: readonly Column<Experiment>[] = [
  { header: 'ID', value: (experiment) => experiment.id },
  { header: 'NAME', value: (experiment) => experiment.name },
  { header: 'STATE', value: (experiment) => experiment.state },
  { header: 'OWNER', value: (experiment) => experiment.owner },
  { header: 'UPDATED', value: (experiment) => formatTime(experiment.lastUpdateTimeSinceEpoch) },
  { header: 'DESCRIPTION', value: (experiment) => truncate(experiment.description, 50) },
];

export const RUN_COLUMNS: readonly Column<ExperimentRun>[] = [
  { header: 'ID', value: (run) => run.id },
  { header: 'EXPERIMENT ID', value: (run) => run.experimentId },
  { header: 'NAME', value: (run) => run.name },
  { header: 'STATUS', value: (run) => run.status },
  { header: 'STARTED', value: (run) => formatTime(run.startTimeSinceEpoch) },
  { header: 'ENDED', value: (run) => formatTime(run.endTimeSinceEpoch) },
];

function valueOf(artifact: Artifact): string | number | undefined {
  return 'value' in artifact ? (artifact.value as string | number | undefined) : undefined;
}
