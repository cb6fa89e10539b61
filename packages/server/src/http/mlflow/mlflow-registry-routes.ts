import type { Context } from 'hono';
import type { OperationId } from '../../domain/permissions.js';
import type { MlflowRegistryService, SearchInput } from '../../services/mlflow/index.js';
import { bodyOf, callerOf, type Method, type Routes } from '../operations.js';
import {
  optionalInt,
  optionalString,
  requiredString,
  stringList,
  tagList,
  wireModel,
  wireVersion,
} from './mlflow-wire.js';

/** Where MLflow's clients find the API: the REST path and the one its web UI calls. */
export const MLFLOW_BASES = ['/api/2.0/mlflow', '/ajax-api/2.0/mlflow'] as const;

/** A request's parameters: the query string on GET (lists repeated), the JSON body otherwise. */
export interface Params {
  get(name: string): unknown;
  list(name: string): unknown;
}

export function paramsOf(c: Context): Params {
  if (c.req.method === 'GET') {
    return {
      get: (name) => c.req.query(name),
      list: (name) => c.req.queries(name),
    };
  }
  const body = bodyOf(c);
  return { get: (name) => body[name], list: (name) => body[name] };
}

export type MlflowHandler = (c: Context, p: Params) => Promise<Response>;

/** Registers one MLflow endpoint under both bases; POST, PATCH and DELETE take a JSON body. */
export function mlflowRoute(
  routes: Routes,
  method: Method,
  path: string,
  operation: OperationId,
  handler: MlflowHandler,
): void {
  for (const base of MLFLOW_BASES) {
    routes.route(
      method,
      `${base}${path}`,
      operation,
      (c) => handler(c, paramsOf(c)),
      method === 'GET' ? {} : { body: 'optional' },
    );
  }
}

function searchInput(p: Params): SearchInput {
  return {
    filter: optionalString(p.get('filter'), 'filter'),
    maxResults: optionalInt(p.get('max_results'), 'max_results'),
    orderBy: stringList(p.list('order_by'), 'order_by'),
    pageToken: optionalString(p.get('page_token'), 'page_token'),
  };
}

const name = (p: Params) => requiredString(p.get('name'), 'name');
const version = (p: Params) => requiredString(p.get('version'), 'version');

export function registerMlflowModelRoutes(routes: Routes, mlflow: MlflowRegistryService): void {
  const route = (method: Method, path: string, operation: OperationId, handler: MlflowHandler) =>
    mlflowRoute(routes, method, `/registered-models${path}`, operation, handler);
  route('POST', '/create', 'mlflowCreateRegisteredModel', async (c, p) => {
    const view = await mlflow.createModel(callerOf(c), {
      name: name(p),
      description: optionalString(p.get('description'), 'description'),
      tags: tagList(p.get('tags')),
    });
    return c.json({ registered_model: wireModel(view) });
  });
  route('GET', '/get', 'mlflowGetRegisteredModel', async (c, p) =>
    c.json({ registered_model: wireModel(await mlflow.getModel(callerOf(c), name(p))) }),
  );
  route('POST', '/rename', 'mlflowRenameRegisteredModel', async (c, p) => {
    const view = await mlflow.renameModel(
      callerOf(c),
      name(p),
      requiredString(p.get('new_name'), 'new_name'),
    );
    return c.json({ registered_model: wireModel(view) });
  });
  route('PATCH', '/update', 'mlflowUpdateRegisteredModel', async (c, p) => {
    const view = await mlflow.updateModel(
      callerOf(c),
      name(p),
      optionalString(p.get('description'), 'description'),
    );
    return c.json({ registered_model: wireModel(view) });
  });
  route('DELETE', '/delete', 'mlflowDeleteRegisteredModel', async (c, p) => {
    await mlflow.deleteModel(callerOf(c), name(p));
    return c.json({});
  });
  route('GET', '/search', 'mlflowSearchRegisteredModels', async (c, p) => {
    const page = await mlflow.searchModels(callerOf(c), searchInput(p));
    return c.json(withList('registered_models', page.items.map(wireModel), page.nextPageToken));
  });
  route('POST', '/get-latest-versions', 'mlflowGetLatestVersions', async (c, p) => {
    const views = await mlflow.latestVersions(callerOf(c), name(p), stringList(p.list('stages'), 'stages'));
    return c.json(withList('model_versions', views.map(wireVersion)));
  });
  route('POST', '/set-tag', 'mlflowSetRegisteredModelTag', async (c, p) => {
    await mlflow.setModelTag(
      callerOf(c),
      name(p),
      requiredString(p.get('key'), 'key'),
      optionalString(p.get('value'), 'value') ?? '',
    );
    return c.json({});
  });
  route('DELETE', '/delete-tag', 'mlflowDeleteRegisteredModelTag', async (c, p) => {
    await mlflow.deleteModelTag(callerOf(c), name(p), requiredString(p.get('key'), 'key'));
    return c.json({});
  });
  route('POST', '/alias', 'mlflowSetRegisteredModelAlias', async (c, p) => {
    await mlflow.setAlias(callerOf(c), name(p), requiredString(p.get('alias'), 'alias'), version(p));
    return c.json({});
  });
  route('DELETE', '/alias', 'mlflowDeleteRegisteredModelAlias', async (c, p) => {
    await mlflow.deleteAlias(callerOf(c), name(p), requiredString(p.get('alias'), 'alias'));
    return c.json({});
  });
  route('GET', '/alias', 'mlflowGetModelVersionByAlias', async (c, p) => {
    const view = await mlflow.versionByAlias(callerOf(c), name(p), requiredString(p.get('alias'), 'alias'));
    return c.json({ model_version: wireVersion(view) });
  });
}

export function registerMlflowVersionRoutes(routes: Routes, mlflow: MlflowRegistryService): void {
  const route = (method: Method, path: string, operation: OperationId, handler: MlflowHandler) =>
    mlflowRoute(routes, method, `/model-versions${path}`, operation, handler);
  route('POST', '/create', 'mlflowCreateModelVersion', async (c, p) => {
    const view = await mlflow.createVersion(callerOf(c), {
      name: name(p),
      source: optionalString(p.get('source'), 'source'),
      runId: optionalString(p.get('run_id'), 'run_id'),
      tags: tagList(p.get('tags')),
      description: optionalString(p.get('description'), 'description'),
    });
    return c.json({ model_version: wireVersion(view) });
  });
  route('GET', '/get', 'mlflowGetModelVersion', async (c, p) =>
    c.json({ model_version: wireVersion(await mlflow.getVersion(callerOf(c), name(p), version(p))) }),
  );
  route('PATCH', '/update', 'mlflowUpdateModelVersion', async (c, p) => {
    const view = await mlflow.updateVersion(
      callerOf(c),
      name(p),
      version(p),
      optionalString(p.get('description'), 'description'),
    );
    return c.json({ model_version: wireVersion(view) });
  });
  route('DELETE', '/delete', 'mlflowDeleteModelVersion', async (c, p) => {
    await mlflow.deleteVersion(callerOf(c), name(p), version(p));
    return c.json({});
  });
  route('GET', '/search', 'mlflowSearchModelVersions', async (c, p) => {
    const page = await mlflow.searchVersions(callerOf(c), searchInput(p));
    return c.json(withList('model_versions', page.items.map(wireVersion), page.nextPageToken));
  });
  route('POST', '/transition-stage', 'mlflowTransitionModelVersionStage', async (c, p) => {
    const view = await mlflow.transitionStage(callerOf(c), {
      name: name(p),
      version: version(p),
      stage: requiredString(p.get('stage'), 'stage'),
      archiveExisting:
        p.get('archive_existing_versions') === true || p.get('archive_existing_versions') === 'true',
    });
    return c.json({ model_version: wireVersion(view) });
  });
  route('GET', '/get-download-uri', 'mlflowGetModelVersionDownloadUri', async (c, p) =>
    c.json({ artifact_uri: await mlflow.downloadUri(callerOf(c), name(p), version(p)) }),
  );
  route('POST', '/set-tag', 'mlflowSetModelVersionTag', async (c, p) => {
    const key = requiredString(p.get('key'), 'key');
    await mlflow.setVersionTag(
      callerOf(c),
      name(p),
      version(p),
      key,
      optionalString(p.get('value'), 'value') ?? '',
    );
    return c.json({});
  });
  route('DELETE', '/delete-tag', 'mlflowDeleteModelVersionTag', async (c, p) => {
    await mlflow.deleteVersionTag(callerOf(c), name(p), version(p), requiredString(p.get('key'), 'key'));
    return c.json({});
  });
}

/** A list answer: the list left out when empty, the token only when a next page exists. */
function withList(key: string, items: readonly unknown[], nextPageToken?: string): Record<string, unknown> {
  return {
    ...(items.length === 0 ? {} : { [key]: items }),
    ...(nextPageToken === undefined ? {} : { next_page_token: nextPageToken }),
  };
}
