/** Bounded load loops: every phase stops at a count or a time, whichever comes first. */

export interface LoadBounds {
  /** Parallel workers, each with at most one request in flight. */
  readonly concurrency: number;
  /** Stop after this many operations... */
  readonly maxOperations: number;
  /** ...or after this long, whichever comes first. */
  readonly maxMs: number;
}

export interface LoadResult {
  /** One latency per completed operation, milliseconds. */
  readonly latenciesMs: number[];
  readonly elapsedMs: number;
  readonly perSecond: number;
}

/**
 * Runs `operation(i)` for i = 0, 1, … from `concurrency` workers until either bound is reached.
 * The first failure stops every worker and rejects: a bench that measures errors measures nothing.
 */
export async function runLoad(
  bounds: LoadBounds,
  operation: (index: number) => Promise<void>,
): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  const started = performance.now();
  const deadline = started + bounds.maxMs;
  let issued = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && issued < bounds.maxOperations && performance.now() < deadline) {
      const index = issued++;
      const t0 = performance.now();
      try {
        await operation(index);
      } catch (error) {
        failed = true;
        throw error;
      }
      latenciesMs.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: bounds.concurrency }, worker));
  const elapsedMs = performance.now() - started;
  return { latenciesMs, elapsedMs, perSecond: (latenciesMs.length / elapsedMs) * 1000 };
}

/**
 * The driver baseline's loop: better-sqlite3 is synchronous, so one caller is all there is;
 * each latency is one call.
 */
export function runSync(
  bounds: Omit<LoadBounds, 'concurrency'>,
  operation: (index: number) => void,
): LoadResult {
  const latenciesMs: number[] = [];
  const started = performance.now();
  const deadline = started + bounds.maxMs;
  for (let index = 0; index < bounds.maxOperations && performance.now() < deadline; index++) {
    const t0 = performance.now();
    operation(index);
    latenciesMs.push(performance.now() - t0);
  }
  const elapsedMs = performance.now() - started;
  return { latenciesMs, elapsedMs, perSecond: (latenciesMs.length / elapsedMs) * 1000 };
}
