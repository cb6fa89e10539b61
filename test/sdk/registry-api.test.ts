import { API_BASE, createRegistryApi, type RegistryApi } from '@modelreg/client';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { uniqueName } from './support/builders.js';
import { missingBuild, startModelreg, type ModelregProcess } from './support/modelreg-process.js';

const skipReason = missingBuild();

describe.skipIf(skipReason !== undefined)(
  `createRegistryApi against \`modelreg serve\`${skipReason === undefined ? '' : ` (${skipReason})`}`,
  () => {
    let server: ModelregProcess;
    let api: RegistryApi;

    beforeAll(async () => {
      server = await startModelreg();
      api = createRegistryApi({ url: server.url });
    });
    afterAll(async () => {
      await server?.stop();
    });
    afterEach(() => {
      vi.unstubAllEnvs();
    });

    it('creates with POST, reads with GET, changes with PATCH and removes with DELETE', async () => {
      const name = uniqueName('low-level');
      const created = await api.POST(`${API_BASE}/registered_models`, {
        body: {
          name,
          owner: 'alice',
          customProperties: { team: { metadataType: 'MetadataStringValue', string_value: 'fraud' } },
        },
      });
      expect(created.response.status).toBe(201);
      const id = created.data?.id ?? '';
      expect(id).toMatch(/^\d+$/);
      const path = { registeredmodelId: id };

      const read = await api.GET(`${API_BASE}/registered_models/{registeredmodelId}`, { params: { path } });
      expect(read.data).toMatchObject({ id, name, owner: 'alice' });
      const found = await api.GET(`${API_BASE}/registered_model`, { params: { query: { name } } });
      expect(found.data?.id).toBe(id);

      const patched = await api.PATCH(`${API_BASE}/registered_models/{registeredmodelId}`, {
        params: { path },
        body: { description: 'updated by the low-level client', state: 'ARCHIVED' },
      });
      expect(patched.response.status).toBe(200);
      expect(patched.data).toMatchObject({
        description: 'updated by the low-level client',
        state: 'ARCHIVED',
      });

      const deleted = await api.DELETE(`${API_BASE}/registered_models/{registeredmodelId}`, {
        params: { path },
      });
      expect(deleted.response.status).toBe(204);
      expect(deleted.error).toBeUndefined();

      const gone = await api.GET(`${API_BASE}/registered_models/{registeredmodelId}`, { params: { path } });
      expect(gone.response.status).toBe(404);
      expect(gone.error).toMatchObject({ errorCode: 'REGISTERED_MODEL_NOT_FOUND' });
      // The document's Error schema has only Kubeflow's code and message; our two fields are untyped.
      const requestId = (gone.error as { requestId?: string } | undefined)?.requestId;
      expect(requestId).toMatch(/\S/);
      expect(requestId).toBe(gone.response.headers.get('x-request-id'));
    });

    it('lists with typed query parameters and takes its URL from MODELREG_URL', async () => {
      vi.stubEnv('MODELREG_URL', server.url);
      const fromEnvironment = createRegistryApi();
      const prefix = uniqueName('listed');
      for (const suffix of ['a', 'b', 'c']) {
        await fromEnvironment.POST(`${API_BASE}/experiments`, { body: { name: `${prefix}-${suffix}` } });
      }
      const page = await fromEnvironment.GET(`${API_BASE}/experiments`, {
        params: {
          query: {
            filterQuery: `name LIKE '${prefix}-%'`,
            orderBy: 'NAME',
            sortOrder: 'DESC',
            pageSize: '2',
          },
        },
      });
      expect(page.data?.items.map((e) => e.name)).toEqual([`${prefix}-c`, `${prefix}-b`]);
      expect(page.data?.nextPageToken).not.toBe('');
    });
  },
);
