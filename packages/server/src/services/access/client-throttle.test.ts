import { describe, expect, it } from 'vitest';
import { ClientThrottle } from './client-throttle.js';

function throttle(options: { maxFailures?: number; maxClients?: number } = {}) {
  let now = 1_000_000;
  const limiter = new ClientThrottle({
    maxFailures: options.maxFailures ?? 5,
    windowMs: 60_000,
    clock: () => now,
    ...(options.maxClients === undefined ? {} : { maxClients: options.maxClients }),
  });
  return { limiter, advance: (ms: number) => (now += ms) };
}

const fail = (limiter: ClientThrottle, client: string, times: number, errorCode = 'INVALID_TOKEN') => {
  for (let i = 0; i < times; i++) limiter.recordFailure(client, { errorCode, requestId: `r${i}` });
};

describe('the client throttle', () => {
  it('holds a client back past its limit, for as long as the sliding window says', () => {
    const { limiter, advance } = throttle();
    fail(limiter, '203.0.113.9', 4);
    expect(limiter.retryAfter('203.0.113.9')).toBe(0);
    fail(limiter, '203.0.113.9', 1);
    const wait = limiter.retryAfter('203.0.113.9');
    expect(wait).toBeGreaterThan(60_000);
    expect(limiter.retryAfter('198.51.100.7')).toBe(0);
    // It may try again when it said, not before.
    advance(wait - 1);
    expect(limiter.retryAfter('203.0.113.9')).toBeGreaterThan(0);
    advance(1);
    expect(limiter.retryAfter('203.0.113.9')).toBe(0);
  });

  it('counts the last window by how much of it still overlaps', () => {
    const { limiter, advance } = throttle({ maxFailures: 10 });
    fail(limiter, 'c', 8);
    advance(60_000 + 30_000);
    // Half of the last window overlaps: 8 / 2 = 4 count, so 5 more are allowed, the 6th is not.
    fail(limiter, 'c', 5);
    expect(limiter.retryAfter('c')).toBe(0);
    fail(limiter, 'c', 1);
    expect(limiter.retryAfter('c')).toBeGreaterThan(0);
  });

  it('turns the failures of one client and window into one summary with a count', () => {
    const { limiter, advance } = throttle();
    fail(limiter, 'a', 3, 'AUTHENTICATION_REQUIRED');
    fail(limiter, 'a', 2, 'INVALID_TOKEN');
    limiter.recordThrottled('a');
    fail(limiter, 'b', 1);
    expect(limiter.takeClosedWindows()).toEqual([]);
    advance(60_000);
    const summaries = limiter.takeClosedWindows();
    expect(summaries).toHaveLength(2);
    expect(summaries.find((s) => s.client === 'a')).toMatchObject({
      failures: 5,
      throttled: 1,
      errorCodes: { AUTHENTICATION_REQUIRED: 3, INVALID_TOKEN: 2 },
      firstRequestId: 'r0',
    });
    // Each window is handed out once; the next failure opens another.
    expect(limiter.takeClosedWindows(true)).toEqual([]);
    fail(limiter, 'a', 1);
    expect(limiter.takeClosedWindows(true)).toMatchObject([{ client: 'a', failures: 1 }]);
  });

  it('stays bounded under 100,000 distinct failing addresses, and keeps their count', () => {
    const { limiter } = throttle({ maxFailures: 10 });
    let largest = 0;
    for (let i = 0; i < 100_000; i++) {
      limiter.recordFailure(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, {
        errorCode: 'INVALID_TOKEN',
      });
      largest = Math.max(largest, limiter.size);
    }
    expect(largest).toBe(10_000);
    // The forgotten clients' failures are not lost to the audit trail: merged into one summary.
    const summaries = limiter.takeClosedWindows(true);
    expect(summaries.reduce((sum, s) => sum + s.failures, 0)).toBe(100_000);
    expect(summaries.filter((s) => s.client === '(others)')).toHaveLength(1);
    expect(summaries).toHaveLength(10_001);
  });
});
