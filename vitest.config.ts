import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Tests run against the TypeScript sources; the build is checked separately by `tsc -b`.
    alias: {
      // Before '@modelreg/client', which would otherwise take this subpath too.
      '@modelreg/client/file-paths': new URL('./packages/client/src/file-path-rule.ts', import.meta.url)
        .pathname,
      '@modelreg/server': new URL('./packages/server/src/index.ts', import.meta.url).pathname,
      '@modelreg/client': new URL('./packages/client/src/index.ts', import.meta.url).pathname,
    },
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    setupFiles: ['test/support/temp-dir-per-file.ts', 'test/support/check-compiled-statements.ts'],
    // Bounds on a hung test, not waits: a test ends as soon as its conditions hold. Generous (and
    // the same for every test but the two operation walks), so that a 2-core machine shared with
    // other work (CI, `under-load`, several suites at once) still runs every test to its end.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    // The database suites share one PostgreSQL and one MySQL; each file uses its own schema.
    fileParallelism: true,
    pool: 'forks',
  },
});
