import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelreg, startServer, type RunningServer } from './support/modelreg-process.js';

const BUILT = existsSync(new URL('../../packages/cli/dist/main.js', import.meta.url));
if (!BUILT) console.log('skipping the CLI lifecycle tests: packages/cli/dist is missing (npm run build)');

describe.skipIf(!BUILT)('the seed questions, answered by the CLI', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'modelreg-lifecycle-'));
  let server: RunningServer;
  let admin: string;
  let releaseBot: string;
  const as = (token: string, args: string[]) => modelreg([...args, '--url', server.url, '--token', token]);
  const ok = async (token: string, args: string[]) => {
    const result = await as(token, args);
    expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
    return result.stdout;
  };

  beforeAll(async () => {
    server = await startServer(dataDir, ['--auth', 'token']);
    const made = await modelreg([
      'token',
      'create',
      '--name',
      'admin',
      '--role',
      'admin',
      '--db',
      `sqlite:${join(dataDir, 'registry.db')}`,
      '--json',
    ]);
    admin = (JSON.parse(made.stdout) as { token: string }).token;
    const bot = await as(admin, ['token', 'create', '--name', 'release-bot', '--role', 'promoter', '--json']);
    releaseBot = (JSON.parse(bot.stdout) as { token: string }).token;
    for (const version of ['v1', 'v2']) {
      await ok(admin, [
        'register',
        '--name',
        'mnist',
        '--version',
        version,
        '--uri',
        `s3://models/mnist/${version}`,
        '--format',
        'onnx',
      ]);
    }
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('which version is in production, where it is deployed, who promoted and who deployed it, and when', async () => {
    await ok(releaseBot, ['stage', 'mnist', 'v1', 'Production', '-m', 'first release']);
    await ok(releaseBot, [
      'deploy',
      'mnist',
      'v1',
      '--env',
      'prod-eu',
      '--endpoint',
      'https://mnist.eu.example',
    ]);
    await ok(releaseBot, ['stage', 'mnist', 'v2', 'Staging']);
    await ok(releaseBot, [
      'stage',
      'mnist',
      'v2',
      'Production',
      '--others',
      'archive',
      '-m',
      'beats v1 by 2 points',
    ]);
    await ok(releaseBot, [
      'deploy',
      'mnist',
      'v2',
      '--env',
      'prod-eu',
      '--endpoint',
      'https://mnist.eu.example/v2',
    ]);

    const which = await ok(admin, ['which', 'mnist', '--stage', 'Production']);
    expect(which.trim()).toMatch(/^mnist v2: prod-eu https:\/\/mnist\.eu\.example\/v2$/);
    const whichJson = JSON.parse(await ok(admin, ['which', 'mnist', '--stage', 'Production', '--json'])) as {
      version: string;
    }[];
    expect(whichJson.map((e) => e.version)).toEqual(['v2']);

    const history = JSON.parse(await ok(admin, ['history', 'mnist', 'v2', '--json'])) as {
      stages: { toStage: string; actor: string; comment?: string; timeSinceEpoch: string }[];
      deployments: { action: string; environment: string; actor: string; timeSinceEpoch: string }[];
    };
    const promotion = history.stages.find((s) => s.toStage === 'Production');
    expect(promotion).toMatchObject({ actor: 'release-bot', comment: 'beats v1 by 2 points' });
    expect(Number(promotion?.timeSinceEpoch)).toBeGreaterThan(Date.now() - 60_000);
    expect(history.deployments).toEqual([
      expect.objectContaining({ action: 'deploy', environment: 'prod-eu', actor: 'release-bot' }),
    ]);
    const human = await ok(admin, ['history', 'mnist']);
    expect(human).toMatch(/Staging\s+Production\s+release-bot\s+beats v1 by 2 points/);
    expect(human).toMatch(/Production\s+Archived\s+release-bot/);
    expect(human).toMatch(/deploy\s+v1\s+prod-eu\s+release-bot/);
  });

  it('moves aliases, answers which version held one, and keeps every change in a verifiable audit trail', async () => {
    await ok(releaseBot, ['alias', 'set', 'mnist', 'champion', 'v1']);
    const before = Date.now();
    // The server reads this machine's clock: the next change is stamped after `before` once the
    // clock has moved on (the next millisecond), which is waited for, not slept for.
    while (Date.now() <= before) await new Promise((resolve) => setImmediate(resolve));
    await ok(releaseBot, ['alias', 'set', 'mnist', 'champion', 'v2']);
    expect(await ok(admin, ['alias', 'ls', 'mnist'])).toMatch(/champion/);
    const v1 = JSON.parse(await ok(admin, ['versions', 'get', 'mnist', 'v1', '--json'])) as { id: string };
    const then = JSON.parse(
      await ok(admin, ['which', 'mnist', '--alias', 'champion', '--at', String(before), '--json']),
    ) as {
      modelVersionId: string;
    };
    expect(then.modelVersionId).toBe(v1.id);
    expect(await ok(admin, ['versions', 'get', 'mnist', '@champion'])).toMatch(/name:\s+v2/);

    // An editor-less promoter cannot change metadata; the refusal is in the trail.
    expect((await as(releaseBot, ['versions', 'update', 'mnist', 'v2', '--description', 'x'])).code).toBe(1);
    const denied = JSON.parse(await ok(admin, ['audit', '--outcome', 'denied', '--json'])) as {
      actor: string;
    }[];
    expect(denied.map((e) => e.actor)).toContain('release-bot');
    const transitions = JSON.parse(
      await ok(admin, ['audit', '--action', 'transition modelVersion', '--json', '--limit', '100']),
    ) as unknown[];
    expect(transitions.length).toBe(4);
    expect(await ok(admin, ['audit', '--verify'])).toMatch(/^the audit trail verifies: \d+ events/);
    expect((await as(releaseBot, ['audit'])).code).toBe(1);
  });

  it('refuses to undeploy a version that was already replaced, names the deployed one, and leaves it serving', async () => {
    for (const version of ['a', 'b']) {
      await ok(admin, [
        'register',
        '--name',
        'rep',
        '--version',
        version,
        '--uri',
        `s3://models/rep/${version}`,
      ]);
    }
    await ok(releaseBot, ['deploy', 'rep', 'a', '--env', 'us']);
    await ok(releaseBot, ['deploy', 'rep', 'b', '--env', 'us']);
    const refused = await as(releaseBot, ['undeploy', 'rep', 'a', '--env', 'us']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(
      /version 'a' of 'rep' is not deployed in us .*version 'b' is deployed there/,
    );
    const served = async () => {
      const response = await fetch(
        `${server.url}/api/model_registry/v1alpha3/inference_services?pageSize=100`,
        {
          headers: { authorization: `Bearer ${admin}` },
        },
      );
      const { items } = (await response.json()) as { items: Record<string, unknown>[] };
      return items.find((s) => s['name'] === 'rep');
    };
    const b = JSON.parse(await ok(admin, ['versions', 'get', 'rep', 'b', '--json'])) as { id: string };
    expect(await served()).toMatchObject({ modelVersionId: b.id, desiredState: 'DEPLOYED' });
    // Undeploying what is deployed works, once.
    expect(await ok(releaseBot, ['undeploy', 'rep', 'b', '--env', 'us'])).toContain("undeployed version 'b'");
    expect(await served()).toMatchObject({ modelVersionId: b.id, desiredState: 'UNDEPLOYED' });
    expect((await as(releaseBot, ['undeploy', 'rep', 'b', '--env', 'us'])).stderr).toMatch(
      /nothing is deployed there/,
    );
  });

  it('moves a stage only from the stage given with --from, naming where the version is instead', async () => {
    await ok(admin, ['register', '--name', 'guarded', '--version', 'v1', '--uri', 's3://models/guarded/v1']);
    const refused = await as(releaseBot, ['stage', 'guarded', 'v1', 'Production', '--from', 'Staging']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/is in Development, not Staging/);
    await ok(releaseBot, ['stage', 'guarded', 'v1', 'Staging', '--from', 'Development']);
    expect(await ok(releaseBot, ['stage', 'guarded', 'v1', 'Production', '--from', 'Staging'])).toContain(
      'is now in Production',
    );
  });

  it('registers semantic versions by bump, lists them by precedence, and resolves ranges', async () => {
    const first = await ok(admin, [
      'register',
      '--name',
      'churn',
      '--bump',
      'minor',
      '--uri',
      's3://m/churn/a',
    ]);
    expect(first).toContain("registered version '0.1.0'");
    for (const bump of ['patch', 'minor', 'patch', 'major']) {
      await ok(admin, ['register', '--name', 'churn', '--bump', bump, '--uri', `s3://m/churn/${bump}`]);
    }
    const listed = JSON.parse(
      await ok(admin, ['versions', 'list', 'churn', '--order-by', 'VERSION', '--desc', '--json']),
    ) as {
      name: string;
    }[];
    expect(listed.map((v) => v.name)).toEqual(['1.0.0', '0.2.1', '0.2.0', '0.1.1', '0.1.0']);
    expect(await ok(admin, ['versions', 'resolve', 'churn', '^0.2'])).toMatch(/name:\s+0\.2\.1/);
    expect((await as(admin, ['versions', 'resolve', 'churn', '^5'])).code).toBe(1);
    expect((await as(admin, ['register', '--name', 'churn', '--uri', 's3://x'])).code).toBe(2);
  });
});
