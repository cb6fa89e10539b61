/**
 * What the registry counts and times for its operators (`GET /metrics`, Prometheus). The HTTP
 * layer reports requests and transferred bytes, the store its queries, the content service its
 * commits and garbage collections. A registry without metrics gets `NO_METRICS`.
 */
export interface Metrics {
  /** One answered request: its operation (the permission table's operationId, or `other`). */
  requestDone(operation: string, method: string, status: number, seconds: number): void;
  /** One SQL statement and how long it took. */
  queryDone(sql: string, seconds: number): void;
  /** File bytes received (`upload`) or sent (`download`). */
  transferred(direction: 'upload' | 'download', bytes: number): void;
  /** An upload committed as a version's content. */
  uploadCommitted(files: number, bytes: number): void;
  /** A garbage collection that was not a dry run. */
  garbageCollected(removedUnits: number, removedBytes: number, expiredUploads: number): void;
}

export const NO_METRICS: Metrics = {
  requestDone: () => undefined,
  queryDone: () => undefined,
  transferred: () => undefined,
  uploadCommitted: () => undefined,
  garbageCollected: () => undefined,
};
