import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crdValidator } from '../kserve/support/crd-schema.js';
import { clusterObject, strayObject } from '../kserve/support/cluster-objects.js';
import { KSERVE_SYNC_REPORT_LIST } from '../../packages/server/src/http/wire/kserve.js';
import { startHarness, type RegistryHarness } from '../support/registry-harness.js';
import { announceSkips, DATABASE_TARGETS } from '../support/test-databases.js';

type Entity = Record<string, unknown> & { id: string; name: string };
type Plan = {
  manifest: { metadata: Record<string, unknown>; spec: Record<string, unknown> };
  modelVersionId: string;
  mode: string;
  stableVersionId?: string;
};
type Report = {
  namespace: string;
  services: Record<string, unknown>[];
  drift: { kind: string; name: string; message: string }[];
};

const validate = crdValidator('kserve-inferenceservice-crd.yaml');

announceSkips();
for (const target of DATABASE_TARGETS) {
  describe.skipIf(target.skipReason !== undefined)(
    `KServe deployments through the API [${target.name}]`,
    () => {
      let harness: RegistryHarness;
      let model: Entity;
      const versions: Entity[] = [];
      beforeAll(async () => {
        harness = await startHarness(target.name, { config: { productionNamespaces: 'prod' } });
        model = (await harness.post<Entity>('registered_models', { name: 'fraud' })).body;
        for (const name of ['v1', 'v2', 'v3']) {
          const version = (
            await harness.post<Entity>('model_versions', { name, registeredModelId: model.id })
          ).body;
          await harness.post(`model_versions/${version.id}/artifacts`, {
            artifactType: 'model-artifact',
            name: `fraud-${name}`,
            uri: `s3://models/fraud/${name}?X-Amz-Signature=secret`,
            modelFormatName: 'sklearn',
            modelFormatVersion: '1',
          });
          versions.push(version);
        }
        // v4 holds its files in the registry: it has a sealed content digest.
        const sealed = (
          await harness.post<Entity>('model_versions', { name: 'v4', registeredModelId: model.id })
        ).body;
        await sealContent(harness, sealed.id);
        const artifacts = await harness.get<{ items: Entity[] }>(`model_versions/${sealed.id}/artifacts`);
        const artifact = artifacts.body.items[0] as Entity;
        await harness.patch(`model_artifacts/${artifact.id}`, { modelFormatName: 'sklearn' });
        versions.push(sealed);
      });
      afterAll(async () => {
        await harness?.close();
      });
      const plan = (query: string) =>
        harness.get<Plan>(`registered_models/${model.id}/kserve_manifest?${query}`);
      const record = (body: Record<string, unknown>) =>
        harness.post<Entity>(`registered_models/${model.id}/kserve_deployments`, body);
      const v = (i: number) => (versions[i] as Entity).id;

      it('plans a schema-valid InferenceService for a version, writing nothing', async () => {
        const answer = await plan(
          `modelVersionId=${v(0)}&namespace=team-a&storage=direct&resources=requests.cpu=500m,limits.memory=2Gi`,
        );
        expect(answer.status).toBe(200);
        expect(validate(answer.body.manifest)).toEqual([]);
        expect(answer.body.manifest.spec).toEqual({
          predictor: {
            model: {
              modelFormat: { name: 'sklearn', version: '1' },
              storageUri: 's3://models/fraud/v1',
              resources: { requests: { cpu: '500m' }, limits: { memory: '2Gi' } },
            },
          },
        });
        expect((await harness.get('serving_environment?name=team-a')).status).toBe(404);
        const bad = await plan(`modelVersionId=${v(0)}&namespace=Team_A`);
        expect(bad.status).toBe(400);
        expect(bad.body).toMatchObject({ errorCode: 'INVALID_KUBERNETES_NAME' });
      });

      it('records an applied deployment: environment, inference service, serve model and history in one step', async () => {
        const answer = await record({
          modelVersionId: v(0),
          namespace: 'team-a',
          mode: 'Knative',
          endpoint: 'http://fraud.team-a.example.com',
        });
        expect(answer.status).toBe(201);
        expect(answer.body).toMatchObject({
          environment: 'team-a',
          inferenceService: 'fraud',
          modelVersionId: v(0),
          action: 'deploy',
        });
        const isvc = await harness.get<Entity>(
          `inference_services/${String(answer.body['inferenceServiceId'])}`,
        );
        expect(isvc.body).toMatchObject({ modelVersionId: v(0), desiredState: 'DEPLOYED' });
        expect(isvc.body['customProperties']).toMatchObject({
          'kserve.deploymentMode': { string_value: 'Knative' },
        });
        const serves = await harness.get<{ items: Entity[] }>(`inference_services/${isvc.body.id}/serves`);
        expect(serves.body.items).toEqual([
          expect.objectContaining({ modelVersionId: v(0), lastKnownState: 'NEW' }),
        ]);
        const history = await harness.get<{ items: Entity[] }>(`registered_models/${model.id}/deployments`);
        expect(history.body.items[0]).toMatchObject({ environment: 'team-a', modelVersionId: v(0) });
      });

      it('a Standard canary splits traffic with the deployed version; promote and rollback finish it', async () => {
        expect((await record({ modelVersionId: v(0), namespace: 'team-b', mode: 'Standard' })).status).toBe(
          201,
        );
        const canary = await plan(`modelVersionId=${v(1)}&namespace=team-b&canaryPercent=10`);
        expect(canary.status).toBe(200);
        expect(canary.body).toMatchObject({ mode: 'Standard', stableVersionId: v(0), modelVersionId: v(1) });
        expect(validate(canary.body.manifest)).toEqual([]);
        // Recorded before: Kubeflow's controller finds the registry's record by this label.
        expect(canary.body.manifest.metadata['labels']).toMatchObject({
          'modelregistry.kubeflow.org/inference-service-id': expect.stringMatching(/^[0-9]+$/),
        });
        expect(canary.body.manifest.spec).toMatchObject({
          predictor: { name: `v${v(0)}` },
          canary: [{ predictor: { name: `v${v(1)}` }, trafficPercent: 10 }],
        });
        const noCanary = await plan('namespace=team-b&canaryEnd=promote');
        expect(noCanary.body).toMatchObject({ errorCode: 'NO_CANARY_IN_PROGRESS' });
        await record({
          modelVersionId: v(1),
          namespace: 'team-b',
          mode: 'Standard',
          canaryPercent: 10,
          stableVersionId: v(0),
        });
        const otherMode = await plan(`modelVersionId=${v(1)}&namespace=team-b&mode=Knative`);
        expect(otherMode.body).toMatchObject({ errorCode: 'INVALID_FIELD' });
        const sameVersion = await record({
          modelVersionId: v(1),
          namespace: 'team-b',
          mode: 'Standard',
          canaryPercent: 10,
          stableVersionId: v(1),
        });
        expect(sameVersion.body).toMatchObject({ errorCode: 'INVALID_CANARY' });
        const promote = await plan('namespace=team-b&canaryEnd=promote');
        expect(promote.body).toMatchObject({ modelVersionId: v(1) });
        expect(promote.body.manifest.spec['canary']).toBeUndefined();
        const rollback = await plan('namespace=team-b&canaryEnd=rollback');
        expect(rollback.body).toMatchObject({ modelVersionId: v(0) });
        expect(validate(rollback.body.manifest)).toEqual([]);
      });

      it('a production namespace takes only versions in stage Production, checked again when recording', async () => {
        const refused = await plan(`modelVersionId=${v(2)}&namespace=prod`);
        expect(refused.status).toBe(412);
        expect(refused.body).toMatchObject({ errorCode: 'PRODUCTION_NAMESPACE_NEEDS_PRODUCTION_STAGE' });
        const unrecorded = await record({ modelVersionId: v(2), namespace: 'prod', mode: 'Knative' });
        expect(unrecorded.status).toBe(412);
        expect((await harness.get('serving_environment?name=prod')).status).toBe(404);
        await harness.post(`model_versions/${v(2)}/stage`, { stage: 'Production' });
        expect((await plan(`modelVersionId=${v(2)}&namespace=prod`)).status).toBe(200);
      });

      it('sync records what is served and reports each planted drift once, and nothing else', async () => {
        // In namespace drift: the registry records fraud-ok (v1), fraud-gone (v1) and fraud-tampered (v4).
        for (const [name, i] of [
          ['fraud-ok', 0],
          ['fraud-gone', 0],
          ['fraud-tampered', 3],
          ['fraud-failing', 0],
        ] as const) {
          expect(
            (await record({ modelVersionId: v(i), namespace: 'drift', name, mode: 'Knative' })).status,
          ).toBe(201);
        }
        const manifest = async (name: string, i: number) =>
          (await plan(`modelVersionId=${v(i)}&namespace=drift&name=${name}`)).body.manifest;
        const cluster = [
          clusterObject(await manifest('fraud-ok', 0), 'ready-knative-canary'),
          // The cluster serves v4 under fraud-tampered, but content that is not v4's sealed content.
          clusterObject(await manifest('fraud-tampered', 3), 'ready-knative-canary', {
            annotations: { 'modelreg.dev/content-digest': `sha256:${'0'.repeat(64)}` },
          }),
          clusterObject(await manifest('fraud-failing', 0), 'failed-load'),
          strayObject('drift', 'stray'),
        ];
        const answer = await harness.post<{ items: Report[] }>('kserve_sync', {
          namespaces: ['drift'],
          inferenceServices: cluster,
        });
        expect(answer.status).toBe(200);
        // Strict besides the document: no field written that neither declares.
        expect(KSERVE_SYNC_REPORT_LIST.safeParse(answer.body).error?.issues ?? []).toEqual([]);
        const [report] = answer.body.items;
        expect(report?.drift.map((d) => `${d.kind} ${d.name}`).sort()).toEqual([
          'DIGEST_MISMATCH fraud-tampered',
          'NOT_SERVED fraud-gone',
          'UNKNOWN_SERVED stray',
        ]);
        // What is served, recorded on the serve models: ready, failed.
        const stateOf = async (name: string) => {
          const env = (await harness.get<Entity>('serving_environment?name=drift')).body;
          const isvc = (
            await harness.get<Entity>(`inference_service?name=${name}&parentResourceId=${env.id}`)
          ).body;
          return (await harness.get<{ items: Entity[] }>(`inference_services/${isvc.id}/serves`)).body
            .items[0];
        };
        expect(await stateOf('fraud-ok')).toMatchObject({
          lastKnownState: 'RUNNING',
          customProperties: expect.objectContaining({
            url: { string_value: 'http://fraud.team-a.example.com', metadataType: 'MetadataStringValue' },
          }),
        });
        expect(await stateOf('fraud-failing')).toMatchObject({ lastKnownState: 'FAILED' });
        expect(await stateOf('fraud-gone')).toMatchObject({ lastKnownState: 'NEW' });
        // The same report for whoever asks later, without the cluster.
        const stored = await harness.get<{ items: Report[] }>('kserve_sync?namespace=drift');
        expect(stored.body.items).toEqual(answer.body.items);
      });
    },
  );
}

/** Uploads one file as a version's content, so it has a sealed digest. */
async function sealContent(harness: RegistryHarness, versionId: string): Promise<void> {
  const data = new TextEncoder().encode('weights');
  const upload = await harness.post<Entity>(`model_versions/${versionId}/uploads`, {
    files: [{ path: 'model.joblib', size: data.length }],
  });
  await harness.bytes('PUT', `uploads/${upload.body.id}/files/model.joblib`, data);
  const commit = await harness.post(`uploads/${upload.body.id}/commit`, {});
  expect(commit.status).toBeLessThan(300);
}
