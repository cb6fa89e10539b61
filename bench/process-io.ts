import { readFileSync } from 'node:fs';

/** What a process has asked the kernel to write so far: write calls and bytes, any file or socket. */
export interface ProcessWrites {
  readonly calls: number;
  readonly bytes: number;
}

/**
 * A process's write calls and bytes so far, its ended threads included (Linux: /proc/<pid>/io,
 * `syscw` and `wchar`, which count what was asked of write, pwrite and their kin, whether it
 * reached a disk or not). Undefined where /proc does not tell.
 */
export function processWrites(pid: number): ProcessWrites | undefined {
  let io: string;
  try {
    io = readFileSync(`/proc/${pid}/io`, 'utf8');
  } catch {
    return undefined;
  }
  const field = (name: string) => Number(new RegExp(`^${name}: (\\d+)$`, 'm').exec(io)?.[1] ?? NaN);
  const writes = { calls: field('syscw'), bytes: field('wchar') };
  return Number.isFinite(writes.calls) && Number.isFinite(writes.bytes) ? writes : undefined;
}
