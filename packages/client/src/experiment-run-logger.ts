import type { JsonHttp } from './json-http.js';
import { toCustomProperties } from './metadata.js';
import type { DataSet, ExperimentRun, MetadataInput, Metric, Parameter } from './types.js';

/** Logs params, metrics and datasets to one experiment run. */
export class ExperimentRunLogger {
  constructor(
    private readonly http: JsonHttp,
    /** The run as the server returned it when it started. */
    readonly run: ExperimentRun,
  ) {}

  /** Records a hyperparameter; logging the same name again replaces its value. */
  logParam(name: string, value: string | number | boolean): Promise<Parameter> {
    const parameterType =
      typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'string';
    return this.http.post<Parameter>(`experiment_runs/${this.run.id}/artifacts`, {
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
    return this.http.post<Metric>(`experiment_runs/${this.run.id}/artifacts`, {
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
    return this.http.post<DataSet>(`experiment_runs/${this.run.id}/artifacts`, {
      artifactType: 'dataset-artifact',
      ...fields,
      customProperties: toCustomProperties(metadata),
    });
  }

  /** Ends the run with a final status (FINISHED unless told otherwise). */
  end(status: 'FINISHED' | 'FAILED' | 'KILLED' = 'FINISHED'): Promise<ExperimentRun> {
    return this.http.patch<ExperimentRun>(`experiment_runs/${this.run.id}`, {
      status,
      endTimeSinceEpoch: String(Date.now()),
    });
  }
}
