import type { ModelVersion } from '../../domain/entities.js';
import type { LineageFact, PolicyFacts, Stage } from '../../domain/lifecycle.js';
import type { CatalogRepository } from '../../ports/catalog-repository.js';
import type { PolicyRepository } from '../../ports/lifecycle-repository.js';
import type { LineageRepository } from '../../ports/lineage-repository.js';

/** What a policy's facts are read from: the version's artifacts, approvals and lineage. */
export type PolicyFactsTx = Pick<CatalogRepository, 'findAll'> &
  Pick<PolicyRepository, 'listApprovals'> &
  Pick<LineageRepository, 'versionLineages' | 'parentLinks'>;

/**
 * What a promotion policy checks a version against, read in the request's transaction: its
 * numeric values (custom properties, then metric artifacts, which win), its properties, who
 * approved its move to `stage`, and what its lineage records.
 */
export async function policyFacts(
  tx: PolicyFactsTx,
  version: ModelVersion,
  stage: Stage,
): Promise<PolicyFacts> {
  const metrics = new Map<string, number>();
  for (const [name, value] of Object.entries(version.customProperties)) {
    if (value.type === 'int' || value.type === 'double') metrics.set(name, value.value);
  }
  // One read of the version's artifacts serves its metrics and its lineage.
  const artifacts = await tx.findAll('artifact', { modelVersionId: version.id }, 10_000);
  // A metric artifact of the version wins over a custom property of the same name.
  for (const metric of artifacts) {
    if (metric.artifactType === 'metric' && metric.metricValue !== undefined)
      metrics.set(metric.name, metric.metricValue);
  }
  const approvers = new Set((await tx.listApprovals(version.id, stage)).map((a) => a.actor));
  const lineage = new Set<LineageFact>();
  if (artifacts.some((a) => a.artifactType === 'dataset-artifact')) lineage.add('dataset');
  if (artifacts.some((a) => a.artifactType === 'model-artifact' && a.modelSourceClass === 'pipelinerun'))
    lineage.add('pipelineRun');
  const [recorded] = await tx.versionLineages([version.id]);
  if (recorded?.codeCommit !== undefined || recorded?.codeRepository !== undefined) lineage.add('code');
  if (recorded?.experimentRunId !== undefined) lineage.add('experimentRun');
  if ((await tx.parentLinks('child', [version.id])).length > 0) lineage.add('parent');
  return { metrics, properties: new Set(Object.keys(version.customProperties)), approvers, lineage };
}
