import type { CustomObjectsApi } from '@kubernetes/client-node';

const GROUP = 'serving.kserve.io';
const VERSION = 'v1beta1';
const PLURAL = 'inferenceservices';
/** Who owns the applied fields, for server-side apply (conflicts name it). */
export const FIELD_MANAGER = 'modelreg';

/** An InferenceService as the cluster answers it (the fields the CLI reads). */
export interface ClusterInferenceService {
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  readonly status?: { readonly url?: string };
  readonly [key: string]: unknown;
}

/**
 * The InferenceServices of a cluster, through the user's kubeconfig ($KUBECONFIG or
 * ~/.kube/config) and context, with `@kubernetes/client-node`. Loaded only by the commands that
 * talk to a cluster: the client is large, and every other command starts without it.
 */
export class KubeCluster {
  private constructor(private readonly api: CustomObjectsApi) {}

  static async connect(context?: string): Promise<KubeCluster> {
    const k8s = await import('@kubernetes/client-node');
    const config = new k8s.KubeConfig();
    config.loadFromDefault();
    if (context !== undefined) {
      if (config.getContextObject(context) === null) {
        throw new Error(
          `kubeconfig has no context '${context}' (it has: ${
            config
              .getContexts()
              .map((c) => c.name)
              .join(', ') || 'none'
          })`,
        );
      }
      config.setCurrentContext(context);
    }
    if (config.getCurrentCluster() === null) {
      throw new Error(
        'no Kubernetes cluster configured: set KUBECONFIG or write ~/.kube/config, or pass --context',
      );
    }
    return new KubeCluster(config.makeApiClient(k8s.CustomObjectsApi));
  }

  /**
   * Server-side apply of an InferenceService (PATCH with `application/apply-patch+yaml`, field
   * manager modelreg, forced: the registry owns what it applies). Answers the object as stored.
   */
  async apply(
    manifest: { metadata: { name: string; namespace: string } },
    dryRun = false,
  ): Promise<ClusterInferenceService> {
    const k8s = await import('@kubernetes/client-node');
    return (await this.api.patchNamespacedCustomObject(
      {
        group: GROUP,
        version: VERSION,
        namespace: manifest.metadata.namespace,
        plural: PLURAL,
        name: manifest.metadata.name,
        body: manifest,
        fieldManager: FIELD_MANAGER,
        force: true,
        ...(dryRun ? { dryRun: 'All' } : {}),
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.ServerSideApply),
    )) as ClusterInferenceService;
  }

  /** Every InferenceService of a namespace. */
  async list(namespace: string): Promise<ClusterInferenceService[]> {
    const answer = (await this.api.listNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      namespace,
      plural: PLURAL,
    })) as {
      items?: ClusterInferenceService[];
    };
    return answer.items ?? [];
  }
}

/** A Kubernetes API error in one line: status, reason and message of its Status body. */
export function kubeErrorMessage(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error) || !('body' in error))
    return undefined;
  const { code, body } = error as { code: number; body: unknown };
  let status: { reason?: string; message?: string } = {};
  try {
    status = typeof body === 'string' ? (JSON.parse(body) as typeof status) : (body as typeof status);
  } catch {
    status = { message: String(body).slice(0, 500) };
  }
  return `the Kubernetes API answered ${code}${status.reason === undefined ? '' : ` ${status.reason}`}: ${status.message ?? ''}`.trim();
}
