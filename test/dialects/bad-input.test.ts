import fc from 'fast-check';
import { describe, it } from 'vitest';
import { STORE, type StoreKind } from '../registry/fixtures.js';
import { badInputProperty } from './bad-input.properties.js';
import { bedrockSuite, cloudflowSuite } from './implementations.js';

/**
 * Runs per property on each store. Every run builds a fresh registry on a fresh store and takes two
 * snapshots per call. On PostgreSQL that is a new schema with its migrations and some thirty round trips,
 * about 25 ms a run (measured): 2,000 runs would take 50 s per property, past the 25 s limit of
 * test/setup.ts. It runs 100 (about 2.5 s each): every operation still gets a few dozen bad inputs through
 * the store's transactions and its typed errors. The rules are the same programs on every store, and the
 * memory and SQLite runs try all 2,000.
 */
const RUNS: Readonly<Record<StoreKind, number>> = { memory: 2000, sqlite: 2000, postgres: 100 };

/** A fixed seed and run count unless FC_SEED or FC_RUNS (test/setup.ts) ask for a soak. */
function params(seed: number): fc.Parameters<[[string, unknown][]]> {
  return {
    ...(process.env.FC_SEED === undefined ? { seed } : {}),
    ...(process.env.FC_RUNS === undefined ? { numRuns: RUNS[STORE] } : {}),
  };
}

describe('bad input to every dialect operation', () => {
  it('Bedrock: each call resolves or rejects with a typed exception, and a failed call changes nothing', async () => {
    await fc.assert(badInputProperty(bedrockSuite()), params(20240101));
  });

  it('Bedrock with weighted routing: the same', async () => {
    await fc.assert(badInputProperty(bedrockSuite({ weightedRouting: true })), params(20240102));
  });

  it('CloudFlow: the same', async () => {
    await fc.assert(badInputProperty(cloudflowSuite()), params(20240103));
  });
});
