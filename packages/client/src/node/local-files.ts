/// <reference types="node" />
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { RegistryError } from '../errors.js';
import { compareFilePaths, filePathProblem } from '../file-paths.js';
import type { FollowedLink, LocalFile } from '../file-types.js';

export interface LocalContent {
  /** The absolute directory the manifest paths are relative to. */
  readonly root: string;
  /** Sorted by path, byte order (the manifest's order). */
  readonly files: readonly LocalFile[];
  readonly totalBytes: number;
  /** The symbolic links met below the directory, each stored as what it points to. */
  readonly links: readonly FollowedLink[];
}

/** How the directory is walked. */
interface Walk {
  /** The directory's own real path: a link is inside when what it points to is below it. */
  readonly realRoot: string;
  readonly shownRoot: string;
  readonly followLinks: boolean;
  readonly files: LocalFile[];
  readonly links: FollowedLink[];
}

/**
 * The files to upload from one file (its manifest path is its name) or a directory (every regular
 * file below it, paths relative to it). A symbolic link below the directory is stored as the file
 * (or directory) it points to when that lies inside the directory too; one that leads outside it is
 * refused (`LINK_OUTSIDE`) unless `followLinks`, as it would upload whatever it happens to point
 * to (a model directory may link its weights from a cache: that is what `followLinks` is for).
 * A link back into its own ancestors is refused, as are sockets, devices and names the registry
 * cannot store. Nothing is sent before this whole list is known.
 */
export async function listLocalFiles(
  source: string,
  options: { followLinks?: boolean | undefined } = {},
): Promise<LocalContent> {
  const absolute = resolve(source);
  const top = await statOrFail(absolute, source);
  let root: string;
  const walked: Walk = {
    realRoot: '',
    shownRoot: source,
    followLinks: options.followLinks === true,
    files: [],
    links: [],
  };
  if (top.isFile()) {
    root = dirname(absolute);
    walked.files.push(localFile(basename(absolute), absolute, top));
  } else if (top.isDirectory()) {
    root = absolute;
    const realRoot = await realpath(absolute);
    await walk({ ...walked, realRoot }, absolute, '', new Set([realRoot]));
  } else {
    throw invalid(`${source} is neither a regular file nor a directory`);
  }
  const { files, links } = walked;
  if (files.length === 0) throw invalid(`${source} holds no files to upload`);
  files.sort((a, b) => compareFilePaths(a.path, b.path));
  links.sort((a, b) => compareFilePaths(a.path, b.path));
  return { root, files, links, totalBytes: files.reduce((sum, file) => sum + file.size, 0) };
}

async function walk(walked: Walk, dir: string, prefix: string, ancestors: Set<string>): Promise<void> {
  const entries = await readdir(dir);
  for (const name of entries) {
    const source = join(dir, name);
    const path = prefix === '' ? name : `${prefix}/${name}`;
    const entry = await lstatOrFail(source);
    const info = entry.isSymbolicLink() ? await statOrFail(source, source) : entry;
    if (entry.isSymbolicLink()) await followLink(walked, source, path);
    if (info.isDirectory()) {
      const real = await realpath(source);
      if (ancestors.has(real)) throw invalid(`${source} links back to a directory above it`);
      await walk(walked, source, path, new Set([...ancestors, real]));
    } else if (info.isFile()) {
      walked.files.push(localFile(path, source, info));
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

/** Notes a link that is followed, or refuses one that leads outside the directory. */
async function followLink(walked: Walk, source: string, path: string): Promise<void> {
  const target = await realpath(source);
  const below = relative(walked.realRoot, target);
  const outside = below === '..' || below.startsWith(`..${sep}`) || isAbsolute(below);
  if (outside && !walked.followLinks)
    throw new RegistryError(
      `${source} is a link to ${target}, outside ${walked.shownRoot}; nothing was sent`,
      'LINK_OUTSIDE',
      0,
    );
  walked.links.push({ path, target, outside });
}

async function lstatOrFail(path: string) {
  try {
    return await lstat(path);
  } catch (error) {
    throw new RegistryError(
      `${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      'LOCAL_FILE_ERROR',
      0,
      undefined,
      { cause: error },
    );
  }
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
