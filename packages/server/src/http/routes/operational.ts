import type { MetadataStore } from '../../ports/metadata-store.js';
import type { AccessService } from '../../services/access/index.js';
import { callerOf, type Routes } from '../operations.js';
import { API_BASE } from './api-base.js';

export interface OperationalDeps {
  readonly store: Pick<MetadataStore, 'ping' | 'isDirty'>;
  readonly access: Pick<AccessService, 'authorizeBeforeBody'>;
  /** The served OpenAPI document as YAML, built on first use (see AppDeps.openapiYaml). */
  readonly openapiYaml: () => string;
  /** The metrics in Prometheus' text format, served to admins (none: not served). */
  readonly metricsExposition?: () => Promise<{ text: string; contentType: string }>;
}

/** Readiness, the OpenAPI document and the metrics: what operators and tools ask the service. */
export function registerOperationalRoutes(routes: Routes, deps: OperationalDeps): void {
  // Readiness, as Kubeflow's proxy answers it: plain OK, or 503 with what failed.
  routes.route('GET', '/readyz/health', 'readyzHealth', async (c) => {
    try {
      await deps.store.ping();
    } catch {
      return c.text('database is not reachable', 503);
    }
    return c.text('OK', 200);
  });
  routes.route('GET', '/readyz/isDirty', 'readyzIsDirty', async (c) => {
    try {
      if (await deps.store.isDirty()) return c.text('database schema is in dirty state', 503);
    } catch {
      return c.text('database is not reachable', 503);
    }
    return c.text('OK', 200);
  });

  routes.route('GET', `${API_BASE}/openapi.yaml`, 'getOpenApiDocument', (c) =>
    c.body(deps.openapiYaml(), 200, { 'content-type': 'application/yaml' }),
  );

  const exposition = deps.metricsExposition;
  if (exposition !== undefined) {
    routes.route('GET', `${API_BASE}/metrics`, 'getMetrics', async (c) => {
      await deps.access.authorizeBeforeBody(callerOf(c));
      const { text, contentType } = await exposition();
      return c.body(text, 200, { 'content-type': contentType, 'cache-control': 'no-store' });
    });
  }
}
