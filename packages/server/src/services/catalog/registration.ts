import type { Artifact, EntityByKind, ModelVersion } from '../../domain/entities.js';
import type { Draft } from '../../domain/entity-kinds.js';
import type { ParentLink, ParentRelation, VersionLineage } from '../../domain/lineage.js';
import type { CreateInput } from './entity-writes.js';

/** A version and what it was made from, registered in one call (POST /registrations). */
export interface RegistrationInput {
  readonly registeredModel: { readonly name: string } & CreateInput<'registeredModel'>;
  readonly modelVersion: {
    readonly name?: string | undefined;
    readonly bump?: 'major' | 'minor' | 'patch' | undefined;
  } & CreateInput<'modelVersion'>;
  readonly modelArtifact?: CreateInput<'artifact'> | undefined;
  readonly metrics?:
    | readonly {
        readonly name: string;
        readonly value: number;
        readonly step?: number | undefined;
        readonly timestamp?: number | undefined;
        readonly dataset?: string | undefined;
      }[]
    | undefined;
  readonly params?: Readonly<Record<string, string | number | boolean>> | undefined;
  readonly datasets?:
    | readonly {
        readonly name: string;
        readonly uri: string;
        readonly digest?: string | undefined;
        readonly sourceType?: string | undefined;
        readonly source?: string | undefined;
      }[]
    | undefined;
  readonly code?:
    | {
        readonly repository?: string | undefined;
        readonly commit?: string | undefined;
        readonly path?: string | undefined;
      }
    | undefined;
  readonly pipelineRun?:
    | {
        readonly id: string;
        readonly name?: string | undefined;
        readonly kind?: string | undefined;
        readonly group?: string | undefined;
      }
    | undefined;
  readonly experimentRunId?: number | undefined;
  readonly parents?:
    | readonly { readonly modelVersionId: number; readonly relation?: ParentRelation | undefined }[]
    | undefined;
}

export interface Registration {
  readonly registeredModel: EntityByKind['registeredModel'];
  readonly createdModel: boolean;
  readonly modelVersion: ModelVersion;
  readonly modelArtifact?: Artifact | undefined;
  readonly metrics: readonly Artifact[];
  readonly params: readonly Artifact[];
  readonly datasets: readonly Artifact[];
  readonly lineage: VersionLineage & {
    readonly pipelineRun?: string | undefined;
    readonly parents: readonly ParentLink[];
  };
}

/** The artifacts a registration creates besides the model artifact, as their create inputs. */
export function registeredArtifacts(
  input: RegistrationInput,
  now: number,
  runFields: Draft<'artifact'>,
): { metrics: Draft<'artifact'>[]; params: Draft<'artifact'>[]; datasets: Draft<'artifact'>[] } {
  return {
    metrics: (input.metrics ?? []).map((metric) => ({
      artifactType: 'metric',
      name: metric.name,
      metricValue: metric.value,
      step: metric.step,
      timestamp: metric.timestamp ?? now,
      customProperties:
        metric.dataset === undefined ? {} : { dataset: { type: 'string', value: metric.dataset } },
      ...runFields,
    })),
    params: Object.entries(input.params ?? {}).map(([paramName, value]) => ({
      artifactType: 'parameter',
      name: paramName,
      parameterValue: typeof value === 'string' ? value : JSON.stringify(value),
      parameterType: typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'string',
      ...runFields,
    })),
    datasets: (input.datasets ?? []).map((dataset) => ({
      artifactType: 'dataset-artifact',
      name: dataset.name,
      uri: dataset.uri,
      digest: dataset.digest,
      sourceType: dataset.sourceType,
      source: dataset.source,
    })),
  };
}

/** The model artifact a registration creates: Kubeflow's clients find it under the model's name. */
export function registeredModelArtifact(
  input: RegistrationInput,
  modelName: string,
): Draft<'artifact'> | undefined {
  if (input.modelArtifact === undefined && input.pipelineRun === undefined) return undefined;
  const pipeline = input.pipelineRun;
  return {
    name: modelName,
    ...input.modelArtifact,
    ...(pipeline === undefined
      ? {}
      : {
          modelSourceKind: pipeline.kind ?? 'pipeline',
          modelSourceClass: 'pipelinerun',
          modelSourceGroup: pipeline.group,
          modelSourceId: pipeline.id,
          modelSourceName: pipeline.name ?? pipeline.id,
        }),
    artifactType: 'model-artifact',
  };
}
