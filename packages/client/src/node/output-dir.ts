/// <reference types="node" />
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { RegistryError } from '../errors.js';
import type { ManifestFile } from '../types.js';

/** Creates the output directory (and its parents), or says plainly why it cannot be one. */
export async function makeOutputDir(outDir: string): Promise<void> {
  try {
    await mkdir(outDir, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EEXIST' && code !== 'ENOTDIR') throw error;
    throw new RegistryError(
      `${outDir} is a file, not a directory: the files go into a directory (give a new or existing one); nothing was written`,
      'OUTPUT_NOT_A_DIRECTORY',
      0,
      undefined,
      { cause: error },
    );
  }
}

/**
 * Fails, before anything is written, when the output directory already holds something other than
 * the manifest's file under one of its paths: a file with other bytes (unless `overwrite`), or a
 * directory. A file with the very bytes of the manifest is fine (it is written again).
 */
export async function checkExistingFiles(
  root: string,
  files: readonly ManifestFile[],
  overwrite: boolean,
): Promise<void> {
  const clashes: string[] = [];
  for (const file of files) {
    const target = join(root, ...file.path.split('/'));
    const info = await lstat(target).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
      throw error;
    });
    if (info === undefined) continue;
    if (info.isDirectory())
      throw new RegistryError(
        `${target} is a directory, where the version has a file; nothing was written`,
        'FILE_EXISTS',
        0,
      );
    if (overwrite) continue;
    if (!info.isFile() || info.size !== file.size || (await sha256Of(target)) !== file.sha256)
      clashes.push(file.path);
  }
  if (clashes.length === 0) return;
  const more = clashes.length > 1 ? ` (and ${clashes.length - 1} more)` : '';
  throw new RegistryError(
    `${root} already has a different ${clashes[0]}${more}; nothing was written`,
    'FILE_EXISTS',
    0,
  );
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
