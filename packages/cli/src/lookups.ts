import type { Experiment, ModelRegistry, ModelVersion, RegisteredModel } from '@modelreg/client';
import type { ListedVersion } from './columns.js';
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

/** The names of a model's versions by id, for output that would otherwise show ids. */
export async function versionNamesById(registry: ModelRegistry, model: string): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for await (const version of registry.modelVersions(model)) names.set(version.id ?? '', version.name);
  return names;
}

/** Versions with their model's name and aliases: one lookup per model they belong to. */
export async function withModelsAndAliases(
  registry: ModelRegistry,
  versions: readonly ModelVersion[],
): Promise<ListedVersion[]> {
  const models = new Map<string, Promise<{ name: string; aliases: Map<string, string[]> }>>();
  const modelOf = (id: string) => {
    let found = models.get(id);
    if (found === undefined) {
      found = describeModel(registry, id);
      models.set(id, found);
    }
    return found;
  };
  return Promise.all(
    versions.map(async (version) => {
      const { name, aliases } = await modelOf(version.registeredModelId);
      return { version, model: name, aliases: aliases.get(version.id ?? '') ?? [] };
    }),
  );
}

async function describeModel(
  registry: ModelRegistry,
  id: string,
): Promise<{ name: string; aliases: Map<string, string[]> }> {
  const model = await unwrap(
    registry.api.GET('/api/model_registry/v1alpha3/registered_models/{registeredmodelId}', {
      params: { path: { registeredmodelId: id } },
    }),
  );
  const aliases = new Map<string, string[]>();
  for (const alias of await registry.aliases(model.name))
    aliases.set(alias.modelVersionId, [...(aliases.get(alias.modelVersionId) ?? []), alias.alias]);
  return { name: model.name, aliases };
}
