import type { Permission } from '../../domain/access-control.js';
import type { EntityByKind } from '../../domain/entities.js';
import { ENTITY_FIELDS } from '../../domain/entity-fields.js';
import { SEARCH_TERMS } from '../../domain/filter-query/search-terms.js';
import { NotFoundError } from '../../domain/errors.js';
import {
  checkConditions,
  DEFAULT_TRANSITIONS,
  STAGES,
  transitionAllowed,
  type Approval,
  type ConditionCheck,
  type Stage,
  type TransitionRule,
} from '../../domain/lifecycle.js';
import type { ResolvedFilter } from '../../domain/filter-query/resolve.js';
import type { Page, PageRequest } from '../../domain/pagination.js';
import type { NameSource, VersionSummary } from '../../ports/browse-queries.js';
import type { Authorizer, ModelRef } from '../access/index.js';
import { policyFacts, type PolicyFactsTx } from '../lifecycle/index.js';
import type { CatalogRepository } from '../../ports/catalog-repository.js';
import type { PolicyRepository } from '../../ports/lifecycle-repository.js';
import type { SearchRepository } from '../../ports/lineage-repository.js';
import { runUseCase, type Caller, type UseCaseDeps, type UseCaseRepositories } from '../use-case.js';

const PERMISSIONS: readonly Permission[] = ['read', 'write', 'promote', 'admin'];

/** A registered model as a list of models shows it, with what the caller may do on it. */
export interface ModelSummary {
  readonly model: EntityByKind['registeredModel'];
  readonly versions: VersionSummary;
  readonly permissions: readonly Permission[];
}

/** Where a version can move from its stage, and whether it meets each target's policy. */
export interface StageOption {
  readonly stage: Stage;
  /** Whether the configured transitions allow the move from the version's stage. */
  readonly allowed: boolean;
  /** The conditions of the model's policy for that stage, each checked (none: no policy). */
  readonly conditions: readonly ConditionCheck[];
  readonly approvals: readonly Approval[];
}

/** What browsing reads: the search queries, entities, and the policies a stage option checks. */
export type BrowseTx = UseCaseRepositories &
  SearchRepository &
  Pick<CatalogRepository, 'get' | 'list'> &
  Pick<PolicyRepository, 'getPolicy'> &
  PolicyFactsTx;

export interface BrowseServiceDeps extends UseCaseDeps<BrowseTx> {
  /** The configured stage transitions (DEFAULT_TRANSITIONS when undefined). */
  readonly transitions?: readonly TransitionRule[] | undefined;
}

/**
 * Reads that put together, in one request and a fixed number of queries, what a browsing client
 * (the web UI) would otherwise fetch row by row: lists of models with their versions summarised,
 * names for a search box, a version's stage options with its policy checked, and the caller's
 * permissions. Each is one transaction with the caller's authorization, like every use case.
 */
export class BrowseService {
  constructor(private readonly deps: BrowseServiceDeps) {}

  /** A page of registered models (as `GET registered_models` lists them), each summarised. */
  modelSummaries(
    actor: Caller,
    request: PageRequest & { filter?: ResolvedFilter | undefined },
  ): Promise<Page<ModelSummary>> {
    return runUseCase(this.deps, actor, async (tx, _now, auth) => {
      const page = await tx.list('registeredModel', { ...request, visibility: await auth.visibility() });
      const summaries = new Map(
        (await tx.versionSummaries(page.items.map((m) => m.id))).map((s) => [s.registeredModelId, s]),
      );
      const items: ModelSummary[] = [];
      for (const model of page.items) {
        items.push({
          model,
          versions: summaries.get(model.id) ?? { registeredModelId: model.id, stageCounts: {} },
          permissions: await permissionsOn(auth, { id: model.id, owner: model.owner }),
        });
      }
      return { items, next: page.next };
    });
  }

  /**
   * Names for a search box: the filter language's fields and search terms (of models or of
   * versions), or metric, parameter, property and label names, owners, formats found in what the
   * caller may read.
   */
  suggestions(
    actor: Caller,
    source: NameSource | 'field',
    prefix: string,
    limit: number,
    over: 'models' | 'versions' = 'models',
  ): Promise<readonly string[]> {
    return runUseCase(this.deps, actor, async (tx, _now, auth) => {
      const visibility = await auth.visibility();
      if (source !== 'field') return tx.distinctNames(source, prefix, limit, visibility);
      const fields = Object.keys(ENTITY_FIELDS[over === 'models' ? 'registeredModel' : 'modelVersion']);
      return [...new Set([...fields, ...SEARCH_TERMS])]
        .sort()
        .filter((name) => name.startsWith(prefix))
        .slice(0, limit);
    });
  }

  /** The stages a version can be moved to, each with its policy's conditions checked now. */
  stageOptions(actor: Caller, versionId: number) {
    return runUseCase(this.deps, actor, async (tx, _now, auth) => {
      const version = await tx.get('modelVersion', versionId);
      if (version === undefined) {
        throw new NotFoundError('MODEL_VERSION_NOT_FOUND', `no model version with id ${versionId}`);
      }
      const model = await tx.get('registeredModel', version.registeredModelId);
      await auth.require('read', `model version ${versionId}`, {
        id: version.registeredModelId,
        owner: model?.owner,
      });
      const rules = this.deps.transitions ?? DEFAULT_TRANSITIONS;
      const options: StageOption[] = [];
      for (const stage of STAGES) {
        if (stage === version.stage) continue;
        const policy = await tx.getPolicy(version.registeredModelId, stage);
        options.push({
          stage,
          allowed: transitionAllowed(rules, version.stage, stage),
          conditions:
            policy === undefined
              ? []
              : checkConditions(policy.conditions, await policyFacts(tx, version, stage)),
          approvals: await tx.listApprovals(versionId, stage),
        });
      }
      return { modelVersionId: versionId, stage: version.stage, options };
    });
  }

  /** What the caller may do: everywhere, and on one registered model when one is named. */
  permissions(actor: Caller, registeredModelId?: number) {
    return runUseCase(this.deps, actor, async (tx, _now, auth) => {
      // Whoever may read nothing (no credential, with authentication on) is asked for one.
      await auth.visibility();
      const global = await permissionsOn(auth, undefined);
      if (registeredModelId === undefined) return { global };
      const model = await tx.get('registeredModel', registeredModelId);
      const onModel =
        model === undefined ? [] : await permissionsOn(auth, { id: model.id, owner: model.owner });
      // A model the caller may not read is answered as if it did not exist.
      if (model === undefined || !onModel.includes('read')) {
        throw new NotFoundError(
          'REGISTERED_MODEL_NOT_FOUND',
          `no registered model with id ${registeredModelId}`,
        );
      }
      return { global, model: onModel };
    });
  }
}

async function permissionsOn(auth: Authorizer, model: ModelRef | undefined): Promise<Permission[]> {
  const held: Permission[] = [];
  for (const permission of PERMISSIONS) if (await auth.has(permission, model)) held.push(permission);
  return held;
}
