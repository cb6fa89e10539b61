/// <reference types="node" />
import { createHash, type Hash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import { API_BASE } from '../api.js';
import { RegistryError } from '../errors.js';
import { encodeFilePath } from '../file-paths.js';
import type { LocalFile, TransferProgress, UploadOptions } from '../file-types.js';
import {
  backoff,
  hasCode,
  isTransient,
  IdleWatchdog,
  parseJson,
  streamRequest,
  type TransferContext,
} from '../transfer-http.js';
import { answer, found } from '../typed-http.js';
import type { Manifest, Upload, UploadedFile, UploadFile } from '../types.js';
import { BackgroundHash } from './background-hash.js';
import { DEFAULT_CONCURRENCY, forEachConcurrently } from './concurrently.js';
import { listLocalFiles, type LocalContent } from './local-files.js';
import { putOverNodeHttp } from './node-http-transfer.js';
import { SentBytesHash, type WrittenChunks } from './sent-bytes-hash.js';
import { defaultStateDir, UploadNotes } from './upload-notes.js';

/** Bytes read from disk per chunk sent. */
const CHUNK_BYTES = 1024 * 1024;
const DEFAULT_RETRIES = 5;

/**
 * Uploads one file or a directory tree as the content of a version and commits it: one upload
 * session, each file PUT as a stream (never whole in memory) with its sha256 computed on the way
 * and compared with the digest the server computed, resumed from the server's offset after a
 * dropped connection, then one commit that seals the content.
 */
export async function uploadFiles(
  context: TransferContext,
  modelVersionId: string,
  source: string | LocalContent,
  options: UploadOptions = {},
): Promise<Manifest> {
  const local =
    typeof source === 'string' ? await listLocalFiles(source, { followLinks: options.followLinks }) : source;
  const notes =
    options.resume === false
      ? undefined
      : new UploadNotes(options.stateDir ?? defaultStateDir(), context.url, modelVersionId, local.root);
  let upload: Upload;
  let resumed = true;
  if (options.uploadId === undefined) {
    const noted = notes?.sessionFor(local.files);
    upload = await resumeOrOpen(context, modelVersionId, local, notes, options.signal);
    resumed = upload.id === noted;
  } else {
    upload = await adopt(context, modelVersionId, local, options.uploadId);
    notes?.start(upload.id, local.files);
  }
  const progress = new ProgressCounter(local.files, options.onProgress);
  // What the server holds already counts as done from the start, so a rate measured from the
  // first progress event counts only the bytes this call moves.
  const heldBytes = progress.credit(upload.files);
  options.onStart?.({ uploadId: upload.id, links: local.links, resumed, heldBytes });
  const onServer = new Map(upload.files.map((file) => [file.path, file]));
  try {
    const digests = new Map<string, string>();
    // Several files at once: a tree of small files is bound by each file's round trips and fsyncs.
    await forEachConcurrently(
      local.files,
      options.concurrency ?? DEFAULT_CONCURRENCY,
      options.signal,
      async (file, signal) => {
        const held = onServer.get(file.path);
        // Hashed beside the transfer (on a worker), not in its way.
        const hash = fileHash(file, signal, context.ownTransport === true);
        const digest = await sendFile(context, upload.id, file, held, notes, progress, hash, {
          ...options,
          signal,
        }).finally(() => hash.stop());
        digests.set(file.path, digest);
        notes?.confirm(file.path, digest);
      },
    );
    const manifest = await commit(context, upload.id, modelVersionId);
    notes?.remove();
    checkManifest(manifest, local, digests);
    return manifest;
  } catch (error) {
    // A session nobody can resume is discarded, so its staged bytes do not wait for GC.
    const resumable =
      notes !== undefined &&
      (options.signal?.aborted === true || isTransient(error) || hasCode(error, 'upload-busy'));
    if (resumable) notes?.flush();
    else {
      notes?.remove();
      await abortUpload(context, upload.id);
    }
    throw error;
  }
}

/**
 * The noted session for these very files when the server still has it open (and knows the digest
 * of every file it holds whole), else a new one; a stale session of an earlier call is discarded.
 */
async function resumeOrOpen(
  context: TransferContext,
  modelVersionId: string,
  local: LocalContent,
  notes: UploadNotes | undefined,
  signal: AbortSignal | undefined,
): Promise<Upload> {
  const noted = notes?.sessionFor(local.files);
  if (noted !== undefined) {
    const found = await findUpload(context, noted);
    const byPath = new Map((found?.files ?? []).map((file) => [file.path, file]));
    const usable =
      found !== undefined &&
      found.state === 'OPEN' &&
      found.modelVersionId === modelVersionId &&
      found.files.length === local.files.length &&
      local.files.every((file) => {
        const held = byPath.get(file.path);
        if (held === undefined || held.size !== file.size) return false;
        // A file the server holds whole can only be trusted with a digest to compare.
        return (
          held.received < file.size ||
          notes?.confirmedDigest(file.path) !== undefined ||
          held.sha256 !== undefined
        );
      });
    if (usable) return found;
  }
  const stale = notes?.staleSession();
  if (stale !== undefined) {
    await abortUpload(context, stale);
    notes?.remove();
  }
  signal?.throwIfAborted();
  const upload = await answer(
    context.api.POST(`${API_BASE}/model_versions/{modelversionId}/uploads`, {
      params: { path: { modelversionId: modelVersionId } },
      body: { files: local.files.map((file) => ({ path: file.path, size: file.size })) },
    }),
  );
  notes?.start(upload.id, local.files);
  return upload;
}

/** The OPEN upload `uploadId` of this version, when it declares exactly these paths and sizes. */
async function adopt(
  context: TransferContext,
  modelVersionId: string,
  local: LocalContent,
  uploadId: string,
): Promise<Upload> {
  const found = await findUpload(context, uploadId);
  const refuse = (why: string) =>
    new RegistryError(`cannot resume upload ${uploadId}: ${why}`, 'UPLOAD_NOT_RESUMABLE', 0);
  if (found === undefined) throw refuse('the registry has no such upload');
  if (found.modelVersionId !== modelVersionId)
    throw refuse(`it belongs to model version ${found.modelVersionId}, not ${modelVersionId}`);
  if (found.state !== 'OPEN') throw refuse(`it is ${found.state.toLowerCase()}`);
  const declared = new Map(found.files.map((file) => [file.path, file.size]));
  const differing = local.files.filter((file) => declared.get(file.path) !== file.size);
  if (differing.length > 0 || declared.size !== local.files.length) {
    const first = differing[0];
    throw refuse(
      first === undefined
        ? `it declares ${declared.size} files, the local content has ${local.files.length}`
        : `its files differ from the local ones (${JSON.stringify(first.path)} first)`,
    );
  }
  return found;
}

/**
 * Sends one file from the offset the server holds, and returns its sha256 (`hash`) once the server
 * has it whole and agrees on the digest. After a dropped connection, a stall or a 502/503/504 it
 * asks the server how much it kept and goes on from there; a 409 offset mismatch names the offset
 * itself.
 */
async function sendFile(
  context: TransferContext,
  uploadId: string,
  file: LocalFile,
  held: UploadFile | undefined,
  notes: UploadNotes | undefined,
  progress: ProgressCounter,
  hash: FileHash,
  options: UploadOptions,
): Promise<string> {
  const retries = options.retries ?? DEFAULT_RETRIES;
  // What the server last said about the file (its digest comes with it once the file is whole).
  let known = held;
  let offset = held?.received ?? 0;
  for (let attempt = 0; ; attempt++) {
    options.signal?.throwIfAborted();
    progress.at(file, offset);
    try {
      if (offset === file.size && file.size > 0) {
        // The server holds it all (from an earlier call, or an answer lost with its connection):
        // compare digests without sending anything.
        const ours = await hash.digest();
        let theirs = notes?.confirmedDigest(file.path) ?? known?.sha256;
        if (theirs === undefined) {
          known = await serverFile(context, uploadId, file);
          theirs = known.sha256;
        }
        if (theirs === undefined)
          throw new RegistryError(
            `${file.path}: the server holds the whole file but reports no digest to compare`,
            'INVALID_RESPONSE',
            0,
          );
        if (theirs !== ours) throw digestMismatch(file, ours, theirs);
        progress.at(file, file.size);
        return ours;
      }
      const answer = await putFrom(context, uploadId, file, offset, progress, options.signal, hash.written);
      if (answer.received < file.size) {
        // The server kept less than was sent (it answered before the end): go on from its offset.
        offset = answer.received;
        if (attempt >= retries) throw incomplete(file, answer.received);
        continue;
      }
      const ours = await hash.digest();
      if (answer.sha256 !== ours) throw digestMismatch(file, ours, answer.sha256);
      await assertUnchanged(file);
      progress.at(file, file.size);
      return ours;
    } catch (error) {
      if (options.signal?.aborted === true) throw options.signal.reason;
      if (hasCode(error, 'upload-offset-mismatch')) {
        const received = Number((error as { details?: Record<string, unknown> }).details?.['received']);
        if (attempt >= retries || !Number.isSafeInteger(received)) throw error;
        offset = received;
        known = undefined;
        continue;
      }
      // After a dropped connection the server may still be finishing the old request for a moment.
      const busy = hasCode(error, 'upload-busy');
      if (!(busy || isTransient(error)) || attempt >= retries) throw error;
      await backoff(attempt + 1, options.signal);
      known = await serverFile(context, uploadId, file).catch(() => undefined);
      offset = known?.received ?? offset;
    }
  }
}

/** The sha256 of a local file, asked for once the server has it whole. */
interface FileHash {
  digest(): Promise<string>;
  stop(): void;
  /** Where the PUTs hand the chunks they sent, when the hash is computed from them. */
  readonly written?: WrittenChunks;
}

/** Files from this size are hashed on a worker thread during the transfer; smaller ones after it. */
const BACKGROUND_HASH_BYTES = 16 * 1024 * 1024;

/**
 * A large file's hash runs on a worker thread: through our own transport, from the chunks the PUTs
 * send (SentBytesHash: the file is read once); through a `fetch`, whose body stream gives no
 * chunk back, from a read of its own (BackgroundHash).
 */
function fileHash(file: LocalFile, signal: AbortSignal | undefined, ownTransport: boolean): FileHash {
  if (file.size < BACKGROUND_HASH_BYTES) {
    // A worker costs more to start than a small file costs to hash (from the page cache, just read).
    let digest: Promise<string> | undefined;
    return {
      digest: () => (digest ??= hashPrefix(file, file.size, signal).then((hash) => hash.digest('hex'))),
      stop: () => undefined,
    };
  }
  const worker = ownTransport ? new SentBytesHash(file.source) : new BackgroundHash(file.source, file.size);
  let digest: Promise<string> | undefined;
  return {
    digest: () => (digest ??= worker.digest(file.size)),
    stop: () => worker.stop(),
    written: worker instanceof SentBytesHash ? worker : undefined,
  };
}

/** PUTs the file from `offset` to its end. */
async function putFrom(
  context: TransferContext,
  uploadId: string,
  file: LocalFile,
  offset: number,
  progress: ProgressCounter,
  signal: AbortSignal | undefined,
  written: WrittenChunks | undefined,
): Promise<UploadedFile> {
  const handle = await open(file.source, 'r');
  const url = `uploads/${encodeURIComponent(uploadId)}/files/${encodeFilePath(file.path)}`;
  const idle = new IdleWatchdog(context.idleTimeoutMs, `PUT ${url}`);
  let position = offset;
  try {
    const headers: Record<string, string> = {
      'content-type': 'application/octet-stream',
      'content-length': String(file.size - offset),
    };
    if (offset > 0) headers['content-range'] = `bytes ${offset}-${file.size - 1}/${file.size}`;
    if (context.ownTransport === true) {
      const source = { handle, offset, size: file.size, shortened: () => changed(file), written };
      const answer = await putOverNodeHttp(context, { path: url, headers, signal, idle }, source, (sent) =>
        progress.at(file, sent),
      );
      return parseJson<UploadedFile>(answer, `PUT ${url}`);
    }
    const body = new ReadableStream<Uint8Array>({
      // Pull-based: the next chunk is read from disk only when the socket took the last one.
      async pull(controller) {
        const want = Math.min(CHUNK_BYTES, file.size - position);
        if (want === 0) {
          controller.close();
          return;
        }
        const chunk = Buffer.allocUnsafe(want);
        const { bytesRead } = await handle.read(chunk, 0, want, position);
        if (bytesRead === 0) {
          controller.error(changed(file));
          return;
        }
        const sent = bytesRead === want ? chunk : chunk.subarray(0, bytesRead);
        position += bytesRead;
        idle.touch();
        progress.at(file, position);
        controller.enqueue(sent);
      },
    });
    const { response } = await streamRequest(context, {
      method: 'PUT',
      path: url,
      headers,
      body,
      signal,
      idle,
    });
    return parseJson<UploadedFile>(await response.text(), `PUT ${url}`);
  } finally {
    idle.stop();
    await handle.close();
  }
}

/** A sha256 fed with the file's first `length` bytes (the part the server already holds). */
async function hashPrefix(file: LocalFile, length: number, signal: AbortSignal | undefined): Promise<Hash> {
  const hash = createHash('sha256');
  if (length === 0) return hash;
  const handle = await open(file.source, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    for (let position = 0; position < length;) {
      signal?.throwIfAborted();
      const { bytesRead } = await handle.read(buffer, 0, Math.min(CHUNK_BYTES, length - position), position);
      if (bytesRead === 0) throw changed(file);
      hash.update(buffer.subarray(0, bytesRead));
      position += bytesRead;
    }
    return hash;
  } finally {
    await handle.close();
  }
}

/** The server's view of one file of the session: bytes durably held, and its digest once whole. */
async function serverFile(context: TransferContext, uploadId: string, file: LocalFile): Promise<UploadFile> {
  const upload = await answer(
    context.api.GET(`${API_BASE}/uploads/{uploadId}`, { params: { path: { uploadId } } }),
  );
  const held = upload.files.find((f) => f.path === file.path);
  if (held === undefined)
    throw new RegistryError(`upload ${uploadId} has no file ${file.path}`, 'INVALID_RESPONSE', 0);
  return held;
}

/**
 * Commits the session. If the answer is lost (the connection dropped after the server committed),
 * the version's manifest tells whether the commit happened.
 */
async function commit(context: TransferContext, uploadId: string, modelVersionId: string): Promise<Manifest> {
  try {
    return await answer(
      context.api.POST(`${API_BASE}/uploads/{uploadId}/commit`, { params: { path: { uploadId } } }),
    );
  } catch (error) {
    if (!isTransient(error)) throw error;
    const manifest = await found(
      context.api.GET(`${API_BASE}/model_versions/{modelversionId}/files`, {
        params: { path: { modelversionId: modelVersionId } },
      }),
    ).catch(() => undefined);
    const upload = await findUpload(context, uploadId).catch(() => undefined);
    if (manifest !== undefined && upload?.state === 'COMMITTED') return manifest;
    throw error;
  }
}

/** The sealed manifest must list exactly the files sent, with the digests computed here. */
function checkManifest(manifest: Manifest, local: LocalContent, digests: ReadonlyMap<string, string>): void {
  const listed = new Map(manifest.files.map((file) => [file.path, file]));
  const wrong = local.files.filter((file) => {
    const entry = listed.get(file.path);
    return entry === undefined || entry.size !== file.size || entry.sha256 !== digests.get(file.path);
  });
  if (wrong.length > 0 || manifest.files.length !== local.files.length)
    throw new RegistryError(
      `the committed manifest of version ${manifest.modelVersionId} differs from the files sent (${wrong.map((f) => f.path).join(', ') || 'extra files'})`,
      'DIGEST_MISMATCH',
      0,
    );
}

async function assertUnchanged(file: LocalFile): Promise<void> {
  const now = await stat(file.source);
  if (now.size !== file.size || now.mtimeMs !== file.mtimeMs) throw changed(file);
}

function changed(file: LocalFile): RegistryError {
  return new RegistryError(`${file.source} changed while it was being uploaded`, 'LOCAL_FILE_CHANGED', 0);
}

function digestMismatch(file: LocalFile, ours: string, theirs: string | undefined): RegistryError {
  return new RegistryError(
    `${file.path}: the server holds sha256 ${theirs ?? '(none)'} but ${file.source} has ${ours}; nothing was committed`,
    'DIGEST_MISMATCH',
    0,
  );
}

function incomplete(file: LocalFile, received: number): RegistryError {
  return new RegistryError(
    `${file.path}: the server kept ${received} of ${file.size} bytes after every retry`,
    'UPLOAD_INCOMPLETE',
    0,
  );
}

/** Turns per-file positions into the progress events of the whole upload. */
export class ProgressCounter {
  /** Bytes of each file moved so far; files move several at a time. */
  private readonly moved = new Map<string, number>();
  private bytes = 0;

  constructor(
    private readonly files: readonly { readonly path: string; readonly size: number }[],
    private readonly onProgress: ((progress: TransferProgress) => void) | undefined,
  ) {
    this.totalBytes = files.reduce((sum, file) => sum + file.size, 0);
  }

  readonly totalBytes: number;

  /** Counts what the server already holds of each file as moved, in one event; returns the sum. */
  credit(held: readonly { readonly path: string; readonly received: number }[]): number {
    const sizes = new Map(this.files.map((file) => [file.path, file.size]));
    let last: { path: string; size: number } | undefined;
    for (const file of held) {
      const size = sizes.get(file.path);
      if (size === undefined || file.received <= 0) continue;
      const bytes = Math.min(file.received, size);
      this.bytes += bytes - (this.moved.get(file.path) ?? 0);
      this.moved.set(file.path, bytes);
      last = { path: file.path, size };
    }
    if (last !== undefined) this.at(last, this.moved.get(last.path) ?? 0);
    return this.bytes;
  }

  at(file: { readonly path: string; readonly size: number }, fileBytes: number): void {
    this.bytes += fileBytes - (this.moved.get(file.path) ?? 0);
    this.moved.set(file.path, fileBytes);
    this.onProgress?.({
      file: file.path,
      fileBytes,
      fileSize: file.size,
      bytes: this.bytes,
      totalBytes: this.totalBytes,
    });
  }
}

/** An upload by id, or undefined when the registry has none. */
function findUpload(context: TransferContext, uploadId: string): Promise<Upload | undefined> {
  return found(context.api.GET(`${API_BASE}/uploads/{uploadId}`, { params: { path: { uploadId } } }));
}

/** Aborts an upload, as cleanup: a failure to abort it is not the failure being reported. */
async function abortUpload(context: TransferContext, uploadId: string): Promise<void> {
  await answer(
    context.api.DELETE(`${API_BASE}/uploads/{uploadId}`, { params: { path: { uploadId } } }),
  ).catch(() => undefined);
}
