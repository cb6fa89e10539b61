import type { ErrorBody } from '../error-response.js';
import { MLFLOW_BASES } from './mlflow-registry-routes.js';

/** The artifact proxy's base (`mlflow-artifacts:/…` URIs resolve against it). */
export const MLFLOW_ARTIFACTS_BASE = '/api/2.0/mlflow-artifacts';

/** Whether a request is one of the MLflow API's: its errors then take MLflow's shape. */
export function isMlflowPath(path: string): boolean {
  return [...MLFLOW_BASES, MLFLOW_ARTIFACTS_BASE].some(
    (base) => path === base || path.startsWith(`${base}/`),
  );
}

/**
 * Our codes whose MLflow answer differs from what their status says: MLflow answers a missing
 * alias and a refused stage move with 400 INVALID_PARAMETER_VALUE.
 */
const BY_CODE: Readonly<Record<string, { status: number; code: string }>> = {
  ALIAS_NOT_FOUND: { status: 400, code: 'INVALID_PARAMETER_VALUE' },
  STAGE_TRANSITION_NOT_ALLOWED: { status: 400, code: 'INVALID_PARAMETER_VALUE' },
  STAGE_MISMATCH: { status: 400, code: 'INVALID_STATE' },
};

/**
 * An error as MLflow's client expects it: `{error_code, message}` with a Databricks error-code
 * name (the client branches on it, and fails on any other), and MLflow's statuses: a duplicate
 * is 400 RESOURCE_ALREADY_EXISTS, not 409. The client retries 408, 429 and 5xx for about a
 * minute, so a client error is never answered with one of those.
 */
export function mlflowError(
  status: number,
  body: ErrorBody,
): { status: number; body: { error_code: string; message: string; request_id: string } } {
  const wire = (s: number, code: string) => ({
    status: s,
    body: { error_code: code, message: body.message, request_id: body.requestId },
  });
  const special = BY_CODE[body.errorCode];
  if (special !== undefined) return wire(special.status, special.code);
  if (status === 409 && String(body.errorCode).endsWith('_ALREADY_EXISTS'))
    return wire(400, 'RESOURCE_ALREADY_EXISTS');
  switch (status) {
    case 400:
    case 413:
    case 414:
    case 422:
      return wire(400, 'INVALID_PARAMETER_VALUE');
    case 401:
      return wire(401, 'UNAUTHENTICATED');
    case 403:
      return wire(403, 'PERMISSION_DENIED');
    case 404:
      return wire(404, 'RESOURCE_DOES_NOT_EXIST');
    case 408:
      return wire(400, 'INVALID_STATE');
    case 409:
    case 412:
      return wire(400, 'INVALID_STATE');
    case 429:
      return wire(429, 'REQUEST_LIMIT_EXCEEDED');
    case 503:
      return wire(503, 'TEMPORARILY_UNAVAILABLE');
    default:
      return wire(status >= 500 ? 500 : 400, status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST');
  }
}
