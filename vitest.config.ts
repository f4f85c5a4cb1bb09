import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    // A soak (FC_RUNS set, docs/testing.md) may run one property for hours.
    testTimeout: process.env.FC_RUNS === undefined ? 30_000 : 86_400_000,
  },
});
