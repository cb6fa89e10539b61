import type { Experiment, ModelRegistry, ModelVersion, RegisteredModel } from '@modelreg/client';
import { notFound, unwrap } from './api-result.js';

// The SDK answers a lookup by name with undefined; a command that needs the entity fails with the
// same 404 the SDK's own methods throw.

export async function mustGetModel(registry: ModelRegistry, name: string): Promise<RegisteredModel> {
  const model = await registry.getRegisteredModel(name);
  if (model === undefined) throw notFound(`registered model '${name}'`, 'REGISTERED_MODEL_NOT_FOUND');
  return model;
}

export async function mustGetVersion(
  registry: ModelRegistry,
  model: string,
  version: string,
): Promise<ModelVersion> {
  const found = await registry.getModelVersion(model, version);
  if (found === undefined)
    throw notFound(`version '${version}' of model '${model}'`, 'MODEL_VERSION_NOT_FOUND');
  return found;
}

/** The SDK has no lookup of an experiment by name, so this asks the low-level client (a 404 is the server's). */
export function mustGetExperiment(registry: ModelRegistry, name: string): Promise<Experiment> {
  return unwrap(registry.api.GET('/api/model_registry/v1alpha3/experiment', { params: { query: { name } } }));
}
