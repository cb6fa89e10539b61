import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Metrics } from '../../ports/metrics.js';
import { LabelledHistogram } from './labelled-histogram.js';

/** Connections of the store's pool, when its driver tells (PostgreSQL). */
export type PoolUsage = () => { total: number; idle: number; waiting: number } | undefined;

/** Labels of the statements seen, by SQL text (the store runs a few hundred distinct ones). */
const LABELS = new Map<string, string>();
const MAX_LABELS = 1000;

/** The metric a statement is timed under: its verb and main table (`insert audit_event`). */
export function statementLabel(sql: string): string {
  let label = LABELS.get(sql);
  if (label === undefined) {
    label = labelOf(sql);
    // Texts vary with IN-list lengths: past the bound, new texts are labelled without being kept.
    if (LABELS.size < MAX_LABELS) LABELS.set(sql, label);
  }
  return label;
}

function labelOf(sql: string): string {
  // Past a leading comment (a statement answered later carries one: dialects/sql-dialect.ts).
  const text = sql
    .trimStart()
    .replace(/^\/\*[\s\S]*?\*\/\s*/, '')
    .toLowerCase();
  const verb = /^(select|insert|update|delete|with|begin|commit|rollback|savepoint|release)\b/.exec(
    text,
  )?.[1];
  if (verb === undefined) return 'other';
  if (verb === 'with') {
    // A statement after its WITH list (PostgreSQL's audit append: `with head as (update …) insert into audit_event`).
    const main = /\)\s*((?:select|insert|update|delete)\b[\s\S]*)$/.exec(text)?.[1];
    return main === undefined ? verb : labelOf(main);
  }
  const table =
    verb === 'insert'
      ? /^insert\s+(?:ignore\s+)?into\s+[`"]?(\w+)/.exec(text)?.[1]
      : verb === 'update'
        ? /^update\s+[`"]?(\w+)/.exec(text)?.[1]
        : verb === 'delete'
          ? /^delete\s+from\s+[`"]?(\w+)/.exec(text)?.[1]
          : verb === 'select'
            ? /\bfrom\s+[`"]?(\w+)/.exec(text)?.[1]
            : undefined;
  return table === undefined ? verb : `${verb} ${table}`;
}

/** Request and query latencies: from 1 ms to 30 s. */
const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The registry's metrics on a prom-client registry of their own (never the global default, so
 * several registries in one process, as in tests, keep apart), with Node's process metrics.
 */
export class PrometheusMetrics implements Metrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'operation' | 'method' | 'status'>;
  private readonly requestSeconds: Histogram<'operation' | 'method' | 'status'>;
  private readonly querySeconds: LabelledHistogram;
  private readonly bytes: Counter<'direction'>;
  private readonly commits: Counter;
  private readonly committedBytes: Counter;
  private readonly gcRuns: Counter;
  private readonly gcRemovedBytes: Counter;
  private readonly gcExpiredUploads: Counter;

  constructor(poolUsage: PoolUsage = () => undefined) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'modelreg_' });
    this.requests = new Counter({
      name: 'modelreg_http_requests_total',
      help: 'Requests answered, by operation (operationId), method and status.',
      labelNames: ['operation', 'method', 'status'],
      registers,
    });
    this.requestSeconds = new Histogram({
      name: 'modelreg_http_request_duration_seconds',
      help: 'Time from a request to its answer, by operation, method and status.',
      labelNames: ['operation', 'method', 'status'],
      buckets: SECONDS,
      registers,
    });
    this.querySeconds = new LabelledHistogram(
      'modelreg_db_query_duration_seconds',
      'SQL statement time, by verb and main table (insert audit_event is the audit append).',
      'statement',
      SECONDS,
      this.registry,
    );
    new Gauge({
      name: 'modelreg_db_pool_connections',
      help: 'Connections of the database pool, by state (PostgreSQL; SQLite has one).',
      labelNames: ['state'],
      registers,
      collect() {
        const usage = poolUsage();
        if (usage === undefined) return;
        this.set({ state: 'total' }, usage.total);
        this.set({ state: 'idle' }, usage.idle);
        this.set({ state: 'waiting' }, usage.waiting);
      },
    });
    this.bytes = new Counter({
      name: 'modelreg_transfer_bytes_total',
      help: 'File bytes received (upload) and sent (download).',
      labelNames: ['direction'],
      registers,
    });
    this.commits = counter(registers, 'modelreg_uploads_committed_total', 'Uploads committed.');
    this.committedBytes = counter(registers, 'modelreg_uploads_committed_bytes_total', 'Bytes committed.');
    this.gcRuns = counter(registers, 'modelreg_gc_runs_total', 'Garbage collections (not dry runs).');
    this.gcRemovedBytes = counter(registers, 'modelreg_gc_removed_bytes_total', 'Bytes removed by GC.');
    this.gcExpiredUploads = counter(registers, 'modelreg_gc_expired_uploads_total', 'Uploads expired.');
  }

  requestDone(operation: string, method: string, status: number, seconds: number): void {
    const labels = { operation, method, status: String(status) };
    this.requests.inc(labels);
    this.requestSeconds.observe(labels, seconds);
  }

  queryDone(sql: string, seconds: number): void {
    this.querySeconds.observe(statementLabel(sql), seconds);
  }

  transferred(direction: 'upload' | 'download', bytes: number): void {
    if (bytes > 0) this.bytes.inc({ direction }, bytes);
  }

  uploadCommitted(_files: number, bytes: number): void {
    this.commits.inc();
    this.committedBytes.inc(bytes);
  }

  garbageCollected(_removedUnits: number, removedBytes: number, expiredUploads: number): void {
    this.gcRuns.inc();
    this.gcRemovedBytes.inc(removedBytes);
    this.gcExpiredUploads.inc(expiredUploads);
  }

  /** The exposition text, and its content type. */
  async exposition(): Promise<{ text: string; contentType: string }> {
    return { text: await this.registry.metrics(), contentType: this.registry.contentType };
  }
}

function counter(registers: Registry[], name: string, help: string): Counter {
  return new Counter({ name, help, registers });
}
