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

/**
 * CPU time from /proc/<pid>/stat in milliseconds (Linux; 10 ms ticks, USER_HZ being 100 on
 * Linux): `own` is the process's, threads that have ended included (a transfer's hash worker
 * ends with its upload); `children` the CPU of its children that have been waited for (a
 * command run with spawnSync). Undefined where there is no /proc.
 */
export function statCpuMs(pid: number | 'self', which: 'own' | 'children'): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Fields after the command name, which may hold spaces and parentheses: state is the first,
  // utime and stime the 12th and 13th, cutime and cstime the 14th and 15th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [user, system] = which === 'own' ? [fields[11], fields[12]] : [fields[13], fields[14]];
  return (Number(user) + Number(system)) * 10;
}
