import { describe, expect, it } from 'vitest';
import { DEPLOYMENT_MODES } from '../../packages/server/src/domain/kserve/canary.js';
import {
  buildInferenceService,
  type InferenceServiceRequest,
  type ServableVersion,
} from '../../packages/server/src/domain/kserve/inference-service.js';
import { BUILT_IN_RUNTIMES } from '../../packages/server/src/domain/kserve/runtimes.js';
import { crdValidator, metadataErrors } from './support/crd-schema.js';

const validate = crdValidator('kserve-inferenceservice-crd.yaml');

const aVersion = (overrides: Partial<ServableVersion> = {}, id = 12): ServableVersion => ({
  registeredModelId: 3,
  modelVersionId: id,
  model: 'fraud',
  version: `v${id}`,
  artifact: {
    uri: `https://registry.example/api/model_registry/v1alpha3/model_versions/${id}/content.tar?sig=abc`,
    modelFormatName: 'sklearn',
    modelFormatVersion: '1',
  },
  contentDigest: `sha256:${'ab'.repeat(32)}`,
  ...overrides,
});

const request = (overrides: Partial<InferenceServiceRequest> = {}): InferenceServiceRequest => ({
  namespace: 'team-a',
  mode: 'Knative',
  storage: 'registry',
  ...overrides,
});

// Every (runtime, format, declared version) of KServe's built-in runtimes, and the format alone.
const CASES = BUILT_IN_RUNTIMES.flatMap((runtime) =>
  Object.entries(runtime.formats).flatMap(([format, { versions }]) => [
    ...versions.map((version) => ({ runtime: runtime.name, format, version })),
    { runtime: runtime.name, format, version: undefined },
  ]),
);

describe('generated InferenceServices validate against the KServe v0.20 CRD schema', () => {
  it('covers every model format of every built-in runtime', () => {
    const formats = new Set(CASES.map((c) => c.format));
    expect([...formats].sort()).toEqual(
      [
        'autogluon',
        'huggingface',
        'lightgbm',
        'mlflow',
        'onnx',
        'paddle',
        'pmml',
        'pytorch',
        'sklearn',
        'tensorflow',
        'tensorrt',
        'triton',
        'vLLM',
        'xgboost',
      ].sort(),
    );
  });

  for (const mode of DEPLOYMENT_MODES) {
    for (const canary of [undefined, 10]) {
      for (const named of [false, true]) {
        it(`every format, ${mode} mode, ${canary === undefined ? 'no canary' : 'canary 10%'}, runtime ${named ? 'named' : 'auto-selected'}`, () => {
          let checked = 0;
          for (const c of CASES) {
            const artifact = {
              modelFormatName: c.format,
              modelFormatVersion: c.version,
              storageKey: 'models',
              storagePath: `fraud/${c.format}`,
            };
            const version = aVersion({ artifact: { ...aVersion().artifact, ...artifact } });
            const stable = aVersion({ artifact: { ...aVersion().artifact, ...artifact } }, 11);
            for (const storage of ['registry', 'direct'] as const) {
              let manifest;
              try {
                manifest = buildInferenceService(
                  version,
                  request({ mode, storage, canaryPercent: canary, ...(named ? { runtime: c.runtime } : {}) }),
                  stable,
                );
              } catch (error) {
                // Only formats no runtime auto-selects may be refused, and only without a runtime.
                expect(named, `${c.runtime} ${c.format}: ${String(error)}`).toBe(false);
                expect(
                  BUILT_IN_RUNTIMES.some((r) => r.formats[c.format]?.auto === true),
                  `${c.format} refused: ${String(error)}`,
                ).toBe(false);
                continue;
              }
              expect(
                validate(manifest),
                `${mode} ${c.runtime} ${c.format} ${c.version ?? ''} ${storage}`,
              ).toEqual([]);
              expect(metadataErrors(manifest)).toEqual([]);
              checked += 1;
            }
          }
          expect(checked).toBeGreaterThan(50);
        });
      }
    }
  }

  it('the schema check is a real one: a manifest KServe would refuse fails it', () => {
    const manifest = buildInferenceService(
      aVersion(),
      request({ mode: 'Standard', canaryPercent: 10 }),
      aVersion({}, 11),
    );
    const canary = (manifest.spec['canary'] as { trafficPercent: unknown }[])[0] as {
      trafficPercent: unknown;
    };
    canary.trafficPercent = 150;
    expect(validate(manifest).join()).toMatch(/canary\/0\/trafficPercent must be <= 100/);
    const knative = buildInferenceService(aVersion(), request({ canaryPercent: 10 }));
    (knative.spec['predictor'] as Record<string, unknown>)['canaryTrafficPercent'] = '10';
    expect(validate(knative).join()).toMatch(/canaryTrafficPercent must be integer/);
  });
});

describe('what the manifest says', () => {
  it('a Knative canary is canaryTrafficPercent on the new version; Standard names both predictors', () => {
    const knative = buildInferenceService(aVersion(), request({ canaryPercent: 10 }));
    expect(knative.spec).toEqual({
      predictor: {
        canaryTrafficPercent: 10,
        model: { modelFormat: { name: 'sklearn', version: '1' }, storageUri: 'model-registry://fraud/v12' },
      },
    });
    expect(knative.metadata.annotations['serving.kserve.io/deploymentMode']).toBe('Knative');
    const standard = buildInferenceService(
      aVersion(),
      request({ mode: 'Standard', canaryPercent: 10 }),
      aVersion({}, 11),
    );
    expect(standard.spec).toMatchObject({
      predictor: { name: 'v11', model: { storageUri: 'model-registry://fraud/v11' } },
      canary: [
        {
          predictor: { name: 'v12', model: { storageUri: 'model-registry://fraud/v12' } },
          trafficPercent: 10,
        },
      ],
    });
    expect(() => buildInferenceService(aVersion(), request({ mode: 'Standard', canaryPercent: 10 }))).toThrow(
      /needs a version already deployed/,
    );
    expect(() => buildInferenceService(aVersion(), request({ canaryPercent: 100 }))).toThrow(/1 to 99/);
  });

  it('formats: protocol v2 where no v1 runtime serves them; a version only where a runtime declares it', () => {
    const model = (name: string, version?: string, runtime?: string) =>
      buildInferenceService(
        aVersion({ artifact: { uri: 's3://b/m', modelFormatName: name, modelFormatVersion: version } }),
        request({ storage: 'direct', runtime }),
      ).spec['predictor'] as { model: Record<string, unknown> };
    expect(model('onnx', '1').model).toMatchObject({
      modelFormat: { name: 'onnx', version: '1' },
      protocolVersion: 'v2',
    });
    expect(model('mlflow').model['protocolVersion']).toBe('v2');
    expect(model('sklearn', '1.5.2').model['modelFormat']).toEqual({ name: 'sklearn' });
    expect(model('scikit-learn', '1').model['modelFormat']).toEqual({ name: 'sklearn', version: '1' });
    expect(model('sklearn').model['protocolVersion']).toBeUndefined();
    expect(model('sklearn', '1', 'kserve-mlserver').model).toMatchObject({
      protocolVersion: 'v2',
      runtime: 'kserve-mlserver',
    });
    expect(() => model('caffe')).toThrow(/no KServe built-in runtime serves format 'caffe'/);
    expect(model('caffe', '7', 'my-caffe-runtime').model['modelFormat']).toEqual({
      name: 'caffe',
      version: '7',
    });
  });

  it('storage: model-registry:// or the artifact location without its query; storage {key, path} alone', () => {
    const predictor = (m: ReturnType<typeof buildInferenceService>) =>
      (m.spec['predictor'] as { model: Record<string, unknown> }).model;
    expect(predictor(buildInferenceService(aVersion(), request({ storage: 'direct' })))['storageUri']).toBe(
      'https://registry.example/api/model_registry/v1alpha3/model_versions/12/content.tar',
    );
    const keyed = aVersion({
      artifact: { uri: 's3://b/m', modelFormatName: 'sklearn', storageKey: 'k', storagePath: 'fraud/v12' },
    });
    const direct = predictor(buildInferenceService(keyed, request({ storage: 'direct' })));
    expect(direct['storage']).toEqual({ key: 'k', path: 'fraud/v12' });
    expect(direct['storageUri']).toBeUndefined();
    expect(() => buildInferenceService(aVersion({ model: 'a/b' }), request({ name: 'ab' }))).toThrow(
      /model-registry:\/\//,
    );
    expect(() =>
      buildInferenceService(
        aVersion({ artifact: { uri: 'ftp://x/y', modelFormatName: 'sklearn' } }),
        request({ storage: 'direct' }),
      ),
    ).toThrow(/cannot fetch 'ftp:\/\/x\/y'/);
  });

  it('labels name the model, version and digest; names that cannot be labels go in annotations only', () => {
    const manifest = buildInferenceService(
      aVersion({ model: 'Fraud Model', version: '1.2.0+build.7' }),
      request({ name: 'fraud', storage: 'direct' }),
    );
    expect(manifest.metadata.labels).toEqual({
      'modelregistry.kubeflow.org/registered-model-id': '3',
      'modelregistry.kubeflow.org/model-version-id': '12',
      'app.kubernetes.io/managed-by': 'modelreg',
      'modelreg.dev/content-digest': 'ab'.repeat(31) + 'a',
    });
    expect(manifest.metadata.annotations).toMatchObject({
      'modelreg.dev/model': 'Fraud Model',
      'modelreg.dev/version': '1.2.0+build.7',
      'modelreg.dev/content-digest': `sha256:${'ab'.repeat(32)}`,
    });
    expect(metadataErrors(manifest)).toEqual([]);
    expect(() =>
      buildInferenceService(aVersion({ model: 'Fraud Model' }), request({ storage: 'direct' })),
    ).toThrow(/give --name/);
  });

  it('resources are Kubernetes quantities', () => {
    const manifest = buildInferenceService(
      aVersion(),
      request({ resources: { requests: { cpu: '500m' }, limits: { memory: '2Gi', 'nvidia.com/gpu': '1' } } }),
    );
    expect(validate(manifest)).toEqual([]);
    expect(() =>
      buildInferenceService(aVersion(), request({ resources: { limits: { memory: 'lots' } } })),
    ).toThrow(/limits.memory=lots/);
  });
});
