import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createRegistry, diskWebAssets, loadServerConfig } from '@modelreg/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const INDEX =
  '<!doctype html><html lang="en"><head><script type="module" src="/assets/app-3f2a9c1d.js"></script></head></html>';
const SCRIPT = `console.log(${JSON.stringify('modelreg '.repeat(400))});`;

/** The server's app over a built UI in a directory of the test's own (authentication as given). */
async function appWithUi(ui: string, auth: 'none' | 'token') {
  const dataDir = mkdtempSync(join(tmpdir(), 'modelreg-ui-'));
  const config = loadServerConfig({ dataDir, port: 0, auth, logLevel: 'silent' }, {});
  const registry = await createRegistry(config, { webAssets: diskWebAssets(ui) });
  return {
    request: (path: string, init?: RequestInit) => registry.app.request(path, init),
    close: async () => {
      await registry.store.close();
      await registry.artifacts.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

describe('the web UI served at /', () => {
  let ui: string;
  let app: Awaited<ReturnType<typeof appWithUi>>;
  beforeAll(async () => {
    ui = mkdtempSync(join(tmpdir(), 'modelreg-built-ui-'));
    mkdirSync(join(ui, 'assets'));
    writeFileSync(join(ui, 'index.html'), INDEX);
    writeFileSync(join(ui, 'assets', 'app-3f2a9c1d.js'), SCRIPT);
    writeFileSync(join(ui, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    app = await appWithUi(ui, 'none');
  });
  afterAll(async () => {
    await app?.close();
    rmSync(ui, { recursive: true, force: true });
  });

  it('serves index.html at / and at every path of the UI, revalidated on each load, with strict security headers', async () => {
    for (const path of ['/', '/models/mnist', '/models/mnist/versions/v1', '/compare?ids=1,2', '/audit']) {
      const response = await app.request(path);
      expect(response.status, path).toBe(200);
      expect(await response.text(), path).toBe(INDEX);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    }
    const first = await app.request('/');
    const again = await app.request('/', { headers: { 'if-none-match': first.headers.get('etag') ?? '' } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const head = await app.request('/models/mnist', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('serves hashed assets for good, gzipped when the browser takes gzip', async () => {
    const plain = await app.request('/assets/app-3f2a9c1d.js');
    expect(await plain.text()).toBe(SCRIPT);
    expect(plain.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const zipped = await app.request('/assets/app-3f2a9c1d.js', {
      headers: { 'accept-encoding': 'br, gzip' },
    });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    const bytes = new Uint8Array(await zipped.arrayBuffer());
    expect(bytes.length).toBeLessThan(SCRIPT.length / 4);
    expect(Number(zipped.headers.get('content-length'))).toBe(bytes.length);
    expect(gunzipSync(bytes).toString()).toBe(SCRIPT);
    const refused = await app.request('/assets/app-3f2a9c1d.js', {
      headers: { 'accept-encoding': 'gzip;q=0' },
    });
    expect(refused.headers.get('content-encoding')).toBeNull();
    const icon = await app.request('/favicon.svg');
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expect(icon.headers.get('cache-control')).toBe('no-cache');
  });

  it('answers 404 for a missing file rather than the page, and never a file outside the UI', async () => {
    for (const path of [
      '/assets/gone-1234.js',
      '/favicon.ico',
      '/..%2Fpackage.json',
      '/assets/..%2F..%2Findex.html',
    ]) {
      const response = await app.request(path);
      expect(response.status, path).toBe(404);
      expect(await response.text(), path).toBe('not found');
    }
    // The URL parser resolves `%2e%2e` segments before the app sees the path: /etc/passwd, a page.
    const resolved = await app.request('/%2e%2e/%2e%2e/etc/passwd');
    expect(await resolved.text()).toBe(INDEX);
  });

  it('leaves the API, the probes and every method but GET and HEAD to the API', async () => {
    const unknown = await app.request('/api/model_registry/v1alpha3/no_such_thing');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ errorCode: 'ROUTE_NOT_FOUND' });
    for (const path of ['/api', '/api/', '/readyz/nope', '/metrics']) {
      const response = await app.request(path);
      expect(response.status, path).toBe(404);
      expect(response.headers.get('content-type'), path).toContain('application/json');
    }
    expect(await (await app.request('/readyz/health')).text()).toBe('OK');
    const models = await app.request('/api/model_registry/v1alpha3/registered_models');
    expect(models.headers.get('content-type')).toContain('application/json');
    const posted = await app.request('/models/mnist', { method: 'POST' });
    expect(posted.status).toBe(404);
    expect(await posted.json()).toMatchObject({ errorCode: 'ROUTE_NOT_FOUND' });
  });

  it('serves the UI without a credential when authentication is on; the API still asks for one', async () => {
    const locked = await appWithUi(ui, 'token');
    try {
      expect((await locked.request('/models/mnist')).status).toBe(200);
      expect((await locked.request('/assets/app-3f2a9c1d.js')).status).toBe(200);
      expect((await locked.request('/api/model_registry/v1alpha3/registered_models')).status).toBe(401);
    } finally {
      await locked.close();
    }
  });

  it('says how to build the UI when it is not built', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'modelreg-no-ui-'));
    const bare = await appWithUi(join(empty, 'missing'), 'none');
    try {
      const response = await bare.request('/');
      expect(response.status).toBe(404);
      expect(await response.text()).toContain('npm run build');
      expect((await bare.request('/readyz/health')).status).toBe(200);
    } finally {
      await bare.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
