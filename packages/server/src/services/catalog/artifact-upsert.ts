import type { Artifact } from '../../domain/entities.js';
import type { Draft } from '../../domain/entity-kinds.js';
import { ConflictError } from '../../domain/errors.js';
import type { CatalogTx } from './catalog-tx.js';
import { createEntity, mustGet, notFound, updateEntity, type CreateInput } from './entity-writes.js';
import type { WriteContext } from './version-stage.js';

export type ArtifactParent = { readonly kind: 'modelVersion' | 'experimentRun'; readonly id: number };

/**
 * What an artifact's write needs of its parent: for a model version, its model only (for the
 * permission and the model's lock), not the whole version with its custom properties. The
 * model's lock is taken with it, in one read where the engine can: the write is decided under
 * the lock, and the permission is checked against the owner read under it.
 */
export async function parentOfArtifacts(
  tx: CatalogTx,
  parent: ArtifactParent,
): Promise<Draft<'modelVersion'> | Draft<'experimentRun'>> {
  if (parent.kind === 'experimentRun') return mustGet(tx, parent.kind, parent.id);
  const registeredModelId = await tx.modelIdOfVersion(parent.id, true);
  if (registeredModelId === undefined) throw notFound(parent.kind, parent.id);
  return { registeredModelId };
}

/** The fields that attach an artifact to its parent (a run's artifact records its experiment too). */
async function attachment(tx: CatalogTx, parent: ArtifactParent): Promise<Draft<'artifact'>> {
  if (parent.kind === 'modelVersion') return { modelVersionId: parent.id };
  const run = await mustGet(tx, 'experimentRun', parent.id);
  return { experimentRunId: parent.id, experimentId: run.experimentId };
}

/** The artifact an upsert changes: the one named by id, else a metric or parameter of that name. */
async function existingArtifact(
  tx: CatalogTx,
  parent: ArtifactParent,
  id: number | undefined,
  fields: Draft<'artifact'>,
): Promise<Artifact | undefined> {
  if (id !== undefined) {
    const existing = await mustGet(tx, 'artifact', id);
    // An artifact keeps its parent for good: naming another's by id takes nothing over.
    const parents = [existing.modelVersionId, existing.experimentRunId].filter((p) => p !== undefined);
    const own = parent.kind === 'modelVersion' ? existing.modelVersionId : existing.experimentRunId;
    if (parents.length > 0 && own !== parent.id) {
      throw new ConflictError(
        'ARTIFACT_OF_ANOTHER_PARENT',
        `artifact ${id} belongs to another ${existing.modelVersionId === undefined ? 'experiment run' : 'model version'}; an artifact's parent never changes`,
      );
    }
    return existing;
  }
  if ((fields.artifactType === 'metric' || fields.artifactType === 'parameter') && fields.name) {
    const scope = parent.kind === 'modelVersion' ? 'modelVersionId' : 'experimentRunId';
    const [found] = await tx.findAll('artifact', { name: fields.name, [scope]: parent.id }, 1);
    return found;
  }
  return undefined;
}

/** Creates or updates an artifact of a version or run (the parent's lock is held). */
export async function upsertArtifactIn(
  ctx: WriteContext & { readonly newName: () => string },
  parent: ArtifactParent,
  input: CreateInput<'artifact'> & { id?: number | undefined },
): Promise<{ artifact: Artifact; created: boolean }> {
  const { tx, now } = ctx;
  const attach = await attachment(tx, parent);
  const { id, ...rest } = input;
  const fields: Draft<'artifact'> = rest;
  const existing = await existingArtifact(tx, parent, id, fields);
  const artifact =
    existing === undefined
      ? await createEntity(ctx, 'artifact', { ...fields, ...attach })
      : await updateEntity(ctx, 'artifact', existing, { ...fields, ...attach });
  if (parent.kind === 'experimentRun' && artifact.artifactType === 'metric') {
    await appendMetricHistory(tx, artifact, now);
  }
  return { artifact, created: existing === undefined };
}

async function appendMetricHistory(tx: CatalogTx, metric: Artifact, now: number) {
  if (metric.experimentRunId === undefined || metric.experimentId === undefined) return;
  await tx.insert(
    'metricHistory',
    {
      name: metric.name,
      description: metric.description,
      customProperties: metric.customProperties,
      experimentRunId: metric.experimentRunId,
      experimentId: metric.experimentId,
      metricValue: metric.metricValue,
      timestamp: metric.timestamp ?? now,
      step: metric.step,
      state: metric.state,
    },
    now,
  );
}
