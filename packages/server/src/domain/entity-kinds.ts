import { normaliseArtifactFields } from './artifact-fields.js';
import {
  KIND_LABEL,
  type EntityByKind,
  type EntityChanges,
  type EntityKind,
  type NewEntity,
} from './entities.js';
import { InputError } from './errors.js';

/** An entity being created: what the caller gave over the kind's defaults, before it is stored. */
export type Draft<K extends EntityKind> = { -readonly [F in keyof NewEntity<K>]?: NewEntity<K>[F] };

/** An entity's state as a change leaves it (a field a change clears is null). */
export type Snapshot<K extends EntityKind> = {
  readonly [F in keyof NewEntity<K>]?: NewEntity<K>[F] | null;
};

/** A field of kind K that holds the id of another entity. */
export type ReferenceField<K extends EntityKind> = keyof NewEntity<K> & string;

/**
 * The rules of one entity kind that need nothing but the entity: what the generic create, update
 * and delete of every kind read instead of branching on the kind.
 */
export interface EntityKindRule<K extends EntityKind> {
  /** The field of a child kind that names its parent, and the parent's kind; fixed at creation. */
  readonly parent?: { readonly field: ReferenceField<K>; readonly kind: EntityKind } | undefined;
  /** Field values a new entity of the kind starts with. */
  readonly defaults: Draft<K>;
  /** Whether the server makes up a name when the client leaves it out. */
  readonly generatedName: boolean;
  /** The field that names the authenticated caller by default (owner or author). */
  readonly actorField?: ReferenceField<K> | undefined;
  /** Checks a new entity and settles the fields the kind decides itself. */
  readonly validateCreate?: ((draft: Draft<K>, given: Draft<K>) => Draft<K>) | undefined;
  /** Checks a change and drops the fields only another use case changes. */
  readonly validateUpdate?:
    ((current: EntityByKind[K], given: EntityChanges<K>) => EntityChanges<K>) | undefined;
  /** Checks the entity a create or update leaves. */
  readonly validateState?: ((state: Snapshot<K>) => void) | undefined;
  /** Kinds whose rows refer to an entity of this kind by the field named: a delete is refused while any do. */
  readonly referredToBy?: readonly { readonly kind: EntityKind; readonly field: string }[] | undefined;
  /** Kinds this kind owns, by their parent field: a delete takes them with it. */
  readonly owns?: readonly { readonly kind: EntityKind; readonly field: string }[] | undefined;
}

const LIVE = { state: 'LIVE' } as const;

/** A version starts in Development (Archived if created archived); later moves are transitions. */
function newVersionStage(draft: Draft<'modelVersion'>, given: Draft<'modelVersion'>): Draft<'modelVersion'> {
  if (draft.stage !== 'Development' && draft.stage !== undefined && given.stage !== undefined) {
    throw new InputError(
      'STAGE_CHANGE_NEEDS_TRANSITION',
      'a new model version starts in stage Development; move it with POST /model_versions/{id}/stage',
    );
  }
  return { ...draft, stage: draft.state === 'ARCHIVED' ? 'Archived' : 'Development' };
}

function versionChange(
  current: EntityByKind['modelVersion'],
  given: EntityChanges<'modelVersion'>,
): EntityChanges<'modelVersion'> {
  const { stage, ...rest } = given;
  if (stage !== undefined && stage !== current.stage) {
    throw new InputError(
      'STAGE_CHANGE_NEEDS_TRANSITION',
      `the stage of model version ${current.id} moves only through POST /model_versions/${current.id}/stage`,
    );
  }
  return rest;
}

function newArtifact(draft: Draft<'artifact'>): Draft<'artifact'> {
  const type = draft.artifactType ?? 'model-artifact';
  const normalised = normaliseArtifactFields(type, draft) as Draft<'artifact'>;
  if (type === 'parameter' && normalised.parameterType === undefined) normalised.parameterType = 'string';
  return normalised;
}

function artifactChange(
  current: EntityByKind['artifact'],
  given: EntityChanges<'artifact'>,
): EntityChanges<'artifact'> {
  const { artifactType, ...rest } = given;
  if (artifactType !== undefined && artifactType !== current.artifactType) {
    throw new InputError(
      'ARTIFACT_TYPE_MISMATCH',
      `artifact ${current.id} is a ${current.artifactType}, not a ${String(artifactType)}; the type cannot change`,
    );
  }
  return normaliseArtifactFields(current.artifactType, rest) as EntityChanges<'artifact'>;
}

function artifactState(state: Snapshot<'artifact'>): void {
  if (state.artifactType === 'metric' && state.metricValue === undefined) {
    throw new InputError('METRIC_VALUE_MISSING', 'a metric needs a numeric value');
  }
}

/**
 * The per-kind rules (docs/adr/0005-schema-and-delete-cascades.md for `owns` and `referredToBy`). The name
 * and the parent of every kind are fixed at creation.
 */
export const ENTITY_KIND_RULES: { readonly [K in EntityKind]: EntityKindRule<K> } = {
  registeredModel: {
    defaults: { ...LIVE, versionScheme: 'free' },
    generatedName: false,
    actorField: 'owner',
    referredToBy: [{ kind: 'inferenceService', field: 'registeredModelId' }],
    owns: [{ kind: 'modelVersion', field: 'registeredModelId' }],
  },
  modelVersion: {
    parent: { field: 'registeredModelId', kind: 'registeredModel' },
    defaults: { ...LIVE, stage: 'Development' },
    generatedName: false,
    actorField: 'author',
    validateCreate: newVersionStage,
    validateUpdate: versionChange,
    referredToBy: [
      { kind: 'inferenceService', field: 'modelVersionId' },
      { kind: 'serveModel', field: 'modelVersionId' },
    ],
    owns: [{ kind: 'artifact', field: 'modelVersionId' }],
  },
  artifact: {
    defaults: { state: 'UNKNOWN', artifactType: 'model-artifact' },
    generatedName: true,
    validateCreate: newArtifact,
    validateUpdate: artifactChange,
    validateState: artifactState,
  },
  servingEnvironment: {
    defaults: {},
    generatedName: false,
    owns: [{ kind: 'inferenceService', field: 'servingEnvironmentId' }],
  },
  inferenceService: {
    parent: { field: 'servingEnvironmentId', kind: 'servingEnvironment' },
    defaults: { desiredState: 'DEPLOYED' },
    generatedName: true,
    owns: [{ kind: 'serveModel', field: 'inferenceServiceId' }],
  },
  serveModel: {
    parent: { field: 'inferenceServiceId', kind: 'inferenceService' },
    defaults: { lastKnownState: 'UNKNOWN' },
    generatedName: true,
  },
  experiment: {
    defaults: LIVE,
    generatedName: false,
    actorField: 'owner',
    owns: [{ kind: 'experimentRun', field: 'experimentId' }],
  },
  experimentRun: {
    parent: { field: 'experimentId', kind: 'experiment' },
    defaults: { ...LIVE, status: 'RUNNING' },
    generatedName: true,
    actorField: 'owner',
    owns: [{ kind: 'metricHistory', field: 'experimentRunId' }],
  },
  metricHistory: {
    parent: { field: 'experimentRunId', kind: 'experimentRun' },
    defaults: LIVE,
    generatedName: false,
  },
};

/** The fields of a kind fixed at creation: the name and, for a child kind, the parent. */
export function fixedFields<K extends EntityKind>(kind: K): readonly ReferenceField<K>[] {
  const parent = ENTITY_KIND_RULES[kind].parent;
  const name = 'name' as ReferenceField<K>;
  return parent === undefined ? [name] : [name, parent.field];
}

export function kindLabel(kind: EntityKind): string {
  return KIND_LABEL[kind].label;
}
