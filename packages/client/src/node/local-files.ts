/// <reference types="node" />
import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { RegistryError } from '../errors.js';
import { compareFilePaths, filePathProblem } from '../file-paths.js';
import type { LocalFile } from '../file-types.js';

export interface LocalContent {
  /** The absolute directory the manifest paths are relative to. */
  readonly root: string;
  /** Sorted by path, byte order (the manifest's order). */
  readonly files: readonly LocalFile[];
  readonly totalBytes: number;
}

/**
 * The files to upload from one file (its manifest path is its name) or a directory (every regular
 * file below it, paths relative to it). Symbolic links are followed, as a model directory often
 * links its weights from a cache; a link back into its own ancestors is refused, as are sockets,
 * devices and names the registry cannot store. Nothing is sent before this whole list is known.
 */
export async function listLocalFiles(source: string): Promise<LocalContent> {
  const absolute = resolve(source);
  const top = await statOrFail(absolute, source);
  let root: string;
  const files: LocalFile[] = [];
  if (top.isFile()) {
    root = dirname(absolute);
    files.push(localFile(basename(absolute), absolute, top));
  } else if (top.isDirectory()) {
    root = absolute;
    await walk(absolute, '', new Set([await realpath(absolute)]), files);
  } else {
    throw invalid(`${source} is neither a regular file nor a directory`);
  }
  if (files.length === 0) throw invalid(`${source} holds no files to upload`);
  files.sort((a, b) => compareFilePaths(a.path, b.path));
  return { root, files, totalBytes: files.reduce((sum, file) => sum + file.size, 0) };
}

async function walk(dir: string, prefix: string, ancestors: Set<string>, into: LocalFile[]): Promise<void> {
  const entries = await readdir(dir);
  for (const name of entries) {
    const source = join(dir, name);
    const path = prefix === '' ? name : `${prefix}/${name}`;
    const info = await statOrFail(source, source);
    if (info.isDirectory()) {
      const real = await realpath(source);
      if (ancestors.has(real)) throw invalid(`${source} links back to a directory above it`);
      await walk(source, path, new Set([...ancestors, real]), into);
    } else if (info.isFile()) {
      into.push(localFile(path, source, info));
    } else {
      throw invalid(`${source} is not a regular file (a socket, pipe or device cannot be uploaded)`);
    }
  }
}

function localFile(path: string, source: string, info: { size: number; mtimeMs: number }): LocalFile {
  const problem = filePathProblem(path);
  if (problem !== undefined)
    throw new RegistryError(
      `${source}: its path ${JSON.stringify(path)} cannot be stored (${problem})`,
      'INVALID_FILE_PATH',
      0,
    );
  return { path, source, size: info.size, mtimeMs: info.mtimeMs };
}

async function statOrFail(path: string, shown: string) {
  try {
    return await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'does not exist (or is a broken link)'
        : `cannot be read (${code ?? String(error)})`;
    throw new RegistryError(`${shown} ${why}`, 'LOCAL_FILE_ERROR', 0, undefined, { cause: error });
  }
}

function invalid(message: string): RegistryError {
  return new RegistryError(message, 'LOCAL_FILE_ERROR', 0);
}
