import type { MlflowRegistryService } from '../services/mlflow/mlflow-registry-service.js';
import type { MlflowArtifactService } from '../services/mlflow/mlflow-artifact-service.js';
import type { MlflowTrackingService } from '../services/mlflow/mlflow-tracking-service.js';
import { isMlflowPath, MLFLOW_ARTIFACTS_BASE } from './mlflow/mlflow-errors.js';
import { MLFLOW_BASES } from './mlflow/mlflow-registry-routes.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ORDER_FIELDS } from '../domain/pagination.js';
import { silentLogger } from '../logger.js';
import type { MetadataStore } from '../ports/metadata-store.js';
import type { AccessService } from '../services/access/index.js';
import type { KServeService } from '../services/lifecycle/index.js';
import type { KServeSyncService } from '../services/lifecycle/index.js';
import type { ReportService } from '../services/audit/index.js';
import type { VerificationService } from '../services/content/index.js';
import type { BrowseService } from '../services/lineage/index.js';
import type { AuditService } from '../services/audit/index.js';
import type { LineageService } from '../services/lineage/index.js';
import type { CatalogService, RegistrationService } from '../services/catalog/index.js';
import type { AliasService, DeploymentService, StageService } from '../services/lifecycle/index.js';
import type { FileService } from '../services/content/index.js';
import type { ClientThrottle } from '../services/access/index.js';
import { createApp } from './app.js';
import { servedOperations } from './operations.js';
import { API_BASE } from './routes/api-base.js';
import {
  loadReferenceDocument,
  loadServedDocument,
  mergeOpenApi,
  servedDocumentYaml,
} from './openapi-document.js';

type Json = Record<string, unknown>;
type Operation = Json & { responses: Record<string, unknown> };

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const reference = loadReferenceDocument();
const served = loadServedDocument();

function paths(document: Json): Record<string, Json> {
  return document['paths'] as Record<string, Json>;
}

function operations(document: Json): { path: string; method: string; operation: Operation }[] {
  return Object.entries(paths(document)).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method] !== undefined).map((method) => ({
      path,
      method,
      operation: item[method] as Operation,
    })),
  );
}

function component(document: Json, section: string, name: string): Json {
  return ((document['components'] as Record<string, Json>)[section] as Record<string, Json>)[name] as Json;
}

describe('mergeOpenApi', () => {
  const base = {
    info: { title: 'reference', version: 'v1' },
    paths: {
      '/a': {
        summary: 'reference summary',
        get: { operationId: 'getA', responses: { '200': { description: 'reference 200' } } },
      },
    },
    components: {
      schemas: {
        Order: { description: 'reference order', type: 'string', enum: ['B', 'A'] },
        Plain: { type: 'string' },
      },
      responses: { R: { description: 'reference R' } },
    },
  };

  it('adds paths, operations, statuses and components without replacing any', () => {
    const merged = mergeOpenApi(base, {
      info: { title: 'ours' },
      paths: {
        '/a': {
          summary: 'our summary',
          get: {
            operationId: 'other',
            summary: 'added',
            responses: { '200': { description: 'our 200' }, '400': { description: 'our 400' } },
          },
          delete: { operationId: 'deleteA', responses: { '204': { description: 'gone' } } },
        },
        '/b': { get: { operationId: 'getB', responses: {} } },
      },
      components: {
        responses: { R: { description: 'our R' }, S: { description: 'our S' } },
        schemas: { New: { type: 'integer' } },
      },
    });
    expect(merged['info']).toEqual({ title: 'ours', version: 'v1' });
    const a = paths(merged)['/a'] as Json;
    expect(a['summary']).toBe('reference summary');
    expect(a['get']).toEqual({
      operationId: 'getA',
      summary: 'added',
      responses: { '200': { description: 'reference 200' }, '400': { description: 'our 400' } },
    });
    expect(a['delete']).toEqual({ operationId: 'deleteA', responses: { '204': { description: 'gone' } } });
    expect(paths(merged)['/b']).toEqual({ get: { operationId: 'getB', responses: {} } });
    expect(component(merged, 'responses', 'R')).toEqual({ description: 'reference R' });
    expect(component(merged, 'responses', 'S')).toEqual({ description: 'our S' });
    expect(component(merged, 'schemas', 'New')).toEqual({ type: 'integer' });
  });

  it('appends query parameters of ours to a reference operation, never replacing one of its own', () => {
    const reference = {
      paths: {
        '/a': {
          get: { parameters: [{ name: 'q', in: 'query', description: 'reference q' }], responses: {} },
        },
      },
    };
    const merged = mergeOpenApi(reference, {
      paths: {
        '/a': {
          get: {
            parameters: [
              { name: 'q', in: 'query', description: 'our q' },
              { name: 'include', in: 'query', required: false },
            ],
          },
        },
      },
    });
    expect(((paths(merged)['/a'] as Json)['get'] as Json)['parameters']).toEqual([
      { name: 'q', in: 'query', description: 'reference q' },
      { name: 'include', in: 'query', required: false },
    ]);
  });

  it('widens the enum of an existing schema, keeping its order, and changes nothing else of it', () => {
    const extension = {
      components: {
        schemas: {
          Order: { description: 'ours', type: 'integer', enum: ['C', 'A', 'D'] },
          Plain: { enum: ['X'] },
        },
      },
    };
    const merged = mergeOpenApi(base, extension);
    expect(component(merged, 'schemas', 'Order')).toEqual({
      description: 'reference order',
      type: 'string',
      enum: ['B', 'A', 'C', 'D'],
    });
    // A schema without an enum would be narrowed by one: not a widening, so ignored.
    expect(component(merged, 'schemas', 'Plain')).toEqual({ type: 'string' });
    // Neither input is changed.
    expect(base.components.schemas.Order.enum).toEqual(['B', 'A']);
    expect(extension.components.schemas.Order.enum).toEqual(['C', 'A', 'D']);
  });
  it('adds optional properties of ours to an existing schema, never one it defines, never a required one', () => {
    const reference = {
      components: {
        schemas: {
          Base: { type: 'object', properties: { name: { type: 'string' } } },
          Entity: { allOf: [{ $ref: '#/components/schemas/Base' }], required: ['name'] },
          Flat: { type: 'object', properties: { id: { type: 'string' } } },
        },
      },
    };
    const extension = {
      components: {
        schemas: {
          Entity: {
            required: ['stage'],
            properties: { name: { type: 'integer' }, stage: { type: 'string' } },
          },
          Flat: { properties: { id: { type: 'integer' }, extra: { type: 'boolean' } } },
          Base: { properties: { name: { type: 'integer' } } },
        },
      },
    };
    const merged = mergeOpenApi(reference, extension);
    // `name` comes from Base through the reference: ours does not replace it; `required` is ignored.
    expect(component(merged, 'schemas', 'Entity')).toEqual({
      allOf: [
        { $ref: '#/components/schemas/Base' },
        { type: 'object', properties: { stage: { type: 'string' } } },
      ],
      required: ['name'],
    });
    expect(component(merged, 'schemas', 'Flat')).toEqual({
      type: 'object',
      properties: { id: { type: 'string' }, extra: { type: 'boolean' } },
    });
    expect(component(merged, 'schemas', 'Base')).toEqual(reference.components.schemas.Base);
  });
});

describe('the served document', () => {
  it('keeps every reference operation and response as the reference has it', () => {
    for (const { path, method, operation } of operations(reference)) {
      const ours = (paths(served)[path] as Json)[method] as Operation;
      const { responses: ourResponses, parameters: ourParameters, ...ourFields } = ours;
      const { responses, parameters, ...fields } = operation;
      expect(ourFields, `${method} ${path}`).toEqual(fields);
      // The reference's parameters as they are, in order; ours only after them, optional, in the query.
      const given = (parameters ?? []) as Json[];
      const all = (ourParameters ?? []) as Json[];
      expect(all.slice(0, given.length), `${method} ${path} parameters`).toEqual(given);
      for (const added of all.slice(given.length)) {
        expect([added['in'], added['required']], `${method} ${path} ${String(added['name'])}`).toEqual([
          'query',
          false,
        ]);
      }
      for (const [status, response] of Object.entries(responses)) {
        expect(ourResponses[status], `${method} ${path} ${status}`).toEqual(response);
      }
    }
    for (const [path, item] of Object.entries(paths(reference))) {
      for (const [key, value] of Object.entries(item)) {
        if (!METHODS.includes(key))
          expect((paths(served)[path] as Json)[key], `${path} ${key}`).toEqual(value);
      }
    }
  });

  it('keeps every reference component, widening only the OrderByField enum and adding our fields to four entities', () => {
    // The fields of ours the server answers with, on the reference's entities (optional, in one
    // added allOf part; wire/entity-answers.ts has the same).
    const added: Record<string, string[]> = {
      ModelVersion: ['stage', 'metrics', 'params'],
      RegisteredModel: ['versionScheme'],
      Metric: ['uri'],
      Parameter: ['uri'],
    };
    const sections = reference['components'] as Record<string, Json>;
    for (const [section, entries] of Object.entries(sections)) {
      for (const [name, definition] of Object.entries(entries)) {
        if (section === 'schemas' && name === 'OrderByField') continue;
        const fields = section === 'schemas' ? added[name] : undefined;
        if (fields === undefined) {
          expect(component(served, section, name), `${section}.${name}`).toEqual(definition);
          continue;
        }
        const parts = (definition as Json)['allOf'] as unknown[];
        const ours = component(served, section, name);
        expect(ours, name).toEqual({ ...(definition as Json), allOf: [...parts, expect.anything()] });
        const extra = (ours['allOf'] as Json[]).at(-1) as Json;
        expect(Object.keys(extra).sort(), name).toEqual(['properties', 'type']);
        expect(Object.keys(extra['properties'] as Json), name).toEqual(fields);
      }
    }
    const { enum: values, ...rest } = component(reference, 'schemas', 'OrderByField');
    expect(values).toEqual(['CREATE_TIME', 'LAST_UPDATE_TIME', 'ID']);
    expect(component(served, 'schemas', 'OrderByField')).toEqual({
      ...rest,
      enum: ['CREATE_TIME', 'LAST_UPDATE_TIME', 'ID', 'NAME', 'VERSION'],
    });
    // What the server accepts as orderBy is what the document lists.
    expect([...ORDER_FIELDS].sort()).toEqual(['CREATE_TIME', 'ID', 'LAST_UPDATE_TIME', 'NAME', 'VERSION']);
  });

  it('has the DELETE operations of our extension', () => {
    const deletes: Record<string, string> = {
      '/registered_models/{registeredmodelId}': 'deleteRegisteredModel',
      '/model_versions/{modelversionId}': 'deleteModelVersion',
      '/model_artifacts/{modelartifactId}': 'deleteModelArtifact',
      '/artifacts/{id}': 'deleteArtifact',
      '/serving_environments/{servingenvironmentId}': 'deleteServingEnvironment',
      '/inference_services/{inferenceserviceId}': 'deleteInferenceService',
      '/experiments/{experimentId}': 'deleteExperiment',
      '/experiment_runs/{experimentrunId}': 'deleteExperimentRun',
      '/serve_models/{servemodelId}': 'deleteServeModel',
    };
    for (const [path, operationId] of Object.entries(deletes)) {
      const operation = (paths(served)[`${API_BASE}${path}`] as Json)['delete'] as Operation;
      expect(operation.operationId, path).toBe(operationId);
      expect(Object.keys(operation.responses).sort(), path).toEqual([
        '204',
        '400',
        '401',
        '403',
        '404',
        '408',
        '409',
        '414',
        '429',
        '500',
        '503',
      ]);
      expect(operation.responses['204'], path).toEqual({ $ref: '#/components/responses/Deleted' });
      expect(component(served, 'responses', 'Deleted')['content']).toBeUndefined();
    }
  });

  it('lists the statuses every operation can answer', () => {
    const referenceStatuses = new Map(
      operations(reference).map(({ path, method, operation }) => [
        `${method} ${path}`,
        Object.keys(operation.responses),
      ]),
    );
    for (const { path, method, operation } of operations(served)) {
      const statuses = Object.keys(operation.responses);
      const where = `${method} ${path}`;
      expect(statuses, where).toContain('500');
      if (!path.startsWith(API_BASE)) continue;
      expect(statuses, where).toContain('400');
      if (method === 'post' || method === 'patch' || method === 'put')
        expect(statuses, where).toContain('413');
      // Tokens and grants are not referred to by anything, so deleting them never conflicts.
      const referable = !/\/(tokens|grants|aliases|policies)\//.test(path);
      if (method === 'patch' || (method === 'delete' && referable)) expect(statuses, where).toContain('409');
      // With authentication on, any operation can be refused.
      expect(statuses, where).toEqual(expect.arrayContaining(['401', '403', '429']));
      if (method === 'patch' || method === 'delete' || path.includes('{'))
        expect(statuses, where).toContain('404');
      // Creates whose body names other entities: a missing one is a 404.
      const referring = [
        'createArtifact',
        'createExperimentRun',
        'createInferenceService',
        'createModelArtifact',
      ];
      if ([...referring, 'createModelVersion'].includes(String(operation['operationId']))) {
        expect(statuses, where).toContain('404');
      }
      // 422 only where the reference has it, and for a file whose bytes do not have the declared
      // sha256 (DIGEST_MISMATCH: the request is well-formed, its content is not what it claims).
      if (statuses.includes('422') && operation['operationId'] !== 'uploadFile')
        expect(referenceStatuses.get(where), where).toContain('422');
    }
  });

  it('describes every route the server registers, under the operation the route says it serves', () => {
    const stub = {} as never;
    const app = createApp({
      catalog: stub as CatalogService,
      registration: stub as RegistrationService,
      stages: stub as StageService,
      aliases: stub as AliasService,
      deployments: stub as DeploymentService,
      lineage: stub as LineageService,
      files: stub as FileService,
      access: stub as AccessService,
      audit: stub as AuditService,
      browse: stub as BrowseService,
      kserve: stub as KServeService,
      kserveSync: stub as KServeSyncService,
      verification: stub as VerificationService,
      reports: stub as ReportService,
      throttle: stub as ClientThrottle,
      mlflow: stub as MlflowRegistryService,
      mlflowTracking: stub as MlflowTrackingService,
      mlflowArtifacts: stub as MlflowArtifactService,
      identityHeaders: { user: 'kubeflow-userid', groups: 'kubeflow-groups' },
      trustedProxies: [],
      remoteAddress: () => undefined,
      clock: () => 0,
      store: stub as MetadataStore,
      logger: silentLogger,
      openapiYaml: () => '',
      newRequestId: () => 'id',
    });
    const templates = Object.keys(paths(served)).map((template) => ({
      template,
      pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, ':[^/]+')}$`),
    }));
    // Middleware (method ALL, or a wildcard path) is not an operation.
    // The MLflow-compatible API is described by MLflow's proto, not by this document (checked below).
    const routes = app.routes.filter(
      (route) => route.method !== 'ALL' && !route.path.endsWith('/*') && !isMlflowPath(route.path),
    );
    expect(routes.length).toBeGreaterThan(60);
    // Every route was registered with the operation of the permission table it serves (no route
    // decides rights on its own), and that operation is the one the document names for it.
    const operations = servedOperations(app).filter((o) => !isMlflowPath(o.path));
    // Each MLflow endpoint is served under its two bases, under an operation of its own in the table.
    const mlflow = servedOperations(app).filter((o) => isMlflowPath(o.path));
    expect(mlflow.length).toBeGreaterThan(0);
    for (const o of mlflow) expect(o.operation.startsWith('mlflow'), `${o.method} ${o.path}`).toBe(true);
    // (the artifact proxy under its one base, `/api/2.0/mlflow-artifacts`, as MLflow's client reaches it).
    const proxy = mlflow.filter((o) => o.path.startsWith(MLFLOW_ARTIFACTS_BASE));
    expect(proxy.map((o) => o.operation).sort()).toEqual([
      'mlflowDownloadArtifact',
      'mlflowListArtifacts',
      'mlflowUploadArtifact',
    ]);
    const endpoints = mlflow.filter((o) => !o.path.startsWith(MLFLOW_ARTIFACTS_BASE));
    expect(new Set(endpoints.map((o) => o.operation)).size * MLFLOW_BASES.length).toBe(endpoints.length);
    for (const route of routes) {
      const match = templates.find(({ pattern }) => pattern.test(route.path));
      expect(match, `${route.method} ${route.path}`).toBeDefined();
      const item = paths(served)[match?.template ?? ''] as Json;
      const documented = item[route.method.toLowerCase()] as Operation | undefined;
      expect(documented, `${route.method} ${route.path}`).toBeDefined();
      const registered = operations.filter((o) => o.method === route.method && o.path === route.path);
      expect(
        registered.map((o) => o.operation),
        `${route.method} ${route.path}`,
      ).toEqual([documented?.operationId]);
    }
    expect(new Set(operations.map((o) => o.operation)).size).toBe(operations.length);
  });

  it('has the serve-model, served-document and readiness paths', () => {
    const serveModel = paths(served)[`${API_BASE}/serve_models/{servemodelId}`] as Json;
    expect(Object.keys((serveModel['get'] as Operation).responses).sort()).toEqual([
      '200',
      '400',
      '401',
      '403',
      '404',
      '408',
      '414',
      '429',
      '500',
      '503',
    ]);
    expect(Object.keys((serveModel['patch'] as Operation).responses).sort()).toEqual([
      '200',
      '400',
      '401',
      '403',
      '404',
      '408',
      '409',
      '413',
      '414',
      '429',
      '500',
      '503',
    ]);
    expect(serveModel['parameters']).toEqual([expect.objectContaining({ name: 'servemodelId', in: 'path' })]);
    const yaml = (paths(served)[`${API_BASE}/openapi.yaml`] as Json)['get'] as Operation;
    expect(yaml.responses['200']).toMatchObject({
      content: { 'application/yaml': { schema: { type: 'string' } } },
    });
    for (const probe of ['/readyz/health', '/readyz/isDirty']) {
      const get = (paths(served)[probe] as Json)['get'] as Operation;
      expect(Object.keys(get.responses).sort(), probe).toEqual(['200', '500', '503']);
    }
    expect(component(served, 'responses', 'Ready')).toMatchObject({
      content: { 'text/plain': { schema: { type: 'string', enum: ['OK'] } } },
    });
    expect(component(served, 'schemas', 'ModelregError')).toBeDefined();
  });

  it('resolves every $ref it holds', () => {
    const refs: string[] = [];
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (typeof value === 'object' && value !== null) {
        for (const [key, item] of Object.entries(value)) {
          if (key === '$ref' && typeof item === 'string') refs.push(item);
          else walk(item);
        }
      }
    };
    walk(served);
    expect(refs.length).toBeGreaterThan(100);
    for (const ref of new Set(refs)) {
      expect(ref, ref).toMatch(/^#\//);
      const target = ref
        .slice(2)
        .split('/')
        .reduce<unknown>(
          (node, key) => (node as Json | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')],
          served,
        );
      expect(target, ref).toBeDefined();
    }
  });

  it('is what servedDocumentYaml() serves', () => {
    expect(parse(servedDocumentYaml())).toEqual(served);
    expect(served['openapi']).toBe('3.0.3');
    expect((served['info'] as Json)['title']).toBe(
      'modelreg REST API (Kubeflow Model Registry v1alpha3 + extensions)',
    );
  });
});
