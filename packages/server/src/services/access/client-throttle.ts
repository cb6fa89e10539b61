/**
 * Refused authentications per client, in each replica's memory: past `maxFailures` in a sliding
 * window, a client without a valid credential is answered 429 until the window moves on. Every
 * 401 counts: a missing credential as much as a wrong one. The failures of one client in one
 * window become one audit event with a count (`takeClosedWindows`), not one event each.
 *
 * Memory is bounded: a client is three numbers (a sliding-window counter: this window's count
 * and the last one's, weighted by how much of it still overlaps), and at most `maxClients` are
 * remembered, the least recently seen forgotten first (a pending count is kept, merged into one
 * summary, until it is written). N replicas allow N times the rate; correctness never depends
 * on it.
 */
export interface FailureSummary {
  /** The client's address (an IPv6 client by its /64), or `(others)` for merged summaries. */
  readonly client: string;
  readonly failures: number;
  /** Attempts refused with 429 while the client was held back. */
  readonly throttled: number;
  readonly firstTimeSinceEpoch: number;
  readonly lastTimeSinceEpoch: number;
  /** How many failures had each error code. */
  readonly errorCodes: Readonly<Record<string, number>>;
  /** The request id of the first failure of the window. */
  readonly firstRequestId?: string | undefined;
}

export interface FailureDetail {
  readonly errorCode: string;
  readonly requestId?: string | undefined;
}

interface ClientRecord {
  /** Start of the current fixed window, and the failures counted in it and in the one before. */
  start: number;
  current: number;
  previous: number;
  pending?: MutableSummary | undefined;
}

type MutableSummary = {
  -readonly [K in keyof FailureSummary]: K extends 'errorCodes' ? Record<string, number> : FailureSummary[K];
};

export interface ClientThrottleOptions {
  readonly maxFailures: number;
  readonly windowMs: number;
  readonly clock: () => number;
  /** Clients remembered at most (10,000 by default). */
  readonly maxClients?: number;
}

const OTHERS = '(others)';

export class ClientThrottle {
  private readonly clients = new Map<string, ClientRecord>();
  /** Summaries of forgotten clients, merged, waiting to be written. */
  private evicted: MutableSummary | undefined;
  private readonly maxClients: number;

  constructor(private readonly options: ClientThrottleOptions) {
    this.maxClients = options.maxClients ?? 10_000;
  }

  /** How many clients are remembered now. */
  get size(): number {
    return this.clients.size;
  }

  /** Milliseconds until the client may try again without a valid credential, or 0 if it may now. */
  retryAfter(client: string): number {
    const record = this.clients.get(client);
    if (record === undefined) return 0;
    const now = this.options.clock();
    this.advance(record, now);
    const { maxFailures: max, windowMs: window } = this.options;
    const elapsed = now - record.start;
    if (record.previous * (1 - elapsed / window) + record.current < max) return 0;
    // When the estimate falls below the limit: in this window as the last one's weight decays,
    // or, when this window alone reaches it, as this one's decays through the next.
    const wait =
      record.current >= max
        ? window - elapsed + window * (1 - max / record.current)
        : window * (1 - (max - record.current) / record.previous) - elapsed;
    // The estimate must fall strictly below the limit: one millisecond past the boundary.
    return Math.max(1, Math.floor(wait) + 1);
  }

  /** A request of the client was refused with 401. */
  recordFailure(client: string, detail: FailureDetail): void {
    const now = this.options.clock();
    const record = this.touch(client, now);
    this.advance(record, now);
    record.current += 1;
    const summary = this.pending(record, client, now, detail.requestId);
    summary.failures += 1;
    summary.lastTimeSinceEpoch = now;
    summary.errorCodes[detail.errorCode] = (summary.errorCodes[detail.errorCode] ?? 0) + 1;
  }

  /** A request of the client was refused with 429 (it does not extend the wait). */
  recordThrottled(client: string): void {
    const now = this.options.clock();
    const summary = this.pending(this.touch(client, now), client, now, undefined);
    summary.throttled += 1;
    summary.lastTimeSinceEpoch = now;
  }

  /**
   * The summaries whose window (from their first failure) has closed, or every one with `all`
   * (at shutdown); each is handed out once.
   */
  takeClosedWindows(all = false): FailureSummary[] {
    const now = this.options.clock();
    const closed: FailureSummary[] = [];
    for (const [client, record] of this.clients) {
      const pending = record.pending;
      if (pending !== undefined && (all || pending.firstTimeSinceEpoch + this.options.windowMs <= now)) {
        closed.push(pending);
        record.pending = undefined;
      }
      this.advance(record, now);
      if (record.pending === undefined && record.current === 0 && record.previous === 0) {
        this.clients.delete(client);
      }
    }
    if (this.evicted !== undefined) {
      closed.push(this.evicted);
      this.evicted = undefined;
    }
    return closed;
  }

  /** The client's record, now the most recently seen; the least recently seen is forgotten past the bound. */
  private touch(client: string, now: number): ClientRecord {
    let record = this.clients.get(client);
    if (record === undefined) {
      record = { start: now, current: 0, previous: 0 };
    } else {
      this.clients.delete(client);
    }
    this.clients.set(client, record);
    while (this.clients.size > this.maxClients) {
      const [oldest] = this.clients;
      if (oldest === undefined) break;
      this.clients.delete(oldest[0]);
      if (oldest[1].pending !== undefined) this.mergeEvicted(oldest[1].pending);
    }
    return record;
  }

  /** Moves the record's window forward to the one `now` falls in. */
  private advance(record: ClientRecord, now: number): void {
    const window = this.options.windowMs;
    if (now < record.start + window) return;
    const windows = Math.floor((now - record.start) / window);
    record.previous = windows === 1 ? record.current : 0;
    record.current = 0;
    record.start += windows * window;
  }

  private pending(record: ClientRecord, client: string, now: number, requestId: string | undefined) {
    record.pending ??= {
      client,
      failures: 0,
      throttled: 0,
      firstTimeSinceEpoch: now,
      lastTimeSinceEpoch: now,
      errorCodes: {},
      firstRequestId: requestId,
    };
    return record.pending;
  }

  private mergeEvicted(summary: MutableSummary): void {
    const merged = (this.evicted ??= {
      client: OTHERS,
      failures: 0,
      throttled: 0,
      firstTimeSinceEpoch: summary.firstTimeSinceEpoch,
      lastTimeSinceEpoch: summary.lastTimeSinceEpoch,
      errorCodes: {},
      firstRequestId: summary.firstRequestId,
    });
    merged.failures += summary.failures;
    merged.throttled += summary.throttled;
    merged.firstTimeSinceEpoch = Math.min(merged.firstTimeSinceEpoch, summary.firstTimeSinceEpoch);
    merged.lastTimeSinceEpoch = Math.max(merged.lastTimeSinceEpoch, summary.lastTimeSinceEpoch);
    for (const [code, count] of Object.entries(summary.errorCodes)) {
      merged.errorCodes[code] = (merged.errorCodes[code] ?? 0) + count;
    }
  }
}
