import type { Context, Hono } from 'hono';
import type { WebAsset, WebAssets } from '../../ports/web-assets.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the app's env type is the wiring's concern
type App = Hono<any>;

/**
 * The UI's own code only: no inline script or style, no other origin. Data comes from the API on
 * the same origin; a Markdown model card is sanitised before it is shown, and anything that got
 * past that still could not run a script or load from elsewhere.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
};

/** Paths the UI never answers, so that the API's and the probes' own 404s stay theirs. */
const NOT_UI = /^\/(api|readyz|metrics)(\/|$)/;

/**
 * The web UI at `/`: the built files, and `index.html` for every other path a browser navigates
 * to (the UI's own routes, e.g. `/models/mnist`), so links and reloads work. Registered after the
 * API, it never answers under `/api/` or `/readyz/`. Hashed files under `assets/` are cached for
 * good; `index.html` is revalidated on every load, so a new release is picked up at once.
 */
export function registerWebUiRoutes(app: App, assets: WebAssets): void {
  app.on(['GET', 'HEAD'], '*', async (c, next) => {
    const path = c.req.path;
    if (NOT_UI.test(path)) return next();
    const file = path === '/' ? 'index.html' : safeRelativePath(path);
    const asset = file === undefined ? undefined : await assets.get(file);
    if (asset !== undefined) return send(c, asset);
    // A missing script or image is a 404; any other path is a page of the UI.
    const page =
      file === 'index.html' ||
      (file !== undefined && !file.startsWith('assets/') && !/\.[A-Za-z0-9]{1,8}$/.test(file));
    if (!page) {
      return plain(c, 404, 'not found');
    }
    const index = await assets.get('index.html');
    if (index === undefined) {
      return plain(c, 404, 'the web UI is not built: run `npm run build` in the repository');
    }
    return send(c, index);
  });
}

function safeRelativePath(path: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path.slice(1));
  } catch {
    return undefined;
  }
  const segments = decoded.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..' || s.includes('\\') || s.includes('\u0000')))
    return undefined;
  return decoded;
}

function send(c: Context, asset: WebAsset): Response {
  const headers = new Headers(SECURITY_HEADERS);
  headers.set('content-type', asset.contentType);
  headers.set('etag', asset.etag);
  headers.set('vary', 'accept-encoding');
  headers.set('cache-control', asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  if (matches(c.req.header('if-none-match'), asset.etag)) return new Response(null, { status: 304, headers });
  const body =
    asset.gzip !== undefined && acceptsGzip(c.req.header('accept-encoding')) ? asset.gzip : asset.body;
  if (body !== asset.body) headers.set('content-encoding', 'gzip');
  headers.set('content-length', String(body.length));
  return new Response(c.req.method === 'HEAD' ? null : body, { status: 200, headers });
}

function plain(c: Context, status: 404, text: string): Response {
  const headers = new Headers(SECURITY_HEADERS);
  headers.set('content-type', 'text/plain; charset=utf-8');
  headers.set('cache-control', 'no-cache');
  return new Response(c.req.method === 'HEAD' ? null : text, { status, headers });
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === etag || tag === '*');
}

function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (acceptEncoding === undefined) return false;
  return acceptEncoding.split(',').some((part) => {
    const [name, ...params] = part.trim().split(';');
    if (name?.trim().toLowerCase() !== 'gzip') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}
