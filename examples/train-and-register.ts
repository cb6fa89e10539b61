/**
 * A training job that records its run in the registry and registers the model it produced.
 *
 * It fits a logistic regression to two generated clusters of points (no downloads, no
 * dependencies besides the SDK), logs the hyperparameters, the dataset and the loss and accuracy
 * of every epoch to an experiment run, saves the weights, and registers them as a new version of
 * the model with their accuracy, framework and run id as metadata. It prints the version's id on
 * stdout (progress goes to stderr), so that a pipeline can pick it up:
 *
 *   VERSION_ID=$(MODELREG_URL=http://127.0.0.1:8080 node train-and-register.js)
 *
 * Settings, all optional: MODELREG_URL, MODELREG_TOKEN and MODELREG_AUTHOR (read by the SDK);
 * MODEL_NAME (default toy-classifier); MODEL_VERSION (default run-<run id>); MODEL_URI, where the
 * weights go (default file:///tmp/model.json; a file: URI is written, any other is only recorded).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ModelRegistry } from '@modelreg/client';

const settings = {
  modelName: process.env['MODEL_NAME'] ?? 'toy-classifier',
  modelVersion: process.env['MODEL_VERSION'],
  modelUri: process.env['MODEL_URI'] ?? 'file:///tmp/model.json',
};
const hyperparameters = { learningRate: 0.5, epochs: 20, samples: 400, testFraction: 0.2, seed: 42 };

type Point = readonly [number, number];
interface Example {
  readonly x: Point;
  readonly label: 0 | 1;
}
interface Weights {
  readonly bias: number;
  readonly w: Point;
}

/** mulberry32: a seeded generator, so that every run trains on the same data. */
function randomGenerator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Two overlapping Gaussian clusters, centred on (-1, -1) and (1, 1). */
function twoClusters(samples: number, seed: number): Example[] {
  const random = randomGenerator(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Array.from({ length: samples }, (_, i) => {
    const label = (i % 2) as 0 | 1;
    const centre = label === 1 ? 1 : -1;
    return { x: [centre + normal(), centre + normal()], label };
  });
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const predict = (weights: Weights, x: Point) =>
  sigmoid(weights.bias + weights.w[0] * x[0] + weights.w[1] * x[1]);

/** One epoch of full-batch gradient descent on the log loss; returns the new weights and the loss before the step. */
function trainEpoch(weights: Weights, data: readonly Example[], learningRate: number) {
  let loss = 0;
  const gradient = { bias: 0, w0: 0, w1: 0 };
  for (const { x, label } of data) {
    const p = predict(weights, x);
    loss -= label === 1 ? Math.log(p) : Math.log(1 - p);
    gradient.bias += p - label;
    gradient.w0 += (p - label) * x[0];
    gradient.w1 += (p - label) * x[1];
  }
  const step = learningRate / data.length;
  const next: Weights = {
    bias: weights.bias - step * gradient.bias,
    w: [weights.w[0] - step * gradient.w0, weights.w[1] - step * gradient.w1],
  };
  return { weights: next, loss: loss / data.length };
}

function accuracy(weights: Weights, data: readonly Example[]): number {
  const correct = data.filter(({ x, label }) => (predict(weights, x) >= 0.5 ? 1 : 0) === label).length;
  return correct / data.length;
}

const registry = new ModelRegistry();
const run = await registry.startExperimentRun({
  experiment: `${settings.modelName}-training`,
  description: 'logistic regression on two generated clusters',
});
const runId = run.run.id ?? '';

try {
  for (const [name, value] of Object.entries(hyperparameters)) await run.logParam(name, value);

  const data = twoClusters(hyperparameters.samples, hyperparameters.seed);
  const testSize = Math.round(data.length * hyperparameters.testFraction);
  const test = data.slice(0, testSize);
  const train = data.slice(testSize);
  await run.logDataset({
    name: 'two-clusters',
    uri: `generated://two-clusters?samples=${hyperparameters.samples}&seed=${hyperparameters.seed}`,
    sourceType: 'generated',
    metadata: { samples: data.length, trainSamples: train.length, testSamples: test.length, features: 2 },
  });

  let weights: Weights = { bias: 0, w: [0, 0] };
  for (let epoch = 1; epoch <= hyperparameters.epochs; epoch++) {
    const trained = trainEpoch(weights, train, hyperparameters.learningRate);
    weights = trained.weights;
    const trainAccuracy = accuracy(weights, train);
    await run.logMetric('loss', trained.loss, { step: epoch });
    await run.logMetric('train_accuracy', trainAccuracy, { step: epoch });
    console.error(
      `epoch ${epoch}: loss ${trained.loss.toFixed(4)}, train accuracy ${trainAccuracy.toFixed(3)}`,
    );
  }
  const testAccuracy = accuracy(weights, test);
  await run.logMetric('test_accuracy', testAccuracy, { step: hyperparameters.epochs });

  if (settings.modelUri.startsWith('file:')) {
    writeFileSync(
      fileURLToPath(settings.modelUri),
      JSON.stringify({ kind: 'logistic-regression', ...weights }),
    );
  }
  const { version } = await registry.registerModel({
    name: settings.modelName,
    version: settings.modelVersion ?? `run-${runId}`,
    uri: settings.modelUri,
    modelFormatName: 'logistic-regression-json',
    modelFormatVersion: '1',
    description: `trained by experiment run ${runId}`,
    metadata: {
      accuracy: testAccuracy,
      framework: 'plain-typescript',
      experimentRunId: runId,
      experimentId: run.run.experimentId,
    },
  });
  await run.end();
  console.error(
    `registered ${settings.modelName} ${version.name} (test accuracy ${testAccuracy.toFixed(3)})`,
  );
  console.log(version.id);
} catch (error) {
  await run.end('FAILED').catch(() => undefined);
  throw error;
}
