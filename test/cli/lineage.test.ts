import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, modelreg, runToEnd, startServer, type RunningServer } from './support/modelreg-process.js';

const BUILT = existsSync(new URL('../../packages/cli/dist/main.js', import.meta.url));
if (!BUILT) console.log('skipping the CLI lineage tests: packages/cli/dist is missing (npm run build)');

const TRAIN = 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
const EVAL = 'sha256:60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752';

describe.skipIf(!BUILT)('the seed lineage and hyperparameter questions, answered by the CLI', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'modelreg-lineage-'));
  const checkout = mkdtempSync(join(tmpdir(), 'modelreg-checkout-'));
  let server: RunningServer;
  let commit = '';
  const ok = async (args: string[], cwd?: string) => {
    const result =
      cwd === undefined
        ? await modelreg([...args, '--url', server.url])
        : await runToEnd(process.execPath, [BIN, ...args, '--url', server.url], { cwd });
    expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
    return result.stdout;
  };

  beforeAll(async () => {
    server = await startServer(dataDir);
    // A training repository whose checkout `--git` reads.
    const git = (...args: string[]) =>
      execFileSync('git', args, {
        cwd: checkout,
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: 't',
          GIT_AUTHOR_EMAIL: 't@e',
          GIT_COMMITTER_NAME: 't',
          GIT_COMMITTER_EMAIL: 't@e',
        },
      })
        .toString()
        .trim();
    git('init', '-q');
    git('remote', 'add', 'origin', 'https://git.example/ml/churn.git');
    mkdirSync(join(checkout, 'training'));
    writeFileSync(join(checkout, 'training', 'train.py'), 'print("train")\n');
    git('add', '.');
    git('commit', '-q', '-m', 'train');
    commit = git('rev-parse', 'HEAD');

    await ok([
      'register',
      '--name',
      'churn-base',
      '--version',
      '1.0.0',
      '--uri',
      's3://models/churn-base/1.0.0',
    ]);
    const versions = [
      { version: '1.2.0', accuracy: '0.93', lr: '0.01', optimizer: 'sgd' },
      { version: '1.3.0', accuracy: '0.955', lr: '0.003', optimizer: 'adam' },
      { version: '1.4.0', accuracy: '0.94', lr: '0.001', optimizer: 'adam' },
    ];
    for (const v of versions) {
      await ok(
        [
          'register',
          '--name',
          'churn',
          '--version',
          v.version,
          '--uri',
          `s3://models/churn/${v.version}`,
          '--metric',
          `accuracy=${v.accuracy}`,
          '--metric',
          'loss=0.2',
          '--param',
          `lr=${v.lr}`,
          '--param',
          `optimizer=${v.optimizer}`,
          '--param',
          'epochs=12',
          '--dataset',
          `train=s3://data/churn/train.parquet@${TRAIN}`,
          '--dataset',
          `eval=s3://data/churn/eval.parquet@${EVAL}`,
          '--git',
          '--pipeline-run',
          `https://ci.example/runs/${v.version}`,
          '--parent',
          'churn-base:1.0.0',
          '--parent-relation',
          'fine-tuned-from',
        ],
        join(checkout, 'training'),
      );
    }
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('what data and code produced churn 1.3.0', async () => {
    const tree = await ok(['lineage', 'churn', '1.3.0', '--up', '--depth', '1']);
    expect(tree).toContain('churn:1.3.0');
    expect(tree).toContain(`trained-on ← dataset train (s3://data/churn/train.parquet, ${TRAIN})`);
    expect(tree).toContain(`trained-on ← dataset eval (s3://data/churn/eval.parquet, ${EVAL})`);
    expect(tree).toContain(`built-from ← commit ${commit} (https://git.example/ml/churn.git, training)`);
    expect(tree).toContain('produced-by ← pipeline run https://ci.example/runs/1.3.0');
    expect(tree).toContain('fine-tuned-from ← churn-base:1.0.0');

    const graph = JSON.parse(await ok(['lineage', 'churn', '1.3.0', '--up', '--format', 'json'])) as {
      nodes: { id: string }[];
    };
    expect(graph.nodes.map((n) => n.id)).toContain(`commit:${commit}`);
    const dot = await ok(['lineage', 'churn', '1.3.0', '--up', '--format', 'dot']);
    expect(dot).toMatch(/^digraph lineage \{/);
    expect(dot).toContain(`"dataset:${TRAIN}" -> "modelVersion:`);

    // The other way: which versions were trained on this dataset, and what came of the base model.
    const users = await ok(['lineage', '--dataset', TRAIN, '--down', '--depth', '1']);
    for (const version of ['churn:1.2.0', 'churn:1.3.0', 'churn:1.4.0']) expect(users).toContain(version);
    const derived = await ok(['lineage', 'churn-base', '1.0.0', '--down']);
    expect(derived).toContain('fine-tuned-from → churn:1.3.0');
  });

  it('finds the versions trained on a dataset by its digest or its uri, and names the dataset (issue 15)', async () => {
    const root = `dataset train (s3://data/churn/train.parquet, ${TRAIN})`;
    for (const key of [TRAIN, 's3://data/churn/train.parquet']) {
      const tree = await ok(['lineage', '--dataset', key, '--down', '--depth', '1']);
      expect(tree.split('\n')[0], key).toBe(root);
      for (const version of ['churn:1.2.0', 'churn:1.3.0', 'churn:1.4.0'])
        expect(tree, key).toContain(version);
    }
    const unknown = await ok(['lineage', '--dataset', 's3://data/nobody/uses', '--down']);
    expect(unknown.split('\n')[0]).toBe('dataset s3://data/nobody/uses');
  });

  it('the hyperparameters of the version with accuracy >= 0.95', async () => {
    const found = await ok(['search', 'metrics.accuracy >= 0.95', '--show', 'params']);
    expect(found).toContain('1.3.0');
    expect(found).toContain('lr=0.003');
    expect(found).toContain('optimizer=adam');
    expect(found).not.toContain('1.2.0');
    const json = JSON.parse(
      await ok([
        'search',
        'metrics.accuracy >= 0.9',
        '--show',
        'metrics,params',
        '--order-by',
        'metrics.accuracy',
        '--desc',
        '--json',
      ]),
    ) as { name: string; params: Record<string, unknown>; metrics: Record<string, number> }[];
    expect(json.map((v) => v.name)).toEqual(['1.3.0', '1.4.0', '1.2.0']);
    expect(json[0]?.params).toEqual({ lr: 0.003, optimizer: 'adam', epochs: 12 });
    expect(json[0]?.metrics['accuracy']).toBe(0.955);
    const bad = await modelreg(['search', 'x = 1', '--show', 'everything', '--url', server.url]);
    expect(bad.code).toBe(2);
  });

  it('compares versions side by side, marking what differs and the best per metric', async () => {
    const table = await ok(['compare', 'churn:1.2.0', 'churn:1.3.0', 'churn:1.4.0']);
    const line = (start: string) => table.split('\n').find((l) => l.trimStart().startsWith(start)) ?? '';
    expect(line('≠ metrics.accuracy (higher is better)')).toMatch(/0\.93\s+0\.955 \*\s+0\.94/);
    expect(line('metrics.loss (lower is better)')).toMatch(/^\s+metrics\.loss/);
    expect(line('≠ params.optimizer')).toMatch(/sgd\s+adam\s+adam/);
    expect(line('dataset.train')).toContain(TRAIN);
    const flipped = JSON.parse(
      await ok(['compare', 'churn:1.2.0', 'churn:1.3.0', '--goal', 'accuracy=minimize', '--json']),
    ) as { metrics: { name: string; best: string[] }[]; versions: { id: string; name: string }[] };
    const lowest = flipped.versions.find((v) => v.name === '1.2.0')?.id;
    expect(flipped.metrics.find((m) => m.name === 'accuracy')?.best).toEqual([lowest]);
    expect((await modelreg(['compare', 'churn:1.2.0', '--url', server.url])).code).toBe(2);
    expect((await modelreg(['compare', 'churn:1.2.0', 'churn:9.9.9', '--url', server.url])).code).toBe(1);
  });
});
