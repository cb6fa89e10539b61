import { API_BASE, type RegistryApi } from './api.js';
import { unwrap } from './browse.js';
import type { components, operations } from './generated/openapi.js';

export type KServePlan = components['schemas']['KServePlan'];
export type KServePlanOptions = Omit<
  NonNullable<operations['planKServeDeployment']['parameters']['query']>,
  'resources' | 'canaryPercent'
> & {
  /** Compute resources, e.g. `{ requests: { cpu: '1' }, limits: { memory: '2Gi' } }`. */
  readonly resources?: {
    readonly requests?: Readonly<Record<string, string>>;
    readonly limits?: Readonly<Record<string, string>>;
  };
  readonly canaryPercent?: number;
};
export type KServeDeploymentRequest = components['schemas']['KServeDeploymentRequest'];
export type KServeDeploymentEvent = components['schemas']['KServeDeploymentEvent'];
export type KServeSyncReport = components['schemas']['KServeSyncReportList']['items'][number];
export type KServeDrift = components['schemas']['KServeDrift'];

/**
 * KServe deployments through the registry (docs/adr/0019-kserve.md): the InferenceService to apply
 * for a version, the record of one applied, and syncs of what a cluster serves. The registry never
 * talks to the cluster: the caller applies and reads with its own Kubernetes credentials.
 *
 * @example
 * const plan = await registry.kserve.plan(model.id, { modelVersionId: version.id, namespace: 'team-a' });
 * // … apply plan.manifest with server-side apply, then:
 * await registry.kserve.record(model.id, { modelVersionId: plan.modelVersionId, namespace: 'team-a', mode: plan.mode });
 */
export class KServeCalls {
  constructor(private readonly api: RegistryApi) {}

  plan(registeredModelId: string, options: KServePlanOptions): Promise<KServePlan> {
    const { resources, canaryPercent, ...rest } = options;
    const quantities = Object.entries(resources ?? {}).flatMap(([kind, values]) =>
      Object.entries(values as Record<string, string>).map(([name, value]) => `${kind}.${name}=${value}`),
    );
    return unwrap(
      this.api.GET(`${API_BASE}/registered_models/{registeredmodelId}/kserve_manifest`, {
        params: {
          path: { registeredmodelId: registeredModelId },
          query: {
            ...rest,
            ...(quantities.length === 0 ? {} : { resources: quantities.join(',') }),
            ...(canaryPercent === undefined ? {} : { canaryPercent: String(canaryPercent) }),
          },
        },
      }),
    );
  }

  record(registeredModelId: string, body: KServeDeploymentRequest): Promise<KServeDeploymentEvent> {
    return unwrap(
      this.api.POST(`${API_BASE}/registered_models/{registeredmodelId}/kserve_deployments`, {
        params: { path: { registeredmodelId: registeredModelId } },
        body,
      }),
    );
  }

  /** Hands the InferenceServices read from the namespaces to the registry; answers a report per namespace. */
  async sync(
    namespaces: readonly string[],
    inferenceServices: readonly object[],
  ): Promise<KServeSyncReport[]> {
    const answer = await unwrap(
      this.api.POST(`${API_BASE}/kserve_sync`, {
        body: {
          namespaces: [...namespaces],
          inferenceServices: inferenceServices as Record<string, never>[],
        },
      }),
    );
    return answer.items;
  }

  /** The last sync report of each namespace (of the given ones). */
  async reports(namespaces?: readonly string[]): Promise<KServeSyncReport[]> {
    const answer = await unwrap(
      this.api.GET(`${API_BASE}/kserve_sync`, {
        params: { query: namespaces === undefined ? {} : { namespace: namespaces.join(',') } },
      }),
    );
    return answer.items;
  }
}
