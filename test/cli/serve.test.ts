import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { whenServing } from '../support/serving-url.js';

const BIN = new URL('../../packages/cli/bin/modelreg.js', import.meta.url).pathname;
const BUILT = existsSync(new URL('../../packages/cli/dist/main.js', import.meta.url));

interface Run {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly exit: Promise<number | null>;
}

function run(args: string[], cwd: string, env: Record<string, string> = {}): Run {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MODELREG_')));
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...clean, ...env }, stdio: 'pipe' });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exit };
}

function serving(r: Run): Promise<string> {
  return whenServing(r.child, () => `${r.stdout()}\n${r.stderr()}`);
}

const running: Run[] = [];
afterEach(() => {
  for (const r of running.splice(0)) r.child.kill('SIGKILL');
});

describe.skipIf(!BUILT)('modelreg serve (built binary)', () => {
  it('starts on SQLite under ./modelreg-data with no setup, logs JSON with request ids, stops on SIGTERM, keeps data', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'modelreg-cli-'));
    const first = run(['serve', '--port', '0'], cwd);
    running.push(first);
    const url = await serving(first);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(existsSync(join(cwd, 'modelreg-data', 'registry.db'))).toBe(true);
    expect(await (await fetch(`${url}/readyz/health`)).text()).toBe('OK');
    expect(await (await fetch(`${url}/readyz/isDirty`)).text()).toBe('OK');
    const created = await fetch(`${url}/api/model_registry/v1alpha3/registered_models`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-cli-1' },
      body: JSON.stringify({ name: 'mnist' }),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('x-request-id')).toBe('req-cli-1');
    const served = await fetch(`${url}/api/model_registry/v1alpha3/openapi.yaml`);
    expect(await served.text()).toContain('/api/model_registry/v1alpha3/registered_models');
    first.child.kill('SIGTERM');
    expect(await first.exit).toBe(0);
    const lines = first
      .stdout()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.find((l) => l['requestId'] === 'req-cli-1')).toMatchObject({
      msg: 'request',
      method: 'POST',
      status: 201,
      level: 'info',
    });
    expect(lines.at(-1)?.['msg']).toBe('modelreg stopped');

    // The flag beats the environment: at 'silent' the serving line would never come.
    const second = run(['serve', '--port', '0', '--log-level', 'info'], cwd, {
      MODELREG_LOG_LEVEL: 'silent',
    });
    running.push(second);
    const again = await serving(second);
    const found = await fetch(`${again}/api/model_registry/v1alpha3/registered_model?name=mnist`);
    expect(found.status).toBe(200);
    second.child.kill('SIGINT');
    expect(await second.exit).toBe(0);
  });

  it('refuses a bad database URL and an unreachable database with one clear line, never the password', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'modelreg-cli-'));
    const bad = run(['serve', '--port', '0', '--db', 'oracle://x'], cwd);
    expect(await bad.exit).toBe(1);
    expect(bad.stderr()).toMatch(/^modelreg serve: cannot open the database .*unsupported database URL/);
    const unreachable = run(
      ['serve', '--port', '0', '--db', 'postgres://app:s3cret@127.0.0.1:1/registry'],
      cwd,
    );
    expect(await unreachable.exit).toBe(1);
    expect(unreachable.stderr()).toContain(
      'cannot open the database postgres://app:***@127.0.0.1:1/registry',
    );
    expect(unreachable.stderr()).toMatch(/ECONNREFUSED/);
    expect(unreachable.stderr() + unreachable.stdout()).not.toContain('s3cret');
    expect(unreachable.stderr().trim().split('\n')).toHaveLength(1);
  });

  it('answers usage errors with exit code 2', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'modelreg-cli-'));
    const flag = run(['serve', '--prot', '1'], cwd);
    expect(await flag.exit).toBe(2);
    expect(flag.stderr()).toContain('--prot');
    const value = run(['serve', '--port', 'abc'], cwd);
    expect(await value.exit).toBe(2);
    expect(value.stderr()).toContain('port');
    const env = run(['serve'], cwd, { MODELREG_PROT: '1' });
    expect(await env.exit).toBe(2);
    expect(env.stderr()).toContain('MODELREG_PROT');
    const command = run(['frobnicate'], cwd);
    expect(await command.exit).toBe(2);
    const help = run(['serve', '--help'], cwd);
    expect(await help.exit).toBe(0);
    expect(help.stdout()).toContain('--data-dir');
  });

  it('refuses a port that is taken, naming it', async () => {
    const first = run(['serve', '--port', '0'], mkdtempSync(join(tmpdir(), 'modelreg-cli-')));
    running.push(first);
    const port = new URL(await serving(first)).port;
    const second = run(['serve', '--port', port], mkdtempSync(join(tmpdir(), 'modelreg-cli-')));
    expect(await second.exit).toBe(1);
    expect(second.stderr()).toContain(`cannot listen on 127.0.0.1:${port}`);
  });

  it('keeps its data directory 0700 and its database and stored files 0600, whatever the umask', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'modelreg-cli-'));
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MODELREG_')));
    // A umask that would let every local user read (and write) what the server creates.
    const child = spawn(
      '/bin/sh',
      ['-c', `umask 000 && exec "${process.execPath}" "${BIN}" serve --port 0`],
      {
        cwd,
        env: clean,
        stdio: 'pipe',
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const server: Run = {
      child,
      stdout: () => out,
      stderr: () => '',
      exit: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
    };
    running.push(server);
    const api = `${await serving(server)}/api/model_registry/v1alpha3`;
    const json = async (method: string, path: string, body: unknown) =>
      (await (
        await fetch(`${api}/${path}`, {
          method,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
      ).json()) as Record<string, string>;
    const model = await json('POST', 'registered_models', { name: 'private' });
    const version = await json('POST', 'model_versions', { name: 'v1', registeredModelId: model['id'] });
    const upload = await json('POST', `model_versions/${version['id']}/uploads`, {
      files: [{ path: 'w.bin', size: 3 }],
    });
    await fetch(`${api}/uploads/${upload['id']}/files/w.bin`, {
      method: 'PUT',
      body: new Uint8Array([1, 2, 3]),
    });
    expect((await fetch(`${api}/uploads/${upload['id']}/commit`, { method: 'POST' })).status).toBe(201);
    child.kill('SIGTERM');
    expect(await server.exit).toBe(0);

    const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);
    const data = join(cwd, 'modelreg-data');
    expect(mode(data)).toBe('700');
    expect(mode(join(data, 'registry.db'))).toBe('600');
    // Every directory and file the artifact store wrote (blobs, staging) is the server user's alone.
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory()
          ? [join(dir, entry.name), ...walk(join(dir, entry.name))]
          : [join(dir, entry.name)],
      );
    const stored = walk(join(data, 'artifacts'));
    expect(stored.some((path) => statSync(path).isFile())).toBe(true);
    for (const path of [data, ...walk(data)]) {
      expect(`${path}: ${mode(path)}`).toBe(`${path}: ${statSync(path).isDirectory() ? '700' : '600'}`);
    }
  });
});
