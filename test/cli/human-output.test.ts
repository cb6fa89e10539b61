import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelreg, startServer, type Finished, type RunningServer } from './support/modelreg-process.js';

// People read names; ids are for scripts, under --json (issue 15).

const BUILT = existsSync(new URL('../../packages/cli/dist/main.js', import.meta.url));

let server: RunningServer;
const cli = (...args: string[]): Promise<Finished> => modelreg([...args, '--url', server.url]);

async function ok(...args: string[]): Promise<string> {
  const done = await cli(...args);
  expect(done.code, `${args.join(' ')}: ${done.stderr}`).toBe(0);
  return done.stdout;
}

describe.skipIf(!BUILT)('names where names belong (built binary against a started server)', () => {
  beforeAll(async () => {
    server = await startServer(mkdtempSync(join(tmpdir(), 'modelreg-cli-names-')));
    // Other models first, so that ids and names differ.
    await ok('register', '--name', 'other', '--version', 'v1', '--uri', 's3://x/other/v1');
    await ok('register', '--name', 'other', '--version', 'v2', '--uri', 's3://x/other/v2');
    for (const version of ['v1', 'v2', 'v3'])
      await ok('register', '--name', 'mnist', '--version', version, '--uri', `s3://x/mnist/${version}`);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('alias set, alias ls and which --alias name the version; --json keeps the ids', async () => {
    const set = await ok('alias', 'set', 'mnist', 'champion', 'v2');
    expect(set).toMatch(/^ALIAS\s+VERSION\s+SINCE\n/);
    expect(set).toMatch(/^champion\s+v2\s+\S+$/m);
    await ok('alias', 'set', 'mnist', 'challenger', 'v3');
    const listed = await ok('alias', 'ls', 'mnist');
    expect(listed).toMatch(/^challenger\s+v3\s/m);
    expect(listed).toMatch(/^champion\s+v2\s/m);
    expect(await ok('which', 'mnist', '--alias', 'champion')).toBe('mnist@champion → v2\n');

    const v2 = JSON.parse(await ok('versions', 'get', 'mnist', 'v2', '--json')) as { id: string };
    expect(v2.id).not.toBe('2');
    const aliases = JSON.parse(await ok('alias', 'ls', 'mnist', '--json')) as { modelVersionId: string }[];
    expect(aliases.map((alias) => alias.modelVersionId)).toContain(v2.id);
  });

  it('history names the version of each stage move', async () => {
    await ok('stage', 'mnist', 'v1', 'Staging');
    const history = await ok('history', 'mnist');
    expect(history).toMatch(/^WHEN\s+VERSION\s+FROM\s+TO\s+BY\s+COMMENT$/m);
    expect(history).toMatch(/^\S+\s+v1\s+Development\s+Staging\s/m);
    expect(history).not.toContain('VERSION ID');
  });

  it('which --stage shows where the versions of any stage are deployed', async () => {
    await ok('stage', 'mnist', 'v2', 'Staging');
    await ok('deploy', 'mnist', 'v2', '--env', 'staging-eu', '--endpoint', 'https://mnist.staging.example');
    const staging = await ok('which', 'mnist', '--stage', 'Staging');
    expect(staging).toMatch(/^mnist v2: staging-eu https:\/\/mnist\.staging\.example$/m);
    expect(staging).toMatch(/^mnist v1: not deployed$/m);
    expect(await ok('which', 'mnist', '--stage', 'Development')).toBe('mnist v3: not deployed\n');
    expect(await ok('which', 'mnist', '--stage', 'Archived')).toBe("no version of 'mnist' is in Archived\n");
    const json = JSON.parse(await ok('which', 'mnist', '--stage', 'Staging', '--json')) as {
      version: string;
      deployments: { environment: string }[];
    }[];
    expect(json.find((entry) => entry.version === 'v2')?.deployments).toMatchObject([
      { environment: 'staging-eu' },
    ]);
  });

  it('versions list shows each version with its stage and aliases', async () => {
    await ok('alias', 'set', 'mnist', 'latest', 'v2');
    const table = await ok('versions', 'list', 'mnist');
    expect(table.split('\n')[0]).toMatch(/^MODEL\s+NAME\s+STAGE\s+ALIASES\s+STATE\s/);
    expect(table).toMatch(/^mnist\s+v1\s+Staging\s+LIVE\s/m);
    expect(table).toMatch(/^mnist\s+v2\s+Staging\s+champion, latest\s+LIVE\s/m);
    expect(table).toMatch(/^mnist\s+v3\s+Development\s+challenger\s+LIVE\s/m);
    const all = await ok('versions', 'list');
    expect(all).toMatch(/^other\s+v1\s+Development\s+LIVE\s/m);
  });

  it('errors name the version and its model, not their ids', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'modelreg-cli-names-files-'));
    writeFileSync(join(dir, 'model.onnx'), 'onnx');
    const external = await cli('push', 'mnist', 'v3', dir);
    expect(external.code).toBe(1);
    expect(external.stderr).toContain(
      'model version "v3" of registered model "mnist" records external content',
    );
    const refused = await cli('stage', 'mnist', 'v1', 'Staging', '--from', 'Development');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'model version "v1" of registered model "mnist" is in Staging, not Development',
    );
  });
});
