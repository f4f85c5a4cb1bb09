import fc from 'fast-check';
import { describe, it } from 'vitest';
import { badInputProperty } from './bad-input.properties.js';
import { bedrockSuite, cloudflowSuite } from './implementations.js';

/** A fixed seed and run count unless FC_SEED or FC_RUNS (test/setup.ts) ask for a soak. */
function params(seed: number): fc.Parameters<[[string, unknown][]]> {
  return {
    ...(process.env.FC_SEED === undefined ? { seed } : {}),
    ...(process.env.FC_RUNS === undefined ? { numRuns: 2000 } : {}),
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
