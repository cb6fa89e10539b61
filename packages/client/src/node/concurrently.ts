/// <reference types="node" />

/** Files transferred at once by default: enough to overlap one file's round trips and fsyncs with another's bytes. */
export const DEFAULT_CONCURRENCY = 4;

/**
 * Runs `work` on each item, at most `limit` at a time, in the items' order. The first failure
 * aborts the signal the others were given, waits for them to stop, and is thrown; the caller's
 * own signal aborts all of them the same way.
 */
export async function forEachConcurrently<T>(
  items: readonly T[],
  limit: number,
  signal: AbortSignal | undefined,
  work: (item: T, signal: AbortSignal) => Promise<void>,
): Promise<void> {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`concurrency must be a whole number ≥ 1, got ${limit}`);
  const stop = new AbortController();
  const shared = signal === undefined ? stop.signal : AbortSignal.any([signal, stop.signal]);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const item = items[next++] as T;
      try {
        shared.throwIfAborted();
        await work(item, shared);
      } catch (error) {
        // The caller's abort is the failure to report, not the siblings' reactions to it.
        failure ??= { error: signal?.aborted === true ? signal.reason : error };
        stop.abort(failure.error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure !== undefined) throw failure.error;
}
