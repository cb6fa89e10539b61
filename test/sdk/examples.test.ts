import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { ModelRegistry, fromCustomProperties } from '@modelreg/client';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect } from './support/collect.js';
import {
  REPO_ROOT,
  cleanEnvironment,
  missingBuild,
  startModelreg,
  type ModelregProcess,
} from './support/modelreg-process.js';

const run = promisify(execFile);
const EXAMPLES = join(REPO_ROOT, 'examples');
const TSC = join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
const BASE = '/api/model_registry/v1alpha3';

const skipReason = missingBuild();

/**
 * Node 20 cannot run TypeScript: the example is transpiled to an .mjs next to a node_modules that
 * links the workspace's @modelreg/client, so it resolves the SDK as an installed package would.
 */
function transpileExample(file: string, into: string): string {
  const output = ts.transpileModule(readFileSync(join(EXAMPLES, file), 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    fileName: file,
  });
  mkdirSync(join(into, 'node_modules/@modelreg'), { recursive: true });
  symlinkSync(join(REPO_ROOT, 'packages/client'), join(into, 'node_modules/@modelreg/client'), 'dir');
  const script = join(into, file.replace(/\.ts$/, '.mjs'));
  writeFileSync(script, output.outputText);
  return script;
}

describe.skipIf(skipReason !== undefined)(
  `examples/ against \`modelreg serve\`${skipReason === undefined ? '' : ` (${skipReason})`}`,
  () => {
    let server: ModelregProcess;
    let workDir: string;

    beforeAll(async () => {
      server = await startModelreg();
      workDir = mkdtempSync(join(tmpdir(), 'modelreg-sdk-example-'));
    });
    afterAll(async () => {
      await server?.stop();
      if (workDir !== undefined) rmSync(workDir, { recursive: true, force: true });
    });

    it('type-check against the built SDK (tsc -p examples)', async () => {
      const typeErrors = await run(process.execPath, [TSC, '-p', EXAMPLES], { cwd: REPO_ROOT }).then(
        () => '',
        (error: { stdout?: string }) => error.stdout ?? String(error),
      );
      expect(typeErrors).toBe('');
    });

    it('train-and-register.ts logs a finished run and registers the model it trained', async () => {
      const script = transpileExample('train-and-register.ts', workDir);
      const modelFile = join(workDir, 'model.json');
      const modelUri = pathToFileURL(modelFile).href;
      const { stdout, stderr } = await run(process.execPath, [script], {
        cwd: workDir,
        env: cleanEnvironment({
          MODELREG_URL: server.url,
          MODEL_URI: modelUri,
          MODEL_NAME: 'toy-classifier',
        }),
      });
      const versionId = stdout.trim();
      expect(versionId).toMatch(/^\d+$/);
      expect(stderr).toContain('epoch 20:');

      const registry = new ModelRegistry({ url: server.url });
      const { data: version } = await registry.api.GET(`${BASE}/model_versions/{modelversionId}`, {
        params: { path: { modelversionId: versionId } },
      });
      const metadata = fromCustomProperties(version?.customProperties);
      expect(metadata).toMatchObject({ framework: 'plain-typescript' });
      expect(metadata['accuracy']).toBeGreaterThan(0.85);
      const runId = String(metadata['experimentRunId']);
      expect(version?.name).toBe(`run-${runId}`);
      expect((await registry.getModelArtifact('toy-classifier', `run-${runId}`))?.uri).toBe(modelUri);

      const [trainingRun] = await collect(registry.experimentRuns('toy-classifier-training'));
      expect(trainingRun).toMatchObject({ id: runId, status: 'FINISHED' });
      const history = await registry.api.GET(`${BASE}/experiment_runs/{experimentrunId}/metric_history`, {
        params: { path: { experimentrunId: runId }, query: { name: 'loss' } },
      });
      const losses = (history.data?.items ?? [])
        .sort((a, b) => (a.step ?? 0) - (b.step ?? 0))
        .map((m) => m.value ?? Number.NaN);
      expect(losses).toHaveLength(20);
      expect(losses.at(-1)).toBeLessThan((losses[0] ?? 0) / 2);

      expect(existsSync(modelFile)).toBe(true);
      const saved = JSON.parse(readFileSync(modelFile, 'utf8')) as { bias: number; w: number[] };
      expect(saved.w).toHaveLength(2);
    });
  },
);
