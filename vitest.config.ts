import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    // One throwaway PostgreSQL cluster per run for the store tests (test/harness/postgres.ts).
    globalSetup: ['test/harness/postgres-setup.ts'],
    // Both cores: vitest's default leaves one idle here (measured 59.8 s vs 48.9 s for the whole suite under load).
    maxWorkers: 2,
    // A soak (FC_RUNS set, docs/testing.md) may run one property for hours.
    testTimeout: process.env.FC_RUNS === undefined ? 30_000 : 86_400_000,
  },
});
