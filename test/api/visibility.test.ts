import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../packages/server/src/domain/permissions.js';
import { loadServedDocument } from '../../packages/server/src/http/openapi-document.js';
import {
  created,
  fresh,
  seedWorld,
  sender,
  type Entity,
  type Send,
  type World,
} from '../support/access-world.js';
import { startHarness, type RegistryHarness } from '../support/registry-harness.js';

// What a caller may not read is indistinguishable from what does not exist, in every answer;
// and the edges of authentication: what is public, and what a malformed credential gets.

describe('what a caller may not read', () => {
  let h: RegistryHarness;
  let world: World;
  let admin: Send;
  let viewer: Send;
  let globalViewer: Send;

  beforeAll(async () => {
    h = await startHarness('sqlite', { config: { auth: 'token', authFailuresPerMinute: 100_000 } });
    admin = sender(h, {
      label: 'root',
      subject: 'root',
      token: await h.createToken({ name: 'root', role: 'admin' }),
    });
    world = await seedWorld(admin);
    const token = await h.createToken({
      name: 'viewer',
      role: 'viewer',
      registeredModelId: Number(world.a.model.id),
    });
    viewer = sender(h, { label: 'viewer', subject: 'viewer', token });
    const global = await h.createToken({ name: 'global-viewer', role: 'viewer' });
    globalViewer = sender(h, { label: 'global-viewer', subject: 'global-viewer', token: global });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('shows a parent version of another model in a comparison as not visible, without its name or id', async () => {
    // A version of the readable model derived from a version of the other one.
    const child = await created(admin, 'model_versions', {
      name: fresh('child'),
      registeredModelId: world.a.model.id,
    });
    await created(admin, `model_versions/${child.id}/parents`, { parentVersionId: world.b.version.id });
    const compared = await viewer('GET', `comparisons?versionIds=${child.id},${world.a.version.id}`);
    expect(compared.status).toBe(200);
    const parents = (compared.body['lineage'] as { name: string; values: unknown[] }[]).find(
      (row) => row.name === 'parents',
    );
    expect(parents?.values[0]).toBe('derived-from (not visible)');
    const text = JSON.stringify(compared.body);
    expect(text).not.toContain('bravo-secret');
    // Whoever may read it sees it by name.
    const seen = await globalViewer('GET', `comparisons?versionIds=${child.id},${world.a.version.id}`);
    expect(JSON.stringify(seen.body)).toContain(`derived-from bravo-secret:${world.b.version.name}`);
    // The lineage graph leaves it out altogether.
    const graph = await viewer('GET', `lineage?node=modelVersion:${child.id}&direction=upstream`);
    expect(graph.status).toBe(200);
    expect(JSON.stringify(graph.body)).not.toContain('bravo-secret');
    expect((graph.body['nodes'] as Entity[]).map((n) => n['id'])).toEqual([`modelVersion:${child.id}`]);
  });

  it('answers a lineage walk from an experiment run as it answers the run: not there', async () => {
    const run = await viewer('GET', `experiment_runs/${world.run.id}`);
    const walk = await viewer('GET', `lineage?node=experimentRun:${world.run.id}`);
    const absent = await viewer('GET', 'lineage?node=experimentRun:999999');
    expect([run.status, walk.status, absent.status]).toEqual([404, 404, 404]);
    expect(walk.body['errorCode']).toBe(absent.body['errorCode']);
    expect(JSON.stringify(walk.body)).not.toContain('shared-run');
    // From a version the run produced, the run is not in the graph for this caller, and is for a global reader.
    const version3 = (
      (await admin('GET', `registered_models/${world.a.model.id}/versions?name=alpha-v3`)).body[
        'items'
      ] as Entity[]
    )[0] as Entity;
    const limited = await viewer('GET', `lineage?node=modelVersion:${version3.id}&direction=upstream`);
    expect(JSON.stringify(limited.body)).not.toContain('experimentRun');
    const full = await globalViewer('GET', `lineage?node=modelVersion:${version3.id}&direction=upstream`);
    expect(JSON.stringify(full.body)).toContain(`experimentRun:${world.run.id}`);
    expect(JSON.stringify(full.body)).toContain('shared-run');
    // The comparison does not name the run either.
    const compared = await viewer('GET', `comparisons?versionIds=${version3.id},${world.a.version.id}`);
    const run3 = (compared.body['lineage'] as { name: string; values: unknown[] }[]).find(
      (row) => row.name === 'experimentRunId',
    );
    expect(run3?.values).toEqual([null, null]);
  });

  it('answers a find by name of another model exactly as a find of a name that does not exist', async () => {
    const pairs: [string, string][] = [
      [`registered_model?name=${world.b.model.name}`, 'registered_model?name=no-such-model'],
      [
        `model_version?name=${world.b.version.name}&parentResourceId=${world.b.model.id}`,
        `model_version?name=no-such-version&parentResourceId=${world.b.model.id}`,
      ],
      [`inference_service?name=${world.b.isvc.name}`, 'inference_service?name=no-such-service'],
      [`model_artifact?name=${world.b.artifact.name}`, 'model_artifact?name=no-such-artifact'],
    ];
    for (const [existing, missing] of pairs) {
      const [found, notFound] = [await viewer('GET', existing), await viewer('GET', missing)];
      expect([found.status, notFound.status], existing).toEqual([404, 404]);
      expect(found.body['errorCode'], existing).toBe(notFound.body['errorCode']);
    }
    // And a get by id: the other model's answer is the one a missing id gets.
    const byId = await viewer('GET', `registered_models/${world.b.model.id}`);
    const missingId = await viewer('GET', 'registered_models/99999');
    expect([byId.status, missingId.status]).toEqual([404, 404]);
    expect(byId.body['message']).toBe(`no registered model with id ${world.b.model.id}`);
  });

  it('lets no shared cache keep a download when authentication is on, and revalidates each use', async () => {
    const file = await viewer('GET', `model_versions/${world.a.committed.id}/files/a.bin`);
    const tar = await viewer('GET', `model_versions/${world.a.committed.id}/content.tar`);
    for (const answer of [file, tar]) {
      expect(answer.status).toBe(200);
      expect(answer.headers.get('cache-control')).toBe('private, no-cache');
    }
    // Revalidation asks for a credential again: no 304 without one.
    const etag = file.headers.get('etag') ?? '';
    const anonymous = await h.bytes('GET', `model_versions/${world.a.committed.id}/files/a.bin`, undefined, {
      'if-none-match': etag,
    });
    expect(anonymous.status).toBe(401);
  });
});

describe('downloads of the open embedded default', () => {
  let h: RegistryHarness;
  beforeAll(async () => {
    h = await startHarness('sqlite');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('may be kept by any cache: everyone may read everything', async () => {
    const model = (await h.post('registered_models', { name: 'open' })).body;
    const v = (await h.post('model_versions', { name: 'v1', registeredModelId: model['id'] })).body;
    const upload = (
      await h.post(`model_versions/${String(v['id'])}/uploads`, { files: [{ path: 'a.bin', size: 1 }] })
    ).body;
    await h.bytes('PUT', `uploads/${String(upload['id'])}/files/a.bin`, new Uint8Array([1]));
    await h.post(`uploads/${String(upload['id'])}/commit`, {});
    const file = await h.bytes('GET', `model_versions/${String(v['id'])}/files/a.bin`);
    expect(file.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('ignores an Authorization header it has no use for', async () => {
    expect(
      (await h.request('GET', 'whoami', undefined, { authorization: 'Basic dXNlcjpwYXNz' })).status,
    ).toBe(200);
  });
});

describe('authentication edges', () => {
  let h: RegistryHarness;
  beforeAll(async () => {
    h = await startHarness('sqlite', { config: { auth: 'token', authFailuresPerMinute: 100_000 } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('asks for a credential to say who the caller is', async () => {
    const answer = await h.get('whoami');
    expect(answer.status).toBe(401);
    expect(answer.body['errorCode']).toBe('AUTHENTICATION_REQUIRED');
    expect(answer.headers.get('www-authenticate')).toContain('Bearer');
  });

  it('refuses a malformed Authorization header rather than taking the caller for anonymous', async () => {
    for (const authorization of ['Basic dXNlcjpwYXNz', 'Bearer a b', 'Bearer', 'mrt_1_abc', 'Token abc']) {
      const answer = await h.request('GET', 'openapi.yaml', undefined, { authorization });
      expect(answer.status, authorization).toBe(401);
      expect(answer.body['errorCode'], authorization).toBe('MALFORMED_AUTHORIZATION');
    }
  });

  it('refuses a caller without a credential before reading its body', async () => {
    // Not JSON at all: the refusal comes first, whatever the body.
    const answer = await h.request('POST', 'registered_models', '{not json');
    expect(answer.status).toBe(401);
    expect(answer.body['errorCode']).toBe('AUTHENTICATION_REQUIRED');
  });

  it('serves its OpenAPI document to anyone, and says so in the document', async () => {
    expect((await h.get('openapi.yaml')).status).toBe(200);
    const paths = loadServedDocument()['paths'] as Record<
      string,
      Record<string, { operationId?: string; security?: unknown }>
    >;
    for (const item of Object.values(paths)) {
      for (const operation of Object.values(item)) {
        const id = operation.operationId;
        if (id === undefined) continue;
        const isPublic = OPERATIONS[id as keyof typeof OPERATIONS].action === 'public';
        expect(operation.security, id).toEqual(isPublic ? [] : undefined);
      }
    }
  });
});
