import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, modelreg, startServer, type RunningServer } from './support/modelreg-process.js';

// What a new user types the way git, kubectl and gh taught them (issue 15).

const BUILT = existsSync(new URL('../../packages/cli/dist/main.js', import.meta.url));

let server: RunningServer;

async function versionNames(model: string): Promise<string[]> {
  const found = await apiCall<{ id?: string }>(server, 'GET', `registered_model?name=${model}`);
  if (found.status !== 200) return [];
  const versions = await apiCall<{ items: { name: string }[] }>(
    server,
    'GET',
    `registered_models/${found.body.id}/versions`,
  );
  return versions.body.items.map((version) => version.name).sort();
}

describe.skipIf(!BUILT)('the modelreg command line (built binary against a started server)', () => {
  beforeAll(async () => {
    server = await startServer(mkdtempSync(join(tmpdir(), 'modelreg-command-line-')));
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('takes the global options before, between or after the command words', async () => {
    const register = (version: string) => [
      'register',
      '--name',
      'ghost',
      '--version',
      version,
      '--uri',
      `s3://x/${version}`,
    ];
    const first = await modelreg(['--url', server.url, ...register('v1')]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).not.toBe('0.1.0\n');
    const token = await modelreg(['--token', 'unused', '--url', server.url, ...register('v2')]);
    expect(token.code).toBe(0);
    const json = await modelreg(['--json', `--url=${server.url}`, ...register('v3')]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ version: { name: 'v3' } });
    expect(await versionNames('ghost')).toEqual(['v1', 'v2', 'v3']);

    const between = await modelreg(['versions', '--json', 'list', '--url', server.url, 'ghost']);
    expect(between.code).toBe(0);
    expect((JSON.parse(between.stdout) as unknown[]).length).toBe(3);
  });

  it('refuses an unknown option anywhere on the line as a usage error, doing nothing', async () => {
    for (const argv of [
      ['--bogus', 'register', '--name', 'ghost', '--version', 'v9', '--uri', 's3://x/v9'],
      ['register', '--bogus', '--name', 'ghost', '--version', 'v9', '--uri', 's3://x/v9'],
      ['versions', '--bogus', 'list', 'ghost'],
    ]) {
      const refused = await modelreg([...argv, '--url', server.url]);
      expect(refused.code, argv.join(' ')).toBe(2);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toMatch(/^modelreg: unknown option '--bogus'.*--help"\n$/);
    }
    expect(await versionNames('ghost')).not.toContain('v9');
  });

  it('refuses an unknown stage as a usage error listing the stages, and takes the full names in any case', async () => {
    const cli = (...args: string[]) => modelreg([...args, '--url', server.url]);
    expect(
      (await cli('register', '--name', 'staged', '--version', 'v1', '--uri', 's3://x/staged')).code,
    ).toBe(0);
    for (const argv of [
      ['stage', 'staged', 'v1', 'Prod'],
      ['stage', 'staged', 'v1', 'Staging', '--from', 'dev'],
      ['which', 'staged', '--stage', 'live'],
    ]) {
      const refused = await cli(...argv);
      expect(refused.code, argv.join(' ')).toBe(2);
      expect(refused.stderr).toMatch(
        /^modelreg: .*expected one of Development, Staging, Production, Archived; see "modelreg (stage|which) --help"\n$/,
      );
      expect(refused.stderr).not.toContain('--debug');
    }
    const moved = await cli('stage', 'staged', 'v1', 'staging', '--from', 'DEVELOPMENT');
    expect(moved.code).toBe(0);
    expect(moved.stdout).toMatch(/is now in Staging/);
    expect((await cli('which', 'staged', '--stage', 'STAGING')).stdout).toContain('v1');
  });

  it('register refuses a --uri without a scheme, and points a local path to --path', async () => {
    const register = (uri: string) =>
      modelreg(['register', '--name', 'schemeless', '--version', 'v1', '--uri', uri, '--url', server.url]);
    const word = await register('not-a-uri');
    expect(word.code).toBe(2);
    expect(word.stderr).toMatch(/^modelreg: .*'not-a-uri' is invalid\. a URI needs a scheme: s3:\/\/…/);
    for (const path of ['./model-dir', 'models/mnist', '/var/models/mnist']) {
      const local = await register(path);
      expect(local.code, path).toBe(2);
      expect(local.stderr).toContain(`that is a local path, not a URI: upload its files with --path ${path}`);
    }
    expect(await versionNames('schemeless')).toEqual([]);
    expect((await register('file:///var/models/mnist')).code).toBe(0);
  });

  it('says a --url is not a registry instead of printing the page that answered', async () => {
    const webServer = createServer((_request, response) => {
      response.writeHead(404, { 'content-type': 'text/html' });
      response.end('<!doctype html><html><body><h1>404 Not Found</h1><p>nginx</p></body></html>\n');
    });
    await new Promise<void>((resolve) => webServer.listen(0, '127.0.0.1', resolve));
    const { port } = webServer.address() as AddressInfo;
    try {
      for (const url of [`http://127.0.0.1:${port}`, `${server.url}/not-the-api-root`]) {
        const listed = await modelreg(['models', 'list', '--url', url]);
        expect(listed.code).toBe(1);
        const status = url.startsWith(server.url) ? 200 : 404;
        expect(listed.stderr).toBe(
          `modelreg: not a modelreg or Kubeflow Model Registry server at ${url} (HTTP ${status}); check --url or MODELREG_URL\n`,
        );
      }
      const get = await modelreg(['versions', 'get', 'mnist', 'v1', '--url', `http://127.0.0.1:${port}`]);
      expect(get.stderr).toMatch(
        /^modelreg: not a modelreg or Kubeflow Model Registry server at .* \(HTTP 404\)/,
      );
    } finally {
      await new Promise((resolve) => webServer.close(resolve));
    }
  });

  it('takes both ls and list, rm and delete, on every command that has one of them', async () => {
    const cli = (...args: string[]) => modelreg([...args, '--url', server.url, '--json']);
    const ok = async (...args: string[]) => {
      const done = await cli(...args);
      expect(done.code, `${args.join(' ')}: ${done.stderr}`).toBe(0);
      return JSON.parse(done.stdout === '' ? 'null' : done.stdout) as unknown;
    };
    await ok('register', '--name', 'spelled', '--version', 'v1', '--uri', 's3://x/spelled/v1');
    await ok('register', '--name', 'spelled', '--version', 'v2', '--uri', 's3://x/spelled/v2');
    await ok('alias', 'set', 'spelled', 'champion', 'v1');
    expect(await ok('alias', 'list', 'spelled')).toMatchObject([{ alias: 'champion' }]);
    expect(await ok('alias', 'delete', 'spelled', 'champion')).toEqual([]);
    const lists = ['ls', 'list'].flatMap((spelling) => [
      ok('models', spelling),
      ok('versions', spelling, 'spelled'),
      ok('artifacts', spelling, 'spelled', 'v1'),
      ok('experiments', spelling),
      ok('runs', spelling),
    ]);
    for (const listed of await Promise.all(lists)) expect(listed).toEqual(expect.any(Array));
    const [models, versions] = (await Promise.all(lists)) as { name: string }[][];
    expect(models?.map((model) => model.name)).toContain('spelled');
    expect(versions).toHaveLength(2);
    await ok('versions', 'rm', 'spelled', 'v2', '--yes');
    await ok('models', 'rm', 'spelled', '--yes');
    expect(await versionNames('spelled')).toEqual([]);
  });

  it('search warns about a term that names no property, metric or parameter of any version', async () => {
    const cli = (...args: string[]) => modelreg([...args, '--url', server.url]);
    const registered = await cli(
      'register',
      '--name',
      'searched',
      '--version',
      'v1',
      '--uri',
      's3://x/searched/v1',
      '--metric',
      'f1=0.97',
      '--param',
      'optimizer=adam',
      '--metadata',
      'framework=pytorch',
    );
    expect(registered.code).toBe(0);
    const asMetadata = await cli('search', 'f1 >= 0.95');
    expect(asMetadata.code).toBe(0);
    expect(asMetadata.stdout).toBe('No matching model versions.\n');
    expect(asMetadata.stderr).toBe(
      "modelreg: warning: 'f1' names no field or property of any version, nor a metric or parameter (a metric of that name exists: metrics.f1)\n",
    );
    const typo = await cli('search', "metrics.f2 > 0 OR framwork = 'pytorch' OR params.optimiser = 'adam'");
    expect(typo.stderr.split('\n').filter(Boolean).sort()).toEqual([
      "modelreg: warning: 'framwork' names no field or property of any version, nor a metric or parameter",
      "modelreg: warning: no version has a metric named 'f2'",
      "modelreg: warning: no version has a parameter named 'optimiser'",
    ]);
    const known = await cli(
      'search',
      "metrics.f1 >= 0.95 AND params.optimizer = 'adam' AND framework = 'pytorch' AND name = 'v1' AND stage != 'Archived'",
    );
    expect(known.stderr).toBe('');
    expect(known.stdout).toMatch(/\bv1\b/);
  });
});
