/// <reference types="node" />
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, realpath, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import { API_BASE } from '../api.js';
import { RegistryError } from '../errors.js';
import { encodeFilePath, filePathProblem } from '../file-paths.js';
import type { DownloadOptions } from '../file-types.js';
import {
  backoff,
  failureOf,
  IdleWatchdog,
  incomingOf,
  isTransient,
  streamRequest,
  type IncomingBody,
  type TransferContext,
} from '../transfer-http.js';
import { answer } from '../typed-http.js';
import type { Manifest, ManifestFile } from '../types.js';
import { BackgroundHash } from './background-hash.js';
import { getOverNodeHttp } from './node-http-transfer.js';
import { getOverSocket } from './socket-get.js';
import { DEFAULT_CONCURRENCY, forEachConcurrently } from './concurrently.js';
import { openDirect } from './direct-io.js';
import { DownloadWriter } from './download-writer.js';
import { checkExistingFiles, makeOutputDir } from './output-dir.js';
import { ProgressCounter } from './upload-files.js';

const DEFAULT_RETRIES = 5;
/**
 * Files from this size are written with direct I/O where the file system allows (direct-io.ts),
 * and hashed on a worker thread, from the disk as they are written.
 */
const BACKGROUND_HASH_BYTES = 16 * 1024 * 1024;
/** Files (what is left of them) from this size are read on a connection of their own (getOverSocket). */
const SOCKET_GET_BYTES = 16 * 1024 * 1024;

/**
 * Downloads every file of a version's manifest into `outDir`: each one streamed to a temporary
 * name next to its place, its sha256 checked on the way (unless `verify: false`), then renamed into
 * place. A path that would land outside `outDir` (even through a symbolic link already there) is
 * refused before anything is written, and so is a file already there with other bytes (unless
 * `overwrite`); a file whose digest or size differs is removed and fails the
 * call. A dropped connection resumes the file with a Range request.
 */
export async function downloadFiles(
  context: TransferContext,
  modelVersionId: string,
  outDir: string,
  options: DownloadOptions = {},
): Promise<Manifest> {
  const manifest = await answer(
    context.api.GET(`${API_BASE}/model_versions/{modelversionId}/files`, {
      params: { path: { modelversionId: modelVersionId } },
    }),
  );
  checkPaths(manifest.files);
  await makeOutputDir(outDir);
  const root = await realpath(outDir);
  // Every file's place is checked before the first byte is written.
  for (const file of manifest.files) await assertInside(root, file, parentOf(root, file));
  await checkExistingFiles(root, manifest.files, options.overwrite === true);
  const progress = new ProgressCounter(manifest.files, options.onProgress);
  await forEachConcurrently(
    manifest.files,
    options.concurrency ?? DEFAULT_CONCURRENCY,
    options.signal,
    (file, signal) => fetchFile(context, modelVersionId, root, file, progress, { ...options, signal }),
  );
  return manifest;
}

/** Every path must be safe, and no path may be both a file and a directory of another. */
function checkPaths(files: readonly ManifestFile[]): void {
  const paths = new Set<string>();
  for (const file of files) {
    const problem = filePathProblem(file.path);
    if (problem !== undefined)
      throw new RegistryError(
        `the manifest lists ${JSON.stringify(file.path)}, which would not stay inside the output directory (${problem}); nothing was written`,
        'UNSAFE_FILE_PATH',
        0,
      );
    if (!Number.isSafeInteger(file.size) || file.size < 0 || !/^[0-9a-f]{64}$/.test(file.sha256))
      throw new RegistryError(`the manifest entry of ${file.path} is malformed`, 'INVALID_RESPONSE', 0);
    paths.add(file.path);
  }
  for (const path of paths) {
    for (let cut = path.indexOf('/'); cut !== -1; cut = path.indexOf('/', cut + 1)) {
      if (paths.has(path.slice(0, cut)))
        throw new RegistryError(
          `the manifest lists ${path.slice(0, cut)} both as a file and as a directory`,
          'UNSAFE_FILE_PATH',
          0,
        );
    }
  }
}

function parentOf(root: string, file: ManifestFile): string {
  return join(root, ...file.path.split('/').slice(0, -1));
}

/**
 * Fails unless `dir` (or, while it does not exist yet, its nearest existing ancestor) lies inside
 * `root` once symbolic links are resolved: a link already in the output directory that points
 * elsewhere would carry the write out of it.
 */
async function assertInside(root: string, file: ManifestFile, dir: string): Promise<void> {
  let existing = dir;
  let real: string | undefined;
  while (real === undefined) {
    try {
      real = await realpath(existing);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || existing === root) throw error;
      existing = dirname(existing);
    }
  }
  const inside = relative(root, real);
  if (inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside))
    throw new RegistryError(
      `${file.path} would be written through a link that leaves the output directory (to ${real}); nothing was written there`,
      'UNSAFE_FILE_PATH',
      0,
    );
}

/** The directory a file goes into, created if needed and checked again (it may have changed since). */
async function safeParent(root: string, file: ManifestFile): Promise<string> {
  const parent = parentOf(root, file);
  await mkdir(parent, { recursive: true });
  await assertInside(root, file, parent);
  return realpath(parent);
}

async function fetchFile(
  context: TransferContext,
  modelVersionId: string,
  root: string,
  file: ManifestFile,
  progress: ProgressCounter,
  options: DownloadOptions,
): Promise<void> {
  const verify = options.verify !== false;
  const retries = options.retries ?? DEFAULT_RETRIES;
  const parent = await safeParent(root, file);
  const name = basename(file.path);
  const target = join(parent, name);
  const temp = join(parent, `.${name}.${randomBytes(6).toString('hex')}.modelreg-partial`);
  const handle = await open(temp, 'wx');
  let closed = false;
  // Never throws: a file system that refuses O_DIRECT gets the page cache alone.
  let direct = file.size >= BACKGROUND_HASH_BYTES ? await openDirect(temp) : undefined;
  const digest = receivedDigest(temp, file, verify, direct !== undefined);
  const state: Received = { temp, digest, written: 0, direct };
  try {
    for (let attempt = 0; ; attempt++) {
      progress.at(file, state.written);
      try {
        await receive(context, modelVersionId, file, handle, state, progress, options);
        break;
      } catch (error) {
        if (options.signal?.aborted === true) throw options.signal.reason;
        if (!isTransient(error) || attempt >= retries) throw error;
        await backoff(attempt + 1, options.signal);
      }
    }
    if (state.written !== file.size)
      throw new RegistryError(
        `${file.path}: received ${state.written} bytes, the manifest says ${file.size}; the file was not kept`,
        'SIZE_MISMATCH',
        0,
      );
    if (verify) {
      const digest = await state.digest.digest(file.size);
      if (digest !== file.sha256)
        throw new RegistryError(
          `${file.path}: sha256 of the received bytes is ${digest}, the manifest says ${file.sha256}; the file was not kept`,
          'DIGEST_MISMATCH',
          0,
        );
    }
    // On disk before it gets its name: a crash never leaves a short file under the real name.
    await handle.sync();
    await direct?.close();
    direct = undefined;
    await handle.close();
    closed = true;
    await rename(temp, target);
    progress.at(file, file.size);
  } catch (error) {
    await direct?.close().catch(() => undefined);
    if (!closed) await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  } finally {
    state.digest.stop();
  }
}

/** What has arrived of one file so far, across attempts. */
interface Received {
  /** The temporary file the bytes are written to. */
  readonly temp: string;
  digest: ReceivedDigest;
  written: number;
  /** A direct (O_DIRECT) descriptor of `temp` the writes go through, where the file system allows. */
  direct?: FileHandle | undefined;
}

/**
 * The sha256 of what arrived: of each chunk as it is received (small files), or of the bytes on
 * disk, read back and hashed on a worker thread behind the writes (large files: the hash then
 * overlaps the transfer instead of holding up the thread that receives).
 */
interface ReceivedDigest {
  received(chunk: Uint8Array): void;
  written(bytes: number): void;
  digest(size: number): Promise<string>;
  stop(): void;
}

function receivedDigest(temp: string, file: ManifestFile, verify: boolean, direct: boolean): ReceivedDigest {
  if (verify && file.size >= BACKGROUND_HASH_BYTES) {
    const background = new BackgroundHash(temp, 0, direct);
    return {
      received: () => undefined,
      written: (bytes) => background.advance(bytes),
      digest: (size) => background.digest(size),
      stop: () => background.stop(),
    };
  }
  const hash = createHash('sha256');
  return {
    received: (chunk) => {
      if (verify) hash.update(chunk);
    },
    written: () => undefined,
    digest: () => Promise.resolve(hash.digest('hex')),
    stop: () => undefined,
  };
}

/**
 * Streams the rest of the file (from `state.written`, with a Range request) into the handle and
 * the hash. A server that answers 200 to a Range sends the whole file again: what was written is
 * dropped and the hash starts afresh.
 */
async function receive(
  context: TransferContext,
  modelVersionId: string,
  file: ManifestFile,
  handle: FileHandle,
  state: Received,
  progress: ProgressCounter,
  options: DownloadOptions,
): Promise<void> {
  const verify = options.verify !== false;
  const path = `model_versions/${encodeURIComponent(modelVersionId)}/files/${encodeFilePath(file.path)}`;
  const headers: Record<string, string> = {};
  if (state.written > 0) headers['range'] = `bytes=${state.written}-`;
  const request = { method: 'GET' as const, path, headers, signal: options.signal };
  const { incoming, idle } = await get(context, request, file.size - state.written >= SOCKET_GET_BYTES);
  if (state.written > 0 && incoming.status !== 206) {
    await handle.truncate(0);
    state.digest.stop();
    state.digest = receivedDigest(state.temp, file, verify, state.direct !== undefined);
    state.written = 0;
  }
  // Chunks arrive in tens of kilobytes; they are copied into batches, each written in the
  // background while the next is received.
  const writer = new DownloadWriter(handle, state, file.path, file.size, state.direct);
  try {
    const announced = incoming.headers.get('x-checksum-sha256');
    if (verify && announced !== null && announced !== file.sha256)
      throw new RegistryError(
        `${file.path}: the server announces sha256 ${announced}, the manifest says ${file.sha256}`,
        'DIGEST_MISMATCH',
        0,
      );
    await incoming.each((value) => {
      idle.touch();
      if (writer.received + value.length > file.size)
        throw new RegistryError(
          `${file.path}: the server sent more than the manifest's ${file.size} bytes; the file was not kept`,
          'SIZE_MISMATCH',
          0,
        );
      state.digest.received(value);
      return take(writer, value, () => progress.at(file, writer.received));
    });
    await writer.finish();
  } catch (error) {
    incoming.cancel();
    // What arrived (and was hashed) is kept, so that a retry asks for the rest only.
    await writer.finish().catch(() => undefined);
    throw failureOf(error, request, idle, `${context.url}/${path}`);
  } finally {
    idle.stop();
    await writer.settle();
  }
}

/**
 * Copies `chunk` into the writer's batches, handing each full batch over; `done` once all is in.
 * The transport may reuse the chunk's memory once this returns: what is left of it when a batch
 * must wait for the write before it is copied first.
 */
function take(writer: DownloadWriter, chunk: Uint8Array, done: () => void): void | Promise<void> {
  for (let offset = 0; offset < chunk.length;) {
    offset += writer.put(chunk, offset);
    if (writer.full) {
      const rest = offset < chunk.length ? Buffer.from(chunk.subarray(offset)) : undefined;
      return writer.submit().then(() => (rest === undefined ? done() : take(writer, rest, done)));
    }
  }
  done();
}

/**
 * A file's GET: through node:http when the registry was given no fetch of its own (the socket's
 * buffers go straight to the writes, no web stream between), and for a large file over plain
 * http on a socket read into one reused buffer (getOverSocket); else through that fetch.
 */
async function get(
  context: TransferContext,
  request: { method: 'GET'; path: string; headers: Record<string, string>; signal: AbortSignal | undefined },
  large: boolean,
): Promise<{ incoming: IncomingBody; idle: IdleWatchdog }> {
  if (context.ownTransport !== true) {
    const { response, idle } = await streamRequest(context, request);
    return { incoming: incomingOf(response), idle };
  }
  const idle = new IdleWatchdog(context.idleTimeoutMs, `GET ${context.url}${API_BASE}/${request.path}`);
  if (large && context.url.startsWith('http:')) {
    // Undefined when the answer is framed otherwise than by its length: node:http reads that.
    const incoming = await getOverSocket(context, { ...request, idle });
    if (incoming !== undefined) return { incoming, idle };
  }
  return { incoming: await getOverNodeHttp(context, { ...request, idle }), idle };
}
