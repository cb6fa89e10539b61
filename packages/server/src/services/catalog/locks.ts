import type { EntityByKind, EntityKind } from '../../domain/entities.js';
import type { Draft } from '../../domain/entity-kinds.js';
import type { CatalogTx } from './catalog-tx.js';
import { modelOf } from './entity-writes.js';

/**
 * Takes the lock of the model an entity belongs to (docs/adr/0015-one-lock-per-model.md), when
 * it belongs to one that exists: the time to record the mutation at; undefined when nothing was
 * locked (what does not exist is refused later, with the error that names it).
 */
export async function lockAggregate<K extends EntityKind>(
  tx: CatalogTx,
  clock: () => number,
  kind: K,
  entity: EntityByKind[K] | Draft<K>,
): Promise<number | undefined> {
  // The model's id only: the lock reads what it holds of the model under the lock.
  const model = await modelOf(tx, kind, entity, false);
  if (model === undefined || !(await tx.lockModel(model.id))) return undefined;
  return clock();
}
