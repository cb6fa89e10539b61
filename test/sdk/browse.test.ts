import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelRegistry, isRegistryError } from '@modelreg/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aRegistration, uniqueName } from './support/builders.js';
import { missingBuild, startModelreg, type ModelregProcess } from './support/modelreg-process.js';

const skipReason = missingBuild();

describe.skipIf(skipReason !== undefined)(
  `registry.browse against \`modelreg serve\`${skipReason === undefined ? '' : ` (${skipReason})`}`,
  () => {
    let server: ModelregProcess;
    let registry: ModelRegistry;
    let dir: string;

    beforeAll(async () => {
      server = await startModelreg();
      registry = new ModelRegistry({ url: server.url, author: 'alice' });
      dir = mkdtempSync(join(tmpdir(), 'modelreg-browse-'));
    });
    afterAll(async () => {
      await server?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('sends a filter too long for a URL in the body of POST …/search, and finds what it names', async () => {
      const prefix = uniqueName('long-filter');
      await registry.registerModel(aRegistration({ name: `${prefix}-wanted` }));
      // 900 accented decoys: a filterQuery under 10,000 characters, a URL over 16 KiB.
      const decoys = Array.from({ length: 900 }, (_, i) => `'é${i}é'`);
      const filterQuery = `name IN (${[...decoys, `'${prefix}-wanted'`].join(',')})`;
      const sent: string[] = [];
      const recording = new ModelRegistry({
        url: server.url,
        fetch: (input, init) => {
          const request = input instanceof Request ? input : undefined;
          const method = init?.method ?? request?.method ?? 'GET';
          sent.push(`${method} ${new URL(request?.url ?? String(input)).pathname}`);
          return fetch(input, init);
        },
      });
      const found = [];
      for await (const model of recording.search(filterQuery, { over: 'models' })) found.push(model.name);
      expect(found).toEqual([`${prefix}-wanted`]);
      const summaries = await recording.browse.modelSummaries({ filterQuery });
      expect(summaries.items.map((s) => s.registeredModel.name)).toEqual([`${prefix}-wanted`]);
      const modelId = summaries.items[0]?.registeredModel.id ?? '';
      const versionFilter = `name IN (${[...decoys, `'1.0.0'`].join(',')})`;
      const versions = await recording.browse.modelVersionsPage(modelId, { filterQuery: versionFilter });
      expect(versions.items.map((v) => v.name)).toEqual(['1.0.0']);
      expect(sent).toEqual([
        'POST /api/model_registry/v1alpha3/registered_models/search',
        'POST /api/model_registry/v1alpha3/model_summaries/search',
        `POST /api/model_registry/v1alpha3/registered_models/${modelId}/versions/search`,
      ]);
    });

    it('pages model summaries with their tokens, each with its versions summarised', async () => {
      const prefix = uniqueName('summary');
      for (const suffix of ['a', 'b', 'c']) {
        await registry.registerModel(
          aRegistration({ name: `${prefix}-${suffix}`, metrics: { accuracy: 0.9 } }),
        );
      }
      const filterQuery = `name LIKE '${prefix}-%'`;
      const first = await registry.browse.modelSummaries({ filterQuery, orderBy: 'NAME', pageSize: 2 });
      expect(first.items.map((s) => s.registeredModel.name)).toEqual([`${prefix}-a`, `${prefix}-b`]);
      expect(first.items[0]?.latestVersion?.name).toBe('1.0.0');
      const second = await registry.browse.modelSummaries({
        filterQuery,
        orderBy: 'NAME',
        pageSize: 2,
        pageToken: first.nextPageToken,
      });
      expect(second.items.map((s) => s.registeredModel.name)).toEqual([`${prefix}-c`]);
      expect(second.nextPageToken).toBe('');
      const failure = await registry.browse
        .modelSummaries({ filterQuery: 'name = ' })
        .catch((e: unknown) => e);
      expect(isRegistryError(failure) && failure.code).toBe('INVALID_FILTER_QUERY');
    });

    it('pages a model’s versions with their metrics, and reads one by id', async () => {
      const name = uniqueName('versions');
      for (const [version, accuracy] of [
        ['1.0.0', 0.8],
        ['1.1.0', 0.9],
      ] as const) {
        await registry.registerModel(aRegistration({ name, version, metrics: { accuracy } }));
      }
      const model = await registry.getRegisteredModel(name);
      const page = await registry.browse.modelVersionsPage(model!.id!, {
        orderBy: 'CREATE_TIME',
        sortOrder: 'DESC',
        pageSize: 1,
        include: ['metrics'],
      });
      expect(page.items.map((v) => [v.name, v.metrics])).toEqual([['1.1.0', { accuracy: 0.9 }]]);
      expect(page.nextPageToken).not.toBe('');
      expect((await registry.browse.getModelVersionById(page.items[0]!.id!)).name).toBe('1.1.0');
    });

    it('suggests names, checks stage options, approves, and reports permissions', async () => {
      const name = uniqueName('promoted');
      const { version, model } = await registry.registerModel(
        aRegistration({ name, metrics: { browse_f1: 0.7 }, params: { browse_lr: 0.1 } }),
      );
      expect(await registry.browse.searchSuggestions('metric', { prefix: 'browse_' })).toEqual(['browse_f1']);
      expect(await registry.browse.searchSuggestions('param', { prefix: 'browse_' })).toEqual(['browse_lr']);
      await registry.api.PUT(
        '/api/model_registry/v1alpha3/registered_models/{registeredmodelId}/policies/{stage}',
        {
          params: { path: { registeredmodelId: model.id!, stage: 'Production' } },
          body: { conditions: [{ type: 'approvals', count: 1 }] },
        },
      );
      expect((await registry.browse.policies(model.id!)).map((p) => p.stage)).toEqual(['Production']);
      const before = await registry.browse.stageOptions(version.id!);
      expect(before.options.find((o) => o.stage === 'Production')?.ready).toBe(false);
      const approvals = await registry.browse.approve(version.id!, 'Production', 'ship it');
      expect(approvals.map((a) => [a.actor, a.comment])).toEqual([['anonymous', 'ship it']]);
      const after = await registry.browse.stageOptions(version.id!);
      expect(after.options.find((o) => o.stage === 'Production')?.ready).toBe(true);
      expect(await registry.browse.permissions(model.id!)).toEqual({
        global: ['read', 'write', 'promote', 'admin'],
        model: ['read', 'write', 'promote', 'admin'],
      });
    });

    it('reads alias history, audit pages, metric history and a stored file', async () => {
      const name = uniqueName('files');
      writeFileSync(join(dir, 'weights.bin'), 'twelve bytes');
      const { version } = await registry.registerModel({ name, version: 'v1', files: dir });
      await registry.moveAliases(name, { champion: 'v1' });
      const model = await registry.getRegisteredModel(name);
      expect((await registry.browse.aliasHistory(model!.id!)).map((m) => m.alias)).toEqual(['champion']);
      const blob = await registry.browse.downloadFile(version.id!, 'weights.bin');
      expect(await blob.text()).toBe('twelve bytes');
      const audit = await registry.browse.auditEventsPage({ entityType: 'registeredModel', pageSize: 1 });
      expect(audit.items).toHaveLength(1);
      expect(audit.nextPageToken).not.toBe('');
      const run = await registry.startExperimentRun({ experiment: uniqueName('exp') });
      await run.logMetric('loss', 0.5, { step: 1 });
      await run.logMetric('loss', 0.3, { step: 2 });
      const history = await registry.browse.metricHistory(run.run.id!);
      expect(history.map((m) => [Number(m.step), m.value])).toEqual([
        [1, 0.5],
        [2, 0.3],
      ]);
    });
  },
);
