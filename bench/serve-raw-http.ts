import http from 'node:http';
import { listenUntilStopped } from './child-server.js';
import {
  postgresRawWriter,
  sqliteRawWriter,
  type RawWriter,
  type RegistrationRow,
} from './write-baseline.js';

// The write bench's HTTP ceiling (write-bench.ts): the raw driver of write-baseline.ts behind a
// bare `node:http` server that takes the registry's requests on the registry's paths (POST
// registered_models, model_versions, model_versions/{id}/artifacts, registrations), parses their
// JSON bodies and answers 201 with the created entities in the API's shape. No routing library,
// validation, authorization, audit beyond the raw writer's, metrics or logging: what any HTTP
// service pays on this machine for the same client and the same rows, so the registry's ratio to
// it is what the registry itself adds.
const [engine, target] = process.argv.slice(2);
if ((engine !== 'sqlite' && engine !== 'postgres') || target === undefined)
  throw new Error('usage: serve-raw-http <sqlite|postgres> <sqlite file|postgres url>');
const writer: RawWriter = engine === 'sqlite' ? sqliteRawWriter(target) : await postgresRawWriter(target);

const API = '/api/model_registry/v1alpha3';
const ARTIFACTS = new RegExp(`^${API}/model_versions/(\\d+)/artifacts$`);

type Json = Record<string, unknown>;
type Properties = Record<string, { double_value?: number; string_value?: string }>;

/** A version's model, as the raw program remembers it (the raw writer touches the model on an artifact's create). */
const modelOfVersion = new Map<number, number>();

function text(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new Error(`${what} must be a string`);
  return value;
}

/** The registration row a version's body describes (the bench's two properties). */
function rowOf(model: { id: number; name: string }, version: Json, uri: string): RegistrationRow {
  const properties = (version['customProperties'] ?? {}) as Properties;
  return {
    modelId: model.id,
    modelName: model.name,
    versionName: text(version['name'], 'name'),
    author: text(version['author'], 'author'),
    accuracy: Number(properties['accuracy']?.double_value),
    framework: String(properties['framework']?.string_value),
    uri,
  };
}

const times = () => {
  const now = String(Date.now());
  return { createTimeSinceEpoch: now, lastUpdateTimeSinceEpoch: now };
};

const modelJson = (id: number, name: string) => ({
  id: String(id),
  name,
  state: 'LIVE',
  ...times(),
  customProperties: {},
});

const versionJson = (id: number, row: RegistrationRow, properties: unknown) => ({
  id: String(id),
  name: row.versionName,
  registeredModelId: String(row.modelId),
  author: row.author,
  state: 'LIVE',
  ...times(),
  customProperties: properties,
});

const artifactJson = (id: number, versionId: number, uri: string) => ({
  artifactType: 'model-artifact',
  id: String(id),
  name: 'model',
  uri,
  modelFormatName: 'onnx',
  modelVersionId: String(versionId),
  state: 'UNKNOWN',
  ...times(),
  customProperties: {},
});

async function answer(path: string, body: Json): Promise<object> {
  if (path === `${API}/registered_models`) {
    const name = text(body['name'], 'name');
    return modelJson(await writer.createModel(name), name);
  }
  if (path === `${API}/model_versions`) {
    const modelId = Number(body['registeredModelId']);
    const row = rowOf({ id: modelId, name: '' }, body, '');
    const id = await writer.createVersion(row);
    modelOfVersion.set(id, modelId);
    return versionJson(id, row, body['customProperties']);
  }
  const artifacts = ARTIFACTS.exec(path);
  if (artifacts !== null) {
    const versionId = Number(artifacts[1]);
    const uri = text(body['uri'], 'uri');
    const modelId = modelOfVersion.get(versionId);
    if (modelId === undefined) throw new Error(`no version ${versionId}`);
    const row: RegistrationRow = {
      modelId,
      modelName: '',
      versionName: '',
      author: '',
      accuracy: 0,
      framework: '',
      uri,
    };
    return artifactJson(await writer.createArtifact(row, versionId), versionId, uri);
  }
  if (path === `${API}/registrations`) {
    const name = text((body['registeredModel'] as Json | undefined)?.['name'], 'registeredModel.name');
    const version = (body['modelVersion'] ?? {}) as Json;
    const uri = text((body['modelArtifact'] as Json | undefined)?.['uri'], 'modelArtifact.uri');
    const row = rowOf({ id: 0, name }, version, uri);
    const ids = await writer.register(row);
    return {
      registeredModel: modelJson(ids.modelId, name),
      modelVersion: versionJson(ids.versionId, { ...row, modelId: ids.modelId }, version['customProperties']),
      modelArtifact: artifactJson(ids.artifactId, ids.versionId, uri),
    };
  }
  throw new Error(`no route POST ${path}`);
}

// One request at a time, as the raw writer's transactions require (the bench's phases are sequential).
let queue: Promise<unknown> = Promise.resolve();

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    queue = queue.then(async () => {
      let status = 201;
      let out: string;
      try {
        out = JSON.stringify(
          await answer(req.url ?? '', JSON.parse(Buffer.concat(chunks).toString('utf8')) as Json),
        );
      } catch (error) {
        status = 400;
        out = JSON.stringify({ message: String(error) });
      }
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out) });
      res.end(out);
    });
  });
});
server.on('close', () => void writer.close());
listenUntilStopped(server);
