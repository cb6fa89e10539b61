import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { damageDisk, uploadVersion, type Damage } from '../support/corruption.js';
import { createTestDatabase, type TestDatabase } from '../support/test-databases.js';
import { waitUntil } from '../support/wait-until.js';
import { BIN, cleanEnv, modelreg, startServer, type RunningServer } from './support/modelreg-process.js';

// `modelreg verify` (issue 14, acceptance 2): on a registry of 1,000 small files with one planted
// corruption of each kind, it finds exactly those; killed midway and run again it resumes its run
// from the cursor; with two replicas on PostgreSQL (`serve --verify-interval`) each file is
// verified exactly once.

const BUILT = existsSync(new URL('../../packages/cli/dist/main.js', import.meta.url));
const POSTGRES = process.env['MODELREG_TEST_POSTGRES_URL'];
const API = '/api/model_registry/v1alpha3';
const VERSIONS = 10;
const FILES_PER_VERSION = 100;

/** 10 versions of 100 files of 1-2 KiB each, every file's bytes its own. */
async function seed(url: string) {
  const versions: { versionId: string; files: Record<string, Buffer> }[] = [];
  for (let v = 0; v < VERSIONS; v++) {
    const files: Record<string, Buffer> = {};
    for (let f = 0; f < FILES_PER_VERSION; f++) files[`part-${f}.bin`] = randomBytes(1024 + f * 10);
    const { versionId } = await uploadVersion(url, `scrub-${v}`, files);
    versions.push({ versionId, files });
  }
  return versions;
}

const PLANTED: readonly { damage: Damage; version: number; file: string; reason: RegExp }[] = [
  { damage: 'flip', version: 1, file: 'part-10.bin', reason: /^sha256 / },
  { damage: 'truncate', version: 3, file: 'part-20.bin', reason: /^truncated/ },
  { damage: 'missing', version: 5, file: 'part-30.bin', reason: /^missing/ },
  { damage: 'extra', version: 7, file: 'part-40.bin', reason: /^extra bytes/ },
];

/** Waits for a condition (`what` names it for the reader; the test's timeout bounds the wait). */
function waitFor<T>(_what: string, probe: () => Promise<T | undefined>): Promise<T> {
  return waitUntil(probe);
}

async function getRun(url: string, id: string) {
  const response = await fetch(`${url}${API}/verification_runs/${id}`);
  return (await response.json()) as { run: { state: string; filesDone: number; filesTotal: number } };
}

describe.skipIf(!BUILT)('modelreg verify on 1,000 files', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'modelreg-verify-'));
  let server: RunningServer;
  let versions: Awaited<ReturnType<typeof seed>>;

  beforeAll(async () => {
    server = await startServer(dataDir);
    versions = await seed(server.url);
    for (const planted of PLANTED) {
      const bytes = versions[planted.version]?.files[planted.file] ?? Buffer.alloc(0);
      damageDisk(join(dataDir, 'artifacts'), bytes, planted.damage, 100);
    }
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('finds every planted corruption and nothing else; killed midway, the rerun resumes from the cursor', async () => {
    // At 0.2 MB/s the 1.5 MB take several seconds: time to stop the first invocation midway.
    const first = spawn(process.execPath, [BIN, 'verify', '--rate', '0.2', '--url', server.url], {
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    first.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<void>((resolve) => first.on('exit', () => resolve()));
    const runId = await waitFor('the run id', async () => /verification run (\d+)/.exec(stderr)?.[1]);
    await waitFor('progress', async () => {
      const { run } = await getRun(server.url, runId);
      return run.filesDone >= 200 ? run : undefined;
    });
    first.kill('SIGKILL');
    await exited;
    const midway = (await getRun(server.url, runId)).run;
    expect(midway.state).toBe('running');
    expect(midway.filesDone).toBeLessThan(1000);

    const rerun = await modelreg(['verify', '--url', server.url]);
    expect(rerun.stderr).toMatch(new RegExp(`resuming verification run ${runId}: \\d+ of 1000 files done`));
    expect(rerun.code).toBe(1);
    const json = await modelreg(['verify', '--url', server.url, '--json', '--not-verified-for', '1']);
    const report = JSON.parse(json.stdout) as {
      run: { id: string; filesDone: number };
      corruptFiles: { modelVersionId: string; path: string; reason: string }[];
    };
    expect(json.code).toBe(1);
    // A new run (another selection) with nothing left to do: every file was verified a day ago at most.
    expect(report.run.filesDone).toBe(0);
    const expected = PLANTED.map((p) => ({ modelVersionId: versions[p.version]?.versionId, path: p.file }));
    expect(report.corruptFiles.map((f) => ({ modelVersionId: f.modelVersionId, path: f.path }))).toEqual(
      expected,
    );
    for (const [i, planted] of PLANTED.entries())
      expect(report.corruptFiles[i]?.reason).toMatch(planted.reason);

    // Each file verified exactly once across the killed invocation and its rerun.
    const db = new Database(join(dataDir, 'registry.db'), { readonly: true });
    try {
      const counts = db
        .prepare(
          'select verify_count as n, state, count(*) as files from file_integrity group by verify_count, state',
        )
        .all();
      expect(counts).toEqual(
        expect.arrayContaining([
          { n: 1, state: 'intact', files: 996 },
          { n: 0, state: 'corrupt', files: 4 },
        ]),
      );
      expect(counts).toHaveLength(2);
      const run = db
        .prepare('select files_done, corrupt_files, state from verification_run where id = ?')
        .get(runId);
      expect(run).toEqual({ files_done: 1000, corrupt_files: 4, state: 'done' });
    } finally {
      db.close();
    }
  });
});

describe.skipIf(!BUILT || POSTGRES === undefined)(
  'scheduled verification on two replicas of one PostgreSQL',
  () => {
    let database: TestDatabase;
    const artifacts = mkdtempSync(join(tmpdir(), 'modelreg-verify-shared-'));
    const replicas: RunningServer[] = [];
    const start = (extra: string[] = []) =>
      startServer(mkdtempSync(join(tmpdir(), 'modelreg-verify-replica-')), [
        '--db',
        database.url,
        '--artifacts',
        artifacts,
        ...extra,
      ]);

    beforeAll(async () => {
      database = await createTestDatabase('postgres');
      const loader = await start();
      await seed(loader.url);
      await loader.stop();
      for (let i = 0; i < 2; i++) replicas.push(await start(['--verify-interval', '3600']));
    });
    afterAll(async () => {
      for (const replica of replicas) await replica.stop();
      await database?.drop();
    });

    it('runs once per interval, shared by both replicas, each file verified exactly once', async () => {
      const url = replicas[0]?.url ?? '';
      await waitFor('the scheduled run to finish', async () => {
        const response = await fetch(`${url}${API}/verification_runs/1`);
        if (response.status !== 200) return undefined;
        const { run } = (await response.json()) as { run: { state: string } };
        return run.state === 'done' ? run : undefined;
      });
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        const counts = await client.query(
          'select verify_count as n, count(*)::int as files from file_integrity group by verify_count',
        );
        expect(counts.rows).toEqual([{ n: 1, files: VERSIONS * FILES_PER_VERSION }]);
        const runs = await client.query(
          'select count(*)::int as n, sum(files_done)::int as done from verification_run',
        );
        expect(runs.rows).toEqual([{ n: 1, done: VERSIONS * FILES_PER_VERSION }]);
        // Both replicas did part of the work (each step is audited with the replica's own request).
        const steps = await client.query(
          "select count(*)::int as n from audit_event where action = 'verify content'",
        );
        expect(steps.rows[0]?.n).toBeGreaterThan(1);
      } finally {
        await client.end();
      }
    });
  },
);
