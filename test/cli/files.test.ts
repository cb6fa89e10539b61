import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Manifest, ModelArtifact, ModelVersion, RegisteredModel } from '@modelreg/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BIN,
  cleanEnv,
  modelreg,
  runToEnd,
  startServer,
  type Finished,
  type RunningServer,
} from './support/modelreg-process.js';

const BUILT = existsSync(new URL('../../packages/cli/dist/main.js', import.meta.url));
if (!BUILT)
  console.warn('test/cli/files.test.ts skipped: packages/cli/dist is missing (run `npm run build`)');
/** `script` (util-linux) gives the CLI a pseudo-terminal, to see the progress bar a person sees. */
const SCRIPT = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

const MiB = 1024 * 1024;
const TREE: Readonly<Record<string, Buffer>> = {
  'model/weights.bin': randomBytes(2 * MiB + 3),
  'model/empty.bin': Buffer.alloc(0),
  'tokenizer/vocab ü 日本.txt': Buffer.from('hello\n'),
  'README.md': Buffer.from('# mnist\n'),
};

let server: RunningServer;
let dataDir: string;
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

function scratch(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `modelreg-cli-files-${prefix}-`));
}

function writeTree(dir: string, tree: Readonly<Record<string, Buffer>>): string {
  for (const [path, bytes] of Object.entries(tree)) {
    mkdirSync(join(dir, ...path.split('/').slice(0, -1)), { recursive: true });
    writeFileSync(join(dir, ...path.split('/')), bytes);
  }
  return dir;
}

/** The sha256 of every regular file below `dir`, by relative path (digests: deep-comparing megabytes is slow). */
function readTree(dir: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const full = join(dir, entry);
    if (statSync(full).isFile()) found[entry] = sha256(readFileSync(full));
  }
  return found;
}

function digests(tree: Readonly<Record<string, Buffer>>): Record<string, string> {
  return Object.fromEntries(Object.entries(tree).map(([path, bytes]) => [path, sha256(bytes)]));
}

function filesWithContent(dir: string, bytes: Buffer): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((entry) => join(dir, entry))
    .filter((full) => {
      const info = statSync(full, { throwIfNoEntry: false });
      return info?.isFile() === true && info.size === bytes.length && readFileSync(full).equals(bytes);
    });
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The CLI on a pseudo-terminal (stdout and stderr both), its output as the terminal got it. */
function onTerminal(args: readonly string[]): Promise<Finished> {
  const quoted = [process.execPath, BIN, ...args, '--url', server.url]
    .map((word) => `'${word.replace(/'/g, `'\\''`)}'`)
    .join(' ');
  return runToEnd('script', ['-qfec', quoted, '/dev/null'], { env: { COLUMNS: '120' } });
}

describe.skipIf(!BUILT)(
  'modelreg push, pull, files, gc and register --path (built binary against a server)',
  () => {
    beforeAll(async () => {
      dataDir = scratch('data');
      server = await startServer(dataDir);
    });
    afterAll(async () => {
      await server?.stop();
    });

    it('register --path uploads a tree; files lists it; pull brings it back verified; no progress bar without a TTY', async () => {
      const source = writeTree(scratch('src'), TREE);
      const registered = json<{ model: RegisteredModel; version: ModelVersion; artifact: ModelArtifact }>(
        await cli(
          'register',
          '--name',
          'mnist',
          '--version',
          'v1',
          '--path',
          source,
          '--format',
          'onnx',
          '--json',
        ),
      );
      expect(registered.artifact).toMatchObject({ modelFormatName: 'onnx' });
      expect(registered.artifact.uri).toBe(
        `${server.url}/api/model_registry/v1alpha3/model_versions/${registered.version.id}/content.tar`,
      );

      const manifest = json<Manifest>(await cli('files', 'mnist', 'v1', '--json'));
      expect(manifest.uri).toBe(registered.artifact.uri);
      expect(manifest.files.map((f) => [f.path, f.size, f.sha256])).toEqual(
        Object.entries(TREE)
          .map(([path, bytes]) => [path, bytes.length, sha256(bytes)])
          .sort((a, b) => Buffer.compare(Buffer.from(String(a[0])), Buffer.from(String(b[0])))),
      );

      const table = await cli('files', 'mnist', 'v1');
      expect(table.code).toBe(0);
      expect(table.stderr).toBe('');
      expect(table.stdout).toContain(`4 files (2.00 MiB), root digest ${manifest.rootDigest}`);
      expect(table.stdout).toMatch(/^PATH\s+SIZE\s+SHA256$/m);
      expect(table.stdout).toContain(`tokenizer/vocab ü 日本.txt  6 B`);

      const out = join(scratch('pull'), 'mnist');
      const pulled = await cli('pull', 'mnist', 'v1', '--out', out);
      expect(pulled.code).toBe(0);
      // stderr is a pipe here: no progress bar, nothing at all.
      expect(pulled.stderr).toBe('');
      expect(pulled.stdout).toContain(
        `downloaded 4 files (2.00 MiB) of version 'v1' of model 'mnist' into ${out}`,
      );
      expect(pulled.stdout).toContain('every sha256 matches the manifest');
      expect(readTree(out)).toEqual(digests(TREE));

      const again = json<{ outDir: string; verified: boolean; manifest: Manifest }>(
        await cli('pull', 'mnist', 'v1', '--out', join(scratch('pull-json'), 'x'), '--json'),
      );
      expect(again.verified).toBe(true);
      expect(again.manifest.rootDigest).toBe(manifest.rootDigest);
    });

    it('push uploads a file to an existing version; pushing again is refused (sealed)', async () => {
      json(await cli('models', 'create', 'churn', '--json'));
      json(await cli('versions', 'create', 'churn', 'v1', '--json'));
      const dir = writeTree(scratch('push'), { 'model.pkl': Buffer.from('pickle') });
      const pushed = await cli('push', 'churn', 'v1', join(dir, 'model.pkl'));
      expect(pushed.stderr).toBe('');
      expect(pushed.code).toBe(0);
      expect(pushed.stdout).toMatch(
        /^uploaded 1 file \(6 B\) to version 'v1' of model 'churn'\nroot digest: sha256:[0-9a-f]{64}\nuri: +http/,
      );
      expectOneLineError(await cli('push', 'churn', 'v1', dir), 1, /\(409 CONTENT_SEALED\)$/);
      const artifact = json<ModelArtifact>(await cli('artifacts', 'get', 'churn', 'v1', '--json'));
      expect(artifact.uri).toMatch(/\/content\.tar$/);
    });

    it('Ctrl-C stops a push with one line; the same command again resumes the same upload session', async () => {
      json(await cli('models', 'create', 'interrupted', '--json'));
      const version = json<ModelVersion>(await cli('versions', 'create', 'interrupted', 'v1', '--json'));
      const bytes = randomBytes(96 * MiB);
      const dir = writeTree(scratch('sigint'), { 'big.bin': bytes });
      const cache = scratch('cache');
      const env = { XDG_CACHE_HOME: cache };
      const child = spawn(process.execPath, [BIN, 'push', 'interrupted', 'v1', dir, '--url', server.url], {
        env: cleanEnv(env),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      // Interrupt once the server has staged some of the file.
      const staging = join(dataDir, 'artifacts', 'staging');
      const staged = () =>
        existsSync(staging)
          ? readdirSync(staging, { recursive: true, encoding: 'utf8' }).reduce((sum, entry) => {
              const info = statSync(join(staging, entry));
              return info.isFile() ? sum + info.size : sum;
            }, 0)
          : 0;
      while (staged() < 8 * MiB && child.exitCode === null) await new Promise((r) => setTimeout(r, 10));
      child.kill('SIGINT');
      expect(await exited).toBe(1);
      expect(stderr).toBe(
        'modelreg: interrupted; the upload stays open: run the same command again to resume it\n',
      );
      const notes = readdirSync(join(cache, 'modelreg', 'uploads'));
      expect(notes).toHaveLength(1);
      const { uploadId } = JSON.parse(
        readFileSync(join(cache, 'modelreg', 'uploads', notes[0] ?? ''), 'utf8'),
      ) as {
        uploadId: string;
      };

      const again = await modelreg(['push', 'interrupted', 'v1', dir, '--url', server.url, '--json'], env);
      const manifest = json<Manifest>(again);
      expect(manifest.files).toEqual([{ path: 'big.bin', size: bytes.length, sha256: sha256(bytes) }]);
      // One session only: the second run PUT into the first run's upload, and opened none.
      const log = server.output();
      const opened = `"method":"POST","path":"/api/model_registry/v1alpha3/model_versions/${version.id}/uploads"`;
      expect(log.split(opened)).toHaveLength(2);
      expect(log).toContain(`"path":"/api/model_registry/v1alpha3/uploads/${uploadId}/commit","status":201`);
      expect(readdirSync(join(cache, 'modelreg', 'uploads'))).toEqual([]);
    });

    it('uploads lists a version’s uploads; push --upload resumes one started elsewhere; --abort discards one', async () => {
      json(await cli('models', 'create', 'elsewhere', '--json'));
      const version = json<ModelVersion>(await cli('versions', 'create', 'elsewhere', 'v1', '--json'));
      const bytes = randomBytes(2 * MiB);
      const api = `${server.url}/api/model_registry/v1alpha3`;
      // Another machine declared the file and sent its first MiB, then vanished with its note.
      const started = (await (
        await fetch(`${api}/model_versions/${version.id}/uploads`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ files: [{ path: 'w.bin', size: bytes.length }] }),
        })
      ).json()) as { id: string };
      const put = await fetch(`${api}/uploads/${started.id}/files/w.bin`, {
        method: 'PUT',
        headers: { 'content-range': `bytes 0-${MiB - 1}/${bytes.length}` },
        body: bytes.subarray(0, MiB),
      });
      expect(put.status).toBe(200);

      const listed = await cli('uploads', 'elsewhere', 'v1', '--state', 'open');
      expect(listed.code).toBe(0);
      const [header, row] = listed.stdout.trimEnd().split('\n');
      expect(header).toMatch(/^ID +STATE +FILES +RECEIVED +LAST WRITE +EXPIRES$/);
      expect(row).toMatch(new RegExp(`^${started.id} +OPEN +1 +1\\.00 MiB of 2\\.00 MiB +\\S+Z +\\S+Z$`));

      const dir = writeTree(scratch('elsewhere'), { 'w.bin': bytes });
      const pushed = await modelreg(
        ['push', 'elsewhere', 'v1', dir, '--upload', started.id, '--url', server.url, '--json'],
        { XDG_CACHE_HOME: scratch('cache-b') },
      );
      expect(json<Manifest>(pushed).files).toEqual([
        { path: 'w.bin', size: bytes.length, sha256: sha256(bytes) },
      ]);
      // The rest of the file only, into the same upload; no other upload was opened.
      const log = server.output();
      expect(log).toContain(
        `"path":"/api/model_registry/v1alpha3/uploads/${started.id}/commit","status":201`,
      );
      const states = json<{ id: string; state: string }[]>(await cli('uploads', 'elsewhere', 'v1', '--json'));
      expect(states.map((u) => [u.id, u.state])).toEqual([[started.id, 'COMMITTED']]);

      json(await cli('versions', 'create', 'elsewhere', 'v2', '--json'));
      const v2 = json<ModelVersion>(await cli('versions', 'get', 'elsewhere', 'v2', '--json'));
      const doomed = (await (
        await fetch(`${api}/model_versions/${v2.id}/uploads`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ files: [{ path: 'x', size: 1 }] }),
        })
      ).json()) as { id: string };
      const aborted = await cli('uploads', 'elsewhere', 'v2', '--abort', doomed.id);
      expect(aborted.stdout).toBe(`aborted upload ${doomed.id}; its staged bytes are discarded\n`);
      expect(
        json<{ state: string }[]>(await cli('uploads', 'elsewhere', 'v2', '--json')).map((u) => u.state),
      ).toEqual(['ABORTED']);
      // An upload of another version is not this version's to abort.
      expectOneLineError(
        await cli('uploads', 'elsewhere', 'v1', '--abort', doomed.id),
        1,
        /no upload .* in version 'v1' of model 'elsewhere'.*UPLOAD_NOT_FOUND/,
      );
      expectOneLineError(
        await cli('uploads', 'elsewhere', 'v1', '--state', 'done'),
        2,
        /expected one of OPEN/,
      );
      expect(await cli('uploads', 'elsewhere', 'v2', '--state', 'open')).toMatchObject({
        stdout: 'No uploads.\n',
      });
    });

    it('pull fails on a corrupted blob and keeps nothing of it, with --no-verify too: the server never serves it', async () => {
      const bytes = randomBytes(MiB);
      const dir = writeTree(scratch('tamper'), { 'w.bin': bytes });
      json(await cli('register', '--name', 'tampered', '--version', 'v1', '--path', dir, '--json'));
      const blobs = filesWithContent(dataDir, bytes);
      expect(blobs.length).toBeGreaterThan(0);
      const corrupted = Buffer.from(bytes);
      corrupted[7] = (corrupted[7] ?? 0) ^ 0x01;
      for (const blob of blobs) writeFileSync(blob, corrupted);

      const out = scratch('tamper-out');
      expectOneLineError(
        await cli('pull', 'tampered', 'v1', '--out', out),
        1,
        /"w\.bin" of model version \d+ is corrupt .*\(500 CONTENT_CORRUPT\)$/,
      );
      expect(readdirSync(out)).toEqual([]);
      expectOneLineError(
        await cli('pull', 'tampered', 'v1', '--out', out, '--no-verify'),
        1,
        /\(500 CONTENT_CORRUPT\)$/,
      );
      expect(readdirSync(out)).toEqual([]);
    });

    it('one-line errors: --uri with --path, neither, a missing path, a version without content', async () => {
      const both = await cli(
        'register',
        '--name',
        'x',
        '--version',
        'v1',
        '--uri',
        's3://b/x',
        '--path',
        '.',
      );
      expectOneLineError(both, 2, /register needs --uri or --path \(one of them\)/);
      expectOneLineError(await cli('register', '--name', 'x', '--version', 'v1'), 2, /--uri or --path/);
      expectOneLineError(
        await cli('register', '--name', 'x', '--version', 'v1', '--path', '/no/such/dir'),
        1,
        /\/no\/such\/dir does not exist/,
      );
      // Nothing was registered by the failures.
      expectOneLineError(await cli('models', 'get', 'x'), 1, /404/);
      json(await cli('register', '--name', 'bare', '--version', 'v1', '--uri', 's3://b/bare', '--json'));
      expectOneLineError(await cli('files', 'bare', 'v1'), 1, /CONTENT_NOT_FOUND/);
      expectOneLineError(await cli('pull', 'bare', 'v1', '--out', scratch('bare')), 1, /CONTENT_NOT_FOUND/);
    });

    it('gc: --dry-run lists the blobs of a deleted version and removes nothing (through the API or on the host); without it they go; live content stays', async () => {
      const orphan = randomBytes(MiB + 5);
      const live = randomBytes(MiB + 6);
      json(
        await cli(
          'register',
          '--name',
          'gc-orphan',
          '--version',
          'v1',
          '--path',
          writeTree(scratch('o'), { 'o.bin': orphan }),
          '--json',
        ),
      );
      json(
        await cli(
          'register',
          '--name',
          'gc-live',
          '--version',
          'v1',
          '--path',
          writeTree(scratch('l'), { 'l.bin': live }),
          '--json',
        ),
      );
      json(await cli('versions', 'delete', 'gc-orphan', 'v1', '--yes', '--json'));

      const dry = json<{ dryRun: boolean; removed: { key: string; size: number }[]; removedBytes: number }>(
        await cli('gc', '--dry-run', '--grace', '0', '--json'),
      );
      expect(dry.dryRun).toBe(true);
      expect(dry.removed.map((r) => r.size)).toContain(orphan.length);
      expect(filesWithContent(dataDir, orphan).length).toBeGreaterThan(0);

      // On the server host, straight from its data directory: the same answer, audited as user@host.
      const direct = json<{ dryRun: boolean; removed: { key: string; size: number }[] }>(
        await modelreg(['gc', '--data-dir', dataDir, '--dry-run', '--grace', '0', '--json']),
      );
      expect(direct.removed.map((r) => r.key).sort()).toEqual(dry.removed.map((r) => r.key).sort());

      const human = await cli('gc', '--grace', '0');
      expect(human.code).toBe(0);
      expect(human.stdout).toMatch(/^removed \d+ stored files? \(/);
      expect(filesWithContent(dataDir, orphan)).toEqual([]);
      const after = json<{ removed: unknown[] }>(await cli('gc', '--dry-run', '--grace', '0', '--json'));
      expect(after.removed).toEqual([]);

      const out = scratch('gc-live');
      expect((await cli('pull', 'gc-live', 'v1', '--out', out)).code).toBe(0);
      expect(readFileSync(join(out, 'l.bin')).equals(live)).toBe(true);
    });

    describe.skipIf(!SCRIPT)(
      'on a terminal (through `script`, which gives the CLI a pseudo-terminal)',
      () => {
        it('push draws a progress bar on the terminal; --json draws none', async () => {
          json(await cli('models', 'create', 'tty', '--json'));
          json(await cli('versions', 'create', 'tty', 'v1', '--json'));
          json(await cli('versions', 'create', 'tty', 'v2', '--json'));
          const dir = writeTree(scratch('tty'), { 'big.bin': randomBytes(8 * MiB) });

          const drawn = await onTerminal(['push', 'tty', 'v1', dir]);
          expect(drawn.code).toBe(0);
          expect(drawn.stdout).toContain('\r\x1b[2K[');
          expect(drawn.stdout).toMatch(/100%\s+8\.00 MiB \/ 8\.00 MiB/);
          expect(drawn.stdout).toContain("uploaded 1 file (8.00 MiB) to version 'v1' of model 'tty'");

          const quiet = await onTerminal(['push', 'tty', 'v2', dir, '--json']);
          expect(quiet.code).toBe(0);
          expect(quiet.stdout).not.toContain('\x1b[2K');
          expect(quiet.stdout).not.toContain('%');
          expect((JSON.parse(quiet.stdout) as Manifest).fileCount).toBe(1);
        });
      },
    );
  },
);
