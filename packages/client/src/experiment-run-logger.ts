import { API_BASE } from './api.js';
import { toCustomProperties } from './metadata.js';
import { answer, idOf, type TypedClient } from './typed-http.js';
import type { components } from './generated/openapi.js';
import type { DataSet, ExperimentRun, MetadataInput, Metric, Parameter } from './types.js';

type ArtifactBody = components['schemas']['Artifact'];

/** Logs params, metrics and datasets to one experiment run. */
export class ExperimentRunLogger {
  constructor(
    private readonly api: TypedClient,
    /** The run as the server returned it when it started. */
    readonly run: ExperimentRun,
  ) {}

  /** Records a hyperparameter; logging the same name again replaces its value. */
  logParam(name: string, value: string | number | boolean): Promise<Parameter> {
    const parameterType =
      typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'string';
    return this.logArtifact<Parameter>({
      artifactType: 'parameter',
      name,
      value: String(value),
      parameterType,
    });
  }

  /** Records a metric value; each call is also kept in the run's metric history. */
  logMetric(
    name: string,
    value: number,
    options: { step?: number; timestamp?: number } = {},
  ): Promise<Metric> {
    return this.logArtifact<Metric>({
      artifactType: 'metric',
      name,
      value,
      step: options.step,
      timestamp: String(options.timestamp ?? Date.now()),
    });
  }

  /** Records a dataset the run used. */
  logDataset(dataset: {
    name: string;
    uri: string;
    digest?: string;
    sourceType?: string;
    source?: string;
    schema?: string;
    profile?: string;
    metadata?: MetadataInput;
  }): Promise<DataSet> {
    const { metadata, ...fields } = dataset;
    return this.logArtifact<DataSet>({
      artifactType: 'dataset-artifact',
      ...fields,
      customProperties: toCustomProperties(metadata),
    });
  }

  /** Ends the run with a final status (FINISHED unless told otherwise). */
  end(status: 'FINISHED' | 'FAILED' | 'KILLED' = 'FINISHED'): Promise<ExperimentRun> {
    return answer(
      this.api.PATCH(`${API_BASE}/experiment_runs/{experimentrunId}`, {
        params: { path: { experimentrunId: idOf(this.run) } },
        body: { status, endTimeSinceEpoch: String(Date.now()) },
      }),
    );
  }

  private async logArtifact<T extends Parameter | Metric | DataSet>(body: ArtifactBody): Promise<T> {
    const logged = this.api.POST(`${API_BASE}/experiment_runs/{experimentrunId}/artifacts`, {
      params: { path: { experimentrunId: idOf(this.run) } },
      body,
    });
    return (await answer(logged)) as T;
  }
}
