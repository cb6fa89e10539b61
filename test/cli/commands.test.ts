import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  Artifact,
  Experiment,
  ExperimentRun,
  ModelArtifact,
  ModelVersion,
  RegisteredModel,
} from '@modelreg/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BIN,
  modelreg,
  runToEnd,
  startServer,
  type Finished,
  type RunningServer,
} from './support/modelreg-process.js';

const BUILT = existsSync(new URL('../../packages/cli/dist/main.js', import.meta.url));
if (!BUILT)
  console.warn('test/cli/commands.test.ts skipped: packages/cli/dist is missing (run `npm run build`)');

const VERSION = (
  JSON.parse(readFileSync(new URL('../../packages/cli/package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;
const EXAMPLE = new URL('../../examples/pipeline-step.sh', import.meta.url).pathname;

let server: RunningServer;
/** `modelreg <args> --url <the test server>`. */
const cli = (...args: string[]): Promise<Finished> => modelreg([...args, '--url', server.url]);

function json<T>(result: Finished): T {
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as T;
}

function expectOneLineError(result: Finished, code: number, pattern: RegExp): void {
  expect(result.code).toBe(code);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^modelreg: /);
  expect(lines[0]).toMatch(pattern);
}

/** A port nothing listens on: taken from the OS, then released. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe.skipIf(!BUILT)('modelreg client commands (built binary against a started server)', () => {
  beforeAll(async () => {
    server = await startServer(mkdtempSync(join(tmpdir(), 'modelreg-cli-commands-')));
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('register: one step from name, version, uri and typed metadata (flags beat the file); ids in text, entities in JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'modelreg-register-'));
    const metrics = join(dir, 'metrics.yaml');
    writeFileSync(metrics, 'accuracy: 0.5\nepochs: 12\ncommit: "0042"\nfinal: true\n');
    const registered = json<{ model: RegisteredModel; version: ModelVersion; artifact: ModelArtifact }>(
      await cli(
        'register',
        '--name',
        'mnist',
        '--version',
        'v1',
        '--uri',
        's3://models/mnist/v1',
        '--format',
        'onnx',
        '--format-version',
        '1',
        '--author',
        'alice',
        '--description',
        'first cut',
        '--metadata-file',
        metrics,
        '--metadata',
        'accuracy=0.97',
        '--metadata',
        'framework=pytorch',
        '--metadata',
        'layers=3',
        '--metadata',
        'distilled=false',
        '--storage-key',
        'aws-secret',
        '--json',
      ),
    );
    expect(registered.model.name).toBe('mnist');
    expect(registered.version).toMatchObject({ name: 'v1', author: 'alice', description: 'first cut' });
    expect(registered.version.registeredModelId).toBe(registered.model.id);
    expect(registered.version.customProperties).toEqual({
      accuracy: { metadataType: 'MetadataDoubleValue', double_value: 0.97 },
      epochs: { metadataType: 'MetadataIntValue', int_value: '12' },
      commit: { metadataType: 'MetadataStringValue', string_value: '0042' },
      final: { metadataType: 'MetadataBoolValue', bool_value: true },
      framework: { metadataType: 'MetadataStringValue', string_value: 'pytorch' },
      layers: { metadataType: 'MetadataIntValue', int_value: '3' },
      distilled: { metadataType: 'MetadataBoolValue', bool_value: false },
    });
    expect(registered.artifact).toMatchObject({
      uri: 's3://models/mnist/v1',
      modelFormatName: 'onnx',
      modelFormatVersion: '1',
      storageKey: 'aws-secret',
    });

    const human = await cli(
      'register',
      '--name',
      'mnist',
      '--version',
      'v2',
      '--uri',
      's3://models/mnist/v2',
      '--metadata',
      'accuracy=0.91',
    );
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(`model id:     ${registered.model.id}`);
    expect(human.stdout).toMatch(/^version id: +\d+$/m);
    expect(human.stdout).toContain('artifact uri: s3://models/mnist/v2');

    const again = await cli('register', '--name', 'mnist', '--version', 'v1', '--uri', 's3://elsewhere');
    expectOneLineError(
      again,
      1,
      /version 'v1' of model 'mnist' already exists \(409 MODEL_VERSION_ALREADY_EXISTS\)/,
    );
  });

  it('models: create, list, get, update, archive, restore, and delete only with --yes', async () => {
    const created = json<RegisteredModel>(
      await cli(
        'models',
        'create',
        'fraud',
        '--owner',
        'bob',
        '--description',
        'card fraud',
        '--metadata',
        'team=risk',
        '--json',
      ),
    );
    expect(created).toMatchObject({ name: 'fraud', owner: 'bob', description: 'card fraud', state: 'LIVE' });

    const [table, listed, limited, got] = await Promise.all([
      cli('models', 'list'),
      cli('models', 'list', '--filter', "owner = 'bob'", '--json'),
      cli('models', 'list', '--order-by', 'name', '--desc', '--limit', '1', '--json'),
      cli('models', 'get', 'fraud'),
    ]);
    expect(table.stdout.split('\n')[0]).toMatch(/^ID\s+NAME\s+STATE\s+OWNER\s+UPDATED\s+DESCRIPTION$/);
    expect(table.stdout).toMatch(
      new RegExp(`^${created.id}\\s+fraud\\s+LIVE\\s+bob\\s+\\S+\\s+card fraud$`, 'm'),
    );
    expect(json<RegisteredModel[]>(listed).map((model) => model.name)).toEqual(['fraud']);
    expect(json<RegisteredModel[]>(limited).map((model) => model.name)).toEqual(['mnist']);
    expect(got.stdout).toMatch(/^name: +fraud$/m);
    expect(got.stdout).toMatch(/^metadata:\n {2}team: risk$/m);

    const updated = json<RegisteredModel>(
      await cli(
        'models',
        'update',
        'fraud',
        '--description',
        'fraud v2',
        '--metadata',
        'tier=1',
        '--remove-metadata',
        'team',
        '--json',
      ),
    );
    expect(updated).toMatchObject({ description: 'fraud v2', owner: 'bob' });
    expect(updated.customProperties).toEqual({ tier: { metadataType: 'MetadataIntValue', int_value: '1' } });

    expect(json<RegisteredModel>(await cli('models', 'archive', 'fraud', '--json')).state).toBe('ARCHIVED');
    const restored = await cli('models', 'restore', 'fraud');
    expect(restored.stdout).toMatch(
      /^restored registered model 'fraud'\nid: .*\nname: +fraud\nstate: +LIVE$/m,
    );

    const refused = await cli('models', 'delete', 'fraud');
    expectOneLineError(refused, 2, /without --yes.*see "modelreg models delete --help"/);
    expect(json<RegisteredModel>(await cli('models', 'delete', 'fraud', '--yes', '--json')).id).toBe(
      created.id,
    );
    expectOneLineError(await cli('models', 'get', 'fraud'), 1, /\(404 REGISTERED_MODEL_NOT_FOUND\)$/);
  });

  it('versions: create, list, get, update, archive, restore, delete', async () => {
    await cli('models', 'create', 'resnet');
    const created = json<ModelVersion>(
      await cli(
        'versions',
        'create',
        'resnet',
        'v1',
        '--author',
        'carol',
        '--metadata',
        'accuracy=0.8',
        '--json',
      ),
    );
    expect(created).toMatchObject({ name: 'v1', author: 'carol', state: 'LIVE' });
    await cli('versions', 'create', 'resnet', 'v2', '--metadata', 'accuracy=0.9');

    const [table, listed, all, got] = await Promise.all([
      cli('versions', 'list', 'resnet'),
      cli('versions', 'list', 'resnet', '--filter', 'accuracy > 0.85', '--json'),
      cli('versions', 'list', '--json'),
      cli('versions', 'get', 'resnet', 'v1'),
    ]);
    expect(table.stdout.split('\n')[0]).toMatch(
      /^MODEL\s+NAME\s+STAGE\s+ALIASES\s+STATE\s+AUTHOR\s+UPDATED\s+METADATA$/,
    );
    expect(table.stdout).toMatch(/^resnet\s+v1\s+Development\s+LIVE\s+carol\s+\S+\s+accuracy=0\.8$/m);
    expect(json<ModelVersion[]>(listed).map((version) => version.name)).toEqual(['v2']);
    expect(json<ModelVersion[]>(all).length).toBeGreaterThanOrEqual(2);
    expect(got.stdout).toMatch(/^author: +carol$/m);
    expect(got.stdout).toMatch(/^ {2}accuracy: 0\.8$/m);

    const updated = json<ModelVersion>(
      await cli(
        'versions',
        'update',
        'resnet',
        'v1',
        '--description',
        'baseline',
        '--metadata',
        'accuracy=0.82',
        '--json',
      ),
    );
    expect(updated).toMatchObject({ description: 'baseline', author: 'carol' });
    expect(updated.customProperties?.['accuracy']).toEqual({
      metadataType: 'MetadataDoubleValue',
      double_value: 0.82,
    });

    expect(json<ModelVersion>(await cli('versions', 'archive', 'resnet', 'v1', '--json')).state).toBe(
      'ARCHIVED',
    );
    expect(json<ModelVersion>(await cli('versions', 'restore', 'resnet', 'v1', '--json')).state).toBe('LIVE');
    expectOneLineError(await cli('versions', 'delete', 'resnet', 'v2'), 2, /without --yes/);
    const deleted = await cli('versions', 'delete', 'resnet', 'v2', '--yes');
    expect(deleted.stdout).toMatch(/^deleted version 'v2' of model 'resnet'/);
    expectOneLineError(
      await cli('versions', 'get', 'resnet', 'v2'),
      1,
      /no version 'v2' of model 'resnet' \(404 MODEL_VERSION_NOT_FOUND\)$/,
    );
  });

  it('artifacts: list (by type) and get the model artifact of a version', async () => {
    await cli(
      'register',
      '--name',
      'bert',
      '--version',
      'v1',
      '--uri',
      'hf://org/bert',
      '--format',
      'pytorch',
    );
    const [table, byType, none, got] = await Promise.all([
      cli('artifacts', 'list', 'bert', 'v1'),
      cli('artifacts', 'list', 'bert', 'v1', '--type', 'model-artifact', '--json'),
      cli('artifacts', 'list', 'bert', 'v1', '--type', 'metric', '--json'),
      cli('artifacts', 'get', 'bert', 'v1', '--json'),
    ]);
    expect(table.stdout).toMatch(/^\d+\s+model-artifact\s+bert\s+\S+\s+hf:\/\/org\/bert$/m);
    expect(json<Artifact[]>(byType).map((artifact) => artifact.artifactType)).toEqual(['model-artifact']);
    expect(json<Artifact[]>(none)).toEqual([]);
    expect(json<ModelArtifact>(got)).toMatchObject({ uri: 'hf://org/bert', modelFormatName: 'pytorch' });
    const bad = await cli('artifacts', 'list', 'bert', 'v1', '--type', 'weights');
    expectOneLineError(bad, 2, /'weights' is invalid.*model-artifact/);
  });

  it('search: a filterQuery over versions (or --models); a bad one is one line with the position', async () => {
    await cli(
      'register',
      '--name',
      'search-a',
      '--version',
      'v1',
      '--uri',
      's3://a',
      '--metadata',
      'score=0.99',
    );
    await cli(
      'register',
      '--name',
      'search-b',
      '--version',
      'v1',
      '--uri',
      's3://b',
      '--metadata',
      'score=0.4',
    );
    const [versions, models, human, limited] = await Promise.all([
      cli('search', 'score > 0.9', '--json'),
      cli('search', "name LIKE 'search-%'", '--models', '--order-by', 'NAME', '--json'),
      cli('search', 'score < 0.5'),
      cli('search', 'score > 0', '--limit', '1', '--json'),
    ]);
    expect(json<ModelVersion[]>(versions).map((version) => version.customProperties?.['score'])).toEqual([
      { metadataType: 'MetadataDoubleValue', double_value: 0.99 },
    ]);
    expect(json<RegisteredModel[]>(models).map((model) => model.name)).toEqual(['search-a', 'search-b']);
    expect(human.stdout).toMatch(/^\d+\s+\d+\s+v1\s+LIVE\s.*score=0\.4$/m);
    expect(json<ModelVersion[]>(limited)).toHaveLength(1);

    const bad = await cli('search', 'score >> 1');
    expectOneLineError(bad, 1, /invalid filterQuery: .*position \d+.*\(400 INVALID_FILTER_QUERY\)$/);
    const badList = await cli('versions', 'list', '--filter', "name = 'unterminated");
    expectOneLineError(badList, 1, /\(400 INVALID_FILTER_QUERY\)$/);
  });

  it('experiments and runs: create, list, get, start, log a param and a metric, end', async () => {
    const experiment = json<Experiment>(
      await cli(
        'experiments',
        'create',
        'mnist-training',
        '--owner',
        'dana',
        '--description',
        'sweeps',
        '--json',
      ),
    );
    expect(experiment).toMatchObject({ name: 'mnist-training', owner: 'dana' });
    const [experiments, got] = await Promise.all([
      cli('experiments', 'list'),
      cli('experiments', 'get', 'mnist-training', '--json'),
    ]);
    expect(experiments.stdout).toMatch(/^\d+\s+mnist-training\s+LIVE\s+dana\s+\S+\s+sweeps$/m);
    expect(json<Experiment>(got).id).toBe(experiment.id);

    const run = json<ExperimentRun>(
      await cli('runs', 'start', 'mnist-training', '--name', 'lr-0.01', '--json'),
    );
    expect(run).toMatchObject({ name: 'lr-0.01', status: 'RUNNING', experimentId: experiment.id });
    const runId = run.id ?? '';
    const [param, metric, textParam] = await Promise.all([
      cli('runs', 'log-param', runId, 'lr', '0.01', '--json'),
      cli('runs', 'log-metric', runId, 'accuracy', '0.97', '--step', '3', '--json'),
      cli('runs', 'log-param', runId, 'optimizer', 'adam'),
    ]);
    expect(json<Artifact>(param)).toMatchObject({
      artifactType: 'parameter',
      name: 'lr',
      value: '0.01',
      parameterType: 'number',
    });
    expect(json<Artifact>(metric)).toMatchObject({
      artifactType: 'metric',
      name: 'accuracy',
      value: 0.97,
      step: 3,
    });
    expect(textParam.stdout).toMatch(/^logged parameter optimizer=adam to run \d+$/m);
    expect(textParam.stdout).toMatch(/^parameterType: +string$/m);

    const ended = json<ExperimentRun>(await cli('runs', 'end', runId, '--status', 'FAILED', '--json'));
    expect(ended.status).toBe('FAILED');
    expect(ended.endTimeSinceEpoch).toMatch(/^\d+$/);

    // `runs start` creates a missing experiment.
    await cli('runs', 'start', 'adhoc', '--name', 'first');
    const [runs, allRuns, runGot] = await Promise.all([
      cli('runs', 'list', 'mnist-training'),
      cli('runs', 'list', '--json'),
      cli('runs', 'get', 'mnist-training', 'lr-0.01'),
    ]);
    expect(runs.stdout).toMatch(new RegExp(`^${runId}\\s+${experiment.id}\\s+lr-0\\.01\\s+FAILED\\s`, 'm'));
    expect(
      json<ExperimentRun[]>(allRuns)
        .map((r) => r.name)
        .sort(),
    ).toEqual(['first', 'lr-0.01']);
    expect(runGot.stdout).toMatch(/^status: +FAILED$/m);
    expectOneLineError(
      await cli('runs', 'log-metric', runId, 'loss', 'low'),
      2,
      /'low' is invalid.*expected a number/,
    );
    expectOneLineError(await cli('experiments', 'get', 'nope'), 1, /\(404 EXPERIMENT_NOT_FOUND\)$/);
  });

  it('openapi prints the served document, as YAML or JSON', async () => {
    const [yaml, asJson] = await Promise.all([cli('openapi'), cli('openapi', '--json')]);
    expect(yaml.code).toBe(0);
    expect(yaml.stdout).toMatch(/^openapi: 3\./);
    expect(yaml.stdout).toContain('/api/model_registry/v1alpha3/registered_models:');
    const document = json<{ paths: Record<string, unknown> }>(asJson);
    expect(Object.keys(document.paths)).toContain('/api/model_registry/v1alpha3/model_versions');
  });

  it('fails with one line and exit code 1 for an unknown model and an unreachable server; never prints the token', async () => {
    const port = await closedPort();
    const [unknown, versionsOfUnknown, refused, badPort, debug] = await Promise.all([
      cli('models', 'get', 'no-such-model'),
      cli('versions', 'list', 'no-such-model'),
      modelreg(['models', 'list', '--url', `http://127.0.0.1:${port}`]),
      modelreg(['models', 'list', '--url', 'http://127.0.0.1:1']),
      cli('models', 'get', 'no-such-model', '--debug', '--token', 's3cr3t-token'),
    ]);
    expectOneLineError(
      unknown,
      1,
      /^modelreg: no registered model 'no-such-model' \(404 REGISTERED_MODEL_NOT_FOUND\)$/,
    );
    expectOneLineError(versionsOfUnknown, 1, /no-such-model.*\(404 REGISTERED_MODEL_NOT_FOUND\)$/);
    expectOneLineError(
      refused,
      1,
      new RegExp(`cannot reach http://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\).*--url`),
    );
    expectOneLineError(badPort, 1, /cannot reach http:\/\/127\.0\.0\.1:1\b/);
    expect(debug.code).toBe(1);
    expect(debug.stderr.split('\n').length).toBeGreaterThan(2);
    expect(debug.stderr).toMatch(/RegistryError: no registered model/);
    expect(debug.stderr + debug.stdout).not.toContain('s3cr3t-token');
  });

  it('gives up after --timeout on a server that never answers', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const result = await modelreg([
        'models',
        'list',
        '--timeout',
        '150',
        '--url',
        `http://127.0.0.1:${port}`,
      ]);
      expectOneLineError(result, 1, /timed out after 150 ms \(TIMEOUT\)$/);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('takes the URL from MODELREG_URL, and --url beats it', async () => {
    const fromEnv = await modelreg(['models', 'list', '--json'], { MODELREG_URL: server.url });
    expect(json<RegisteredModel[]>(fromEnv).length).toBeGreaterThan(0);
    const flagWins = await modelreg(['models', 'list', '--json', '--url', server.url], {
      MODELREG_URL: 'http://127.0.0.1:1',
    });
    expect(flagWins.code).toBe(0);
  });

  it('answers usage errors with exit code 2 and one line naming the problem and the --help to read', async () => {
    const [option, argument, command, subcommand, required, value, excess] = await Promise.all([
      cli('models', 'list', '--bogus'),
      cli('versions', 'get', 'mnist'),
      modelreg(['frobnicate']),
      cli('versions', 'lst'),
      cli('register', '--name', 'x', '--uri', 's3://x'),
      cli('models', 'list', '--limit', 'many'),
      cli('models', 'get', 'a', 'b'),
    ]);
    expectOneLineError(option, 2, /unknown option '--bogus'.*see "modelreg models list --help"$/);
    expectOneLineError(
      argument,
      2,
      /missing required argument 'version'; see "modelreg versions get --help"$/,
    );
    expectOneLineError(command, 2, /unknown command 'frobnicate'; see "modelreg --help"$/);
    expectOneLineError(
      subcommand,
      2,
      /unknown command 'lst' \(did you mean one of list, ls\?\); see "modelreg versions --help"$/,
    );
    expectOneLineError(required, 2, /register needs --version or --bump/);
    expectOneLineError(value, 2, /'many' is invalid\. expected a positive integer/);
    expectOneLineError(excess, 2, /too many arguments/);
    const early = await modelreg(['--bogus', 'models', 'list']);
    expectOneLineError(early, 2, /unknown option '--bogus'; see "modelreg --help"$/);
    const bare = await modelreg([]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('Usage: modelreg');
  });

  it('--help reads well for modelreg and modelreg versions, with examples', async () => {
    const [root, versions, list, help] = await Promise.all([
      modelreg(['--help']),
      modelreg(['versions', '--help']),
      modelreg(['versions', 'list', '--help']),
      modelreg(['help', 'versions']),
    ]);
    expect(root.code).toBe(0);
    for (const name of [
      'serve',
      'register',
      'models',
      'versions',
      'artifacts',
      'search',
      'experiments',
      'runs',
      'openapi',
      'completion',
    ])
      expect(root.stdout).toMatch(new RegExp(`^ {2}${name}\\b`, 'm'));
    expect(root.stdout).toContain('Examples:');
    expect(root.stdout).toContain('MODELREG_URL');
    expect(root.stdout).toContain('2 usage error');
    expect(versions.code).toBe(0);
    for (const name of ['list', 'get', 'create', 'update', 'archive', 'restore', 'delete'])
      expect(versions.stdout).toMatch(new RegExp(`^ {2}${name}[ |]`, 'm'));
    expect(versions.stdout).toContain('$ modelreg versions list mnist');
    expect(list.stdout).toMatch(/--url <url> .*\n.*env: MODELREG_URL/);
    expect(list.stdout).toContain('--filter <filterQuery>');
    expect(list.stdout).toContain('Examples:');
    expect(help.stdout).toBe(versions.stdout);
  });

  it('completion: bash, zsh and fish scripts from the command tree; bash completes subcommands', async () => {
    const [bash, zsh, fish, unknown] = await Promise.all([
      modelreg(['completion', 'bash']),
      modelreg(['completion', 'zsh']),
      modelreg(['completion', 'fish']),
      modelreg(['completion', 'tcsh']),
    ]);
    for (const name of [
      'serve',
      'register',
      'models',
      'versions',
      'artifacts',
      'search',
      'experiments',
      'runs',
      'openapi',
    ])
      expect(bash.stdout).toContain(name);
    expect(bash.stdout).toContain('"runs log-metric")');
    expect(zsh.stdout).toMatch(/^#compdef modelreg\n/);
    expect(fish.stdout).toContain("complete -c modelreg -n '__fish_use_subcommand' -a versions");
    expectOneLineError(unknown, 2, /'tcsh' is invalid.*bash, zsh, fish/);

    const script = join(mkdtempSync(join(tmpdir(), 'modelreg-completion-')), 'modelreg.bash');
    writeFileSync(script, bash.stdout);
    const complete = (...words: string[]) =>
      runToEnd('bash', [
        '-c',
        `source ${script}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _modelreg; echo "\${COMPREPLY[*]}"`,
      ]);
    const [top, sub, flag] = await Promise.all([
      complete('modelreg', 'vers'),
      complete('modelreg', 'versions', 'ar'),
      complete('modelreg', 'versions', 'list', '--or'),
    ]);
    expect(top.stdout.trim()).toBe('versions');
    expect(sub.stdout.trim()).toBe('archive');
    expect(flag.stdout.trim()).toBe('--order-by');
  });

  it('--version and -V print the package version', async () => {
    const [long, short] = await Promise.all([modelreg(['--version']), modelreg(['-V'])]);
    expect(long).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
    expect(short).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  it('examples/pipeline-step.sh registers through the CLI and prints the version id', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'modelreg-pipeline-'));
    const shim = join(dir, 'bin');
    mkdirSync(shim);
    writeFileSync(join(shim, 'modelreg'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
    chmodSync(join(shim, 'modelreg'), 0o755);
    writeFileSync(
      join(dir, 'metrics.json'),
      JSON.stringify({ accuracy: 0.93, epochs: 20, dataset: 'mnist-2024' }),
    );
    const env = {
      PATH: `${shim}:${process.env['PATH'] ?? ''}`,
      MODELREG_URL: server.url,
      MODEL_NAME: 'pipeline-model',
      MODEL_VERSION: 'run-42',
      MODEL_URI: 's3://models/pipeline-model/run-42',
      MODEL_FORMAT: 'onnx',
      METRICS_FILE: join(dir, 'metrics.json'),
      VERSION_ID_FILE: join(dir, 'outputs', 'version_id'),
    };
    const step = await runToEnd('bash', [EXAMPLE], { env });
    expect(step.code).toBe(0);
    const versionId = step.stdout.trim();
    expect(versionId).toMatch(/^\d+$/);
    expect(readFileSync(env.VERSION_ID_FILE, 'utf8')).toBe(versionId);

    const version = json<ModelVersion>(await cli('versions', 'get', 'pipeline-model', 'run-42', '--json'));
    expect(version.id).toBe(versionId);
    expect(version.customProperties?.['accuracy']).toEqual({
      metadataType: 'MetadataDoubleValue',
      double_value: 0.93,
    });
    expect(json<ModelArtifact>(await cli('artifacts', 'get', 'pipeline-model', 'run-42', '--json')).uri).toBe(
      env.MODEL_URI,
    );

    // A second run of the same version fails the step, with the CLI's line on stderr.
    const again = await runToEnd('bash', [EXAMPLE], { env });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('(409 MODEL_VERSION_ALREADY_EXISTS)');
    const missing = await runToEnd('bash', [EXAMPLE], { env: { ...env, MODEL_URI: '' } });
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('MODEL_URI');
  });
});
