import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time a process has run so far, in milliseconds, summed over its threads (Linux:
 * /proc/<pid>/task/<tid>/schedstat, nanoseconds; far finer than the 10 ms ticks of
 * /proc/<pid>/stat). Undefined where there is no /proc. A thread that ends between two readings
 * takes its time with it: the servers measured here keep theirs (the event loop, libuv's pool).
 */
export function processCpuMs(pid: number): number | undefined {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return undefined;
  }
  let ns = 0;
  for (const tid of tasks) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // ended meanwhile
    }
  }
  return ns / 1e6;
}

/** This process's CPU time, all threads, in milliseconds. */
export function ownCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}
