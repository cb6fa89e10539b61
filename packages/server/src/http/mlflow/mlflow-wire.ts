import { InputError } from '../../domain/errors.js';
import {
  RUN_ID_PROPERTY,
  SOURCE_PROPERTY,
  stageToMlflow,
  stringProperty,
  tagsOf,
  type ModelView,
  type VersionView,
} from '../../services/mlflow/index.js';

/**
 * MLflow's wire shapes (mlflow/protos/model_registry.proto, proto3 JSON as its server writes it):
 * snake_case, int64 timestamps as numbers, `version` as a string, and empty lists left out.
 */

type Json = Record<string, unknown>;

/** Leaves out empty lists and undefined values, as MLflow's server does. */
function compact(object: Json): Json {
  return Object.fromEntries(
    Object.entries(object).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)),
  );
}

export function wireVersion({ model, version, aliases }: VersionView): Json {
  const properties = version.customProperties;
  return compact({
    name: model.name,
    version: version.name,
    creation_timestamp: version.createTimeSinceEpoch,
    last_updated_timestamp: version.lastUpdateTimeSinceEpoch,
    user_id: version.author ?? '',
    current_stage: stageToMlflow(version.stage),
    description: version.description ?? '',
    source: stringProperty(properties, SOURCE_PROPERTY) ?? '',
    run_id: stringProperty(properties, RUN_ID_PROPERTY) ?? '',
    // A version is usable as soon as it is registered: its files, when any, are committed apart.
    status: 'READY',
    tags: tagsOf(properties),
    run_link: '',
    aliases: [...aliases],
  });
}

export function wireModel({ model, latest, aliases }: ModelView): Json {
  return compact({
    name: model.name,
    creation_timestamp: model.createTimeSinceEpoch,
    last_updated_timestamp: model.lastUpdateTimeSinceEpoch,
    user_id: model.owner ?? '',
    description: model.description === '' ? undefined : model.description,
    latest_versions: latest.map(wireVersion),
    tags: tagsOf(model.customProperties),
    aliases: aliases.map((a) => ({ alias: a.alias, version: a.version })),
  });
}

/** A required string field of a request (MLflow's message for a missing one). */
export function requiredString(value: unknown, field: string): string {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number') return String(value);
  throw new InputError('INVALID_PARAMETER', `Missing value for required parameter '${field}'.`);
}

export function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  throw new InputError('INVALID_PARAMETER', `Invalid value for parameter '${field}': expected a string.`);
}

export function optionalInt(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const number = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(number)) {
    throw new InputError(
      'INVALID_PARAMETER',
      `Invalid value ${JSON.stringify(value)} for parameter '${field}'.`,
    );
  }
  return number;
}

export function tagList(value: unknown, field = 'tags'): { key: string; value: string }[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value))
    throw new InputError('INVALID_PARAMETER', `Invalid value for parameter '${field}'.`);
  return value.map((item: unknown) => {
    const tag = (item ?? {}) as Record<string, unknown>;
    return {
      key: requiredString(tag['key'], `${field}.key`),
      value: optionalString(tag['value'], `${field}.value`) ?? '',
    };
  });
}

export function stringList(value: unknown, field: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const items = Array.isArray(value) ? value : [value];
  return items.map((item) => requiredString(item, field));
}
