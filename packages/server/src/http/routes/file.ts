import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import {
  checkDeclaredFiles,
  parseContentRange,
  parseRangeHeader,
  UPLOAD_STATES,
} from '../../domain/model-files.js';
import { TimeoutError } from '../../domain/errors.js';
import type { FileService } from '../../services/content/index.js';
import { errorBody } from '../error-response.js';
import { freeNow } from '../free-now.js';
import { API_BASE } from './api-base.js';
import { bodyOf, callerOf as actor, type Routes } from '../operations.js';
import { parseBody, parseEnum, parseId } from '../request-parsing.js';
import { sendContent, sendStream } from '../send-content.js';
import { tarLength, tarStream } from '../tar-writer.js';
import { GC_REQUEST, manifestToWire, NEW_UPLOAD, uploadToWire } from '../wire/files.js';

/** A file PUT that sends nothing for this long is abandoned (its claim on the file must not lapse first). */
const BODY_IDLE_MS = 60_000;

/** The routes whose bodies are file bytes: streamed, exempt from the JSON body limit. */
export const FILE_BODY_ROUTE = new RegExp(`^${API_BASE}/uploads/[^/]+/files/`);

/**
 * The request body as chunks, read only as fast as they are written away; abandoned when it
 * stalls. Served by @hono/node-server, the socket's own stream is read: the web stream built over
 * it (Readable.toWeb) queues up to 16,384 chunks whatever their size, which is no backpressure.
 * A chunk read from the socket is valid only until the next one is asked for: its memory is freed
 * then (the consumers copy it, as `StagingWriter.write` does before it resolves).
 */
export async function* bodyChunks(c: Context): AsyncGenerator<Uint8Array> {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  // Node 20 web streams are async iterable; the DOM typings do not say so.
  const body = (incoming ?? c.req.raw.body) as AsyncIterable<Uint8Array> | null;
  if (body === null) return;
  const iterator = body[Symbol.asyncIterator]();
  let lastChunk = Date.now();
  let stalled = false;
  // One watchdog per request rather than a timer per chunk.
  const watchdog = setInterval(() => {
    if (Date.now() - lastChunk > BODY_IDLE_MS) {
      stalled = true;
      if (incoming !== undefined) incoming.destroy();
      else void iterator.return?.();
    }
  }, BODY_IDLE_MS / 6);
  try {
    for (;;) {
      let next: IteratorResult<Uint8Array>;
      try {
        next = await iterator.next();
      } catch (error) {
        if (stalled) break;
        throw error;
      }
      if (stalled) break;
      if (next.done === true) {
        c.set('bodyRead', true);
        return;
      }
      lastChunk = Date.now();
      // Counted for the metrics (`transfer_bytes_total{direction="upload"}`), as they arrive.
      c.set('bodyBytes', ((c.get('bodyBytes') as number | undefined) ?? 0) + next.value.byteLength);
      yield next.value;
      if (incoming !== undefined) freeNow(next.value);
    }
    throw new TimeoutError(
      'REQUEST_TIMEOUT',
      `no byte of the body arrived for ${BODY_IDLE_MS / 1000} seconds`,
    );
  } finally {
    clearInterval(watchdog);
    await iterator.return?.();
  }
}

function numberHeader(value: string | undefined): number | undefined {
  return value !== undefined && /^\d{1,16}$/.test(value) ? Number(value) : undefined;
}

/** Whether an If-None-Match header names this entity tag (or `*`). */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}

function contentDisposition(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return `attachment; filename*=UTF-8''${encodeURIComponent(base)}`;
}

/**
 * How downloads may be cached. Content never changes once sealed, but who may read it can: with
 * authentication on, only the caller's own cache may keep it, and it asks again (a 304 after the
 * same authorization) before each use; a shared cache or proxy never serves it to anyone else.
 */
export type DownloadCaching = 'public' | 'private';

const CACHE_CONTROL: Readonly<Record<DownloadCaching, string>> = {
  public: 'public, max-age=31536000, immutable',
  private: 'private, no-cache',
};

/** Our extension: model files (docs/adr/0010-model-files.md). */
export function registerFileRoutes(routes: Routes, files: FileService, caching: DownloadCaching): void {
  registerUploadRoutes(routes, files);
  registerDownloadRoutes(routes, files, CACHE_CONTROL[caching]);
}

/** Uploads: declare the files, send their bytes (resumable), commit; and garbage collection. */
function registerUploadRoutes(routes: Routes, files: FileService): void {
  const base = API_BASE;
  routes.route(
    'POST',
    `${base}/model_versions/:id/uploads`,
    'createUpload',
    async (c) => {
      const id = parseId(c.req.param('id'), 'model version id');
      // NUL and lone surrogates are refused as a file path's (INVALID_FILE_PATH), below.
      const body = parseBody(NEW_UPLOAD, bodyOf(c), ['files']);
      const declared = body.files.map((file) => ({ ...file, sha256: file.sha256?.toLowerCase() }));
      checkDeclaredFiles(declared);
      return c.json(uploadToWire(await files.createUpload(actor(c), id, declared)), 201);
    },
    { body: 'json', ownStringChecks: true },
  );

  routes.route('GET', `${base}/model_versions/:id/uploads`, 'listUploads', async (c) => {
    const id = parseId(c.req.param('id'), 'model version id');
    const state = parseEnum(c.req.query('state'), UPLOAD_STATES, 'state');
    const uploads = await files.listUploads(actor(c), id, state);
    return c.json({ items: uploads.map(uploadToWire), size: uploads.length }, 200);
  });

  routes.route('GET', `${base}/uploads/:id`, 'getUpload', async (c) => {
    const upload = await files.getUpload(actor(c), parseId(c.req.param('id'), 'upload id'));
    return c.json(uploadToWire(upload), 200);
  });

  routes.route('DELETE', `${base}/uploads/:id`, 'abortUpload', async (c) => {
    await files.abortUpload(actor(c), parseId(c.req.param('id'), 'upload id'));
    return c.body(null, 204);
  });

  routes.route('PUT', `${base}/uploads/:id/files/:path{.+}`, 'uploadFile', async (c) => {
    const id = parseId(c.req.param('id'), 'upload id');
    const path = c.req.param('path') ?? '';
    const rangeHeader = c.req.header('content-range');
    const progress = await files.receiveFile(
      actor(c),
      id,
      path,
      {
        range: rangeHeader === undefined ? undefined : parseContentRange(rangeHeader),
        contentLength: numberHeader(c.req.header('content-length')),
      },
      bodyChunks(c),
    );
    return c.json(progress, 200);
  });

  routes.route('POST', `${base}/uploads/:id/commit`, 'commitUpload', async (c) => {
    const manifest = await files.commit(actor(c), parseId(c.req.param('id'), 'upload id'));
    return c.json(manifestToWire(manifest), 201);
  });

  routes.route(
    'POST',
    `${base}/gc`,
    'collectGarbage',
    async (c) => {
      const body = parseBody(GC_REQUEST, bodyOf(c));
      const report = await files.collectGarbage(actor(c), {
        dryRun: body.dryRun ?? false,
        graceSeconds: body.graceSeconds ?? 3600,
      });
      return c.json({ ...report, expiredUploads: report.expiredUploads.map(String) }, 200);
    },
    { body: 'optional' },
  );
}

/** A version's manifest, one file (ranges, entity tags) or all of them as one tar. */
function registerDownloadRoutes(routes: Routes, files: FileService, cacheControl: string): void {
  const base = API_BASE;
  routes.route('GET', `${base}/model_versions/:id/files`, 'getModelVersionFiles', async (c) => {
    const { manifest, corrupt } = await files.getManifestWithIntegrity(
      actor(c),
      parseId(c.req.param('id'), 'model version id'),
    );
    return c.json(manifestToWire(manifest, corrupt), 200);
  });

  routes.route('GET', `${base}/model_versions/:id/files/:path{.+}`, 'downloadModelVersionFile', async (c) => {
    const id = parseId(c.req.param('id'), 'model version id');
    const { file, read, openReader } = await files.openFile(actor(c), id, c.req.param('path') ?? '');
    const etag = `"sha256:${file.sha256}"`;
    const headers: Record<string, string> = {
      etag,
      'accept-ranges': 'bytes',
      'x-checksum-sha256': file.sha256,
      'cache-control': cacheControl,
    };
    if (matchesEtag(c.req.header('if-none-match'), etag)) return c.body(null, 304, headers);
    const range = parseRangeHeader(c.req.header('range'), file.size);
    if (range === 'unsatisfiable') {
      return c.json(
        errorBody(
          416,
          'RANGE_NOT_SATISFIABLE',
          `the range ${c.req.header('range') ?? ''} lies outside the ${file.size} bytes of ${JSON.stringify(file.path)}`,
          c.get('requestId') as string,
        ),
        416,
        { 'content-range': `bytes */${file.size}` },
      );
    }
    const length = range === undefined ? file.size : range.end - range.start + 1;
    Object.assign(headers, {
      'content-type': 'application/octet-stream',
      'content-length': String(length),
      'content-disposition': contentDisposition(file.path),
      ...(range === undefined ? {} : { 'content-range': `bytes ${range.start}-${range.end}/${file.size}` }),
    });
    const status = range === undefined ? 200 : 206;
    if (c.req.method === 'HEAD' || length === 0) return new Response(null, { status, headers });
    return sendContent(c, status, headers, {
      start: range?.start ?? 0,
      length,
      read: () => read(range),
      openReader: openReader === undefined ? undefined : () => openReader(range),
    });
  });

  routes.route('GET', `${base}/model_versions/:id/content.tar`, 'downloadModelVersionContent', async (c) => {
    const id = parseId(c.req.param('id'), 'model version id');
    const { manifest, read } = await files.openContent(actor(c), id);
    const etag = `"${manifest.rootDigest}"`;
    const headers: Record<string, string> = { etag, 'cache-control': cacheControl };
    if (matchesEtag(c.req.header('if-none-match'), etag)) return c.body(null, 304, headers);
    const mtime = Math.floor(manifest.createTimeSinceEpoch / 1000);
    const entries = manifest.files.map((file) => ({ ...file, mtime }));
    Object.assign(headers, {
      // KServe's storage initializer unpacks an http(s) URI ending in .tar only when served as a tar.
      'content-type': 'application/x-tar',
      'content-length': String(tarLength(entries)),
      'content-disposition': `attachment; filename="model-version-${id}.tar"`,
    });
    if (c.req.method === 'HEAD') return new Response(null, { status: 200, headers });
    return sendStream(
      c,
      200,
      headers,
      tarStream(entries, (entry) => read(entry)),
    );
  });
}
