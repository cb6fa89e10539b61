import type { Hono } from 'hono';
import type {
  MlflowArtifactService,
  MlflowRegistryService,
  MlflowTrackingService,
} from '../../services/mlflow/index.js';
import type { Routes } from '../operations.js';
import { MLFLOW_ARTIFACTS_BASE } from './mlflow-errors.js';
import { registerMlflowArtifactRoutes } from './mlflow-artifact-routes.js';
import { registerMlflowTrackingRoutes } from './mlflow-tracking-routes.js';
import {
  MLFLOW_BASES,
  registerMlflowModelRoutes,
  registerMlflowVersionRoutes,
} from './mlflow-registry-routes.js';

export interface MlflowDeps {
  readonly mlflow: MlflowRegistryService;
  readonly mlflowTracking: MlflowTrackingService;
  readonly mlflowArtifacts: MlflowArtifactService;
}

/**
 * The MLflow-compatible API (docs/adr/0020-mlflow-api.md): a second thin surface over the same
 * services, under `/api/2.0/mlflow/` and `/ajax-api/2.0/mlflow/`. An endpoint it does not serve
 * answers 404 ENDPOINT_NOT_FOUND, on which MLflow's client falls back.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the app's env type is the wiring's concern
export function registerMlflowRoutes(app: Hono<any>, routes: Routes, deps: MlflowDeps): void {
  registerMlflowModelRoutes(routes, deps.mlflow);
  registerMlflowVersionRoutes(routes, deps.mlflow);
  registerMlflowTrackingRoutes(routes, deps.mlflowTracking);
  registerMlflowArtifactRoutes(routes, deps.mlflowArtifacts);
  for (const base of [...MLFLOW_BASES, MLFLOW_ARTIFACTS_BASE]) {
    app.all(`${base}/*`, (c) =>
      c.json(
        {
          error_code: 'ENDPOINT_NOT_FOUND',
          message: `no MLflow endpoint ${c.req.method} ${c.req.path}`,
        },
        404,
      ),
    );
  }
}

/** The path prefixes the MLflow API answers under (authenticated as the Kubeflow API is). */
export const MLFLOW_PREFIXES: readonly string[] = [...MLFLOW_BASES, MLFLOW_ARTIFACTS_BASE];
