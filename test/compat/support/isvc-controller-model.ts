/**
 * A model of the Model Registry InferenceService controller (kubeflow/model-registry
 * `pkg/inferenceservice-controller/controller.go`, `Reconcile`). The Kubernetes side (reading the
 * ISVC, finalizers, writing the id label back) is simulated on a plain object; every Model Registry
 * call goes through the Go client model in the same order and with the same bodies as the controller.
 */
import {
  decode,
  encodeMetadataValue,
  type GoInferenceService,
  type GoMetadataValue,
  type GoOpenApiClient,
  type GoServingEnvironment,
} from './go-openapi-client.js';

export const LABELS = {
  inferenceServiceId: 'modelregistry.kubeflow.org/inference-service-id',
  registeredModelId: 'modelregistry.kubeflow.org/registered-model-id',
  modelVersionId: 'modelregistry.kubeflow.org/model-version-id',
} as const;

export const FINALIZER = 'modelregistry.kubeflow.org/finalizer';

/** The parts of a KServe `InferenceService` the controller reads and writes. */
export interface IsvcResource {
  readonly name: string;
  readonly namespace: string;
  readonly uid: string;
  labels: Record<string, string>;
  finalizers: string[];
  /** `spec.predictor.model.runtime`. */
  runtime?: string;
  /** `status.url`. */
  statusUrl?: string;
  /** Set when the ISVC is being deleted. */
  deletionTimestamp?: string;
}

export class InferenceServiceController {
  constructor(private readonly api: GoOpenApiClient) {}

  /** One `Reconcile` of `isvc`; a returned or thrown error is what the controller would return. */
  async reconcile(isvc: IsvcResource): Promise<void> {
    const mrIsvcId = isvc.labels[LABELS.inferenceServiceId];
    const registeredModelId = isvc.labels[LABELS.registeredModelId];
    const modelVersionId = isvc.labels[LABELS.modelVersionId] ?? '';
    if (mrIsvcId === undefined && registeredModelId === undefined) return;

    const isMarkedToBeDeleted = isvc.deletionTimestamp !== undefined;
    if (!isMarkedToBeDeleted && !isvc.finalizers.includes(FINALIZER)) isvc.finalizers.push(FINALIZER);

    const servingEnvironment = await this.getOrCreateServingEnvironment(isvc.namespace);

    let mrIs: GoInferenceService | undefined;
    if (mrIsvcId !== undefined) {
      try {
        mrIs = await this.api.execute('GET', `/inference_services/${mrIsvcId}`, {}, decode.InferenceService);
      } catch (error) {
        throw new Error(
          `unable to find InferenceService with id ${mrIsvcId} in model registry: ${String(error)}`,
          { cause: error },
        );
      }
      const current = mrIs.customProperties?.['url']?.MetadataStringValue?.string_value ?? '';
      if (checkURLDiff(isvc, current)) await this.updateMRInferenceService(isvc, mrIs);
    } else if (registeredModelId !== undefined) {
      mrIs = await this.createMRInferenceService(
        isvc,
        deref(servingEnvironment.id, 'servingEnvironment.Id'),
        registeredModelId,
        modelVersionId,
      );
    }
    if (mrIs === undefined) throw new Error('unexpected nil model registry InferenceService');

    if (isMarkedToBeDeleted) {
      await this.onDeletion(mrIs);
      isvc.finalizers = isvc.finalizers.filter((f) => f !== FINALIZER);
      return;
    }
    const id = deref(mrIs.id, 'mrIs.Id');
    if (isvc.labels[LABELS.inferenceServiceId] === id) return;
    isvc.labels = { ...isvc.labels, [LABELS.inferenceServiceId]: id };
  }

  /** Find by namespace name; ANY error (normally a 404) leads to a create. */
  private async getOrCreateServingEnvironment(namespace: string): Promise<GoServingEnvironment> {
    try {
      return await this.api.execute(
        'GET',
        '/serving_environment',
        { name: namespace },
        decode.ServingEnvironment,
      );
    } catch {
      try {
        return await this.api.execute('POST', '/serving_environments', {}, decode.ServingEnvironment, {
          name: namespace,
        });
      } catch (error) {
        throw new Error(`unable to create ServingEnvironment: ${String(error)}`, { cause: error });
      }
    }
  }

  /** Find by `<isvc name>/<uid>` under the serving environment; ANY error leads to a create. */
  private async createMRInferenceService(
    isvc: IsvcResource,
    servingEnvironmentId: string,
    registeredModelId: string,
    modelVersionId: string,
  ): Promise<GoInferenceService> {
    const isName = `${isvc.name}/${isvc.uid}`;
    try {
      return await this.api.execute(
        'GET',
        '/inference_service',
        { name: isName, parentResourceId: servingEnvironmentId },
        decode.InferenceService,
      );
    } catch {
      const create: Record<string, unknown> = {
        desiredState: 'DEPLOYED',
        modelVersionId: modelVersionId === '' ? undefined : modelVersionId,
        name: isName,
        registeredModelId,
        runtime: isvc.runtime,
        servingEnvironmentId,
      };
      if (isvc.statusUrl !== undefined) {
        create['customProperties'] = {
          url: { string_value: isvc.statusUrl, metadataType: 'MetadataStringValue' },
        };
      }
      return this.api.execute(
        'POST',
        '/inference_services',
        {},
        decode.InferenceService,
        omitUndefined(create),
      );
    }
  }

  /** Sends back every custom property it read, with `url` set to the ISVC's status URL. */
  private async updateMRInferenceService(isvc: IsvcResource, mrIs: GoInferenceService): Promise<void> {
    const url = isvc.statusUrl ?? '';
    const properties: Record<string, GoMetadataValue> = { ...(mrIs.customProperties ?? {}) };
    properties['url'] = { MetadataStringValue: { string_value: url, metadataType: 'MetadataStringValue' } };
    mrIs.customProperties = properties;
    const body = {
      customProperties: Object.fromEntries(
        Object.entries(properties).map(([key, value]) => [key, encodeMetadataValue(value)]),
      ),
    };
    await this.api.execute(
      'PATCH',
      `/inference_services/${deref(mrIs.id, 'mrIsvc.Id')}`,
      {},
      decode.InferenceService,
      body,
    );
  }

  private async onDeletion(mrIs: GoInferenceService): Promise<void> {
    if (mrIs.desiredState !== undefined && mrIs.desiredState !== 'UNDEPLOYED') {
      try {
        await this.api.execute(
          'PATCH',
          `/inference_services/${deref(mrIs.id, 'is.Id')}`,
          {},
          decode.InferenceService,
          { desiredState: 'UNDEPLOYED' },
        );
      } catch (error) {
        throw new Error(`failed to update DesiredState to UNDEPLOYED: ${String(error)}`, { cause: error });
      }
    }
  }
}

function checkURLDiff(isvc: IsvcResource, mrIsvcUrl: string): boolean {
  if (mrIsvcUrl === '' && isvc.statusUrl === undefined) return false;
  if (isvc.statusUrl === undefined) return true;
  return mrIsvcUrl !== isvc.statusUrl;
}

function omitUndefined(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
}

function deref(value: string | undefined, what: string): string {
  if (value === undefined) {
    throw new Error(`panic: runtime error: invalid memory address or nil pointer dereference (${what})`);
  }
  return value;
}
