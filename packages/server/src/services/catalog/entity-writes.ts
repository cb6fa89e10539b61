import {
  KIND_LABEL,
  type EntityByKind,
  type EntityChanges,
  type EntityKind,
  type NewEntity,
} from '../../domain/entities.js';
import {
  ENTITY_KIND_RULES,
  fixedFields,
  kindLabel,
  type Draft,
  type Snapshot,
} from '../../domain/entity-kinds.js';
import { ConflictError, InputError, NotFoundError } from '../../domain/errors.js';
import type { Principal } from '../../domain/access-control.js';
import type { CatalogTx } from './catalog-tx.js';
import type { ModelRef } from '../access/index.js';
import { KIND_EFFECTS, type CascadeContext } from './kind-effects.js';
import type { WriteContext } from './version-stage.js';

/** What a caller may give when creating: the domain entity with its defaulted fields optional. */
export type CreateInput<K extends EntityKind> = Partial<NewEntity<K>> & Record<string, unknown>;

export function notFound(kind: EntityKind, id: number): NotFoundError {
  return new NotFoundError(`${KIND_LABEL[kind].code}_NOT_FOUND`, `no ${kindLabel(kind)} with id ${id}`);
}

export async function mustGet<K extends EntityKind>(
  tx: CatalogTx,
  kind: K,
  id: number,
): Promise<EntityByKind[K]> {
  const entity = await tx.get(kind, id);
  if (entity === undefined) throw notFound(kind, id);
  return entity;
}

/** What an entity's rules read of it: a stored entity seen as a snapshot of its kind. */
function snapshot<K extends EntityKind>(
  entity: EntityByKind[K] | Draft<K>,
): Snapshot<K> & { readonly id?: number } {
  // EntityByKind[K] has every field of Snapshot<K>; TypeScript cannot relate the two for a generic K.
  return entity as Snapshot<K> & { readonly id?: number };
}

export function snapshotOf<K extends EntityKind>(_kind: K, entity: EntityByKind[K]): Snapshot<K> {
  return snapshot<K>(entity);
}

/**
 * The registered model an entity belongs to, for model-scoped permissions: itself, its
 * version's or inference service's model; undefined for what belongs to no model.
 */
export function modelOf<K extends EntityKind>(
  tx: CatalogTx,
  kind: K,
  entity: EntityByKind[K] | Draft<K>,
  withOwner = true,
): Promise<ModelRef | undefined> {
  return KIND_EFFECTS[kind].modelOf(tx, snapshot<K>(entity), withOwner);
}

/** The authenticated caller is the default owner or author of what it creates. */
export function actorDefaults<K extends EntityKind>(kind: K, actor: Principal): Draft<K> {
  if (actor.method === 'none' || actor.method === 'anonymous') return {};
  const field = ENTITY_KIND_RULES[kind].actorField;
  return field === undefined ? {} : ({ [field]: actor.subject } as Draft<K>);
}

function definedOnly<T extends object>(value: T): T {
  // Built field by field: an object from Object.fromEntries is slower to spread, which each create does twice.
  const defined: Record<string, unknown> = {};
  for (const [field, v] of Object.entries(value)) if (v !== undefined) defined[field] = v;
  return defined as T;
}

/** Moves lastUpdateTime of the parent chain of a changed entity. */
export async function touchParents<K extends EntityKind>(
  tx: CatalogTx,
  kind: K,
  state: Snapshot<K>,
  now: number,
): Promise<void> {
  const chain = (await KIND_EFFECTS[kind].touched?.(tx, state)) ?? [];
  for (const [parentKind, id] of chain) if (typeof id === 'number') await tx.touch(parentKind, id, now);
}

/** Checks that every entity the state refers to exists and fits together; the fields that follow. */
async function checkReferences<K extends EntityKind>(
  tx: CatalogTx,
  kind: K,
  state: Snapshot<K>,
): Promise<Draft<K>> {
  const parent = ENTITY_KIND_RULES[kind].parent;
  const parentId = parent === undefined ? undefined : state[parent.field];
  if (parent !== undefined && typeof parentId === 'number' && !(await tx.exists(parent.kind, parentId))) {
    throw notFound(parent.kind, parentId);
  }
  const following = (await KIND_EFFECTS[kind].checkReferences?.(tx, state)) ?? {};
  ENTITY_KIND_RULES[kind].validateState?.({ ...state, ...following });
  return following;
}

/** Creates an entity of any kind: defaults, the kind's checks, references, parents touched, audited. */
export async function createEntity<K extends EntityKind>(
  ctx: WriteContext & { readonly newName: () => string },
  kind: K,
  input: Draft<K>,
): Promise<EntityByKind[K]> {
  const { tx, now, record } = ctx;
  const rules = ENTITY_KIND_RULES[kind];
  const given = definedOnly(input);
  let draft: Draft<K> = { ...rules.defaults, customProperties: {}, ...given };
  if (draft.name === undefined && rules.generatedName) draft.name = ctx.newName();
  draft = rules.validateCreate?.(draft, given) ?? draft;
  await KIND_EFFECTS[kind].checkCreate?.(tx, draft);
  draft = { ...draft, ...(await checkReferences(tx, kind, draft)) };
  // Parents first: writing the parent row before inserting the child takes its lock up front,
  // so concurrent creates under one parent queue instead of deadlocking (InnoDB's foreign-key
  // check would otherwise hold a shared lock that each then tries to upgrade).
  await touchParents(tx, kind, draft, now);
  // Every required field is there: the defaults, the caller's input, or the checks above.
  const created = await tx.insert(kind, draft as NewEntity<K>, now);
  await record('create', kind, created.id, { after: created });
  return created;
}

/** Updates an entity of any kind: the kind's checks and side effects, fixed fields kept, audited. */
export async function updateEntity<K extends EntityKind>(
  ctx: WriteContext,
  kind: K,
  current: EntityByKind[K],
  changes: EntityChanges<K>,
): Promise<EntityByKind[K]> {
  const { tx, now, record } = ctx;
  let given = definedOnly(changes);
  given = ENTITY_KIND_RULES[kind].validateUpdate?.(current, given) ?? given;
  given = (await KIND_EFFECTS[kind].applyUpdate?.(ctx, current, given)) ?? given;
  const before = snapshot<K>(current);
  // The name and the parent are fixed at creation; repeating them unchanged is harmless.
  for (const field of fixedFields(kind)) {
    if (field in given && given[field] !== before[field]) {
      throw new InputError(
        'IMMUTABLE_FIELD',
        `${field} of a ${kindLabel(kind)} cannot change (it is ${JSON.stringify(before[field])})`,
      );
    }
    given = withoutField(given, field);
  }
  const merged: Snapshot<K> = { ...before, ...given };
  await checkReferences(tx, kind, merged);
  const updated = await tx.update(kind, current.id, given, now);
  await touchParents(tx, kind, merged, now);
  const after = snapshot<K>(updated);
  const fields = Object.keys(given) as (keyof Snapshot<K>)[];
  await record('update', kind, current.id, {
    before: Object.fromEntries(fields.map((f) => [f, before[f] ?? null])),
    after: Object.fromEntries(fields.map((f) => [f, after[f] ?? null])),
  });
  return updated;
}

function withoutField<T extends object>(value: T, field: PropertyKey): T {
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== field)) as T;
}

/**
 * Deletes entities and what they own (docs/adr/0005-schema-and-delete-cascades.md): an owner takes what it
 * owns with it; what another row still refers to is not deleted.
 */
export async function removeEntities(
  base: Omit<CascadeContext, 'referring'>,
  kind: EntityKind,
  ids: readonly number[],
): Promise<void> {
  if (ids.length === 0) return;
  const { tx } = base;
  const ctx: CascadeContext = {
    ...base,
    referring: async (childKind, field) => {
      const childIds: number[] = [];
      for (const id of ids) childIds.push(...(await tx.ids(childKind, { [field]: id })));
      return childIds;
    },
  };
  const rules = ENTITY_KIND_RULES[kind];
  for (const referrer of rules.referredToBy ?? []) {
    const referrers = await ctx.referring(referrer.kind, referrer.field);
    if (referrers.length > 0) {
      throw new ConflictError(
        `${KIND_LABEL[kind].code}_IN_USE`,
        `${kindLabel(kind)} ${ids.join(', ')} is still referred to by ${kindLabel(referrer.kind)} ${referrers.slice(0, 10).join(', ')}; delete or repoint those first`,
      );
    }
  }
  for (const owned of rules.owns ?? []) {
    await removeEntities(base, owned.kind, await ctx.referring(owned.kind, owned.field));
  }
  await KIND_EFFECTS[kind].cascade?.(ctx, ids);
  await tx.delete(kind, ids);
}
