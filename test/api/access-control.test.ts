import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type ApiResponse, type RegistryHarness } from '../support/registry-harness.js';
import { announceSkips, DATABASE_TARGETS } from '../support/test-databases.js';

// What each role may do on each operation is the permission matrix's (permission-matrix.test.ts);
// here: tokens themselves, restricted lists, and what deleting a model takes with it.

type Entity = Record<string, unknown> & { id: string; name: string };
type Caller = 'anonymous' | 'viewer' | 'editor' | 'promoter' | 'admin';

type Attempt = (
  send: (method: string, path: string, body?: unknown) => Promise<ApiResponse>,
) => Promise<ApiResponse>;
/** Runs an attempt as some caller. */
type Runner = (attempt: Attempt) => Promise<ApiResponse>;

let counter = 0;
const fresh = (prefix: string) => `${prefix}-${++counter}`;

const created = async (admin: Runner, path: string, body: unknown) =>
  (await admin((r) => r('POST', path, body))).body as Entity;

interface Fixture {
  model: Entity;
  version: Entity;
  artifact: Entity;
}

announceSkips();
for (const target of DATABASE_TARGETS) {
  describe.skipIf(target.skipReason !== undefined)(`access control with API tokens [${target.name}]`, () => {
    let h: RegistryHarness;
    const tokens = {} as Record<Exclude<Caller, 'anonymous'>, string>;
    const as =
      (caller: Caller): Runner =>
      (run) =>
        run((method, path, body) => {
          const headers: Record<string, string> =
            caller === 'anonymous' ? {} : { authorization: `Bearer ${tokens[caller]}` };
          // File bytes go as they are; the answers of downloads are bytes too.
          return body instanceof Uint8Array || /\/(files\/|content\.tar)/.test(path)
            ? h.bytes(method, path, body as Uint8Array | undefined, headers)
            : h.request(method, path, body, headers);
        });
    let fixture: Fixture;

    beforeAll(async () => {
      h = await startHarness(target.name, { config: { auth: 'token' } });
      for (const role of ['viewer', 'editor', 'promoter', 'admin'] as const) {
        tokens[role] = await h.createToken({ name: `${role}-token`, role });
      }
      const admin = as('admin');
      const model = await created(admin, 'registered_models', { name: 'guarded' });
      const version = await created(admin, 'model_versions', { name: 'v1', registeredModelId: model.id });
      const artifact = await created(admin, `model_versions/${version.id}/artifacts`, {
        artifactType: 'model-artifact',
        name: 'guarded',
        uri: 's3://g',
      });
      fixture = { model, version, artifact };
    });
    afterAll(async () => {
      await h.close();
    });

    // Not on SQLite: its transactions hold the database's write lock from BEGIN IMMEDIATE and
    // lock no row (no FOR UPDATE to count).
    it.skipIf(target.name === 'sqlite')(
      "locks no model for an artifact it refuses, and the version's model once for one it allows",
      async () => {
        // An editor of another model who may read this one: whether it may write here depends on
        // the version's model, which the request's authorization reads, without a lock.
        const other = await created(as('admin'), 'registered_models', { name: fresh('other') });
        const subject = fresh('editor-elsewhere');
        const elsewhere = await h.createToken({
          name: subject,
          role: 'editor',
          registeredModelId: Number(other.id),
        });
        await h.grant({
          principalType: 'user',
          principal: subject,
          role: 'viewer',
          registeredModelId: Number(fixture.model.id),
        });
        const post = async (headers: Record<string, string>) => {
          let status: number | undefined;
          const sql = await h.sqlDuring(async () => {
            const answer = await h.request(
              'POST',
              `model_versions/${fixture.version.id}/artifacts`,
              { artifactType: 'model-artifact', name: fresh('artifact'), uri: 's3://g' },
              headers,
            );
            status = answer.status;
          });
          return { status, locks: sql.filter((q) => /registered_model.*for update/is.test(q)) };
        };
        // Read without a lock, then refused (the refusal's audit event still takes the audit
        // chain's lock).
        expect(await post({ authorization: `Bearer ${elsewhere}` })).toEqual({ status: 403, locks: [] });
        // A global editor's roles allow it anyway: the model is locked once.
        const allowed = await post({ authorization: `Bearer ${tokens.editor}` });
        expect(allowed.status).toBe(201);
        expect(allowed.locks).toHaveLength(1);
      },
    );

    it('refuses an unknown, malformed, revoked or expired token with 401', async () => {
      const bearer = (token: string) =>
        h.request('GET', 'registered_models', undefined, { authorization: `Bearer ${token}` });
      expect((await bearer('mrt_999999_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).status).toBe(401);
      expect((await bearer('not-a-token')).status).toBe(401);
      const stolen = tokens.viewer.slice(0, -2) + (tokens.viewer.endsWith('AA') ? 'BB' : 'AA');
      expect((await bearer(stolen)).body['errorCode']).toBe('INVALID_TOKEN');
      const made = await as('admin')((r) => r('POST', 'tokens', { name: 'short-lived', role: 'viewer' }));
      const secret = String(made.body['token']);
      expect((await bearer(secret)).status).toBe(200);
      expect((await as('admin')((r) => r('DELETE', `tokens/${String(made.body['id'])}`))).status).toBe(204);
      expect((await bearer(secret)).status).toBe(401);
      const listed = await as('admin')((r) => r('GET', 'tokens'));
      const entry = (listed.body['items'] as Entity[]).find((t) => t.name === 'short-lived');
      expect(entry?.['state']).toBe('REVOKED');
      expect(JSON.stringify(listed.body)).not.toContain(secret.slice(secret.indexOf('_', 4) + 1));
      const expiring = await as('admin')((r) =>
        r('POST', 'tokens', { name: 'expiring', role: 'viewer', expiresInSeconds: 1 }),
      );
      expect((await bearer(String(expiring.body['token']))).status).toBe(200);
      h.advanceClock(1100);
      expect((await bearer(String(expiring.body['token']))).status).toBe(401);
    });

    it('shows a viewer of one model only that model, filtered in the query', async () => {
      const admin = as('admin');
      const other = await created(admin, 'registered_models', { name: 'secret-model' });
      await created(admin, 'model_versions', { name: 'v1', registeredModelId: other.id });
      const scoped = await h.createToken({
        name: 'scoped-viewer',
        role: 'viewer',
        registeredModelId: Number(fixture.model.id),
      });
      const call = (path: string) => h.request('GET', path, undefined, { authorization: `Bearer ${scoped}` });
      const models = (await call('registered_models')).body['items'] as Entity[];
      expect(models.map((m) => m.name)).toEqual(['guarded']);
      const versions = (await call('model_versions')).body['items'] as Entity[];
      expect(versions.length).toBeGreaterThan(0);
      expect(new Set(versions.map((v) => v['registeredModelId']))).toEqual(new Set([fixture.model.id]));
      const artifacts = (await call('artifacts')).body['items'] as Entity[];
      expect(artifacts.map((a) => a.id)).toContain(fixture.artifact.id);
      // Another model is as absent as one that does not exist: no 403 confirms it is there.
      expect((await call(`registered_models/${other.id}`)).status).toBe(404);
      expect((await call('registered_model?name=secret-model')).status).toBe(404);
      expect((await call('registered_model?name=no-such-model')).status).toBe(404);
      expect((await call('experiments')).body['items'] as Entity[]).toEqual([]);
      expect((await call(`registered_models/${fixture.model.id}`)).status).toBe(200);
    });

    it('deletes a model together with its policies, grants, approvals and model-scoped tokens', async () => {
      const admin = as('admin');
      const model = await created(admin, 'registered_models', { name: fresh('retired') });
      const version = await created(admin, 'model_versions', { name: 'v1', registeredModelId: model.id });
      await admin((r) =>
        r('PUT', `registered_models/${model.id}/policies/Production`, {
          conditions: [{ type: 'approvals', count: 1 }],
        }),
      );
      await admin((r) => r('POST', `model_versions/${version.id}/approvals`, { stage: 'Production' }));
      await admin((r) =>
        r('POST', 'grants', {
          principalType: 'user',
          principal: 'erin',
          role: 'editor',
          registeredModelId: model.id,
        }),
      );
      const scoped = await admin((r) =>
        r('POST', 'tokens', { name: fresh('scoped'), role: 'viewer', registeredModelId: model.id }),
      );
      expect(scoped.status).toBe(201);
      const deleted = await admin((r) => r('DELETE', `registered_models/${model.id}`));
      expect(deleted.status, JSON.stringify(deleted.body)).toBe(204);
      const grants = (await admin((r) => r('GET', 'grants'))).body['items'] as Entity[];
      expect(grants.filter((g) => g['registeredModelId'] === model.id)).toEqual([]);
      const tokens = (await admin((r) => r('GET', 'tokens'))).body['items'] as Entity[];
      expect(tokens.filter((t) => t['registeredModelId'] === model.id)).toEqual([]);
      expect(
        (
          await h.request('GET', 'whoami', undefined, {
            authorization: `Bearer ${String(scoped.body['token'])}`,
          })
        ).status,
      ).toBe(401);
    });

    it("lets a model's owner administer it, and a grant give a group a role", async () => {
      const owned = await created(as('admin'), 'registered_models', { name: 'owned', owner: 'carol' });
      const carol = await h.createToken({ name: 'carol', role: 'viewer' });
      const asCarol = (method: string, path: string, body?: unknown) =>
        h.request(method, path, body, { authorization: `Bearer ${carol}` });
      expect((await asCarol('PATCH', `registered_models/${owned.id}`, { description: 'mine' })).status).toBe(
        200,
      );
      expect(
        (await asCarol('PATCH', `registered_models/${fixture.model.id}`, { description: 'not mine' })).status,
      ).toBe(403);
      const grant = await asCarol('POST', 'grants', {
        principalType: 'user',
        principal: 'dave',
        role: 'editor',
        registeredModelId: owned.id,
      });
      expect(grant.status).toBe(201);
      expect(
        (await asCarol('POST', 'grants', { principalType: 'user', principal: 'dave', role: 'editor' }))
          .status,
      ).toBe(403);
      expect((await asCarol('DELETE', `registered_models/${owned.id}`)).status).toBe(204);
    });
  });
}
