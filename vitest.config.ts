import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The database suites share one PostgreSQL and one MySQL; each file uses its own schema.
    fileParallelism: true,
    pool: 'forks',
  },
});
