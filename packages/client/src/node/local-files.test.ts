import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listLocalFiles } from './local-files.js';

const dirs: string[] = [];
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'modelreg-local-files-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('listLocalFiles', () => {
  it('lists every file below a directory with /-separated relative paths in byte order, following links out with followLinks', async () => {
    const dir = scratch();
    mkdirSync(join(dir, 'model/tokenizer'), { recursive: true });
    mkdirSync(join(dir, 'empty-dir'));
    writeFileSync(join(dir, 'model/weights.bin'), 'abc');
    writeFileSync(join(dir, 'model/tokenizer/vocab ü.txt'), '');
    writeFileSync(join(dir, 'README.md'), 'hello');
    const blob = join(scratch(), 'blob');
    writeFileSync(blob, '12345678');
    symlinkSync(blob, join(dir, 'model/linked.bin'));

    await expect(listLocalFiles(dir)).rejects.toMatchObject({ code: 'LINK_OUTSIDE' });
    const listed = await listLocalFiles(dir, { followLinks: true });
    expect(listed.root).toBe(dir);
    expect(listed.links).toEqual([{ path: 'model/linked.bin', target: blob, outside: true }]);
    expect(listed.files.map((f) => [f.path, f.size])).toEqual([
      ['README.md', 5],
      ['model/linked.bin', 8],
      ['model/tokenizer/vocab ü.txt', 0],
      ['model/weights.bin', 3],
    ]);
    expect(listed.totalBytes).toBe(16);
  });

  it('stores links whose target is inside the directory as their targets, without followLinks', async () => {
    const dir = scratch();
    mkdirSync(join(dir, 'blobs'));
    writeFileSync(join(dir, 'blobs/abc'), 'weights');
    mkdirSync(join(dir, 'snapshot'));
    symlinkSync('../blobs/abc', join(dir, 'snapshot/model.bin'));
    symlinkSync(join(dir, 'snapshot'), join(dir, 'latest'));
    const listed = await listLocalFiles(dir);
    expect(listed.files.map((f) => [f.path, f.size])).toEqual([
      ['blobs/abc', 7],
      ['latest/model.bin', 7],
      ['snapshot/model.bin', 7],
    ]);
    expect(listed.links.map((link) => [link.path, link.outside])).toEqual([
      ['latest', false],
      ['latest/model.bin', false],
      ['snapshot/model.bin', false],
    ]);
  });

  it('takes one file under its own name', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'model.onnx'), 'onnx');
    const listed = await listLocalFiles(join(dir, 'model.onnx'));
    expect(listed.files.map((f) => f.path)).toEqual(['model.onnx']);
  });

  it('refuses a missing path, an empty directory, a link cycle and a name the registry cannot store', async () => {
    const dir = scratch();
    await expect(listLocalFiles(join(dir, 'nope'))).rejects.toMatchObject({ code: 'LOCAL_FILE_ERROR' });
    mkdirSync(join(dir, 'empty'));
    await expect(listLocalFiles(join(dir, 'empty'))).rejects.toThrow(/holds no files/);

    const cyclic = scratch();
    mkdirSync(join(cyclic, 'a'));
    writeFileSync(join(cyclic, 'a/f'), 'x');
    symlinkSync(cyclic, join(cyclic, 'a/up'));
    await expect(listLocalFiles(cyclic)).rejects.toThrow(/links back/);

    const odd = scratch();
    writeFileSync(join(odd, 'tab\there'), 'x');
    await expect(listLocalFiles(odd)).rejects.toMatchObject({ code: 'INVALID_FILE_PATH' });
  });
});
