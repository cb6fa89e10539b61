import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelreg, startServer, type RunningServer } from '../cli/support/modelreg-process.js';

// What MLflow's client changes, the CLI shows: the version, its stage, tags and aliases, and the
// audit events; and what the CLI changes, MLflow's client reads.

const BUILT = existsSync(new URL('../../packages/cli/dist/main.js', import.meta.url));
if (!BUILT)
  console.warn(
    'test/mlflow/cross-api-cli.test.ts skipped: packages/cli/dist is missing (run `npm run build`)',
  );

describe.skipIf(!BUILT)('the MLflow API and the CLI over one registry', () => {
  let server: RunningServer;
  const ml = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.url}/api/2.0/mlflow${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return {
      status: response.status,
      body: (await response.json()) as Record<string, Record<string, unknown>>,
    };
  };
  const cli = async (...args: string[]) => {
    const result = await modelreg([...args, '--url', server.url, '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout) as unknown;
  };

  beforeAll(async () => {
    server = await startServer(mkdtempSync(join(tmpdir(), 'modelreg-mlflow-cli-')));
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('shows through the CLI a version made through MLflow, and through MLflow a stage set by the CLI', async () => {
    await ml('POST', '/registered-models/create', { name: 'cli-ml' });
    await ml('POST', '/model-versions/create', { name: 'cli-ml', tags: [{ key: 'team', value: 'nlp' }] });
    await ml('POST', '/model-versions/transition-stage', { name: 'cli-ml', version: '1', stage: 'Staging' });
    await ml('POST', '/registered-models/alias', { name: 'cli-ml', alias: 'champion', version: '1' });

    const version = await cli('versions', 'get', 'cli-ml', '1');
    expect(version).toMatchObject({ name: '1', stage: 'Staging' });
    expect(JSON.stringify(version)).toContain('nlp');
    expect(JSON.stringify(await cli('alias', 'list', 'cli-ml'))).toContain('champion');
    expect(JSON.stringify(await cli('audit', '--action', 'transition modelVersion'))).toContain('Staging');

    await cli('stage', 'cli-ml', '1', 'Production');
    const got = await ml('GET', '/model-versions/get?name=cli-ml&version=1');
    expect(got.body['model_version']).toMatchObject({ current_stage: 'Production' });
  });
});
