import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { damageDisk } from '../support/corruption.js';
import { modelreg, startServer, type Finished, type RunningServer } from './support/modelreg-process.js';

// Every command that prints its result and then reports a failure (without throwing an error
// message) must leave the process with a non-zero exit code, through the built binary: the entry
// once overwrote the code such a command had set, so `modelreg audit --verify || alert` never alerted.

const BUILT = existsSync(new URL('../../packages/cli/dist/main.js', import.meta.url));
if (!BUILT) console.log('skipping the CLI exit-code tests: packages/cli/dist is missing (npm run build)');

describe.skipIf(!BUILT)('exit codes of commands that report a failed result', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'modelreg-exit-codes-'));
  let server: RunningServer;
  const cli = (...args: string[]): Promise<Finished> => modelreg([...args, '--url', server.url]);

  beforeAll(async () => {
    server = await startServer(dataDir);
    for (const name of ['exit-a', 'exit-b', 'exit-c']) {
      const made = await cli('models', 'create', name);
      expect(made.code, made.stderr).toBe(0);
    }
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('report --fail-on exits 1 only when a finding is at least that severe; --markdown is a readable document', async () => {
    // A version in Staging without metrics or lineage: two medium findings, nothing high.
    const made = await cli('register', '--name', 'exit-staged', '--version', 'v1', '--uri', 's3://m/exit/v1');
    expect(made.code, made.stderr).toBe(0);
    expect((await cli('stage', 'exit-staged', 'v1', 'Staging')).code).toBe(0);
    expect(await cli('report')).toMatchObject({ code: 0 });
    expect(await cli('report', '--fail-on', 'high')).toMatchObject({ code: 0 });
    const failing = await cli('report', '--fail-on', 'medium');
    expect(failing.stdout).toMatch(
      /MEDIUM \(2\)\n {2}version-without-lineage {2}exit-staged v1: in Staging without lineage/,
    );
    expect(failing.code).toBe(1);
    expect((await cli('report', '--fail-on', 'low', '--json')).code).toBe(1);
    expect((await cli('report', '--fail-on', 'severe')).code).toBe(2);
    const markdown = await cli('report', '--markdown');
    expect(markdown.code).toBe(0);
    expect(markdown.stdout.replace(/^Generated \S+?\. /m, 'Generated <time>. ')).toMatchSnapshot();
  });

  it('verify exits 0 on intact content and 1 once a stored file is corrupt', async () => {
    const dir = join(dataDir, 'exit-tree');
    mkdirSync(dir);
    const bytes = randomBytes(4096);
    writeFileSync(join(dir, 'w.bin'), bytes);
    const made = await cli('register', '--name', 'exit-files', '--version', 'v1', '--path', dir);
    expect(made.code, made.stderr).toBe(0);
    expect(await cli('verify', '--model', 'exit-files')).toMatchObject({ code: 0 });
    damageDisk(join(dataDir, 'artifacts'), bytes, 'flip', 9);
    const found = await cli('verify', '--model', 'exit-files', '--restart');
    expect(found.stdout).toMatch(/1 corrupt\n {2}version \d+ {2}w\.bin: sha256 /);
    expect(found.code).toBe(1);
    expect((await cli('verify', '--model', 'exit-files', '--json')).code).toBe(1);
  });

  it('audit --verify exits 0 on an intact chain and 1 on a tampered one, human and --json', async () => {
    expect(await cli('audit', '--verify')).toMatchObject({ code: 0 });

    const db = new Database(join(dataDir, 'registry.db'));
    try {
      const { id } = db.prepare('select max(id) - 1 as id from audit_event').get() as { id: number };
      db.prepare("update audit_event set actor = 'mallory' where id = ?").run(id);
    } finally {
      db.close();
    }

    const human = await cli('audit', '--verify');
    expect(human.stdout).toMatch(/the audit trail is broken at event \d+/);
    expect(human.code).toBe(1);
    const machine = await cli('audit', '--verify', '--json');
    expect(JSON.parse(machine.stdout)).toMatchObject({ valid: false });
    expect(machine.code).toBe(1);
  });
});
