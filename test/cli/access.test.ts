import { readdirSync, readFileSync, statSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-databases.js';
import { BIN, modelreg, startServer, type RunningServer } from './support/modelreg-process.js';
import { existsSync } from 'node:fs';

const BUILT = existsSync(new URL('../../packages/cli/dist/main.js', import.meta.url));
if (!BUILT) console.log('skipping the CLI access tests: packages/cli/dist is missing (npm run build)');

/** Every byte the database holds, WAL included, as text to search. */
function databaseBytes(dir: string): string {
  return readdirSync(dir)
    .filter((f) => f.startsWith('registry.db'))
    .map((f) => readFileSync(join(dir, f)).toString('latin1'))
    .join('');
}

describe.skipIf(!BUILT)('tokens and login through the CLI against a server with token authentication', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'modelreg-auth-'));
  const home = mkdtempSync(join(tmpdir(), 'modelreg-home-'));
  let server: RunningServer;
  const secrets: string[] = [];
  const as = (args: string[], env: Record<string, string> = {}) =>
    modelreg([...args, '--url', server.url], { XDG_CONFIG_HOME: home, ...env });

  beforeAll(async () => {
    server = await startServer(dataDir, ['--auth', 'token']);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('bootstraps an admin token on the host, logs in (0600), and manages tokens with it', async () => {
    // The server says it wants tokens, and, as none exists yet, how to make the first one.
    const started = server
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(started.find((line) => line['msg'] === 'modelreg is serving')).toMatchObject({ auth: 'token' });
    expect(started.find((line) => String(line['msg']).startsWith('no API token exists yet'))).toMatchObject({
      level: 'warn',
      firstAdmin: `modelreg token create --name admin --role admin --db sqlite:${join(dataDir, 'registry.db')}`,
    });
    const bootstrap = await modelreg(
      [
        'token',
        'create',
        '--name',
        'admin',
        '--role',
        'admin',
        '--db',
        `sqlite:${join(dataDir, 'registry.db')}`,
        '--json',
      ],
      {},
    );
    expect(bootstrap.code, bootstrap.stderr).toBe(0);
    const admin = (JSON.parse(bootstrap.stdout) as { token: string }).token;
    expect(admin).toMatch(/^mrt_\d+_/);
    secrets.push(admin);

    const anonymous = await as(['models', 'list']);
    expect(anonymous.code).toBe(1);
    expect(anonymous.stderr).toBe(
      'modelreg: this registry requires authentication: run `modelreg login` or pass --token / MODELREG_TOKEN (401 AUTHENTICATION_REQUIRED)\n',
    );
    const login = await as(['login', '--token', admin]);
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toContain('as admin');
    const credentials = join(home, 'modelreg', 'credentials.json');
    expect(statSync(credentials).mode & 0o777).toBe(0o600);
    expect(readFileSync(credentials, 'utf8')).toContain(admin);

    const ci = await as([
      'token',
      'create',
      '--name',
      'ci',
      '--role',
      'editor',
      '--expires',
      '90d',
      '--json',
    ]);
    expect(ci.code, ci.stderr).toBe(0);
    const made = JSON.parse(ci.stdout) as {
      token: string;
      id: string;
      state: string;
      expireTimeSinceEpoch: string;
    };
    expect(made.state).toBe('ACTIVE');
    expect(Number(made.expireTimeSinceEpoch) - Date.now()).toBeGreaterThan(89 * 86_400_000);
    secrets.push(made.token);

    const listed = await as(['token', 'list']);
    expect(listed.stdout).toMatch(/ci\s+ci\s+editor/);
    for (const secret of secrets) expect(listed.stdout).not.toContain(secret);

    const ciEnv = { MODELREG_TOKEN: made.token };
    // The logged-in admin creates (and so owns) the model; the editor may change it, not delete it.
    expect((await as(['models', 'create', 'shared'])).code).toBe(0);
    expect((await as(['models', 'update', 'shared', '--description', 'by ci'], ciEnv)).code).toBe(0);
    // What the editor creates, it owns, and an owner administers its model.
    expect((await as(['models', 'create', 'from-ci'], ciEnv)).code).toBe(0);
    expect((await as(['models', 'delete', 'from-ci', '--yes'], ciEnv)).code).toBe(0);
    const refused = await as(['models', 'delete', 'shared', '--yes'], ciEnv);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^modelreg: ci may not administer registered model "shared".*\(403 PERMISSION_DENIED\)\n$/,
    );

    expect((await as(['token', 'revoke', made.id])).code).toBe(0);
    const revoked = await as(['models', 'list'], ciEnv);
    expect(revoked.code).toBe(1);
    expect(revoked.stderr).toContain('401 INVALID_TOKEN');

    expect((await as(['logout'])).code).toBe(0);
    expect(readFileSync(credentials, 'utf8')).not.toContain(admin);
  });

  it('never writes a token secret to the database or the logs', async () => {
    // A failed attempt with a guessed secret is logged as a request like any other.
    await as(['models', 'list'], { MODELREG_TOKEN: 'mrt_1_guessedGUESSEDguessedGUESSED' });
    const stored = databaseBytes(dataDir);
    const logs = server.output();
    expect(logs).toContain('"msg":"request"');
    for (const token of [...secrets, 'mrt_1_guessedGUESSEDguessedGUESSED']) {
      const secret = token.slice(token.indexOf('_', 4) + 1);
      expect(stored).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
    expect(BIN).toContain('modelreg.js');
  });
});

const POSTGRES = process.env['MODELREG_TEST_POSTGRES_URL'];
if (POSTGRES === undefined)
  console.log('skipping the two-replica token test: MODELREG_TEST_POSTGRES_URL is not set');

describe.skipIf(!BUILT || POSTGRES === undefined)('two server processes on one PostgreSQL', () => {
  let database: TestDatabase;
  const replicas: RunningServer[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    for (let i = 0; i < 2; i++) {
      replicas.push(
        await startServer(mkdtempSync(join(tmpdir(), 'modelreg-replica-')), [
          '--auth',
          'token',
          '--db',
          database.url,
        ]),
      );
    }
  });
  afterAll(async () => {
    for (const replica of replicas) await replica.stop();
    await database?.drop();
  });

  it('refuses a token revoked on one replica at once on the other; --expires sets the lifetime', async () => {
    const [a, b] = replicas as [RunningServer, RunningServer];
    const bootstrap = await modelreg([
      'token',
      'create',
      '--name',
      'admin',
      '--role',
      'admin',
      '--db',
      database.url,
      '--json',
    ]);
    const admin = (JSON.parse(bootstrap.stdout) as { token: string }).token;
    const viewer = await modelreg([
      'token',
      'create',
      '--name',
      'viewer',
      '--role',
      'viewer',
      '--json',
      '--url',
      a.url,
      '--token',
      admin,
    ]);
    const made = JSON.parse(viewer.stdout) as { token: string; id: string };
    const list = (server: RunningServer, token: string) =>
      fetch(`${server.url}/api/model_registry/v1alpha3/registered_models`, {
        headers: { authorization: `Bearer ${token}` },
      });
    expect((await list(b, made.token)).status).toBe(200);
    expect((await modelreg(['token', 'revoke', made.id, '--url', a.url, '--token', admin])).code).toBe(0);
    expect((await list(b, made.token)).status).toBe(401);
    expect((await list(a, made.token)).status).toBe(401);

    const shortLived = await modelreg([
      'token',
      'create',
      '--name',
      'brief',
      '--role',
      'viewer',
      '--expires',
      '1s',
      '--json',
      '--url',
      b.url,
      '--token',
      admin,
    ]);
    const brief = (JSON.parse(shortLived.stdout) as { token: string }).token;
    const created = JSON.parse(shortLived.stdout) as { expireTimeSinceEpoch: string; id: string };
    // `--expires 1s` reaches the server as a one-second lifetime; that both replicas refuse the token
    // once it has passed is shown with a clock the test moves (test/api/token-expiry-replicas.test.ts).
    const listed = (await (
      await fetch(`${a.url}/api/model_registry/v1alpha3/tokens`, {
        headers: { authorization: `Bearer ${admin}` },
      })
    ).json()) as { items: { id: string; createTimeSinceEpoch: string }[] };
    const entry = listed.items.find((t) => t.id === created.id);
    expect(Number(created.expireTimeSinceEpoch) - Number(entry?.createTimeSinceEpoch)).toBe(1000);
    expect((await list(a, brief)).status).toBe(200);
  });
});
