import type { TestProject } from 'vitest/node';
import { EXTERNAL_PG_ENV, missingPostgres, startCluster } from './postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The PostgreSQL server the tests use, or '' when there is none (then `pgSkip` says why). */
    pgUrl: string;
    pgSkip: string;
  }
}

/**
 * vitest globalSetup: one throwaway PostgreSQL 15 cluster for the whole run (or the server named by
 * FLOW_ALIAS_ROUTER_TEST_PG). Without one, the PostgreSQL tests are skipped with the reason, except under
 * CI=true, where that is a failure.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const external = process.env[EXTERNAL_PG_ENV];
  if (external !== undefined && external !== '') {
    project.provide('pgUrl', external);
    project.provide('pgSkip', '');
    return undefined;
  }
  const missing = missingPostgres();
  if (missing !== undefined) {
    if (process.env.CI === 'true') throw new Error(`CI=true and the PostgreSQL tests cannot run: ${missing}`);
    console.warn(`Skipping the PostgreSQL tests: ${missing}`);
    project.provide('pgUrl', '');
    project.provide('pgSkip', missing);
    return undefined;
  }
  const cluster = await startCluster();
  project.provide('pgUrl', cluster.url);
  project.provide('pgSkip', '');
  return () => cluster.destroy();
}
