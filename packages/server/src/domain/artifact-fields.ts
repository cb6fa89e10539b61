import type { ArtifactType } from './entities.js';
import { InputError } from './errors.js';

/** Fields of an artifact that only some artifact types have (domain names). */
export const ARTIFACT_TYPE_FIELDS: Readonly<Record<ArtifactType, readonly string[]>> = {
  'model-artifact': [
    'modelFormatName',
    'modelFormatVersion',
    'storageKey',
    'storagePath',
    'serviceAccountName',
    'modelSourceKind',
    'modelSourceClass',
    'modelSourceGroup',
    'modelSourceId',
    'modelSourceName',
  ],
  'doc-artifact': [],
  'dataset-artifact': ['digest', 'sourceType', 'source', 'schema', 'profile'],
  metric: ['metricValue', 'timestamp', 'step'],
  parameter: ['parameterValue', 'parameterType'],
};

const TYPED_FIELDS: ReadonlySet<string> = new Set(Object.values(ARTIFACT_TYPE_FIELDS).flat());

/**
 * Checks the fields given for an artifact of `type` and maps the wire's shared `value`
 * to the metric's number or the parameter's string.
 */
export function normaliseArtifactFields(
  type: ArtifactType,
  fields: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const result: Record<string, unknown> = { ...fields };
  if ('value' in result) {
    const value = result['value'];
    delete result['value'];
    if (type === 'metric') {
      if (typeof value !== 'number')
        throw new InputError('INVALID_METRIC_VALUE', 'value of a metric must be a number');
      result['metricValue'] = value;
    } else if (type === 'parameter') {
      result['parameterValue'] = typeof value === 'string' ? value : JSON.stringify(value);
    } else if (value !== undefined) {
      throw new InputError('FIELD_NOT_IN_TYPE', `value is not a field of a ${type}`);
    }
  }
  const allowed = new Set(ARTIFACT_TYPE_FIELDS[type]);
  for (const field of Object.keys(result)) {
    if (TYPED_FIELDS.has(field) && !allowed.has(field) && result[field] !== undefined) {
      throw new InputError('FIELD_NOT_IN_TYPE', `${field} is not a field of a ${type}`);
    }
  }
  return result;
}
