import { spawnSync } from 'node:child_process';

/**
 * Why the server's native helpers (packages/server/native, built by `npm ci` where there is a C
 * compiler) cannot be expected here, or undefined when they must be built. Printed once per caller.
 */
export function nativeHelpersMissing(what: string): string | undefined {
  const compiler = process.env['CC'] || 'cc';
  const reason =
    process.platform !== 'linux'
      ? `the native helpers are built on Linux only (${process.platform})`
      : spawnSync(compiler, ['--version']).status !== 0
        ? `no C compiler (${compiler}), so the native helpers were not built at install`
        : undefined;
  if (reason !== undefined) console.log(`skipping ${what}: ${reason}`);
  return reason;
}
