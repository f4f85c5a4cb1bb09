import fc from 'fast-check';
import { expect } from 'vitest';
import { MemorySource, type Router, type RoutingEntry } from '../../test/all-entries.js';
import type { PropertyRun } from '../harness/property-run.js';
import { positiveVersions, routingConfigs } from '../routing/fixtures.js';
import { keyStream } from '../routing/sticky/key-families.js';

/** How a pick draws: by chance (injected or seeded source) or by key. */
export type Mode = 'random' | 'seeded' | 'sticky';

/** Builds the router under test over a source (the real one subscribes to it). */
export type RouterFactory = (mode: Mode, source: MemorySource, seed: number) => Router;

const PICKS = 300;
const configs = routingConfigs({ maxVersions: 12, maxEntries: 16 });

/**
 * A pick after an update uses only the new config: the MemorySource's change event reaches the router before
 * `set` returns, so the very next pick (memoised alias or not) sees the new weights; another alias of the same
 * flow is untouched.
 */
export function picksAfterUpdateUseNewConfig(
  mode: Mode,
  makeRouter: RouterFactory,
  runs: number,
): PropertyRun<[RoutingEntry[], RoutingEntry[], RoutingEntry[], number]> {
  return {
    property: fc.property(configs, configs, configs, fc.noShrink(fc.nat()), (before, after, other, seed) => {
      const source = new MemorySource();
      source.set('flow', 'updated', before);
      source.set('flow', 'other', other);
      const router = makeRouter(mode, source, seed);
      const nextKey = keyStream(seed);
      const pick = (alias: string): string => router.pick('flow', alias, mode === 'sticky' ? nextKey() : undefined);
      for (let i = 0; i < PICKS; i++) pick('updated');
      const revision = source.set('flow', 'updated', after).revision;
      const allowed = positiveVersions(after);
      const stray: string[] = [];
      for (let i = 0; i < PICKS; i++) {
        const version = pick('updated');
        if (!allowed.has(version)) stray.push(version);
      }
      expect(stray, 'picks outside the new config').toEqual([]);
      expect(router.explain('flow', 'updated').revision).toBe(revision);
      const otherAllowed = positiveVersions(other);
      for (let i = 0; i < 20; i++) expect(otherAllowed.has(pick('other'))).toBe(true);
    }),
    parameters: { numRuns: runs },
  };
}
