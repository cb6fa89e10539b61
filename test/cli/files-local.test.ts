import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelRegistry, type TransferProgress, type UploadStart } from '@modelreg/client';
import {
  apiCall,
  modelreg,
  startServer,
  type Finished,
  type RunningServer,
} from './support/modelreg-process.js';

// What push and pull do with the files already on the user's disk (issue 15).

const BUILT = existsSync(new URL('../../packages/cli/dist/main.js', import.meta.url));

let server: RunningServer;
let cache: string;
const cli = (...args: string[]): Promise<Finished> =>
  modelreg([...args, '--url', server.url], { XDG_CACHE_HOME: cache });

function scratch(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `modelreg-cli-local-${prefix}-`));
}

function oneLineError(result: Finished, code: number): string {
  expect(result.code).toBe(code);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0] ?? '';
}

describe.skipIf(!BUILT)('push and pull with the files already on disk (built binary)', () => {
  beforeAll(async () => {
    server = await startServer(scratch('data'));
    cache = scratch('cache');
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('pull refuses to replace a different file of the same name unless --force; the same bytes are fine', async () => {
    const weights = randomBytes(4096);
    const dir = scratch('src');
    writeFileSync(join(dir, 'weights.bin'), weights);
    writeFileSync(join(dir, 'config.json'), '{}');
    expect((await cli('register', '--name', 'overwrite', '--version', 'v1', '--path', dir)).code).toBe(0);

    const out = scratch('out');
    writeFileSync(join(out, 'weights.bin'), 'my own notes');
    const refused = oneLineError(await cli('pull', 'overwrite', 'v1', '--out', out), 1);
    expect(refused).toBe(
      `modelreg: ${out} already has a different weights.bin; nothing was written; pass --force to replace it`,
    );
    expect(readFileSync(join(out, 'weights.bin'), 'utf8')).toBe('my own notes');
    expect(existsSync(join(out, 'config.json'))).toBe(false);

    const forced = await cli('pull', 'overwrite', 'v1', '--out', out, '--force');
    expect(forced.code).toBe(0);
    expect(readFileSync(join(out, 'weights.bin')).equals(weights)).toBe(true);
    // Pulled again over its own identical files: nothing to refuse.
    expect((await cli('pull', 'overwrite', 'v1', '--out', out)).code).toBe(0);
  });

  it('pull --out naming an existing file says it needs a directory, not EEXIST', async () => {
    const dir = scratch('one');
    writeFileSync(join(dir, 'model.onnx'), 'onnx');
    expect((await cli('register', '--name', 'outfile', '--version', 'v1', '--path', dir)).code).toBe(0);
    const file = join(scratch('file'), 'model.onnx');
    writeFileSync(file, 'mine');
    const line = oneLineError(await cli('pull', 'outfile', 'v1', '--out', file), 1);
    expect(line).toMatch(new RegExp(`^modelreg: ${file} is a file, not a directory`));
    expect(line).not.toContain('EEXIST');
    expect(readFileSync(file, 'utf8')).toBe('mine');
  });

  it('push refuses a link leading outside the directory unless --follow-links, and says which links it stored', async () => {
    expect((await cli('models', 'create', 'linked')).code).toBe(0);
    for (const version of ['v1', 'v2'])
      expect((await cli('versions', 'create', 'linked', version)).code).toBe(0);
    const secret = join(scratch('elsewhere'), 'id_rsa');
    writeFileSync(secret, 'not for the registry');
    const dir = scratch('tree');
    writeFileSync(join(dir, 'weights.bin'), 'weights');
    symlinkSync('weights.bin', join(dir, 'latest.bin'));
    symlinkSync(secret, join(dir, 'key'));

    const refused = oneLineError(await cli('push', 'linked', 'v1', dir), 1);
    expect(refused).toBe(
      `modelreg: ${join(dir, 'key')} is a link to ${secret}, outside ${dir}; nothing was sent; pass --follow-links to upload what it points to`,
    );
    expect((await cli('files', 'linked', 'v1')).stderr).toMatch(/CONTENT_NOT_FOUND/);
    const registerRefused = oneLineError(
      await cli('register', '--name', 'linked', '--version', 'v3', '--path', dir),
      1,
    );
    expect(registerRefused).toMatch(/outside .*; pass --follow-links/);

    const followed = await cli('push', 'linked', 'v1', dir, '--follow-links');
    expect(followed.code).toBe(0);
    expect(followed.stderr).toBe(
      `modelreg: warning: key links to ${secret}, outside the directory; uploading what it points to (--follow-links)\n`,
    );
    expect(followed.stdout).toContain('stored 2 symbolic links as the files they point to:\n');
    expect(followed.stdout).toContain(`  key -> ${secret} (outside the directory)\n`);

    symlinkSync(join(dir, 'weights.bin'), join(dir, 'copy.bin'));
    rmSync(join(dir, 'key'));
    const inside = await cli('push', 'linked', 'v2', dir);
    expect(inside.stderr).toBe('');
    expect(inside.code).toBe(0);
    expect(inside.stdout).toContain(`  latest.bin -> ${join(dir, 'weights.bin')}\n`);
    expect(inside.stdout).toContain(`  copy.bin -> ${join(dir, 'weights.bin')}\n`);
    const listed = JSON.parse((await cli('files', 'linked', 'v2', '--json')).stdout) as {
      files: { path: string; size: number }[];
    };
    expect(listed.files.map((file) => [file.path, file.size])).toEqual([
      ['copy.bin', 7],
      ['latest.bin', 7],
      ['weights.bin', 7],
    ]);
  });

  /** An open upload of the version's two files of which the server holds the first `held` bytes each. */
  async function partlyUploaded(
    version: string,
    files: Record<string, Buffer>,
    held: number,
  ): Promise<string> {
    const found = await apiCall<{ items: { id: string; name: string }[] }>(
      server,
      'GET',
      `model_versions?filterQuery=${encodeURIComponent(`name = '${version}'`)}`,
    );
    const versionId = found.body.items[0]?.id ?? '';
    const upload = await apiCall<{ id: string }>(server, 'POST', `model_versions/${versionId}/uploads`, {
      files: Object.entries(files).map(([path, bytes]) => ({ path, size: bytes.length })),
    });
    for (const [path, bytes] of Object.entries(files)) {
      const put = await fetch(
        `${server.url}/api/model_registry/v1alpha3/uploads/${upload.body.id}/files/${path}`,
        {
          method: 'PUT',
          headers: { 'content-range': `bytes 0-${held - 1}/${bytes.length}` },
          body: new Uint8Array(bytes.subarray(0, held)),
        },
      );
      expect(put.status, await put.text()).toBeLessThan(300);
    }
    return upload.body.id;
  }

  it('a resumed push says it resumes, and counts what the server held as done from its first progress event', async () => {
    expect((await cli('models', 'create', 'resumed')).code).toBe(0);
    for (const version of ['r1', 'r2'])
      expect((await cli('versions', 'create', 'resumed', version)).code).toBe(0);
    const files = { 'a.bin': randomBytes(256 * 1024), 'b.bin': randomBytes(256 * 1024) };
    const dir = scratch('resume');
    for (const [path, bytes] of Object.entries(files)) writeFileSync(join(dir, path), bytes);

    const sdkUpload = await partlyUploaded('r1', files, 100_000);
    const registry = new ModelRegistry({ url: server.url });
    const version = await registry.getModelVersion('resumed', 'r1');
    const events: TransferProgress[] = [];
    let start: UploadStart | undefined;
    await registry.uploadFiles(version ?? '', dir, {
      uploadId: sdkUpload,
      resume: false,
      onStart: (s) => (start = s),
      onProgress: (p) => events.push({ ...p }),
    });
    expect(start).toMatchObject({ uploadId: sdkUpload, resumed: true, heldBytes: 200_000 });
    // A rate measured from the first event counts only what this call sent.
    expect(events[0]?.bytes).toBe(200_000);
    expect(events.at(-1)?.bytes).toBe(512 * 1024);

    const cliUpload = await partlyUploaded('r2', files, 100_000);
    const pushed = await cli('push', 'resumed', 'r2', dir, '--upload', cliUpload);
    expect(pushed.code, pushed.stderr).toBe(0);
    expect(pushed.stderr).toBe(`modelreg: resuming upload ${cliUpload}: the server holds 195 KiB already\n`);
    expect(pushed.stdout).toContain(`resumed upload ${cliUpload}: 195 KiB were on the server already\n`);
  });

  it('files aligns its table for CJK and emoji names (two columns each)', async () => {
    const dir = scratch('wide');
    for (const name of ['a.bin', '日本.bin', '🙂.md']) writeFileSync(join(dir, name), 'x');
    expect((await cli('register', '--name', 'wide', '--version', 'v1', '--path', dir)).code).toBe(0);
    const listed = await cli('files', 'wide', 'v1');
    expect(listed.code).toBe(0);
    const rows = listed.stdout.split('\n').filter((line) => /^(PATH|a\.bin|日本|🙂)/.test(line));
    // The SIZE column starts two columns after the widest path, 日本.bin (8 columns).
    expect(rows.map((row) => row.slice(0, row.search(/ {2}\S/) + 2))).toEqual([
      'PATH      ',
      'a.bin     ',
      '日本.bin  ',
      '🙂.md     ',
    ]);
    expect(rows.map((row) => row.replace(/^\S+\s+/, '').slice(0, 4))).toEqual([
      'SIZE',
      '1 B ',
      '1 B ',
      '1 B ',
    ]);
  });
});
