/**
 * Counts failed authentications per source address in a sliding window, to slow down token
 * guessing. It lives in each replica's memory: N replicas allow N times the rate, which still
 * keeps guessing a 256-bit secret hopeless; correctness never depends on it.
 */
export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures: number,
    private readonly windowMs: number,
    private readonly clock: () => number,
  ) {}

  /** Milliseconds until the address may try again, or 0 if it may now. */
  retryAfter(address: string): number {
    const recent = this.recent(address);
    if (recent.length < this.maxFailures) return 0;
    return Math.max(1, (recent[0] ?? 0) + this.windowMs - this.clock());
  }

  recordFailure(address: string): void {
    const recent = this.recent(address);
    recent.push(this.clock());
    this.failures.set(address, recent);
    if (this.failures.size > 100_000) this.prune();
  }

  private recent(address: string): number[] {
    const since = this.clock() - this.windowMs;
    return (this.failures.get(address) ?? []).filter((t) => t > since);
  }

  private prune(): void {
    for (const address of [...this.failures.keys()]) {
      if (this.recent(address).length === 0) this.failures.delete(address);
    }
  }
}
