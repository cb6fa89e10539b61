import {
  ModelRegistry,
  RegistryError,
  fromCustomProperties,
  toCustomProperties,
  type ModelVersion,
  type components,
} from '@modelreg/client';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { aRegistration, countingFetch, uniqueName } from './support/builders.js';
import { collect } from './support/collect.js';
import { missingBuild, startModelreg, type ModelregProcess } from './support/modelreg-process.js';
import { answerJson, startStubServer, unusedUrl, type StubServer } from './support/stub-server.js';
import { failureOf } from './support/failure-of.js';
import { waitUntil } from '../support/wait-until.js';

const BASE = '/api/model_registry/v1alpha3';
type ModelVersionCreate = components['schemas']['ModelVersionCreate'];
const skipReason = missingBuild();

describe.skipIf(skipReason !== undefined)(
  `ModelRegistry against \`modelreg serve\` on SQLite${skipReason === undefined ? '' : ` (${skipReason})`}`,
  () => {
    let server: ModelregProcess;
    let registry: ModelRegistry;

    beforeAll(async () => {
      server = await startModelreg();
      registry = new ModelRegistry({ url: server.url, author: 'alice' });
    });
    afterAll(async () => {
      await server?.stop();
    });

    describe('register → get → update → archive → restore → delete', () => {
      it('creates the model with its first version, reuses it for the next, and refuses a version that exists', async () => {
        const name = uniqueName('churn');
        const first = await registry.registerModel(
          aRegistration({ name, version: '1.0.0', uri: 's3://models/churn/1.0.0', description: 'baseline' }),
        );
        expect(first.model).toMatchObject({ name, owner: 'alice', state: 'LIVE' });
        expect(first.version).toMatchObject({
          name: '1.0.0',
          registeredModelId: first.model.id,
          author: 'alice',
          description: 'baseline',
          state: 'LIVE',
        });
        expect(first.artifact).toMatchObject({
          artifactType: 'model-artifact',
          uri: 's3://models/churn/1.0.0',
          modelFormatName: 'onnx',
          modelFormatVersion: '1.17',
        });

        const second = await registry.registerModel(
          aRegistration({ name, version: '1.1.0', uri: 's3://models/churn/1.1.0', author: 'bob' }),
        );
        expect(second.model.id).toBe(first.model.id);
        expect(second.version).toMatchObject({
          name: '1.1.0',
          author: 'bob',
          registeredModelId: first.model.id,
        });

        const again = await failureOf(registry.registerModel(aRegistration({ name, version: '1.0.0' })));
        expect(again).toBeInstanceOf(RegistryError);
        expect(again).toMatchObject({ code: 'MODEL_VERSION_ALREADY_EXISTS', status: 409 });
        expect(again.message).toContain("'1.0.0'");

        const versions = await collect(
          registry.modelVersions(name, { orderBy: 'CREATE_TIME', sortOrder: 'ASC' }),
        );
        expect(versions.map((v) => v.name)).toEqual(['1.0.0', '1.1.0']);
        // The refused attempt added no second artifact to the existing version.
        const artifacts = await collect(registry.modelArtifacts(name, '1.0.0'));
        // `Artifact` is a union and a metric has no uri, hence the `in`.
        expect(artifacts.map((a) => ('uri' in a ? a.uri : a.artifactType))).toEqual([
          's3://models/churn/1.0.0',
        ]);
      });

      it('registers versions of a new model from parallel jobs without losing one', async () => {
        const name = uniqueName('sweep');
        const jobs = ['lr-0.1', 'lr-0.03', 'lr-0.01', 'lr-0.003', 'lr-0.001'].map((version) =>
          registry.registerModel(aRegistration({ name, version, uri: `s3://models/sweep/${version}` })),
        );
        const registrations = await Promise.all(jobs);
        expect(new Set(registrations.map((r) => r.model.id)).size).toBe(1);
        const versions = await collect(registry.modelVersions(name));
        expect(versions.map((v) => v.name).sort()).toEqual([
          'lr-0.001',
          'lr-0.003',
          'lr-0.01',
          'lr-0.03',
          'lr-0.1',
        ]);
      });

      it('leaves nothing half-registered when the artifact is refused', async () => {
        const name = uniqueName('half');
        const refused = aRegistration({ name, modelFormatName: 'x'.repeat(300) });
        const newModel = await failureOf(registry.registerModel(refused));
        expect(newModel).toMatchObject({ code: 'INVALID_FIELD', status: 400 });
        expect(newModel.message).toContain('modelFormatName');
        expect(await registry.getRegisteredModel(name)).toBeUndefined();

        await registry.registerModel(aRegistration({ name, version: '1.0.0' }));
        await expect(registry.registerModel({ ...refused, version: '2.0.0' })).rejects.toMatchObject({
          code: 'INVALID_FIELD',
        });
        expect(await registry.getModelVersion(name, '2.0.0')).toBeUndefined();
        expect(await registry.getModelVersion(name, '1.0.0')).toMatchObject({ name: '1.0.0' });
      });

      it('gets a model, a version and its artifact, and tells a missing version from a missing model', async () => {
        const { model, version, artifact } = await registry.registerModel(aRegistration());
        const name = model.name ?? '';

        expect(await registry.getRegisteredModel(name)).toMatchObject({ id: model.id, name });
        expect(await registry.getModelVersion(name, '1.0.0')).toMatchObject({ id: version.id });
        expect(await registry.getModelArtifact(name, '1.0.0')).toMatchObject({
          id: artifact.id,
          uri: artifact.uri,
        });

        expect(await registry.getRegisteredModel('no-such-model')).toBeUndefined();
        expect(await registry.getModelVersion(name, '9.9.9')).toBeUndefined();
        await expect(registry.getModelVersion('no-such-model', '1.0.0')).rejects.toMatchObject({
          code: 'REGISTERED_MODEL_NOT_FOUND',
          status: 404,
        });
        await expect(registry.getModelArtifact(name, '9.9.9')).rejects.toMatchObject({
          code: 'MODEL_VERSION_NOT_FOUND',
          status: 404,
        });
      });

      it('round-trips int, double, bool and string metadata', async () => {
        const { model } = await registry.registerModel(
          aRegistration({
            metadata: {
              epochs: 12,
              accuracy: 0.975,
              negative: -3,
              tooBigForInt: 1e12,
              quantized: false,
              framework: 'pytorch',
              notes: '',
              leftOut: undefined,
              alsoLeftOut: null,
            },
          }),
        );
        const stored = (await registry.getModelVersion(model.name ?? '', '1.0.0')) as ModelVersion;
        expect(fromCustomProperties(stored.customProperties)).toEqual({
          epochs: 12,
          accuracy: 0.975,
          negative: -3,
          tooBigForInt: 1e12,
          quantized: false,
          framework: 'pytorch',
          notes: '',
        });
        expect(stored.customProperties?.['epochs']).toEqual({
          metadataType: 'MetadataIntValue',
          int_value: '12',
        });
        expect(stored.customProperties?.['tooBigForInt']?.metadataType).toBe('MetadataDoubleValue');

        // What the SDK stores, a filterQuery can compare with the right type.
        const found = await collect(registry.search(`epochs = 12 AND accuracy > 0.97 AND quantized = false`));
        expect(found.map((v) => v.id)).toContain(stored.id);
      });

      it('updates a model, a version and an artifact; customProperties replace the whole map', async () => {
        const { model, version, artifact } = await registry.registerModel(
          aRegistration({ metadata: { accuracy: 0.9, stage: 'candidate' } }),
        );
        const name = model.name ?? '';

        const updatedModel = await registry.update({
          ...model,
          description: 'churn predictor',
          owner: 'team-a',
        });
        expect(updatedModel).toMatchObject({
          id: model.id,
          name,
          description: 'churn predictor',
          owner: 'team-a',
        });

        await registry.update({ ...version, customProperties: toCustomProperties({ approved: true }) });
        const storedVersion = await registry.getModelVersion(name, '1.0.0');
        expect(fromCustomProperties(storedVersion?.customProperties)).toEqual({ approved: true });
        expect(storedVersion?.name).toBe('1.0.0');

        await registry.update({ ...artifact, uri: 's3://models/churn/1.0.0-repacked' });
        expect((await registry.getModelArtifact(name, '1.0.0'))?.uri).toBe(
          's3://models/churn/1.0.0-repacked',
        );
        expect((await registry.getRegisteredModel(name))?.description).toBe('churn predictor');

        await expect(registry.update({ name: 'no-id' })).rejects.toMatchObject({
          code: 'INVALID_ARGUMENT',
          status: 0,
        });
        // A 404 the server gives carries the id it logged the request under.
        const gone = await failureOf(registry.update({ ...model, id: '999999' }));
        expect(gone).toMatchObject({ code: 'REGISTERED_MODEL_NOT_FOUND', status: 404 });
        expect(gone.requestId).toMatch(/\S/);
        // The server logs a request once it has answered it: wait for the line, not a time.
        await waitUntil(async () =>
          server.output().includes(`"requestId":"${gone.requestId}"`) ? true : undefined,
        );
      });

      it('archives and restores a model and a version; archived ones stay readable', async () => {
        const { model, version } = await registry.registerModel(aRegistration());
        const name = model.name ?? '';

        expect((await registry.archiveModel(name)).state).toBe('ARCHIVED');
        expect((await registry.getRegisteredModel(name))?.state).toBe('ARCHIVED');
        expect((await registry.restoreModel(name)).state).toBe('LIVE');
        expect((await registry.getRegisteredModel(name))?.state).toBe('LIVE');

        expect((await registry.archiveVersion(name, '1.0.0')).state).toBe('ARCHIVED');
        expect((await registry.getModelVersion(name, '1.0.0'))?.state).toBe('ARCHIVED');
        const live = await collect(registry.search(`state = 'LIVE'`, { over: 'versions' }));
        expect(live.map((v) => v.id)).not.toContain(version.id);
        expect((await registry.restoreVersion(name, '1.0.0')).state).toBe('LIVE');
        expect((await registry.getModelVersion(name, '1.0.0'))?.state).toBe('LIVE');

        await expect(registry.archiveVersion(name, '9.9.9')).rejects.toMatchObject({
          code: 'MODEL_VERSION_NOT_FOUND',
          status: 404,
        });
      });

      it('deletes a version, then the model, but not while the model is deployed (409)', async () => {
        const { model, version } = await registry.registerModel(aRegistration());
        await registry.registerModel(aRegistration({ name: model.name ?? '', version: '2.0.0' }));
        const name = model.name ?? '';
        const environment = await registry.api.POST(`${BASE}/serving_environments`, {
          body: { name: uniqueName('prod') },
        });
        const service = await registry.api.POST(`${BASE}/inference_services`, {
          body: {
            name: uniqueName('churn-svc'),
            servingEnvironmentId: environment.data?.id ?? '',
            registeredModelId: model.id ?? '',
            modelVersionId: version.id,
          },
        });
        expect(service.data?.id).toBeDefined();

        const inUse = await failureOf(registry.deleteModel(name));
        expect(inUse).toMatchObject({ code: 'REGISTERED_MODEL_IN_USE', status: 409 });
        expect(inUse.requestId).toMatch(/\S/);
        expect(inUse.message).toContain('inference service');

        await registry.api.DELETE(`${BASE}/inference_services/{inferenceserviceId}`, {
          params: { path: { inferenceserviceId: service.data?.id ?? '' } },
        });
        await registry.deleteVersion(name, '2.0.0');
        expect(await registry.getModelVersion(name, '2.0.0')).toBeUndefined();
        expect(await registry.getModelVersion(name, '1.0.0')).toBeDefined();
        await registry.deleteModel(name);
        expect(await registry.getRegisteredModel(name)).toBeUndefined();
        await expect(registry.deleteModel(name)).rejects.toMatchObject({
          code: 'REGISTERED_MODEL_NOT_FOUND',
          status: 404,
        });
      });
    });

    describe('listings', () => {
      it('pages through 23 versions five at a time: each once, newest first, one request per page', async () => {
        const name = uniqueName('paged');
        for (let i = 1; i <= 23; i++) {
          await registry.registerModel(
            aRegistration({ name, version: `v${i}`, uri: `s3://models/paged/v${i}` }),
          );
        }
        const counting = countingFetch();
        const counted = new ModelRegistry({ url: server.url, fetch: counting.fetch });
        const versionPages = () => counting.requests.filter((r) => r.endsWith('/versions')).length;

        const newestFirst = await collect(
          counted.modelVersions(name, { pageSize: 5, orderBy: 'CREATE_TIME', sortOrder: 'DESC' }),
        );
        const expected = Array.from({ length: 23 }, (_, i) => `v${23 - i}`);
        expect(newestFirst.map((v) => v.name)).toEqual(expected);
        expect(versionPages()).toBe(5);

        // Pages are fetched as the loop asks for them: stopping early stops fetching.
        counting.requests.length = 0;
        const firstSeven: string[] = [];
        for await (const version of counted.modelVersions(name, { pageSize: 5, orderBy: 'NAME' })) {
          firstSeven.push(version.name);
          if (firstSeven.length === 7) break;
        }
        expect(firstSeven).toHaveLength(7);
        expect(versionPages()).toBe(2);

        // Creating the iterable sends nothing; iterating twice starts over.
        counting.requests.length = 0;
        const everyVersion = counted.modelVersions(name, { pageSize: 10 });
        expect(counting.requests).toEqual([]);
        expect(await collect(everyVersion)).toHaveLength(23);
        expect(await collect(everyVersion)).toHaveLength(23);
        expect(versionPages()).toBe(6);
      });

      it('pages over registered models with a filterQuery', async () => {
        const prefix = uniqueName('fleet');
        for (let i = 1; i <= 7; i++) {
          await registry.registerModel(aRegistration({ name: `${prefix}-${String(i).padStart(2, '0')}` }));
        }
        const models = await collect(
          registry.registeredModels({
            filterQuery: `name LIKE '${prefix}-%'`,
            orderBy: 'NAME',
            sortOrder: 'ASC',
            pageSize: 3,
          }),
        );
        expect(models.map((m) => m.name)).toEqual(
          Array.from({ length: 7 }, (_, i) => `${prefix}-${String(i + 1).padStart(2, '0')}`),
        );
      });

      it('searches versions and models with a filterQuery', async () => {
        const tag = uniqueName('search').replace(/\W/g, '_');
        const scores = { a: 0.81, b: 0.93, c: 0.97 };
        for (const [version, score] of Object.entries(scores)) {
          await registry.registerModel(
            aRegistration({
              name: `${tag}-model`,
              version,
              metadata: { [tag]: score, framework: 'sklearn' },
            }),
          );
        }
        const good = await collect(registry.search(`${tag} > 0.9 AND framework = 'sklearn'`));
        expect(good.map((v) => v.name).sort()).toEqual(['b', 'c']);

        const models = await collect(registry.search(`name = '${tag}-model'`, { over: 'models' }));
        expect(models).toHaveLength(1);
        expect(models[0]).toMatchObject({ name: `${tag}-model`, owner: 'alice' });
      });

      it('lists experiments and their runs', async () => {
        const experiment = uniqueName('listing-experiment');
        const first = await registry.startExperimentRun({ experiment, name: 'run-a' });
        const second = await registry.startExperimentRun({ experiment, name: 'run-b' });
        await second.end('FAILED');

        const experiments = await collect(registry.experiments({ filterQuery: `name = '${experiment}'` }));
        expect(experiments).toHaveLength(1);
        expect(experiments[0]?.id).toBe(first.run.experimentId);

        const runs = await collect(
          registry.experimentRuns(experiment, { orderBy: 'CREATE_TIME', sortOrder: 'ASC' }),
        );
        expect(runs.map((r) => [r.name, r.status])).toEqual([
          ['run-a', 'RUNNING'],
          ['run-b', 'FAILED'],
        ]);
        const everyRun = await collect(registry.experimentRuns(undefined, { pageSize: 1 }));
        expect(everyRun.map((r) => r.id)).toEqual(expect.arrayContaining([first.run.id, second.run.id]));

        await expect(collect(registry.experimentRuns('no-such-experiment'))).rejects.toMatchObject({
          code: 'EXPERIMENT_NOT_FOUND',
          status: 404,
        });
      });
    });

    describe('experiment runs', () => {
      it('logs params, a metric over several steps, a dataset, and ends the run', async () => {
        const experiment = uniqueName('churn-training');
        const run = await registry.startExperimentRun({ experiment, name: 'nightly', description: 'cron' });
        expect(run.run).toMatchObject({ name: 'nightly', status: 'RUNNING', owner: 'alice' });
        const runId = run.run.id ?? '';

        expect(await run.logParam('learning_rate', 0.01)).toMatchObject({
          value: '0.01',
          parameterType: 'number',
        });
        expect(await run.logParam('optimizer', 'adam')).toMatchObject({ parameterType: 'string' });
        expect(await run.logParam('early_stopping', true)).toMatchObject({
          value: 'true',
          parameterType: 'boolean',
        });
        await run.logParam('learning_rate', 0.02);
        const params = await registry.api.GET(`${BASE}/experiment_runs/{experimentrunId}/artifacts`, {
          params: { path: { experimentrunId: runId }, query: { artifactType: 'parameter' } },
        });
        const byName = Object.fromEntries((params.data?.items ?? []).map((p) => [p.name, p]));
        expect(Object.keys(byName).sort()).toEqual(['early_stopping', 'learning_rate', 'optimizer']);
        expect(byName['learning_rate']).toMatchObject({ value: '0.02' });

        const losses = [0.69, 0.41, 0.33, 0.3];
        for (const [step, loss] of losses.entries()) {
          await run.logMetric('loss', loss, { step: step + 1, timestamp: 1_700_000_000_000 + step });
        }
        await run.logMetric('accuracy', 0.88, { step: 4 });
        const history = await registry.api.GET(`${BASE}/experiment_runs/{experimentrunId}/metric_history`, {
          params: { path: { experimentrunId: runId }, query: { name: 'loss' } },
        });
        expect(history.response.status).toBe(200);
        const points = (history.data?.items ?? [])
          .map((m) => ({ step: m.step, value: m.value, timestamp: m.timestamp }))
          .sort((a, b) => (a.step ?? 0) - (b.step ?? 0));
        expect(points).toEqual(
          losses.map((value, i) => ({ step: i + 1, value, timestamp: String(1_700_000_000_000 + i) })),
        );
        // The run's own metric is the latest value.
        const metrics = await registry.api.GET(`${BASE}/experiment_runs/{experimentrunId}/artifacts`, {
          params: { path: { experimentrunId: runId }, query: { artifactType: 'metric' } },
        });
        expect(
          metrics.data?.items.map((m) => [m.name, m.artifactType === 'metric' ? m.value : undefined]),
        ).toEqual(
          expect.arrayContaining([
            ['loss', 0.3],
            ['accuracy', 0.88],
          ]),
        );

        const dataset = await run.logDataset({
          name: 'churn-2024-q4',
          uri: 's3://datasets/churn/2024-q4.parquet',
          digest: 'sha256:1f2e',
          sourceType: 's3',
          metadata: { rows: 120_000, deduplicated: true },
        });
        expect(dataset).toMatchObject({
          artifactType: 'dataset-artifact',
          uri: 's3://datasets/churn/2024-q4.parquet',
          digest: 'sha256:1f2e',
          experimentRunId: runId,
        });
        expect(fromCustomProperties(dataset.customProperties)).toEqual({ rows: 120_000, deduplicated: true });

        const ended = await run.end();
        expect(ended.status).toBe('FINISHED');
        expect(Number(ended.endTimeSinceEpoch)).toBeGreaterThanOrEqual(Number(ended.startTimeSinceEpoch));
        const [stored] = await collect(registry.experimentRuns(experiment));
        expect(stored).toMatchObject({ id: runId, status: 'FINISHED', description: 'cron' });
      });
    });

    describe('errors the server answers', () => {
      it('a stage move races another client: 409 STAGE_MISMATCH naming the stage it is in, instead of a move from it', async () => {
        const name = uniqueName('raced');
        await registry.registerModel(aRegistration({ name, version: 'v1' }));
        // Another client moves the version between this SDK's read of it and its move.
        let raced = false;
        const racing = new ModelRegistry({
          url: server.url,
          fetch: async (input, init) => {
            const request = new Request(input, init);
            if (!raced && request.method === 'POST' && request.url.endsWith('/stage')) {
              raced = true;
              await registry.transitionStage(name, 'v1', 'Staging');
            }
            return fetch(request);
          },
        });
        const error = await failureOf(racing.transitionStage(name, 'v1', 'Production'));
        expect(error).toMatchObject({ code: 'STAGE_MISMATCH', status: 409 });
        expect(error.message).toMatch(/is in Staging, not Development/);
        // Read again, the move goes through; `from` states the stage explicitly.
        expect(await racing.transitionStage(name, 'v1', 'Production')).toMatchObject({ stage: 'Production' });
        const stated = await failureOf(registry.transitionStage(name, 'v1', 'Archived', { from: 'Staging' }));
        expect(stated.message).toMatch(/is in Production, not Staging/);
        const history = await registry.stageHistory(name, 'v1');
        expect(history.map((t) => [t.fromStage, t.toStage])).toEqual([
          ['Staging', 'Production'],
          ['Development', 'Staging'],
        ]);
      });

      it('a bad filterQuery is a 400 INVALID_FILTER_QUERY with the request id the server logged', async () => {
        const error = await failureOf(collect(registry.search('accuracy >')));
        expect(error).toMatchObject({ name: 'RegistryError', code: 'INVALID_FILTER_QUERY', status: 400 });
        expect(error.message).toMatch(/position/);
        expect(error.requestId).toMatch(/\S/);
        // The server logs a request once it has answered it: wait for the line, not a time.
        await waitUntil(async () =>
          server.output().includes(`"requestId":"${error.requestId}"`) ? true : undefined,
        );
      });

      it('a version without a name is a 422 in the low-level result, not an exception', async () => {
        const { model } = await registry.registerModel(aRegistration());
        const result = await registry.api.POST(`${BASE}/model_versions`, {
          // The types rightly demand a name; the cast is the point of the test.
          body: { registeredModelId: model.id ?? '' } as ModelVersionCreate,
        });
        expect(result.response.status).toBe(422);
        expect(result.data).toBeUndefined();
        expect(result.error).toMatchObject({
          errorCode: 'REQUIRED_FIELD_MISSING',
          message: expect.stringContaining('name'),
        });
      });
    });
  },
);

describe('failures that are not an error answer of the registry', () => {
  const stubs: StubServer[] = [];
  async function stub(...args: Parameters<typeof startStubServer>): Promise<StubServer> {
    const started = await startStubServer(...args);
    stubs.push(started);
    return started;
  }
  afterEach(async () => {
    vi.unstubAllEnvs();
    await Promise.all(stubs.splice(0).map((s) => s.close()));
  });

  it('a server that never answers is a TIMEOUT after every attempt of a GET', async () => {
    const silent = await stub(() => undefined);
    const registry = new ModelRegistry({ url: silent.url, timeoutMs: 200 });
    const error = await failureOf(registry.getRegisteredModel('churn'));
    expect(error).toMatchObject({ code: 'TIMEOUT', status: 0, requestId: undefined });
    expect(error.message).toContain('200 ms');
    expect(silent.requests).toHaveLength(3);
  });

  it('an address where nothing listens is a NETWORK_ERROR naming the cause', async () => {
    const nobody = await unusedUrl();
    const error = await failureOf(new ModelRegistry({ url: nobody, retries: 0 }).getRegisteredModel('churn'));
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', status: 0 });
    expect(error.message).toContain(nobody);
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.cause).toBeInstanceOf(Error);
    // Port 1 (on fetch's list of blocked ports, which a caller's own fetch refuses before connecting).
    await expect(
      new ModelRegistry({ url: 'http://127.0.0.1:1', retries: 0 }).getRegisteredModel('churn'),
    ).rejects.toMatchObject({ code: 'NETWORK_ERROR', status: 0 });
  });

  it('on Node, without a fetch of its own, calls go through node:http, not the global fetch', async () => {
    // The global fetch (undici) costs a short-lived process about 0.1 s on its first connection.
    const server = await stub((_request, response) => answerJson(response, 200, { id: '7', name: 'churn' }));
    const globalFetch = vi.spyOn(globalThis, 'fetch');
    try {
      const model = await new ModelRegistry({ url: server.url }).getRegisteredModel('churn');
      expect(model).toMatchObject({ id: '7', name: 'churn' });
      expect(globalFetch).not.toHaveBeenCalled();
      // A fetch of the caller's own is used as given.
      await new ModelRegistry({ url: server.url, fetch: globalThis.fetch }).getRegisteredModel('churn');
      expect(globalFetch).toHaveBeenCalled();
    } finally {
      globalFetch.mockRestore();
    }
  });

  it('retries a GET after 503s and succeeds on the third attempt', async () => {
    const flaky = await stub((request, response, seen) => {
      if (seen.length <= 2)
        return answerJson(response, 503, { code: 'Service Unavailable', message: 'restarting' });
      answerJson(response, 200, { id: '7', name: 'churn', state: 'LIVE' });
    });
    const model = await new ModelRegistry({ url: flaky.url }).getRegisteredModel('churn');
    expect(model).toMatchObject({ id: '7', name: 'churn' });
    expect(flaky.requests.map((r) => r.method)).toEqual(['GET', 'GET', 'GET']);
  });

  it('never retries a POST: a 503 on create is reported at once', async () => {
    const flaky = await stub((request, response) => {
      if (request.method === 'GET')
        return answerJson(response, 404, { code: 'Not Found', message: 'no model' });
      answerJson(response, 503, { code: 'Service Unavailable', message: 'database is restarting' });
    });
    const error = await failureOf(new ModelRegistry({ url: flaky.url }).registerModel(aRegistration()));
    expect(error).toMatchObject({
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
      message: 'database is restarting',
    });
    expect(flaky.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('an answer that is not JSON is no registry: its status, never the page (issue 15)', async () => {
    const proxy = await stub((request, response) => {
      const status = request.url?.includes('/registered_models') ? 502 : 200;
      response.writeHead(status, { 'content-type': 'text/html' });
      response.end('<html><body>Sign in to continue</body></html>');
    });
    const registry = new ModelRegistry({ url: proxy.url, retries: 0 });
    const invalid = await failureOf(registry.getRegisteredModel('churn'));
    expect(invalid).toMatchObject({
      code: 'NOT_A_REGISTRY',
      status: 200,
      message: `not a modelreg or Kubeflow Model Registry server at ${proxy.url} (HTTP 200)`,
    });
    const webServer = await stub((_request, response) => {
      response.writeHead(404, { 'content-type': 'text/html' });
      response.end('<html><body><h1>Not Found</h1></body></html>');
    });
    const missing = await failureOf(new ModelRegistry({ url: webServer.url }).getRegisteredModel('churn'));
    expect(missing).toMatchObject({
      code: 'NOT_A_REGISTRY',
      status: 404,
      message: `not a modelreg or Kubeflow Model Registry server at ${webServer.url} (HTTP 404)`,
    });

    const badGateway = await failureOf(collect(registry.registeredModels()));
    expect(badGateway).toMatchObject({ code: 'HTTP_502', status: 502 });
    expect(badGateway.message).toContain(`HTTP 502 Bad Gateway from ${proxy.url}`);
    expect(badGateway.message).not.toContain('Sign in');
  });

  describe('the bearer token', () => {
    async function echo(): Promise<StubServer> {
      return stub((request, response) =>
        answerJson(response, 200, { items: [], nextPageToken: '', size: 0 }),
      );
    }

    it('is sent from the token option by the high-level and the low-level client', async () => {
      const server = await echo();
      const registry = new ModelRegistry({ url: server.url, token: 's3cret-option' });
      await collect(registry.registeredModels());
      await registry.api.GET(`${BASE}/registered_models`);
      expect(server.requests.map((r) => r.authorization)).toEqual([
        'Bearer s3cret-option',
        'Bearer s3cret-option',
      ]);
    });

    it('is read from MODELREG_TOKEN when no option is given; the option wins over it', async () => {
      const server = await echo();
      vi.stubEnv('MODELREG_TOKEN', 's3cret-env');
      vi.stubEnv('MODELREG_URL', `${server.url}/`);
      const fromEnv = new ModelRegistry();
      expect(fromEnv.url).toBe(server.url);
      await collect(fromEnv.experiments());
      await new ModelRegistry({ token: 'explicit' }).api.GET(`${BASE}/experiments`);
      vi.stubEnv('MODELREG_TOKEN', '');
      await collect(new ModelRegistry().experiments());
      expect(server.requests.map((r) => r.authorization)).toEqual([
        'Bearer s3cret-env',
        'Bearer explicit',
        undefined,
      ]);
    });
  });

  it("a caller's AbortSignal cancels the request at once: no retry, and not reported as a TIMEOUT", async () => {
    // Aborted once the server holds the request. The request timeout is far longer than the
    // test's own: a cancel that waited for it (or retried) would fail the test, without timing it.
    const controller = new AbortController();
    const silent = await stub(() => controller.abort());
    const registry = new ModelRegistry({ url: silent.url, timeoutMs: 600_000 });
    await expect(
      registry.api.GET(`${BASE}/registered_models`, { signal: controller.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(silent.requests).toHaveLength(1);
  });
});
