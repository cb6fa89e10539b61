import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Tests run against the TypeScript sources; the build is checked separately by `tsc -b`.
    alias: {
      '@modelreg/server': new URL('./packages/server/src/index.ts', import.meta.url).pathname,
      '@modelreg/client': new URL('./packages/client/src/index.ts', import.meta.url).pathname,
    },
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The database suites share one PostgreSQL and one MySQL; each file uses its own schema.
    fileParallelism: true,
    pool: 'forks',
  },
});
