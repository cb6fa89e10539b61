import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { damageDisk, sha256 } from '../support/corruption.js';
import { startHarness, type RegistryHarness } from '../support/registry-harness.js';
import { announceSkips, DATABASE_TARGETS } from '../support/test-databases.js';

// The registry report (issue 14, acceptance 3): on a registry seeded with one planted instance of
// every finding, each is reported exactly once and nothing else. Time is the harness's clock,
// moved back to plant what is stale: no sleeps.

type Entity = Record<string, unknown> & { id: string; name: string };
interface Finding {
  kind: string;
  severity: string;
  entity: { type: string; id: string; name: string };
  why: string;
  fix: string;
}

const DAY = 24 * 3600 * 1000;
const NOW = Date.UTC(2026, 10, 20, 12);

announceSkips();
for (const target of DATABASE_TARGETS) {
  describe.skipIf(target.skipReason !== undefined)(`the registry report [${target.name}]`, () => {
    let now = NOW;
    let api: RegistryHarness;
    let corruptRunId = '';

    const ok = async <T = Entity>(method: string, path: string, body?: unknown): Promise<T> => {
      const response = await api.request<T>(method, path, body);
      expect(response.status, `${method} ${path}: ${JSON.stringify(response.body)}`).toBeLessThan(300);
      return response.body;
    };
    /** A model with one version registered whole: lineage, metrics and a reachable URI unless left out ('': no URI). */
    const register = async (
      model: string,
      version: string,
      leave: { lineage?: boolean; metrics?: boolean; uri?: string } = {},
    ) => {
      const registered = await ok<{ registeredModel: Entity; modelVersion: Entity }>(
        'POST',
        'registrations',
        {
          registeredModel: { name: model },
          modelVersion: { name: version },
          ...(leave.uri === ''
            ? {}
            : { modelArtifact: { uri: leave.uri ?? `s3://models/${model}/${version}` } }),
          ...(leave.metrics === false ? {} : { metrics: [{ name: 'accuracy', value: 0.9 }] }),
          ...(leave.lineage === false
            ? {}
            : {
                code: { repository: 'https://git.example/ml', commit: 'abc123' },
                datasets: [{ name: 'train', uri: 's3://data/train' }],
              }),
        },
      );
      return { model: registered.registeredModel, version: registered.modelVersion };
    };
    const stage = (version: Entity, to: string) =>
      ok('POST', `model_versions/${version.id}/stage`, { stage: to });
    const deploy = (model: Entity, version: Entity, environment: string) =>
      ok('POST', `registered_models/${model.id}/deployments`, {
        modelVersionId: version.id,
        environment,
        action: 'deploy',
      });
    const report = async (query = '') =>
      (await ok<{ findings: Finding[] }>('GET', `report${query}`)).findings;

    beforeAll(async () => {
      api = await startHarness(target.name, { clock: () => now });
      // 200 days ago: a model nothing happened to since, and a token never used since.
      now = NOW - 200 * DAY;
      await register('idle-model', 'v1');
      await ok('POST', 'tokens', {
        name: 'idle-token',
        role: 'viewer',
        expiresInSeconds: 3 * 365 * 24 * 3600,
      });
      // 40 days ago: a version that went to Staging and stayed there.
      now = NOW - 40 * DAY;
      const waiting = await register('waiting', 'w1');
      await stage(waiting.version, 'Staging');
      now = NOW;

      // A clean model: in Production with everything, deployed.
      const clean = await register('clean', 'c1');
      await stage(clean.version, 'Staging');
      await stage(clean.version, 'Production');
      await deploy(clean.model, clean.version, 'prod');
      // Lifecycle gaps, each on a version in Staging that lacks one thing.
      await stage((await register('no-lineage', 'n1', { lineage: false })).version, 'Staging');
      await stage((await register('no-metrics', 'm1', { metrics: false })).version, 'Staging');
      await stage(
        (await register('no-content', 'x1', { uri: 'file:///home/me/model.onnx' })).version,
        'Staging',
      );
      // Two versions in Production, both deployed.
      const twice = await register('twice', 't1');
      const t2 = await ok<Entity>('POST', 'model_versions', {
        name: 't2',
        registeredModelId: twice.model.id,
      });
      await ok('PUT', `model_versions/${t2.id}/lineage`, {
        code: { repository: 'https://git.example/ml', commit: 'def' },
      });
      await ok('POST', `model_versions/${t2.id}/artifacts`, {
        artifactType: 'metric',
        name: 'accuracy',
        value: 0.91,
      });
      await ok('POST', `model_versions/${t2.id}/artifacts`, {
        artifactType: 'model-artifact',
        name: 'm',
        uri: 's3://models/t2',
      });
      for (const v of [twice.version, t2]) {
        await stage(v, 'Staging');
        await stage(v, 'Production');
        await deploy(twice.model, v, `env-${v.name}`);
      }
      // In Production, deployed nowhere.
      const undeployed = await register('undeployed', 'u1');
      await stage(undeployed.version, 'Staging');
      await stage(undeployed.version, 'Production');
      // Deployed while in Development.
      const early = await register('early', 'e1');
      await deploy(early.model, early.version, 'canary');
      // An alias left on an archived version.
      const aliased = await register('aliased', 'a1');
      await ok('POST', `registered_models/${aliased.model.id}/aliases`, {
        aliases: { champion: aliased.version.id },
      });
      await stage(aliased.version, 'Archived');
      // Content never verified, and content found corrupt.
      for (const name of ['unverified', 'corrupted']) {
        const version = (await register(name, 'f1', { uri: '' })).version;
        const bytes = randomBytes(2048);
        const upload = await ok<Entity>('POST', `model_versions/${version.id}/uploads`, {
          files: [{ path: 'w.bin', size: bytes.length, sha256: sha256(bytes) }],
        });
        expect((await api.bytes('PUT', `uploads/${upload.id}/files/w.bin`, bytes)).status).toBe(200);
        await ok('POST', `uploads/${upload.id}/commit`, {});
        if (name === 'corrupted') {
          damageDisk(api.artifactsDir, bytes, 'flip', 5);
          const run = await ok<{ run: Entity }>('POST', 'verification_runs', { modelVersionId: version.id });
          await ok('POST', `verification_runs/${run.run.id}/step`, {});
        }
      }
      // An MLflow run's file found corrupt while served (through the artifact proxy).
      const experiment = await api.request<{ experiment_id: string }>(
        'POST',
        '/api/2.0/mlflow/experiments/create',
        {
          name: 'report-runs',
        },
      );
      const created = await api.request<{ run: { info: { run_id: string } } }>(
        'POST',
        '/api/2.0/mlflow/runs/create',
        {
          experiment_id: experiment.body.experiment_id,
        },
      );
      corruptRunId = created.body.run.info.run_id;
      const runFile = `/api/2.0/mlflow-artifacts/artifacts/${experiment.body.experiment_id}/${corruptRunId}/artifacts/m/w.bin`;
      const runBytes = randomBytes(3000);
      const put = await api.bytes('PUT', runFile, runBytes, { 'content-length': String(runBytes.length) });
      expect(put.status).toBe(200);
      damageDisk(api.artifactsDir, runBytes, 'flip', 7);
      await expect(api.bytes('GET', runFile)).rejects.toThrow();
      // An admin token without expiry.
      await ok('POST', 'tokens', { name: 'root', role: 'admin' });
      // Tampered with in the database: the chain breaks.
      const db = api.database();
      await sql`update audit_event set actor = 'mallory' where id = (select max(id) - 3 from (select id from audit_event) as a)`.execute(
        db,
      );
    });
    afterAll(async () => {
      await api?.close();
    });

    it('reports each planted finding exactly once, and nothing else', async () => {
      const findings = await report();
      const got = findings.map((f) => `${f.kind} ${f.entity.name}`);
      expect(got).toEqual([
        'version-without-lineage no-lineage n1',
        'version-without-metrics no-metrics m1',
        'version-without-content no-content x1',
        'several-versions-in-production twice',
        'production-not-deployed undeployed u1',
        'deployed-not-in-production early e1',
        'stale-model idle-model',
        'stale-in-staging waiting w1',
        'alias-on-archived-version aliased@champion',
        'content-not-verified unverified f1',
        'content-corrupt corrupted f1: w.bin',
        `content-corrupt run ${corruptRunId}: m/w.bin`,
        'audit-chain-broken audit trail',
        'token-never-expires root',
        'token-unused idle-token',
        'admin root',
      ]);
      for (const f of findings) {
        expect(f.why, f.kind).not.toBe('');
        expect(f.fix, f.kind).toMatch(/modelreg |curl |restore/);
      }
      expect(findings.find((f) => f.kind === 'several-versions-in-production')?.fix).toBe(
        'modelreg stage twice t1 Archived',
      );
      expect(findings.find((f) => f.kind === 'content-corrupt')?.why).toMatch(/sha256 .* does not match/);
    });

    it('takes its thresholds from the request', async () => {
      const kinds = async (query: string) => (await report(query)).map((f) => f.kind);
      // Nothing is 40 days in Staging at a 60-day threshold; at 300 days no model or token is stale.
      expect(await kinds('?stagingDays=60')).not.toContain('stale-in-staging');
      const relaxed = await kinds('?staleModelDays=300&tokenUnusedDays=300');
      expect(relaxed).not.toContain('stale-model');
      expect(relaxed).not.toContain('token-unused');
      expect((await api.get('report?verifyDays=soon')).status).toBe(400);
    });
  });
}
