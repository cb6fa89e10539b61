import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { apiCall, modelreg, startServer, type RunningServer } from '../cli/support/modelreg-process.js';
import { FAKE_TOKEN, FakeKubeApi } from '../support/fake-kube-api.js';
import { crdValidator } from './support/crd-schema.js';
import { strayObject, type StatusName } from './support/cluster-objects.js';

const BUILT = existsSync(new URL('../../packages/cli/dist/main.js', import.meta.url));
if (!BUILT) console.log('skipping the KServe CLI tests: packages/cli/dist is missing (npm run build)');

const STATUSES = parse(
  readFileSync(new URL('./fixtures/inference-service-statuses.yaml', import.meta.url), 'utf8'),
) as Record<StatusName, { status: Record<string, unknown> }>;
const validate = crdValidator('kserve-inferenceservice-crd.yaml');
const ISVCS = '/apis/serving.kserve.io/v1beta1/namespaces';

type Drift = { kind: string; namespace: string; name: string };
type Report = {
  namespace: string;
  services: { name: string; ready: string; failure?: { reason?: string } }[];
  drift: Drift[];
};

describe.skipIf(!BUILT)(
  'modelreg deploy --target kserve and deployments sync, against a fake Kubernetes API',
  () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'modelreg-kserve-'));
    /** The status KServe reports for each InferenceService, by namespace/name (none: no status yet). */
    const statusOf = new Map<string, StatusName>();
    const kube = new FakeKubeApi((namespace, name) => {
      const status = statusOf.get(`${namespace}/${name}`);
      return status === undefined ? undefined : STATUSES[status].status;
    });
    let server: RunningServer;
    let env: Record<string, string>;
    const run = (args: string[]) => modelreg([...args, '--url', server.url], env);
    const ok = async (args: string[]) => {
      const result = await run(args);
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
      return result.stdout;
    };
    const patches = () => kube.requests.filter((r) => r.method === 'PATCH');

    beforeAll(async () => {
      const url = await kube.start();
      env = { KUBECONFIG: kube.writeKubeconfig(url), NO_PROXY: '127.0.0.1', no_proxy: '127.0.0.1' };
      server = await startServer(dataDir, [], { MODELREG_PRODUCTION_NAMESPACES: 'prod' });
      for (const version of ['v1', 'v2']) {
        await ok([
          'register',
          '--name',
          'fraud',
          '--version',
          version,
          '--uri',
          `s3://models/fraud/${version}`,
          '--format',
          'sklearn',
          '--format-version',
          '1',
        ]);
      }
      await ok(['alias', 'set', 'fraud', 'champion', 'v1']);
    });
    afterAll(async () => {
      await server?.stop();
      await kube.stop();
    });
    beforeEach(() => {
      kube.requests.length = 0;
    });

    it('--dry-run prints a schema-valid InferenceService and talks to no cluster', async () => {
      const yaml = await ok([
        'deploy',
        'fraud',
        'v1',
        '--target',
        'kserve',
        '--namespace',
        'team-a',
        '--mode',
        'Standard',
        '--dry-run',
      ]);
      const manifest = parse(yaml) as Record<string, unknown>;
      expect(validate(manifest)).toEqual([]);
      expect(manifest).toMatchObject({
        metadata: {
          name: 'fraud',
          namespace: 'team-a',
          annotations: { 'serving.kserve.io/deploymentMode': 'Standard' },
        },
        spec: { predictor: { model: { storageUri: 'model-registry://fraud/v1' } } },
      });
      expect(
        JSON.parse(
          await ok([
            'deploy',
            'fraud',
            'v1',
            '--target',
            'kserve',
            '--namespace',
            'team-a',
            '--mode',
            'Standard',
            '--dry-run',
            '--json',
          ]),
        ),
      ).toEqual(manifest);
      expect(kube.requests).toEqual([]);
    });

    it('--apply sends one server-side apply PATCH and records the deployment with the served URL', async () => {
      statusOf.set('team-a/fraud', 'ready-knative-canary');
      const out = JSON.parse(
        await ok([
          'deploy',
          'fraud',
          'v1',
          '--target',
          'kserve',
          '--namespace',
          'team-a',
          '--apply',
          '--json',
        ]),
      ) as {
        deployment: Record<string, unknown>;
      };
      expect(patches()).toHaveLength(1);
      const [patch] = patches();
      expect(patch).toMatchObject({
        path: `${ISVCS}/team-a/inferenceservices/fraud`,
        query: { fieldManager: 'modelreg', force: 'true' },
        contentType: 'application/apply-patch+yaml',
        authorization: `Bearer ${FAKE_TOKEN}`,
      });
      // Exactly these parameters: no dry run, no other strategy.
      expect(patch?.query).toEqual({ fieldManager: 'modelreg', force: 'true' });
      const sent = parse(patch?.body ?? '') as Record<string, unknown>;
      expect(validate(sent)).toEqual([]);
      expect(sent).toMatchObject({
        apiVersion: 'serving.kserve.io/v1beta1',
        kind: 'InferenceService',
        metadata: {
          name: 'fraud',
          namespace: 'team-a',
          labels: { 'modelregistry.kubeflow.org/model-version-id': out.deployment['modelVersionId'] },
        },
      });
      expect(out.deployment).toMatchObject({
        environment: 'team-a',
        inferenceService: 'fraud',
        endpoint: 'http://fraud.team-a.example.com',
      });
      const history = JSON.parse(await ok(['history', 'fraud', '--json'])) as {
        deployments: Record<string, unknown>[];
      };
      expect(history.deployments[0]).toMatchObject({
        action: 'deploy',
        environment: 'team-a',
        version: 'v1',
      });
    });

    it('a canary goes out as canaryTrafficPercent and --promote-canary sends all traffic to it, each recorded', async () => {
      await ok([
        'deploy',
        'fraud',
        'v2',
        '--target',
        'kserve',
        '--namespace',
        'team-a',
        '--canary',
        '10',
        '--apply',
      ]);
      const canary = parse(patches()[0]?.body ?? '') as { spec: { predictor: Record<string, unknown> } };
      expect(canary.spec.predictor['canaryTrafficPercent']).toBe(10);
      await ok([
        'deploy',
        'fraud',
        '--target',
        'kserve',
        '--namespace',
        'team-a',
        '--promote-canary',
        '--apply',
      ]);
      const promoted = parse(patches()[1]?.body ?? '') as {
        metadata: { annotations: Record<string, string> };
        spec: { predictor: Record<string, unknown> };
      };
      expect(promoted.spec.predictor['canaryTrafficPercent']).toBeUndefined();
      expect(promoted.metadata.annotations['modelreg.dev/version']).toBe('v2');
      expect(patches()).toHaveLength(2);
      const again = await run([
        'deploy',
        'fraud',
        '--target',
        'kserve',
        '--namespace',
        'team-a',
        '--rollback',
        '--apply',
      ]);
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/no canary/);
      expect(patches()).toHaveLength(2);
    });

    it('refusals change nothing: a production namespace, an unreachable cluster', async () => {
      const prod = await run([
        'deploy',
        'fraud',
        'v1',
        '--target',
        'kserve',
        '--namespace',
        'prod',
        '--apply',
      ]);
      expect(prod.code).toBe(1);
      expect(prod.stderr).toMatch(
        /production namespace.*not Production \(412 PRODUCTION_NAMESPACE_NEEDS_PRODUCTION_STAGE\)/,
      );
      const away = await run([
        'deploy',
        'fraud',
        'v1',
        '--target',
        'kserve',
        '--namespace',
        'team-c',
        '--apply',
        '--context',
        'elsewhere',
      ]);
      expect(away.code).toBe(1);
      expect(away.stderr).toMatch(/^modelreg: .*(ECONNREFUSED|connect)/);
      expect(patches()).toEqual([]);
      expect((await apiCall(server, 'GET', 'serving_environment?name=team-c')).status).toBe(404);
      const usage = await run(['deploy', 'fraud', 'v1', '--target', 'kserve', '--namespace', 'team-c']);
      expect(usage.code).toBe(2);
    });

    it('sync records ready, loading and failed services; three planted drifts are each reported once, with exit 1', async () => {
      statusOf.set('team-b/fraud-loading', 'not-ready-loading');
      statusOf.set('team-b/fraud-broken', 'failed-load');
      statusOf.set('team-b/fraud-champ', 'ready-knative-canary');
      for (const [name, version] of [
        ['fraud-loading', 'v1'],
        ['fraud-broken', 'v1'],
        ['fraud-champ', '@champion'],
      ] as const) {
        await ok([
          'deploy',
          'fraud',
          version,
          '--target',
          'kserve',
          '--namespace',
          'team-b',
          '--name',
          name,
          '--apply',
        ]);
      }
      const clean = await run(['deployments', 'sync', '--namespace', 'team-a,team-b', '--json']);
      expect(clean.code, clean.stderr).toBe(0);
      const lists = kube.requests.filter((r) => r.method === 'GET').map((r) => r.path);
      expect(lists).toEqual([`${ISVCS}/team-a/inferenceservices`, `${ISVCS}/team-b/inferenceservices`]);
      const reports = (JSON.parse(clean.stdout) as { items: Report[] }).items;
      expect(reports.flatMap((r) => r.drift)).toEqual([]);
      const teamB = reports.find((r) => r.namespace === 'team-b');
      expect(teamB?.services.map((s) => `${s.name} ${s.ready} ${s.failure?.reason ?? ''}`).sort()).toEqual([
        'fraud-broken False ModelLoadFailed',
        'fraud-champ True ',
        'fraud-loading False ',
      ]);
      expect(await serveState('team-b', 'fraud-broken')).toBe('FAILED');
      expect(await serveState('team-b', 'fraud-loading')).toBe('NEW');
      expect(await serveState('team-b', 'fraud-champ')).toBe('RUNNING');

      // Three drifts: one service gone, one the registry never deployed, an alias moved away.
      kube.remove('team-b', 'fraud-loading');
      kube.plant(strayObject('team-b', 'stray'));
      await ok(['alias', 'set', 'fraud', 'champion', 'v2']);
      const drifted = await run(['deployments', 'sync', '--namespace', 'team-a,team-b', '--json']);
      expect(drifted.code).toBe(1);
      expect(drifted.stderr).toBe('modelreg: 3 drifts between the registry and the cluster\n');
      const drift = (JSON.parse(drifted.stdout) as { items: Report[] }).items.flatMap((r) => r.drift);
      expect(drift.map((d) => `${d.kind} ${d.namespace}/${d.name}`).sort()).toEqual([
        'ALIAS_MOVED team-b/fraud-champ',
        'NOT_SERVED team-b/fraud-loading',
        'UNKNOWN_SERVED team-b/stray',
      ]);
      const human = await run(['deployments', 'sync', '--namespace', 'team-b']);
      expect(human.code).toBe(1);
      expect(human.stdout.match(/^drift /gm)).toHaveLength(3);
      // The drift is in team-b: team-a alone is in step.
      expect((await run(['deployments', 'sync', '--namespace', 'team-a'])).code).toBe(0);
      // The last report of each namespace, through the API, as the UI reads it.
      const stored = await apiCall<{ items: Report[] }>(server, 'GET', 'kserve_sync?namespace=team-b');
      expect(stored.body.items[0]?.drift).toHaveLength(3);
    });

    async function serveState(namespace: string, name: string): Promise<unknown> {
      const envId = (await apiCall<{ id: string }>(server, 'GET', `serving_environment?name=${namespace}`))
        .body.id;
      const isvc = await apiCall<{ id: string }>(
        server,
        'GET',
        `inference_service?name=${name}&parentResourceId=${envId}`,
      );
      const serves = await apiCall<{ items: { lastKnownState: string }[] }>(
        server,
        'GET',
        `inference_services/${isvc.body.id}/serves`,
      );
      return serves.body.items[0]?.lastKnownState;
    }
  },
);
