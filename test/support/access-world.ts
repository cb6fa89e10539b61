import type { ApiResponse, RegistryHarness } from './registry-harness.js';

// A seeded registry for access-control suites: two registered models with everything that hangs
// under one (versions, artifacts, content, an inference service and serve model, an alias, a
// model-scoped token and grant), registry-wide entities (a serving environment, an experiment
// and run), and one credential per role, globally and on the first model, plus its owner.

export type Entity = Record<string, unknown> & { id: string; name: string };

export const ROLE_NAMES = ['viewer', 'editor', 'promoter', 'admin'] as const;
export type RoleName = (typeof ROLE_NAMES)[number];

/** Everything of one registered model. */
export interface ModelWorld {
  readonly model: Entity;
  readonly version: Entity;
  /** A second version, for comparisons and as a lineage parent. */
  readonly version2: Entity;
  /** The model artifact of `version`. */
  readonly artifact: Entity;
  /** A metric artifact of `version`, also attached to the shared run. */
  readonly metric: Entity;
  readonly isvc: Entity;
  readonly serve: Entity;
  /** A version whose content (one file, `a.bin`) is committed. */
  readonly committed: Entity;
  /** An OPEN upload of one 1-byte file `a.bin`, on its own version. */
  readonly upload: Entity;
  readonly token: Entity;
  readonly grant: Entity;
}

export interface World {
  readonly a: ModelWorld;
  readonly b: ModelWorld;
  readonly env: Entity;
  readonly experiment: Entity;
  readonly run: Entity;
}

/** A caller: its bearer token (none: anonymous) and the subject it acts as. */
export interface Principal {
  readonly label: string;
  readonly subject: string;
  readonly token?: string;
}

export type Send = (method: string, path: string, body?: unknown) => Promise<ApiResponse>;

/** Requests as one caller; bytes go as they are, downloads come back as bytes. */
export function sender(h: RegistryHarness, principal: Principal | undefined): Send {
  return (method, path, body) => {
    const headers: Record<string, string> =
      principal?.token === undefined ? {} : { authorization: `Bearer ${principal.token}` };
    // MLflow's client puts an artifact with its Content-Length (the proxy needs it).
    if (body instanceof Uint8Array && path.includes('/mlflow-artifacts/'))
      headers['content-length'] = String(body.length);
    return body instanceof Uint8Array || /\/(files\/|content\.tar|mlflow-artifacts\/artifacts\/)/.test(path)
      ? h.bytes(method, path, body as Uint8Array | undefined, headers)
      : h.request(method, path, body, headers);
  };
}

let counter = 0;
/** A name no other call of this process uses. */
export const fresh = (prefix: string) => `${prefix}-${++counter}`;

export async function created(send: Send, path: string, body: unknown): Promise<Entity> {
  const response = await send('POST', path, body);
  if (response.status >= 300) {
    throw new Error(`POST ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
  }
  return response.body as Entity;
}

/** An OPEN upload of one 1-byte file `a.bin` on a fresh version of the model. */
export async function newUpload(admin: Send, model: Entity): Promise<Entity> {
  const version = await created(admin, 'model_versions', {
    name: fresh('files'),
    registeredModelId: model.id,
  });
  return created(admin, `model_versions/${version.id}/uploads`, { files: [{ path: 'a.bin', size: 1 }] });
}

async function seedModel(
  admin: Send,
  name: string,
  owner: string,
  shared: { env: Entity; run: Entity },
): Promise<ModelWorld> {
  const model = await created(admin, 'registered_models', { name, owner });
  const version = await created(admin, 'model_versions', { name: `${name}-v1`, registeredModelId: model.id });
  const version2 = await created(admin, 'model_versions', {
    name: `${name}-v2`,
    registeredModelId: model.id,
  });
  await created(admin, `model_versions/${version2.id}/parents`, { parentVersionId: version.id });
  const artifact = await created(admin, `model_versions/${version.id}/artifacts`, {
    artifactType: 'model-artifact',
    name: `${name}-weights`,
    uri: `s3://bucket/${name}`,
    modelFormatName: 'sklearn',
  });
  const registration = await created(admin, 'registrations', {
    registeredModel: { name },
    modelVersion: { name: `${name}-v3` },
    metrics: [{ name: `${name}-accuracy`, value: 0.9 }],
    experimentRunId: shared.run.id,
  });
  const metric = (registration['metrics'] as Entity[])[0] as Entity;
  const isvc = await created(admin, 'inference_services', {
    name: `${name}-isvc`,
    registeredModelId: model.id,
    servingEnvironmentId: shared.env.id,
    modelVersionId: version.id,
  });
  const serve = await created(admin, `inference_services/${isvc.id}/serves`, {
    name: `${name}-serve`,
    modelVersionId: version.id,
  });
  await admin('PUT', `registered_models/${model.id}/aliases/champion`, { modelVersionId: version.id });
  await admin('POST', `model_versions/${version.id}/stage`, { stage: 'Production' });
  const upload = await newUpload(admin, model);
  const content = await newUpload(admin, model);
  await admin('PUT', `uploads/${content.id}/files/a.bin`, new Uint8Array([7]));
  await admin('POST', `uploads/${content.id}/commit`, {});
  const committed = (await admin('GET', `model_versions/${String(content['modelVersionId'])}`))
    .body as Entity;
  const token = await created(admin, 'tokens', {
    name: `${name}-token`,
    role: 'viewer',
    registeredModelId: model.id,
  });
  const grant = await created(admin, 'grants', {
    principalType: 'user',
    principal: `${name}-reader`,
    role: 'viewer',
    registeredModelId: model.id,
  });
  return { model, version, version2, artifact, metric, isvc, serve, committed, upload, token, grant };
}

/**
 * Seeds the world through the API as a global admin. The second model's names all start with
 * `bravo-secret`: a caller that may not read it must never see that string.
 */
export async function seedWorld(admin: Send): Promise<World> {
  const env = await created(admin, 'serving_environments', { name: 'shared-env' });
  const experiment = await created(admin, 'experiments', { name: 'shared-experiment' });
  const run = await created(admin, 'experiment_runs', { name: 'shared-run', experimentId: experiment.id });
  const shared = { env, run };
  const a = await seedModel(admin, 'alpha', 'alice-owner', shared);
  const b = await seedModel(admin, 'bravo-secret', 'bob-owner', shared);
  return { a, b, env, experiment, run };
}

/** The string every name of the second model contains. */
export const SECRET = 'bravo-secret';

/** Every table's rows but the audit trail's (which refused requests write to), as JSON. */
export async function tableSnapshot(h: RegistryHarness): Promise<string> {
  const db = h.database();
  const tables = (await db.introspection.getTables())
    .map((t) => t.name)
    .filter((name) => !name.startsWith('audit_') && !name.startsWith('modelreg_migration'))
    .sort();
  const parts: Record<string, unknown[]> = {};
  for (const table of tables) {
    const rows = (await db.selectFrom(table).selectAll().execute()) as Record<string, unknown>[];
    parts[table] = rows
      .map((row) =>
        JSON.stringify(row, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value)),
      )
      .sort();
  }
  return JSON.stringify(parts);
}
