import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import parsePrometheusTextFormat, { type MetricFamily } from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig, startServer, type RunningServer } from '@modelreg/server';
import { startHarness, type RegistryHarness } from '../support/registry-harness.js';
import { announceSkips, DATABASE_TARGETS } from '../support/test-databases.js';
import { newVersion, patterned, uploadAll, encodePath } from '../support/model-files.js';

// GET …/metrics: Prometheus' text format, parsed by a parser of that format (not by our own code),
// for admins only when authentication is on; a port of its own with --metrics-port.

/** The samples of a family whose labels include `labels`. */
function samples(families: readonly MetricFamily[], name: string, labels: Record<string, string> = {}) {
  const family = families.find((f) => f.name === name);
  return (family?.metrics ?? []).filter((m) =>
    Object.entries(labels).every(([key, value]) => m.labels?.[key] === value),
  );
}
/** A histogram's `_count` for exactly these labels, from the exposition text (0 when absent). */
function histogramCount(text: string, name: string, labels: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}_count{${labels}}`));
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
}
const valueOf = (families: readonly MetricFamily[], name: string, labels: Record<string, string> = {}) =>
  samples(families, name, labels).reduce((sum, m) => sum + Number(m.value ?? m.count ?? 0), 0);

announceSkips();
for (const target of DATABASE_TARGETS) {
  describe.skipIf(target.skipReason !== undefined)(`Prometheus metrics [${target.name}]`, () => {
    let h: RegistryHarness;
    let admin: string;
    let viewer: string;
    beforeAll(async () => {
      h = await startHarness(target.name, { config: { auth: 'token' } });
      admin = await h.createToken({ name: 'admin', role: 'admin' });
      viewer = await h.createToken({ name: 'viewer', role: 'viewer' });
    });
    afterAll(async () => {
      await h?.close();
    });
    const as = (token: string) => ({ authorization: `Bearer ${token}` });
    const scrapeText = async () => {
      const answer = await h.bytes('GET', 'metrics', undefined, as(admin));
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      return new TextDecoder().decode(answer.bytes);
    };
    const scrape = async () => parsePrometheusTextFormat(await scrapeText());

    it('answers admins only: 401 without a credential, 403 for a viewer', async () => {
      expect((await h.request('GET', 'metrics')).status).toBe(401);
      expect((await h.request('GET', 'metrics', undefined, as(viewer))).status).toBe(403);
      const families = await scrape();
      expect(families.find((f) => f.name === 'modelreg_http_requests_total')?.type).toBe('COUNTER');
      expect(families.find((f) => f.name === 'modelreg_process_cpu_seconds_total')).toBeDefined();
    });

    it('counts requests by operation and status, statements by table, and the file bytes moved', async () => {
      const beforeText = await scrapeText();
      const before = parsePrometheusTextFormat(beforeText);
      const { version } = await newVersion(withAdmin(h, admin));
      const data = patterned(300_000, 5);
      await uploadAll(withAdmin(h, admin), version.id, { 'weights.bin': data });
      const download = await h.bytes(
        'GET',
        `model_versions/${version.id}/files/${encodePath('weights.bin')}`,
        undefined,
        as(admin),
      );
      expect(download.bytes.length).toBe(data.length);
      expect((await h.request('GET', 'registered_models/999999', undefined, as(admin))).status).toBe(404);
      const afterText = await scrapeText();
      const after = parsePrometheusTextFormat(afterText);
      const delta = (name: string, labels: Record<string, string> = {}) =>
        valueOf(after, name, labels) - valueOf(before, name, labels);
      // The parser keeps no labels of histogram samples: their counts are read from the lines.
      const histogramDelta = (name: string, labels: string) =>
        histogramCount(afterText, name, labels) - histogramCount(beforeText, name, labels);

      const created = { operation: 'createRegisteredModel', method: 'POST', status: '201' };
      expect(delta('modelreg_http_requests_total', created)).toBe(1);
      expect(
        histogramDelta(
          'modelreg_http_request_duration_seconds',
          'operation="createRegisteredModel",method="POST",status="201"',
        ),
      ).toBe(1);
      const missing = { operation: 'getRegisteredModel', status: '404' };
      expect(delta('modelreg_http_requests_total', missing)).toBe(1);
      expect(delta('modelreg_transfer_bytes_total', { direction: 'upload' })).toBe(data.length);
      expect(delta('modelreg_transfer_bytes_total', { direction: 'download' })).toBe(data.length);
      expect(delta('modelreg_uploads_committed_total')).toBe(1);
      expect(delta('modelreg_uploads_committed_bytes_total')).toBe(data.length);
      // Every change appends to the audit trail: its statements are timed under their table.
      expect(
        histogramDelta('modelreg_db_query_duration_seconds', 'statement="insert audit_event"'),
      ).toBeGreaterThan(0);
      if (target.name === 'postgres') {
        expect(samples(after, 'modelreg_db_pool_connections', { state: 'total' })).toHaveLength(1);
      }
    });
  });
}

/** The harness with every request sent as the admin. */
function withAdmin(h: RegistryHarness, token: string): RegistryHarness {
  const auth = { authorization: `Bearer ${token}` };
  return {
    ...h,
    request: (method, path, body, headers = {}) => h.request(method, path, body, { ...auth, ...headers }),
    get: (path) => h.request('GET', path, undefined, auth),
    post: (path, body) => h.request('POST', path, body, auth),
    patch: (path, body) => h.request('PATCH', path, body, auth),
    del: (path) => h.request('DELETE', path, undefined, auth),
    bytes: (method, path, body, headers = {}) => h.bytes(method, path, body, { ...auth, ...headers }),
  };
}

describe('metrics of a server on a socket', () => {
  it('counts the bytes of downloads written straight to the socket: a file and content.tar', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'modelreg-metrics-socket-'));
    const server = await startServer(loadServerConfig({ dataDir, port: 0, logLevel: 'silent' }, {}));
    try {
      const api = `${server.url}/api/model_registry/v1alpha3`;
      const post = async (path: string, body: unknown) =>
        (await (
          await fetch(`${api}/${path}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
          })
        ).json()) as { id: string };
      const model = await post('registered_models', { name: 'socket-metrics' });
      const version = await post('model_versions', { name: 'v1', registeredModelId: model.id });
      const data = patterned(2_000_000, 3);
      const upload = await post(`model_versions/${version.id}/uploads`, {
        files: [{ path: 'w.bin', size: data.length }],
      });
      expect(
        (await fetch(`${api}/uploads/${upload.id}/files/w.bin`, { method: 'PUT', body: data })).status,
      ).toBe(200);
      await post(`uploads/${upload.id}/commit`, {});
      const downloads = async () => {
        const text = await (await fetch(`${api}/metrics`)).text();
        return valueOf(parsePrometheusTextFormat(text), 'modelreg_transfer_bytes_total', {
          direction: 'download',
        });
      };
      const before = await downloads();
      const file = await fetch(`${api}/model_versions/${version.id}/files/w.bin`);
      expect((await file.arrayBuffer()).byteLength).toBe(data.length);
      const tar = await fetch(`${api}/model_versions/${version.id}/content.tar`);
      const tarBytes = (await tar.arrayBuffer()).byteLength;
      expect(tarBytes).toBeGreaterThan(data.length);
      expect((await downloads()) - before).toBe(data.length + tarBytes);
    } finally {
      await server.close();
    }
  });
});

describe('metrics switched off, and on a port of their own', () => {
  it('serves no metrics route with metrics off', async () => {
    const h = await startHarness('sqlite', { config: { metrics: false } });
    try {
      const answer = await h.request('GET', 'metrics');
      expect(answer.status).toBe(404);
      expect(answer.body['errorCode']).toBe('ROUTE_NOT_FOUND');
    } finally {
      await h.close();
    }
  });

  let server: RunningServer;
  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'modelreg-metrics-'));
    server = await startServer(
      loadServerConfig({ dataDir, port: 0, metricsPort: 0, auth: 'token', logLevel: 'silent' }, {}),
    );
  });
  afterAll(async () => {
    await server?.close();
  });

  it('--metrics-port answers GET /metrics without a credential, and nothing else', async () => {
    expect(server.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const url = String(server.metricsUrl);
    expect((await fetch(`${server.url}/api/model_registry/v1alpha3/metrics`)).status).toBe(401);
    const scraped = await fetch(url);
    expect(scraped.status).toBe(200);
    const families = parsePrometheusTextFormat(await scraped.text());
    expect(families.map((f) => f.name)).toContain('modelreg_http_requests_total');
    expect(valueOf(families, 'modelreg_http_requests_total', { status: '401' })).toBe(1);
    expect(
      (await fetch(url.replace(/\/metrics$/, '/api/model_registry/v1alpha3/registered_models'))).status,
    ).toBe(404);
  });
});
