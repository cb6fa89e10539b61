import { describe, expect, it } from 'vitest';
import { forEachConcurrently } from './concurrently.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('forEachConcurrently', () => {
  it('does every item, never more than `limit` at a time', async () => {
    let running = 0;
    let most = 0;
    const done: number[] = [];
    await forEachConcurrently([1, 2, 3, 4, 5, 6, 7], 3, undefined, async (n) => {
      running++;
      most = Math.max(most, running);
      await tick(5 * (n % 3));
      running--;
      done.push(n);
    });
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBe(3);
  });

  it('throws the first failure after aborting and awaiting the items in flight, and starts no more', async () => {
    const started: number[] = [];
    const run = forEachConcurrently([1, 2, 3, 4, 5], 2, undefined, async (n, signal) => {
      started.push(n);
      if (n === 1) {
        await tick(5);
        throw new Error('file 1 failed');
      }
      await new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    });
    await expect(run).rejects.toThrow('file 1 failed');
    expect(started).toEqual([1, 2]);
  });

  it('reports the caller’s abort, not the items’ reactions to it', async () => {
    const controller = new AbortController();
    const run = forEachConcurrently([1, 2, 3], 3, controller.signal, async (_n, signal) => {
      await new Promise((_, reject) =>
        signal.addEventListener('abort', () => reject(new Error('aborted in flight'))),
      );
    });
    controller.abort();
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('refuses a concurrency below 1', async () => {
    await expect(forEachConcurrently([1], 0, undefined, async () => undefined)).rejects.toThrow(
      /concurrency/,
    );
  });
});
