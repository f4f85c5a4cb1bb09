import seedrandom from 'seedrandom';
import { MemorySource, Router } from 'flow-alias-router';
import { ALIASES, FLOW, entriesFor, hotRouter } from '../harness/fixtures.js';
import { measure, optionsFor, type Contender } from '../harness/measure.js';
import type { FamilyOutput, Mode } from '../harness/results.js';
import { CACHED_PICK, EXPLAIN, MISS, ROUTE, SEEDED_FLOOR, SEEDED_PICK, UPDATE, UPDATE_ALONE, US } from './names.js';

/**
 * The router's other paths at n = 2, each beside a baseline from the same run:
 * - seeded pick (`seed` option, seedrandom's Alea) against its floor, Map.get + an Alea draw + one compare;
 * - `route()` on a cached alias, awaited, against the cached `pick`;
 * - a miss on a full cache (load from a MemorySource, compile, cache, evict the least recently used);
 * - the first pick after an alias update (the update, its change event, invalidation, load and compile)
 *   against the update alone;
 * - `explain()` against the cached `pick`.
 */
/** Aliases cycled through a cache a quarter their number: every pick misses and evicts. */
const MISS_ALIASES = 1024;

interface SeededFloorConfig {
  readonly p0: number;
  readonly v0: string;
  readonly v1: string;
}

function seededContenders(): Contender[] {
  const { source } = hotRouter();
  const seeded = new Router({ source, seed: 'bench' });
  seeded.pick(FLOW, ALIASES[2]);
  const alea = seedrandom.alea('bench');
  const configs = new Map<string, SeededFloorConfig>([[ALIASES[2], { p0: 0.8, v0: '1', v1: '2' }]]);
  const key = ALIASES[2];
  return [
    {
      scenario: SEEDED_PICK,
      impl: SEEDED_FLOOR,
      n: 2,
      baseline: null,
      note: 'Map.get + an Alea draw + one compare',
      op: () => {
        const c = configs.get(key)!;
        return alea() < c.p0 ? c.v0 : c.v1;
      },
    },
    { scenario: SEEDED_PICK, impl: US, n: 2, baseline: SEEDED_FLOOR, op: () => seeded.pick(FLOW, ALIASES[2]) },
  ];
}

function cachedContenders(): Contender[] {
  const { router } = hotRouter();
  const alias = ALIASES[2];
  return [
    { scenario: CACHED_PICK, impl: US, n: 2, baseline: null, note: 'cached pick, the baseline of this family', op: () => router.pick(FLOW, alias) },
    {
      scenario: ROUTE,
      impl: US,
      n: 2,
      baseline: US,
      baselineScenario: CACHED_PICK,
      async: true,
      note: 'await router.route() on a cached alias',
      op: () => router.route(FLOW, alias),
    },
    {
      scenario: EXPLAIN,
      impl: US,
      n: 2,
      baseline: US,
      baselineScenario: CACHED_PICK,
      note: 'explain(): a pick returning a plain record',
      op: () => router.explain(FLOW, alias),
    },
  ];
}

function missContenders(): Contender[] {
  const source = new MemorySource();
  const aliases = Array.from({ length: MISS_ALIASES }, (_, i) => `miss-${i}`);
  for (const alias of aliases) source.set(FLOW, alias, entriesFor(2));
  const router = new Router({ source, maxAliases: MISS_ALIASES / 4 });
  const mask = MISS_ALIASES - 1;
  // A counter of its own, not the batch index: whatever the batch size, consecutive picks cycle through
  // four times more aliases than the cache holds.
  let next = 0;
  return [
    {
      scenario: MISS,
      impl: US,
      n: 2,
      baseline: US,
      baselineScenario: CACHED_PICK,
      note: 'load, compile, cache and evict: 1,024 aliases cycled through a 256-alias cache',
      op: () => router.pick(FLOW, aliases[next++ & mask]!),
    },
  ];
}

function updateContenders(): Contender[] {
  // The hot router holds other aliases too: lru-cache clears its whole preallocated store (maxAliases slots)
  // when its last entry is deleted, which would time that clear instead of an update.
  const { source, router } = hotRouter();
  const alone = new MemorySource();
  const alias = 'updated';
  const shapes = [entriesFor(2, [80, 20]), entriesFor(2, [50, 50])];
  source.set(FLOW, alias, shapes[0]!);
  alone.set(FLOW, alias, shapes[0]!);
  router.pick(FLOW, alias);
  let updates = 0;
  return [
    {
      scenario: UPDATE,
      impl: UPDATE_ALONE,
      n: 2,
      baseline: null,
      note: 'MemorySource.set with no router subscribed',
      op: () => alone.set(FLOW, alias, shapes[updates++ & 1]!),
    },
    {
      scenario: UPDATE,
      impl: US,
      n: 2,
      baseline: UPDATE_ALONE,
      note: 'MemorySource.set (change event, invalidation), then the pick that loads and compiles',
      op: () => {
        source.set(FLOW, alias, shapes[updates++ & 1]!);
        return router.pick(FLOW, alias);
      },
    },
  ];
}

export async function run(mode: Mode): Promise<FamilyOutput> {
  const contenders = [...seededContenders(), ...cachedContenders(), ...missContenders(), ...updateContenders()];
  return { rows: await measure(contenders, optionsFor(mode)) };
}
