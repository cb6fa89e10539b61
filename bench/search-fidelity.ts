import { join } from 'node:path';
import { createRegistry, loadServerConfig } from '@modelreg/server';
import { openDriver, type Db, type SqlRow } from './dataset.js';
import {
  DATASET_ARTIFACT,
  datasetDigest,
  datasetUri,
  METRICS,
  metricStep,
  PARAMS,
  SearchWriter,
  versionAuthor,
  versionName,
} from './search-dataset.js';

const API = '/api/model_registry/v1alpha3';

/** Columns that differ by construction: ids, the model's name, and the creation times. */
const OWN = {
  // The newest version's id and time: the version's own (checked below).
  registered_model: new Set([
    'id',
    'name',
    'create_time',
    'last_update_time',
    'latest_version_id',
    'latest_version_time',
  ]),
  model_version: new Set(['id', 'registered_model_id', 'create_time', 'last_update_time']),
  artifact: new Set(['id', 'model_version_id', 'name_scope', 'create_time', 'last_update_time']),
} as const;

/** Tables the API writes to and the bulk loader deliberately does not. */
const API_ONLY_TABLES = new Set(['audit_event']);

export class FidelityError extends Error {
  override name = 'FidelityError';
}

function tableCounts(db: Db): Map<string, number> {
  const tables = db
    .prepare<[], string>("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")
    .pluck()
    .all();
  return new Map(
    tables.map((t) => [t, Number(db.prepare(`select count(*) from "${t}"`).pluck().get())] as const),
  );
}

function grown(before: Map<string, number>, after: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [table, n] of after) if (n !== before.get(table)) out.set(table, n - (before.get(table) ?? 0));
  return out;
}

function compareRows(what: string, skip: ReadonlySet<string>, api: SqlRow, direct: SqlRow): void {
  for (const column of new Set([...Object.keys(api), ...Object.keys(direct)])) {
    if (skip.has(column)) continue;
    if (api[column] !== direct[column]) {
      throw new FidelityError(
        `${what}: column ${column} is ${JSON.stringify(api[column])} when the store writes it through the API, ` +
          `${JSON.stringify(direct[column])} from the bulk loader`,
      );
    }
  }
}

async function postJson(
  app: { request: (path: string, init: RequestInit) => Response | Promise<Response> },
  path: string,
  body: unknown,
): Promise<{ id: string }> {
  const response = await app.request(`${API}/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== 201) throw new FidelityError(`POST ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text) as { id: string };
}

/**
 * Writes version k (dataset d) twice into a scratch registry in `dir`: through the API in-process,
 * as a client logging its metrics, parameters and dataset would, and through SearchWriter. Then
 * compares every column of the registered model, version and 21 artifact rows (all but ids and
 * creation times, whose shape is checked instead), and which tables each path grew. Throws a
 * FidelityError on any difference; returns what the API writes that the bulk loader does not.
 */
export async function checkWriterFidelity(dir: string, k = 4_321, dataset = 17): Promise<string> {
  const file = join(dir, 'fidelity.db');
  const config = loadServerConfig({ db: `sqlite:${file}`, dataDir: dir, logLevel: 'silent', port: 0 }, {});
  const { app, store } = await createRegistry(config);
  const db = openDriver(file);
  try {
    const now = 1_700_000_000_000 + k;
    const start = tableCounts(db);
    const model = await postJson(app, 'registered_models', { name: 'fidelity-api' });
    const version = await postJson(app, 'model_versions', {
      name: versionName(k),
      registeredModelId: model.id,
      author: versionAuthor(k),
    });
    const artifacts = `model_versions/${version.id}/artifacts`;
    for (const metric of METRICS) {
      await postJson(app, artifacts, {
        artifactType: 'metric',
        name: metric.name,
        value: metric.value(k),
        step: metricStep(k),
        timestamp: now,
        state: 'LIVE',
      });
    }
    for (const param of PARAMS) {
      await postJson(app, artifacts, {
        artifactType: 'parameter',
        name: param.name,
        value: param.value(k),
        parameterType: param.type,
        state: 'LIVE',
      });
    }
    await postJson(app, artifacts, {
      artifactType: 'dataset-artifact',
      name: DATASET_ARTIFACT,
      uri: datasetUri(dataset),
      digest: datasetDigest(dataset),
      state: 'LIVE',
    });
    const afterApi = tableCounts(db);

    const writer = new SearchWriter(db);
    const directVersion = db.transaction(() => {
      const modelId = writer.model('fidelity-direct', now, now);
      return writer.version(modelId, k, dataset, now);
    })();
    const afterDirect = tableCounts(db);

    const byApi = grown(start, afterApi);
    const byLoader = grown(afterApi, afterDirect);
    for (const [table, n] of byApi) {
      if (API_ONLY_TABLES.has(table)) continue;
      if (byLoader.get(table) !== n)
        throw new FidelityError(
          `the API added ${n} rows to ${table}, the bulk loader ${byLoader.get(table) ?? 0}`,
        );
    }
    for (const table of byLoader.keys())
      if (!byApi.has(table)) throw new FidelityError(`the bulk loader writes ${table}, the API does not`);

    const row = (table: string, id: number | string) =>
      db.prepare<[number], SqlRow>(`select * from ${table} where id = ?`).get(Number(id)) ?? {};
    const apiVersion = row('model_version', version.id);
    const loaderVersion = row('model_version', directVersion);
    compareRows('registered model', OWN.registered_model, row('registered_model', model.id), {
      ...row('registered_model', Number(loaderVersion['registered_model_id'])),
    });
    compareRows('model version', OWN.model_version, apiVersion, loaderVersion);
    for (const v of [apiVersion, loaderVersion]) {
      const model = row('registered_model', Number(v['registered_model_id']));
      if (model['latest_version_id'] !== v['id'] || model['latest_version_time'] !== v['create_time'])
        throw new FidelityError(`registered model ${String(model['id'])} does not name its newest version`);
    }
    const contexts = db
      .prepare<[number, number], SqlRow>('select id, kind from context_id where id in (?, ?) order by id')
      .all(Number(version.id), directVersion);
    if (contexts.length !== 2 || contexts.some((c) => c['kind'] !== 'model_version'))
      throw new FidelityError('a version id does not come from context_id as the store takes it');

    const artifactsOf = (versionId: number) =>
      db
        .prepare<[number], SqlRow>('select * from artifact where model_version_id = ? order by name')
        .all(versionId);
    const apiArtifacts = artifactsOf(Number(version.id));
    const loaderArtifacts = artifactsOf(directVersion);
    if (apiArtifacts.length !== loaderArtifacts.length || apiArtifacts.length !== 21)
      throw new FidelityError(
        `artifacts: ${apiArtifacts.length} through the API, ${loaderArtifacts.length} loaded`,
      );
    apiArtifacts.forEach((api, i) => {
      const direct = loaderArtifacts[i] ?? {};
      compareRows(`artifact ${String(api['name'])}`, OWN.artifact, api, direct);
      for (const r of [api, direct]) {
        if (r['name_scope'] !== `version:${String(r['model_version_id'])}`)
          throw new FidelityError(`artifact ${String(r['id'])} has name_scope ${String(r['name_scope'])}`);
        if (typeof r['create_time'] !== 'number' || r['create_time'] !== r['last_update_time'])
          throw new FidelityError(`artifact ${String(r['id'])} has unexpected times`);
      }
    });
    const audit = [...byApi].filter(([t]) => API_ONLY_TABLES.has(t));
    return audit.length === 0
      ? 'the API wrote nothing the bulk loader does not'
      : `not bulk-loaded: ${audit
          .map(([t, n]) => `${t} (the API wrote ${n} rows for one model, one version and its 21 artifacts)`)
          .join(', ')}`;
  } finally {
    db.close();
    await store.close();
  }
}
