import { describe, expect, it } from 'vitest';
import { GroupSync } from './group-sync.js';

/** A sync the test completes by hand, and a record of what was committed when each one started. */
function controlledSync() {
  const pending: { resolve: () => void; reject: (error: Error) => void }[] = [];
  let commits = 0;
  let noted = 0;
  const coveredAtStart: number[] = [];
  /** What the commit count was at each sync run on the calling thread; a failure to throw there. */
  const coveredHere: number[] = [];
  let failHere: Error | undefined;
  const sync = new GroupSync(
    () =>
      new Promise<void>((resolve, reject) => {
        coveredAtStart.push(commits);
        pending.push({ resolve, reject });
      }),
    () => {
      const changed = commits !== noted;
      noted = commits;
      return changed;
    },
    () => {
      if (failHere !== undefined) throw failHere;
      coveredHere.push(commits);
    },
  );
  return {
    sync,
    commit: () => (commits += 1),
    coveredAtStart,
    coveredHere,
    failHere: (error: Error) => (failHere = error),
    finishSync: () => pending.shift()?.resolve(),
    failSync: (error: Error) => pending.shift()?.reject(error),
  };
}

/** Whether a promise has settled, after every pending callback ran. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('GroupSync (SQLite group commit)', () => {
  it('answers no writer before a sync that started after its commit completes', async () => {
    const s = controlledSync();
    s.commit();
    const first = s.sync.durable();
    expect(await settled(first)).toBe(false);
    // A commit while the first sync runs is not covered by it: it waits for the next one.
    s.commit();
    const second = s.sync.durable();
    s.finishSync();
    await first;
    expect(await settled(second)).toBe(false);
    s.finishSync();
    await second;
    expect(s.coveredAtStart).toEqual([1, 2]);
  });

  it('lets concurrent writers share one sync', async () => {
    const s = controlledSync();
    s.commit();
    const first = s.sync.durable();
    const group: Promise<void>[] = [];
    for (let i = 0; i < 10; i++) {
      s.commit();
      group.push(s.sync.durable());
    }
    s.finishSync();
    await first;
    s.finishSync();
    await Promise.all(group);
    // Eleven writers, two syncs: the first writer's, then one for the ten that came during it.
    expect(s.sync.syncCount).toBe(2);
  });

  it('does not sync for a transaction that changed nothing when everything is durable', async () => {
    const s = controlledSync();
    s.commit();
    const write = s.sync.durable();
    s.finishSync();
    await write;
    await s.sync.durable();
    expect(s.sync.syncCount).toBe(1);
  });

  it('makes a reader wait for the sync of a write it may have seen', async () => {
    const s = controlledSync();
    s.commit();
    const writer = s.sync.durable();
    const reader = s.sync.durable();
    expect(await settled(reader)).toBe(false);
    s.finishSync();
    await Promise.all([writer, reader]);
    expect(s.sync.syncCount).toBe(1);
  });

  it('fails every waiting writer, and every later transaction, when a sync fails', async () => {
    const s = controlledSync();
    s.commit();
    const waiting = [s.sync.durable(), s.sync.durable()];
    s.failSync(new Error('EIO'));
    for (const w of waiting) await expect(w).rejects.toThrow('EIO');
    await expect(s.sync.durable()).rejects.toThrow('EIO');
  });

  it('syncs on the calling thread for a writer that is alone, and nobody waits for the pool', async () => {
    const s = controlledSync();
    s.commit();
    await s.sync.durable(true);
    expect(s.coveredHere).toEqual([1]);
    expect(s.coveredAtStart).toEqual([]);
    // Nothing new: no sync at all.
    await s.sync.durable(true);
    expect(s.sync.syncCount).toBe(1);
  });

  it('shares the running sync rather than syncing alone beside it, and uses the pool when not alone', async () => {
    const s = controlledSync();
    s.commit();
    const first = s.sync.durable(false);
    s.commit();
    // Alone now, but a sync is running: it waits for the next one, as any writer.
    const second = s.sync.durable(true);
    expect(await settled(second)).toBe(false);
    s.finishSync();
    await first;
    s.finishSync();
    await second;
    expect(s.coveredHere).toEqual([]);
    expect(s.coveredAtStart).toEqual([1, 2]);
  });

  it('fails a lone writer, and every later transaction, when its sync fails', async () => {
    const s = controlledSync();
    s.failHere(new Error('EIO'));
    s.commit();
    await expect(s.sync.durable(true)).rejects.toThrow('EIO');
    await expect(s.sync.durable(false)).rejects.toThrow('EIO');
    await expect(s.sync.durable(true)).rejects.toThrow('EIO');
  });
});
