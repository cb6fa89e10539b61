import type { Artifact } from '../../domain/entities.js';
import type { ResolvedFilter } from '../../domain/filter-query/resolve.js';
import type {
  CurrentDeployment,
  ReviewFacts,
  ReviewThresholds,
  VersionEvidence,
} from '../../domain/review.js';
import { reviewFindings, type Finding } from '../../domain/review.js';
import { tokenIsUsable } from '../../domain/access-control.js';
import type { ReviewTx } from './audit-tx.js';
import { Authorizer } from '../access/index.js';
import type { Caller, Transactions } from '../use-case.js';

export interface ReportServiceDeps {
  readonly store: Transactions<ReviewTx>;
  readonly clock: () => number;
  /** The audit chain's state (AuditService.verify). */
  readonly auditChain: (actor: Caller) => Promise<ReviewFacts['auditChain']>;
}

export interface RegistryReport {
  readonly generatedAt: number;
  readonly thresholds: ReviewThresholds;
  readonly findings: readonly Finding[];
}

const DAY_MS = 24 * 3600 * 1000;
/** Ids per IN list: within every engine's parameter limit. */
const CHUNK = 500;

const artifactsOf = (ids: readonly number[]): ResolvedFilter => ({
  kind: 'and',
  left: { kind: 'field', field: 'modelVersionId', fieldType: 'id', operator: 'IN', values: [...ids] },
  right: {
    kind: 'field',
    field: 'artifactType',
    fieldType: 'string',
    operator: 'IN',
    values: ['metric', 'dataset-artifact', 'model-artifact'],
  },
});

/**
 * The periodic review of a registry (`modelreg report`): gathers the facts in one read-only
 * transaction and lets the domain decide the findings (domain/review.ts). Admins only.
 */
export class ReportService {
  constructor(private readonly deps: ReportServiceDeps) {}

  async report(actor: Caller, thresholds: ReviewThresholds): Promise<RegistryReport> {
    const facts = await this.deps.store.transaction(async (tx) => {
      const auth = new Authorizer(tx, actor);
      if (actor.request !== undefined) await auth.authorize(actor.request, true);
      else await auth.require('admin', 'the registry report');
      return this.facts(tx, thresholds);
    });
    // Walked in its own transactions, after the caller was found to be an admin.
    const auditChain = await this.deps.auditChain(actor);
    return { generatedAt: facts.now, thresholds, findings: reviewFindings({ ...facts, auditChain }) };
  }

  private async facts(tx: ReviewTx, thresholds: ReviewThresholds): Promise<Omit<ReviewFacts, 'auditChain'>> {
    const now = this.deps.clock();
    const all = { orderBy: 'ID', sortOrder: 'ASC' } as const;
    const models = (await tx.list('registeredModel', all)).items;
    const versions = (await tx.list('modelVersion', all)).items;
    const environments = new Map(
      (await tx.list('servingEnvironment', all)).items.map((e) => [e.id, e.name] as const),
    );
    const reviewed = versions.filter((v) => v.stage === 'Production' || v.stage === 'Staging');
    const stagingSince = new Map<number, number>();
    const deployments: CurrentDeployment[] = [];
    const lastDeployment = new Map<number, number>();
    const aliases: ReviewFacts['aliases'][number][] = [];
    for (const model of models) {
      const staging = new Set(
        versions.filter((v) => v.registeredModelId === model.id && v.stage === 'Staging').map((v) => v.id),
      );
      if (staging.size > 0) {
        // Newest first: the first move into Staging met is when the version entered it.
        for (const t of await tx.listTransitions({ registeredModelId: model.id })) {
          if (
            t.toStage === 'Staging' &&
            staging.has(t.modelVersionId) &&
            !stagingSince.has(t.modelVersionId)
          ) {
            stagingSince.set(t.modelVersionId, t.timeSinceEpoch);
          }
        }
      }
      const seen = new Set<number>();
      for (const event of await tx.listDeployments({ registeredModelId: model.id })) {
        if (!lastDeployment.has(model.id)) lastDeployment.set(model.id, event.timeSinceEpoch);
        if (seen.has(event.servingEnvironmentId)) continue;
        seen.add(event.servingEnvironmentId);
        if (event.action === 'deploy') {
          deployments.push({
            registeredModelId: model.id,
            modelVersionId: event.modelVersionId,
            environment: environments.get(event.servingEnvironmentId) ?? `#${event.servingEnvironmentId}`,
          });
        }
      }
      aliases.push(...(await tx.listAliases(model.id)));
    }
    return {
      now,
      thresholds,
      models,
      versions,
      evidence: await this.evidence(
        tx,
        reviewed.map((v) => v.id),
      ),
      stagingSince,
      deployments,
      lastDeployment,
      aliases,
      unverified: await tx.integrity.unverifiedContent(now - thresholds.verifyDays * DAY_MS),
      corrupt: await tx.integrity.corruptFiles(),
      corruptRunFiles: await tx.corruptRunArtifacts(),
      tokens: (await tx.listTokens()).filter((t) => tokenIsUsable(t, now)),
      grants: await tx.listGrants(),
    };
  }

  /** Lineage, metrics and content of these versions, in a few queries per chunk. */
  private async evidence(tx: ReviewTx, ids: readonly number[]): Promise<Map<number, VersionEvidence>> {
    const artifacts: Artifact[] = [];
    const coded = new Set<number>();
    for (let start = 0; start < ids.length; start += CHUNK) {
      const chunk = ids.slice(start, start + CHUNK);
      artifacts.push(
        ...(await tx.list('artifact', { filter: artifactsOf(chunk), orderBy: 'ID', sortOrder: 'ASC' })).items,
      );
      for (const lineage of await tx.versionLineages(chunk)) {
        if (lineage.codeCommit !== undefined || lineage.codeRepository !== undefined)
          coded.add(lineage.modelVersionId);
      }
    }
    const evidence = new Map<number, VersionEvidence>();
    for (const id of ids) {
      const own = artifacts.filter((a) => a.modelVersionId === id);
      evidence.set(id, {
        hasDataset: own.some((a) => a.artifactType === 'dataset-artifact'),
        hasCode: coded.has(id),
        hasMetrics: own.some((a) => a.artifactType === 'metric'),
        hasSealedContent: (await tx.getManifest(id)) !== undefined,
        uris: own
          .filter((a) => a.artifactType === 'model-artifact' && a.uri !== undefined)
          .map((a) => a.uri ?? ''),
      });
    }
    return evidence;
  }
}
