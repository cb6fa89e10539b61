import { KIND_LABEL, type EntityByKind, type EntityKind } from '../../domain/entities.js';
import { InputError, NotFoundError } from '../../domain/errors.js';
import { parseNodeRef } from '../../domain/lineage.js';
import type { Elevation, Reference, ScopeKind } from '../../domain/permissions.js';
import type { AccessRepository } from '../../ports/access-repository.js';
import type { CatalogRepository } from '../../ports/catalog-repository.js';
import type { UploadRepository } from '../../ports/content-repository.js';

/** What resolving a request's scope reads: entities, uploads, tokens and grants. */
export type ScopeRepositories = Pick<CatalogRepository, 'get' | 'findAll'> &
  Pick<UploadRepository, 'getUpload'> &
  Pick<AccessRepository, 'getToken' | 'getGrant'>;

/** A registered model, with what decides its owner's rights. */
export interface ModelRef {
  readonly id: number;
  readonly owner?: string | undefined;
  readonly name?: string | undefined;
}

/**
 * An entity a request names, resolved: the registered models it belongs to (none: the registry
 * as a whole), how a message names it to a caller who may read it, and its current fields.
 */
export interface Target {
  readonly models: readonly ModelRef[];
  /**
   * It belongs to the registry as well (an artifact of a version that a run logged): read as part
   * of its models, changed as part of both, so a change needs the permission registry-wide too.
   */
  readonly alsoRegistry?: boolean;
  /** e.g. `model version 'v1' of registered model 'mnist'`. Shown only to callers who may read it. */
  readonly label: string;
  /** Its current values of the fields whose change can need more (ElevatedField). */
  readonly fields: CurrentFields;
  /** The error that says it is absent: what a caller who may not read it gets, too. */
  readonly notFound: () => NotFoundError;
}

/** The fields whose change can need more than the operation that changes them. */
type ElevatedField = Elevation['field'];
export type CurrentFields = Readonly<Partial<Record<ElevatedField, string | number>>>;

/** What an entity holds of the fields whose change can need more, by name (absent: not its field). */
function currentFields(entity: {
  readonly id?: unknown; // every entity has one: so any entity may be given, holding some or none of the rest
  readonly owner?: string | undefined;
  readonly state?: string | undefined;
  readonly registeredModelId?: number | undefined;
  readonly subject?: string | undefined;
}): CurrentFields {
  return {
    owner: entity.owner,
    state: entity.state,
    registeredModelId: entity.registeredModelId,
    subject: entity.subject,
  };
}

/** The registry as a whole: what operations that name no model act on (always visible). */
export const REGISTRY: Target = {
  models: [],
  label: 'this registry',
  fields: {},
  notFound: () => new NotFoundError('ROUTE_NOT_FOUND', 'no such entity'),
};

const ID = /^[1-9][0-9]{0,8}$/;

function parseReferenceId(value: string, kind: ScopeKind): number {
  if (!ID.test(value)) {
    throw new InputError('INVALID_ID', `a ${kind} id must be 1 to 9 digits, no leading zero, got '${value}'`);
  }
  return Number(value);
}

function entityNotFound(kind: EntityKind, id: number | string): NotFoundError {
  return new NotFoundError(
    `${KIND_LABEL[kind].code}_NOT_FOUND`,
    `no ${KIND_LABEL[kind].label} with id ${id}`,
  );
}

const quoted = (name: unknown) => JSON.stringify(String(name));

/** How a message names a version to a caller who may read it: by its name and its model's. */
export async function versionLabel(
  tx: Pick<CatalogRepository, 'get'>,
  version: { readonly name: string; readonly registeredModelId: number },
): Promise<string> {
  const model = await tx.get('registeredModel', version.registeredModelId);
  return `model version ${quoted(version.name)} of registered model ${quoted(model?.name)}`;
}

/**
 * Reads, in the request's transaction, the entities a request names and the registered models
 * they belong to. Models are read once per transaction.
 */
export class ScopeResolver {
  private readonly models = new Map<number, EntityByKind['registeredModel'] | undefined>();

  constructor(private readonly tx: ScopeRepositories) {}

  private async modelRow(id: number): Promise<EntityByKind['registeredModel'] | undefined> {
    if (!this.models.has(id)) this.models.set(id, await this.tx.get('registeredModel', id));
    return this.models.get(id);
  }

  async model(id: number): Promise<ModelRef | undefined> {
    const model = await this.modelRow(id);
    return model === undefined ? undefined : { id, owner: model.owner, name: model.name };
  }

  /**
   * The entity a reference names. Throws the entity's not-found error when no entity has the id;
   * undefined when a name names nothing (a registration that creates its model) or a lineage node
   * that belongs to nothing (a dataset, a commit).
   */
  async resolve(reference: Reference): Promise<Target | undefined> {
    if (reference.kind === 'lineageNode') {
      const node = parseNodeRef(reference.value);
      if (node.kind === 'modelVersion' || node.kind === 'inferenceService' || node.kind === 'experimentRun') {
        return this.byId(node.kind, node.key);
      }
      return undefined;
    }
    if (reference.byName) {
      if (reference.kind !== 'registeredModel') throw new Error(`no lookup by name for ${reference.kind}`);
      const [model] = await this.tx.findAll('registeredModel', { name: reference.value }, 1);
      return model === undefined ? undefined : this.byId('registeredModel', String(model.id));
    }
    return this.byId(reference.kind, reference.value);
  }

  private async modelTarget(id: number, notFound: () => NotFoundError): Promise<Target> {
    const row = await this.modelRow(id);
    if (row === undefined) throw notFound();
    return {
      models: [{ id, owner: row.owner, name: row.name }],
      label: `registered model ${quoted(row.name)}`,
      fields: currentFields(row),
      notFound,
    };
  }

  /** The model of a version, for a version's own target or what hangs under it. */
  private async versionModels(versionId: number | undefined): Promise<{ models: ModelRef[]; label: string }> {
    if (versionId === undefined) return { models: [], label: '' };
    const version = await this.tx.get('modelVersion', versionId);
    if (version === undefined) return { models: [], label: '' };
    const model = await this.model(version.registeredModelId);
    return {
      models: model === undefined ? [{ id: version.registeredModelId }] : [model],
      label: `model version ${quoted(version.name)} of registered model ${quoted(model?.name)}`,
    };
  }

  private byId(kind: Exclude<ScopeKind, 'lineageNode'>, value: string): Promise<Target> {
    const id = parseReferenceId(value, kind);
    switch (kind) {
      case 'registeredModel':
        return this.modelTarget(id, () => entityNotFound('registeredModel', id));
      case 'modelVersion':
        return this.versionTarget(id);
      case 'artifact':
        return this.artifactTarget(id);
      case 'inferenceService':
        return this.inferenceServiceTarget(id);
      case 'serveModel':
        return this.serveModelTarget(id);
      case 'servingEnvironment':
      case 'experiment':
      case 'experimentRun':
        return this.modellessTarget(kind, id);
      case 'upload':
        return this.uploadTarget(id);
      case 'apiToken':
        return this.tokenTarget(id);
      case 'grant':
        return this.grantTarget(id);
    }
  }

  private async versionTarget(id: number): Promise<Target> {
    const notFound = () => entityNotFound('modelVersion', id);
    const version = await this.tx.get('modelVersion', id);
    if (version === undefined) throw notFound();
    const { models, label } = await this.versionModels(id);
    return { models, label, fields: currentFields(version), notFound };
  }

  private async artifactTarget(id: number): Promise<Target> {
    const notFound = () => entityNotFound('artifact', id);
    const artifact = await this.tx.get('artifact', id);
    if (artifact === undefined) throw notFound();
    const { models, label } = await this.versionModels(artifact.modelVersionId);
    return {
      models,
      alsoRegistry: models.length > 0 && artifact.experimentRunId !== undefined,
      label: `artifact ${quoted(artifact.name)}${label === '' ? '' : ` of ${label}`}`,
      fields: currentFields(artifact),
      notFound,
    };
  }

  private async inferenceServiceTarget(id: number): Promise<Target> {
    const notFound = () => entityNotFound('inferenceService', id);
    const service = await this.tx.get('inferenceService', id);
    if (service === undefined) throw notFound();
    const model = await this.model(service.registeredModelId);
    return {
      models: [model ?? { id: service.registeredModelId }],
      label: `inference service ${quoted(service.name)}`,
      fields: currentFields(service),
      notFound,
    };
  }

  private async serveModelTarget(id: number): Promise<Target> {
    const notFound = () => entityNotFound('serveModel', id);
    const serve = await this.tx.get('serveModel', id);
    if (serve === undefined) throw notFound();
    const service = await this.tx.get('inferenceService', serve.inferenceServiceId);
    const models: ModelRef[] = [];
    if (service !== undefined)
      models.push((await this.model(service.registeredModelId)) ?? { id: service.registeredModelId });
    // It serves a version, perhaps of another model: that model is touched as well.
    for (const model of (await this.versionModels(serve.modelVersionId)).models) {
      if (!models.some((m) => m.id === model.id)) models.push(model);
    }
    return {
      models,
      label: `serve model ${quoted(serve.name)}`,
      fields: currentFields(serve),
      notFound,
    };
  }

  /** An entity that belongs to no registered model. */
  private async modellessTarget(
    kind: 'servingEnvironment' | 'experiment' | 'experimentRun',
    id: number,
  ): Promise<Target> {
    const notFound = () => entityNotFound(kind, id);
    const entity = await this.tx.get(kind, id);
    if (entity === undefined) throw notFound();
    return {
      models: [],
      label: `${KIND_LABEL[kind].label} ${quoted(entity.name)}`,
      fields: currentFields(entity),
      notFound,
    };
  }

  private async uploadTarget(id: number): Promise<Target> {
    const notFound = () => new NotFoundError('UPLOAD_NOT_FOUND', `no upload with id ${id}`);
    const upload = await this.tx.getUpload(id);
    if (upload === undefined) throw notFound();
    const { models, label } = await this.versionModels(upload.modelVersionId);
    return {
      models,
      label: `upload ${id} of ${label}`,
      fields: currentFields(upload),
      notFound,
    };
  }

  private async tokenTarget(id: number): Promise<Target> {
    const notFound = () => new NotFoundError('API_TOKEN_NOT_FOUND', `no API token with id ${id}`);
    const found = await this.tx.getToken(id);
    if (found === undefined) throw notFound();
    const modelId = found.token.registeredModelId;
    return {
      models: await this.modelsOf(modelId),
      label: `API token ${quoted(found.token.name)}`,
      fields: currentFields(found.token),
      notFound,
    };
  }

  private async grantTarget(id: number): Promise<Target> {
    const notFound = () => new NotFoundError('GRANT_NOT_FOUND', `no grant with id ${id}`);
    const grant = await this.tx.getGrant(id);
    if (grant === undefined) throw notFound();
    return {
      models: await this.modelsOf(grant.registeredModelId),
      label: `grant ${id}`,
      fields: currentFields(grant),
      notFound,
    };
  }

  /** A token's or grant's model, when it is scoped to one. */
  private async modelsOf(modelId: number | undefined): Promise<ModelRef[]> {
    if (modelId === undefined) return [];
    return [(await this.model(modelId)) ?? { id: modelId }];
  }
}
