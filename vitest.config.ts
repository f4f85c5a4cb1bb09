import { defineConfig } from 'vitest/config';

/**
 * The registry and dialect conformance suite: every file whose registries come from the one test factory
 * (test/registry/fixtures.ts `makeRegistry`) and that speaks only through the registry and the dialects.
 * It runs once per store: the `sqlite` and `postgres` projects run these files again with
 * FLOW_ALIAS_ROUTER_TEST_STORE naming their store (test/README.md, "One conformance run per store").
 */
const STORE_CONFORMANCE = [
  'test/registry/registry.test.ts',
  'test/registry/rollouts.test.ts',
  'test/router/rollout-latch.test.ts',
  'test/registry/snapshot.test.ts',
  'test/dialects/**/*.test.ts',
  'test/sources/registry.test.ts',
  'test/server/bedrock.test.ts',
  'test/server/cloudflow.test.ts',
  'test/server/data-plane.test.ts',
  'test/server/end-to-end.test.ts',
];

/** What every project shares; the cluster's globalSetup stays with the root config, so it runs once. */
const shared = {
  setupFiles: ['test/setup.ts'],
  // A soak (FC_RUNS set, docs/testing.md) may run one property for hours.
  testTimeout: process.env.FC_RUNS === undefined ? 30_000 : 86_400_000,
};

const storeProject = (store: 'sqlite' | 'postgres') => ({
  test: { ...shared, name: store, include: STORE_CONFORMANCE, env: { FLOW_ALIAS_ROUTER_TEST_STORE: store } },
});

export default defineConfig({
  test: {
    // One throwaway PostgreSQL cluster per run for the store tests (test/harness/postgres.ts).
    globalSetup: ['test/harness/postgres-setup.ts'],
    // Both cores: vitest's default leaves one idle here (measured 59.8 s vs 48.9 s for the whole suite under load).
    maxWorkers: 2,
    projects: [
      // Every test, on the in-memory store.
      { test: { ...shared, name: 'memory', include: ['test/**/*.test.ts'] } },
      storeProject('sqlite'),
      storeProject('postgres'),
    ],
  },
});
