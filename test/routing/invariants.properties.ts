import fc from 'fast-check';
import { expect } from 'vitest';
import type { RoutingEntry } from '../../test/all-entries.js';
import type { PropertyRun } from '../harness/property-run.js';
import { positiveVersions, routingConfigs } from './fixtures.js';
import type { Sampler } from './implementations.js';

/** Exact invariants of every pick, for any implementation: no statistics needed, so many draws per config. */

const DRAWS = 1_000;
const seeds = fc.noShrink(fc.nat());

/** Every pick is a configured version with weight > 0: weight-0 and unknown versions are never returned. */
export function picksAreConfiguredPositiveVersions(impl: Sampler, runs: number): PropertyRun<[RoutingEntry[], number]> {
  return {
    property: fc.property(routingConfigs(impl.limits), seeds, (entries, seed) => {
      const allowed = positiveVersions(entries);
      const draw = impl.sampler(entries, seed);
      const wrong = new Set<string>();
      for (let i = 0; i < DRAWS; i++) {
        const version = draw();
        if (!allowed.has(version)) wrong.add(version);
      }
      expect([...wrong], 'picks outside the versions with weight > 0').toEqual([]);
    }),
    parameters: { numRuns: runs },
  };
}

/** A config with a single version of weight > 0 (weight-0 entries beside it) always returns that version. */
export function singleVersionAlwaysPicked(impl: Sampler, runs: number): PropertyRun<[RoutingEntry[], number]> {
  return {
    property: fc.property(routingConfigs({ ...impl.limits, maxVersions: 1 }), seeds, (entries, seed) => {
      const [only] = positiveVersions(entries);
      const draw = impl.sampler(entries, seed);
      for (let i = 0; i < DRAWS; i++) {
        const version = draw();
        if (version !== only) expect(version).toBe(only);
      }
    }),
    parameters: { numRuns: runs },
  };
}
