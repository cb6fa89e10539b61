import { API_BASE } from './api.js';
import type { components } from './generated/openapi.js';
import type { Lookups, VersionLocator } from './registry-lookups.js';
import { answer, idOf, type TypedClient } from './typed-http.js';
import type {
  AliasMove,
  Comparison,
  DeploymentEvent,
  LineageGraph,
  MetricGoal,
  ModelAlias,
  ModelVersion,
  ParentLink,
  ParentRelation,
  ProductionEntry,
  Stage,
  StageTransition,
} from './types.js';

type StageMove = components['schemas']['StageTransitionRequest'];

/** The stage, alias, deployment, version-name and lineage calls of ModelRegistry, by model name. */
export class LifecycleCalls {
  constructor(
    private readonly api: TypedClient,
    private readonly lookups: Lookups,
  ) {}

  async transitionStage(
    name: string,
    version: string,
    stage: Stage,
    options: { comment?: string; others?: 'keep' | 'archive' | 'demote'; from?: Stage },
  ): Promise<ModelVersion> {
    const found = await this.lookups.mustGetVersion(name, version);
    const seen = found.stage;
    return answer(
      this.api.POST(`${API_BASE}/model_versions/{modelversionId}/stage`, {
        params: { path: { modelversionId: idOf(found) } },
        // The document marks `others` required; the server takes its absence as `keep`.
        body: { stage, ...(seen === undefined ? {} : { from: seen }), ...options } as StageMove,
      }),
    );
  }

  async stageHistory(name: string, version?: string): Promise<StageTransition[]> {
    const page =
      version === undefined
        ? this.api.GET(`${API_BASE}/registered_models/{registeredmodelId}/stage_history`, {
            params: { path: { registeredmodelId: await this.lookups.modelId(name) } },
          })
        : this.api.GET(`${API_BASE}/model_versions/{modelversionId}/stage_history`, {
            params: { path: { modelversionId: idOf(await this.lookups.mustGetVersion(name, version)) } },
          });
    return (await answer(page)).items;
  }

  async aliases(name: string): Promise<ModelAlias[]> {
    const registeredmodelId = await this.lookups.modelId(name);
    const page = this.api.GET(`${API_BASE}/registered_models/{registeredmodelId}/aliases`, {
      params: { path: { registeredmodelId } },
    });
    return (await answer(page)).items;
  }

  async moveAliases(name: string, moves: Record<string, string | null>): Promise<ModelAlias[]> {
    const registeredmodelId = await this.lookups.modelId(name);
    const aliases: Record<string, string | null> = {};
    for (const [alias, version] of Object.entries(moves)) {
      aliases[alias] =
        version === null ? null : ((await this.lookups.mustGetVersion(name, version)).id ?? null);
    }
    const page = this.api.POST(`${API_BASE}/registered_models/{registeredmodelId}/aliases`, {
      params: { path: { registeredmodelId } },
      body: { aliases },
    });
    return (await answer(page)).items;
  }

  async aliasAt(name: string, alias: string, time?: number): Promise<AliasMove> {
    const registeredmodelId = await this.lookups.modelId(name);
    return answer(
      this.api.GET(`${API_BASE}/registered_models/{registeredmodelId}/aliases/{alias}`, {
        params: {
          path: { registeredmodelId, alias },
          query: { at: time === undefined ? undefined : String(time) },
        },
      }),
    );
  }

  async recordDeployment(
    name: string,
    version: string,
    input: {
      environment: string;
      action?: 'deploy' | 'undeploy';
      endpoint?: string;
      inferenceService?: string;
      comment?: string;
    },
  ): Promise<DeploymentEvent> {
    const found = await this.lookups.mustGetVersion(name, version);
    return answer(
      this.api.POST(`${API_BASE}/registered_models/{registeredmodelId}/deployments`, {
        params: { path: { registeredmodelId: String(found.registeredModelId) } },
        body: { action: 'deploy', ...input, modelVersionId: idOf(found) },
      }),
    );
  }

  async deployments(name: string): Promise<DeploymentEvent[]> {
    const registeredmodelId = await this.lookups.modelId(name);
    const page = this.api.GET(`${API_BASE}/registered_models/{registeredmodelId}/deployments`, {
      params: { path: { registeredmodelId } },
    });
    return (await answer(page)).items;
  }

  async inStage(stage: Stage, name?: string): Promise<ProductionEntry[]> {
    const registeredModelId = name === undefined ? undefined : (await this.lookups.mustGetModel(name)).id;
    const page = this.api.GET(`${API_BASE}/production`, { params: { query: { registeredModelId, stage } } });
    return (await answer(page)).items;
  }

  async nextVersionName(name: string, bump: 'major' | 'minor' | 'patch'): Promise<string> {
    const registeredmodelId = await this.lookups.modelId(name);
    const next = this.api.GET(`${API_BASE}/registered_models/{registeredmodelId}/next_version`, {
      params: { path: { registeredmodelId }, query: { bump } },
    });
    return (await answer(next)).name;
  }

  async resolveVersion(name: string, range: string): Promise<ModelVersion> {
    const registeredmodelId = await this.lookups.modelId(name);
    return answer(
      this.api.GET(`${API_BASE}/registered_models/{registeredmodelId}/resolve_version`, {
        params: { path: { registeredmodelId }, query: { range } },
      }),
    );
  }

  async setMetricGoals(
    name: string,
    goals: Readonly<Record<string, MetricGoal | null>>,
  ): Promise<Record<string, MetricGoal>> {
    const registeredmodelId = await this.lookups.modelId(name);
    const answered = this.api.PUT(`${API_BASE}/registered_models/{registeredmodelId}/metric_goals`, {
      params: { path: { registeredmodelId } },
      body: { goals },
    });
    return (await answer(answered)).goals;
  }

  async lineage(
    from: VersionLocator | string,
    options: { direction?: 'upstream' | 'downstream' | 'both'; depth?: number },
  ): Promise<LineageGraph> {
    const node = typeof from === 'string' ? from : `modelVersion:${await this.lookups.versionId(from)}`;
    return answer(
      this.api.GET(`${API_BASE}/lineage`, {
        params: { query: { node, direction: options.direction, depth: options.depth } },
      }),
    );
  }

  async compare(
    versions: readonly VersionLocator[],
    options: { goals?: Readonly<Record<string, MetricGoal>> },
  ): Promise<Comparison> {
    const ids = [];
    for (const ref of versions) ids.push(await this.lookups.versionId(ref));
    const goals = Object.entries(options.goals ?? {})
      .map(([name, goal]) => `${name}:${goal}`)
      .join(',');
    const query = { versionIds: ids.join(','), goals: goals === '' ? undefined : goals };
    return answer(this.api.GET(`${API_BASE}/comparisons`, { params: { query } }));
  }

  async addParent(
    child: VersionLocator,
    parent: VersionLocator,
    relation?: ParentRelation,
  ): Promise<ParentLink> {
    const modelversionId = await this.lookups.versionId(child);
    return answer(
      this.api.POST(`${API_BASE}/model_versions/{modelversionId}/parents`, {
        params: { path: { modelversionId } },
        body: { parentVersionId: await this.lookups.versionId(parent), relation },
      }),
    );
  }
}
