import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { WebAsset, WebAssets } from '../../ports/web-assets.js';

/** Where `npm run build` puts the web UI: `packages/server/web`, beside `src` and `dist`. */
export const BUILT_WEB_UI = fileURLToPath(new URL('../../../web/', import.meta.url));

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.svg', '.json', '.txt']);

/**
 * The built UI read from a directory once, on first use, and kept in memory with a gzip copy of
 * each text file: it is a few hundred kB, and an idle server that nobody browses never reads it.
 * A directory that does not exist (the UI was not built) gives no files.
 */
export function diskWebAssets(root: string = BUILT_WEB_UI): WebAssets {
  let loading: Promise<ReadonlyMap<string, WebAsset>> | undefined;
  return {
    async get(path) {
      loading ??= load(root);
      return (await loading).get(path);
    },
  };
}

async function load(root: string): Promise<ReadonlyMap<string, WebAsset>> {
  const files = new Map<string, WebAsset>();
  const exists = await stat(root).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!exists) return files;
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    const path = relative(root, full).split(sep).join('/');
    const extension = extname(entry.name);
    const contentType = CONTENT_TYPES[extension];
    if (contentType === undefined) continue;
    const body = new Uint8Array(await readFile(full));
    const compressed = COMPRESSIBLE.has(extension) ? new Uint8Array(gzipSync(body, { level: 9 })) : undefined;
    files.set(path, {
      body,
      gzip: compressed !== undefined && compressed.length < body.length ? compressed : undefined,
      contentType,
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
      immutable: path.startsWith('assets/'),
    });
  }
  return files;
}
