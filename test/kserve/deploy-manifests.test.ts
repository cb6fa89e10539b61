import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { loadServerConfig } from '@modelreg/server';
import { crdValidator } from './support/crd-schema.js';

const DEPLOY = fileURLToPath(new URL('../../deploy/', import.meta.url));
type KubeObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
} & Record<string, unknown>;

/** Schema checks by kind: kubernetes-models (Kubernetes' OpenAPI) and the KServe CRD's schema. */
const MODELS: Record<string, () => Promise<{ new (data: object): { validate(): void } }>> = {
  'apps/v1 Deployment': async () => (await import('kubernetes-models/apps/v1/Deployment')).Deployment,
  'v1 Service': async () => (await import('kubernetes-models/v1/Service')).Service,
  'v1 ConfigMap': async () => (await import('kubernetes-models/v1/ConfigMap')).ConfigMap,
  'v1 ServiceAccount': async () => (await import('kubernetes-models/v1/ServiceAccount')).ServiceAccount,
  'v1 Namespace': async () => (await import('kubernetes-models/v1/Namespace')).Namespace,
  'security.istio.io/v1 AuthorizationPolicy': async () =>
    (await import('@kubernetes-models/istio/security.istio.io/v1/AuthorizationPolicy')).AuthorizationPolicy,
};
const storageContainer = crdValidator('kserve-clusterstoragecontainer-crd.yaml');

async function schemaErrors(object: KubeObject): Promise<string[]> {
  const key = `${object.apiVersion} ${object.kind}`;
  if (key === 'serving.kserve.io/v1alpha1 ClusterStorageContainer') return storageContainer(object);
  const model = MODELS[key];
  if (model === undefined) return [`no schema for ${key}`];
  try {
    new (await model())(object).validate();
    return [];
  } catch (error) {
    return [`${key} ${object.metadata.name}: ${(error as Error).message}`];
  }
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? yamlFiles(join(dir, entry.name))
      : // Patches are partial objects: they are checked in the rendered overlays.
        entry.name.endsWith('.yaml') &&
          entry.name !== 'kustomization.yaml' &&
          !entry.name.endsWith('-patch.yaml')
        ? [join(dir, entry.name)]
        : [],
  );
}

const documents = (text: string) => parseAllDocuments(text).map((d) => d.toJS() as KubeObject);

const KUBECTL = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
const RENDERER =
  KUBECTL.status === 0
    ? undefined
    : 'kubectl is not installed (Debian package kubernetes-client; .ci/run installs it)';
if (RENDERER !== undefined) console.log(`skipping the kustomize rendering tests: ${RENDERER}`);

function render(overlay: string): KubeObject[] {
  const result = spawnSync('kubectl', ['kustomize', join(DEPLOY, 'overlays', overlay)], { encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  return documents(result.stdout);
}

describe('deploy/: the manifests to run modelreg on Kubernetes and to serve model-registry:// URIs', () => {
  it('every resource file validates against its schema', async () => {
    const files = yamlFiles(DEPLOY);
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const file of files) {
      for (const object of documents(readFileSync(file, 'utf8'))) {
        expect(await schemaErrors(object), file).toEqual([]);
      }
    }
  });

  it('the schema check is a real one: a wrong field type or a missing required field fails it', async () => {
    const [deployment] = documents(readFileSync(join(DEPLOY, 'base/deployment.yaml'), 'utf8'));
    const broken = structuredClone(deployment) as KubeObject & { spec: Record<string, unknown> };
    broken.spec['replicas'] = 'two';
    expect((await schemaErrors(broken)).join()).toMatch(/replicas must be integer/);
    const [csc] = documents(readFileSync(join(DEPLOY, 'kserve/cluster-storage-container.yaml'), 'utf8'));
    const noContainer = structuredClone(csc) as KubeObject & { spec: Record<string, unknown> };
    delete noContainer.spec['container'];
    expect((await schemaErrors(noContainer)).join()).toMatch(/container/);
  });

  it('the ClusterStorageContainer routes model-registry:// to an initializer named as KServe requires', () => {
    const [csc] = documents(
      readFileSync(join(DEPLOY, 'kserve/cluster-storage-container.yaml'), 'utf8'),
    ) as (KubeObject & {
      spec: {
        container: { name: string; env: { name: string; value: string }[] };
        supportedUriFormats: object[];
      };
    })[];
    expect(csc?.spec.container.name).toBe('storage-initializer');
    expect(csc?.spec.supportedUriFormats).toEqual([{ prefix: 'model-registry://' }]);
    expect(csc?.spec.container.env).toContainEqual({
      name: 'MODEL_REGISTRY_BASE_URL',
      value: 'modelreg.kubeflow.svc.cluster.local:8080',
    });
  });

  for (const overlay of ['plain', 'kubeflow']) {
    it.skipIf(RENDERER !== undefined)(
      `overlays/${overlay} renders, validates, and configures a server that starts`,
      async () => {
        const objects = render(overlay);
        for (const object of objects) expect(await schemaErrors(object)).toEqual([]);
        const namespace = overlay === 'plain' ? 'modelreg' : 'kubeflow';
        expect(
          objects.filter((o) => o.kind !== 'Namespace').every((o) => o.metadata.namespace === namespace),
        ).toBe(true);
        const deployment = objects.find((o) => o.kind === 'Deployment') as KubeObject & {
          spec: { template: { spec: { containers: Container[] } } };
        };
        const [container] = deployment.spec.template.spec.containers;
        expect(container?.readinessProbe?.httpGet?.path).toBe('/readyz/isDirty');
        expect(container?.livenessProbe?.httpGet?.path).toBe('/readyz/health');
        // The generated ConfigMap's hashed name is the one the Deployment refers to.
        const config = objects.find((o) => o.kind === 'ConfigMap') as KubeObject & {
          data: Record<string, string>;
        };
        expect(container?.envFrom?.[0]?.configMapRef?.name).toBe(config.metadata.name);
        // The server accepts the configuration the overlay gives it (unknown MODELREG_* keys and bad
        // values stop it), with the Secrets' values standing in as a user would create them.
        const secrets: Record<string, string> = {
          MODELREG_DB: 'postgres://modelreg:secret@postgres.db.svc.cluster.local:5432/modelreg',
          AWS_ACCESS_KEY_ID: 'id',
          AWS_SECRET_ACCESS_KEY: 'key',
        };
        for (const variable of container?.env ?? []) expect(Object.keys(secrets)).toContain(variable.name);
        const server = loadServerConfig({}, { ...config.data, ...secrets }, '/');
        expect(server.port).toBe(8080);
        expect(server.auth).toEqual(overlay === 'plain' ? ['token'] : ['header', 'none']);
        if (overlay === 'kubeflow') {
          expect(server.userHeader).toBe('kubeflow-userid');
          expect(objects.map((o) => o.kind)).toContain('AuthorizationPolicy');
        }
      },
    );
  }
});

interface Container {
  env?: { name: string }[];
  envFrom?: { configMapRef?: { name: string } }[];
  readinessProbe?: { httpGet?: { path: string } };
  livenessProbe?: { httpGet?: { path: string } };
}
