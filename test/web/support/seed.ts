import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelRegistry } from '@modelreg/client';

const API = '/api/model_registry/v1alpha3';

/**
 * A model card that tries every way in: a script, an event handler, a javascript: link, an
 * iframe, a style. None may run or survive in the page (the sanitiser and the CSP).
 */
export const HOSTILE_CARD = `# MNIST digit classifier

A small CNN trained on MNIST. **Intended use:** demos and tests.

| metric | value |
| --- | --- |
| accuracy | 0.97 |

<script>window.__pwned = 'script'</script>
<img src="x" onerror="window.__pwned = 'onerror'">
[a harmless-looking link](javascript:window.__pwned='link')
<iframe src="https://example.com"></iframe>
<p style="position:fixed;inset:0">covering the page</p>
`;

export interface SeededRegistry {
  /** Version ids by `model:version`. */
  readonly versions: Readonly<Record<string, string>>;
  readonly datasetDigest: string;
}

/**
 * What the browser tests (and the README's screenshots) look at: three models; mnist with three
 * versions (v1 in Production and deployed, v2 better, trained on a dataset, from a commit and an
 * experiment run, fine-tuned from v1; v3 in Development), a policy that v2 does not meet for
 * Production, an alias, stored files, a model card; churn with labels; a third with no versions.
 */
export async function seedRegistry(url: string, token: string): Promise<SeededRegistry> {
  const registry = new ModelRegistry({ url, token, author: 'alice' });
  const datasetDigest = 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
  const versions: Record<string, string> = {};
  const files = mkdtempSync(join(tmpdir(), 'modelreg-seed-'));
  try {
    writeFileSync(join(files, 'model.onnx'), 'onnx bytes of mnist v1\n');
    writeFileSync(join(files, 'config.json'), '{"layers": 4}\n');
    const v1 = await registry.registerModel({
      name: 'mnist',
      version: 'v1',
      files,
      modelFormatName: 'onnx',
      modelFormatVersion: '1.17',
      description: 'baseline CNN',
    });
    versions['mnist:v1'] = v1.version.id ?? '';
    // The model's card and labels, as an owner would set them.
    await registry.browse.updateRegisteredModel(v1.model.id ?? '', {
      description: 'Handwritten digit classifier',
      readme: HOSTILE_CARD,
      customProperties: {
        vision: { metadataType: 'MetadataStringValue', string_value: '' },
        team: { metadataType: 'MetadataStringValue', string_value: 'ml-platform' },
      },
    });
    const run = await registry.startExperimentRun({ experiment: 'mnist-training', name: 'run-42' });
    for (const [step, loss, accuracy] of [
      [1, 0.9, 0.71],
      [2, 0.5, 0.88],
      [3, 0.3, 0.94],
      [4, 0.21, 0.97],
    ] as const) {
      await run.logMetric('loss', loss, { step });
      await run.logMetric('accuracy', accuracy, { step });
    }
    await run.end();
    const v1run = await registry.startExperimentRun({ experiment: 'mnist-training', name: 'run-41' });
    for (const [step, loss] of [
      [1, 1.1],
      [2, 0.8],
      [3, 0.6],
      [4, 0.45],
    ] as const) {
      await v1run.logMetric('loss', loss, { step });
    }
    await v1run.end();
    await registry.api.PUT(`${API}/model_versions/{modelversionId}/lineage`, {
      params: { path: { modelversionId: v1.version.id ?? '' } },
      body: { experimentRunId: v1run.run.id },
    });
    await registry.api.POST(`${API}/model_versions/{modelversionId}/artifacts`, {
      params: { path: { modelversionId: v1.version.id ?? '' } },
      body: { artifactType: 'metric', name: 'accuracy', value: 0.91 } as never,
    });
    const v2 = await registry.registerModel({
      name: 'mnist',
      version: 'v2',
      uri: 's3://models/mnist/v2',
      modelFormatName: 'onnx',
      modelFormatVersion: '1.17',
      metrics: { accuracy: 0.97, loss: 0.21 },
      params: { lr: 0.01, optimizer: 'adam', epochs: 4 },
      datasets: [{ name: 'train', uri: 's3://data/mnist/train', digest: datasetDigest }],
      code: { repository: 'https://git.example/ml/mnist', commit: '3f2a9c1d7e' },
      pipelineRun: 'https://ci.example/runs/42',
      experimentRunId: run.run.id,
      parents: [{ model: 'mnist', version: 'v1', relation: 'fine-tuned-from' }],
    });
    versions['mnist:v2'] = v2.version.id ?? '';
    const v3 = await registry.registerModel({
      name: 'mnist',
      version: 'v3',
      uri: 's3://models/mnist/v3',
      modelFormatName: 'onnx',
      metrics: { accuracy: 0.95, loss: 0.25 },
      params: { lr: 0.02, optimizer: 'sgd', epochs: 4 },
      datasets: [{ name: 'train', uri: 's3://data/mnist/train', digest: datasetDigest }],
    });
    versions['mnist:v3'] = v3.version.id ?? '';
    await registry.transitionStage('mnist', 'v1', 'Production', { comment: 'first release' });
    await registry.recordDeployment('mnist', 'v1', {
      environment: 'prod-eu',
      endpoint: 'https://mnist.eu.example',
    });
    await registry.moveAliases('mnist', { champion: 'v1' });
    await registry.api.PUT(`${API}/registered_models/{registeredmodelId}/policies/{stage}`, {
      params: { path: { registeredmodelId: v1.model.id ?? '', stage: 'Production' } },
      body: {
        conditions: [
          { type: 'metric', name: 'accuracy', op: '>=', value: 0.99 },
          { type: 'lineage', require: ['dataset', 'code'] },
        ],
      },
    });

    const churn = await registry.registerModel({
      name: 'churn',
      version: '1.0.0',
      uri: 's3://models/churn/1.0.0',
      modelFormatName: 'xgboost',
      metrics: { accuracy: 0.89, auc: 0.93 },
      params: { max_depth: 6 },
    });
    versions['churn:1.0.0'] = churn.version.id ?? '';
    await registry.browse.updateRegisteredModel(churn.model.id ?? '', {
      owner: 'bob',
      customProperties: { tabular: { metadataType: 'MetadataStringValue', string_value: '' } },
    });
    await registry.transitionStage('churn', '1.0.0', 'Staging');
    await registry.api.POST(`${API}/registered_models`, { body: { name: 'sentiment', owner: 'carol' } });
    return { versions, datasetDigest };
  } finally {
    rmSync(files, { recursive: true, force: true });
  }
}
