import type { CustomProperties, PropertyValue } from '../../domain/custom-properties.js';
import type { ModelVersion, RegisteredModel } from '../../domain/entities.js';
import { InputError } from '../../domain/errors.js';
import type { Stage } from '../../domain/lifecycle.js';

/**
 * How MLflow's registry maps onto ours (docs/adr/0020-mlflow-api.md). An MLflow registered model
 * is a registered model; an MLflow version is a model version whose name is its MLflow version
 * string; tags are custom properties; stages are our stages with `None` for Development. What
 * MLflow records that we have no field for is kept in custom properties under a reserved prefix,
 * which the MLflow API never shows as tags.
 */
export const RESERVED_PREFIX = 'modelreg.mlflow.';
/** The version's `source` as registered (get-download-uri answers it unchanged). */
export const SOURCE_PROPERTY = `${RESERVED_PREFIX}source`;
/** The version's `run_id` as registered (lineage too when it names one of our runs). */
export const RUN_ID_PROPERTY = `${RESERVED_PREFIX}run_id`;
/** On a model: the highest version number MLflow ever gave in it, so that none is reused. */
export const HIGHEST_PROPERTY = `${RESERVED_PREFIX}highest_version`;

const TO_STAGE: Readonly<Record<string, Stage>> = {
  none: 'Development',
  staging: 'Staging',
  production: 'Production',
  archived: 'Archived',
};

/** An MLflow stage name (any case) as our stage; anything else is refused as MLflow does. */
export function stageFromMlflow(name: string): Stage {
  const stage = TO_STAGE[name.toLowerCase()];
  if (stage === undefined) {
    throw new InputError(
      'INVALID_PARAMETER',
      `Invalid Model Version stage: ${name}. Value must be one of None, Staging, Production, Archived.`,
    );
  }
  return stage;
}

export function stageToMlflow(stage: Stage): string {
  return stage === 'Development' ? 'None' : stage;
}

/** A property's value as an MLflow tag value (a string). */
function tagValue(value: PropertyValue): string {
  return typeof value.value === 'string' ? value.value : JSON.stringify(value.value);
}

/** The MLflow tags of an entity: its custom properties, reserved ones left out. */
export function tagsOf(properties: CustomProperties): { key: string; value: string }[] {
  return Object.entries(properties)
    .filter(([key]) => !key.startsWith(RESERVED_PREFIX))
    .map(([key, value]) => ({ key, value: tagValue(value) }));
}

export function stringProperty(properties: CustomProperties, key: string): string | undefined {
  const value = properties[key];
  return value === undefined ? undefined : tagValue(value);
}

/** Tags as custom properties; a reserved key is refused (it would change what MLflow cannot see). */
export function propertiesOfTags(
  tags: readonly { key: string; value: string }[] | undefined,
): Record<string, PropertyValue> {
  const properties: Record<string, PropertyValue> = {};
  for (const { key, value } of tags ?? []) properties[checkTagKey(key)] = { type: 'string', value };
  return properties;
}

export function checkTagKey(key: string): string {
  if (key === '' || key.startsWith(RESERVED_PREFIX)) {
    throw new InputError(
      'INVALID_PARAMETER',
      `Invalid tag key '${key}': keys starting with ${RESERVED_PREFIX} are reserved`,
    );
  }
  return key;
}

/** A version name that is an MLflow version number (digits, no leading zero). */
export function versionNumber(version: Pick<ModelVersion, 'name'>): number | undefined {
  return /^[1-9][0-9]{0,14}$/.test(version.name) ? Number(version.name) : undefined;
}

/** Orders versions as MLflow numbers them: numbered ones by number, the others after, by id. */
export function compareVersions(a: ModelVersion, b: ModelVersion): number {
  const [x, y] = [versionNumber(a), versionNumber(b)];
  if (x !== undefined && y !== undefined) return x - y;
  if (x !== undefined) return -1;
  if (y !== undefined) return 1;
  return a.id - b.id;
}

/** A version as MLflow shows it, with what it needs from its model. */
export interface VersionView {
  readonly model: RegisteredModel;
  readonly version: ModelVersion;
  readonly aliases: readonly string[];
}

/** A registered model as MLflow shows it. */
export interface ModelView {
  readonly model: RegisteredModel;
  /** The latest version in each stage, by version number. */
  readonly latest: readonly VersionView[];
  readonly aliases: readonly { alias: string; version: string }[];
}

/** The latest version of each stage (of the stages asked, when given), ordered by version number. */
export function latestPerStage(versions: readonly ModelVersion[], stages?: readonly Stage[]): ModelVersion[] {
  const latest = new Map<Stage, ModelVersion>();
  for (const version of versions) {
    if (stages !== undefined && stages.length > 0 && !stages.includes(version.stage)) continue;
    const current = latest.get(version.stage);
    if (current === undefined || compareVersions(current, version) < 0) latest.set(version.stage, version);
  }
  return [...latest.values()].sort(compareVersions);
}

export function checkMaxResults(value: number | undefined, fallback: number, limit: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1 || value > limit) {
    throw new InputError(
      'INVALID_PARAMETER',
      `Invalid value for request parameter max_results. It must be at most ${limit}, but got value ${value}`,
    );
  }
  return value;
}

/** MLflow's page tokens: an offset into the ordered results. */
export function decodePageToken(token: string | undefined): number {
  if (token === undefined || token === '') return 0;
  const offset = Number(Buffer.from(token, 'base64url').toString('utf8'));
  if (!Number.isInteger(offset) || offset < 0) {
    throw new InputError('INVALID_PAGE_TOKEN', `Invalid page token, could not base64-decode: ${token}`);
  }
  return offset;
}

export function encodePageToken(offset: number): string {
  return Buffer.from(String(offset), 'utf8').toString('base64url');
}

/** One page of an ordered list, and the token of the next when there is one. */
export function pageOf<T>(
  items: readonly T[],
  offset: number,
  size: number,
): { items: T[]; nextPageToken?: string } {
  const page = items.slice(offset, offset + size);
  return offset + size < items.length
    ? { items: page, nextPageToken: encodePageToken(offset + size) }
    : { items: page };
}
