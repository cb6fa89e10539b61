import type { ChildProcess } from 'node:child_process';

/**
 * The URL a `modelreg serve` child logs once it serves, read as its output arrives (no polling, no
 * deadline: a slow start on a loaded machine only takes longer; the test's own timeout bounds it).
 * `output` returns everything the child wrote so far; its collecting listeners must be attached
 * before this is called. Rejects when the child exits first.
 */
export function whenServing(child: ChildProcess, output: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const done = () => {
      child.stdout?.off('data', check);
      child.stderr?.off('data', check);
      child.off('exit', exited);
    };
    const check = () => {
      const line = output()
        .split('\n')
        .find((l) => l.includes('"modelreg is serving"'));
      if (line === undefined) return;
      done();
      resolve((JSON.parse(line) as { url: string }).url);
    };
    const exited = (code: number | null, signal: string | null) => {
      done();
      reject(new Error(`modelreg serve exited (${signal ?? code}) before serving:\n${output()}`));
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.on('exit', exited);
    check();
    if (child.exitCode !== null || child.signalCode !== null) exited(child.exitCode, child.signalCode);
  });
}
