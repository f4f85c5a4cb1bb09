import { compileRouting, MemorySource, Router, seededRandom, type RoutingEntry, type RoutingTable, type SelectorName } from '../../test/all-entries.js';
import { selectorOf } from '../../src/routing/table.js';
import { keyStream } from './sticky/key-families.js';
import { ANY_CONFIG, type ConfigLimits } from './fixtures.js';
import { naivePick } from './reference.js';

/** Anything that picks versions for a routing config: every one runs through the same properties. */
export interface Sampler {
  readonly name: string;
  readonly limits: ConfigLimits;
  /** A stream of picks for `entries`, the same stream for the same `seed`. */
  sampler(entries: readonly RoutingEntry[], seed: number): () => string;
}

/** A selector from a uniform `u` in [0, 1): exact properties run it over a grid of `u`. */
export interface UniformSelector {
  readonly name: string;
  readonly limits: ConfigLimits;
  build(entries: readonly RoutingEntry[]): BuiltSelector;
}

export interface BuiltSelector {
  select(u: number): string;
  /**
   * How many intervals of [0, 1) map to `version`. A grid of step 1/G counts each interval to within one
   * point, so the grid share is within pieces/G of the true share: 1 for every cumulative selector.
   */
  pieces(version: string): number;
}

/** The alias method maps a version's own column and every column aliased to it: one interval each. */
function aliasPieces(table: RoutingTable, version: string): number {
  const index = table.versions.indexOf(version);
  let pieces = 1;
  const { donors, prob } = selectorOf(table);
  donors.forEach((target, column) => {
    if (target === index && column !== index && (prob[column] ?? 1) < 1) pieces++;
  });
  return pieces;
}

function tableSelector(selector: SelectorName | 'auto', limits: ConfigLimits): UniformSelector {
  return {
    name: `RoutingTable ${selector}`,
    limits,
    build(entries) {
      const table = compileRouting(entries, { selector });
      return {
        select: (u) => table.select(u),
        pieces: (version) => (table.selector === 'alias' ? aliasPieces(table, version) : 1),
      };
    },
  };
}

export const NAIVE_REFERENCE: UniformSelector = {
  name: 'naive reference',
  limits: ANY_CONFIG,
  build(entries) {
    const copy = entries.map((entry) => ({ ...entry }));
    return { select: (u) => naivePick(copy, u), pieces: () => 1 };
  },
};

/** `compileRouting` as callers use it: the selector chosen by shape. */
export const AUTO_SELECTOR = tableSelector('auto', ANY_CONFIG);

/** Every selector selector forced, `auto`, and the naive reference. */
export const UNIFORM_SELECTORS: readonly UniformSelector[] = [
  tableSelector('constant', { ...ANY_CONFIG, maxVersions: 1 }),
  tableSelector('compare', { ...ANY_CONFIG, maxVersions: 2 }),
  tableSelector('guide', ANY_CONFIG),
  tableSelector('alias', ANY_CONFIG),
  tableSelector('binary', ANY_CONFIG),
  AUTO_SELECTOR,
  NAIVE_REFERENCE,
];

/** A uniform selector fed by the seeded generator the Router uses. */
export function seededSampler(selector: UniformSelector): Sampler {
  return {
    name: selector.name,
    limits: selector.limits,
    sampler(entries, seed) {
      const built = selector.build(entries);
      const random = seededRandom(`sampler-${seed}`);
      return () => built.select(random());
    },
  };
}

/** A Router over a MemorySource holding `entries` as flow `f`, alias `a`. */
export function routerFor(entries: readonly RoutingEntry[], options: { seed?: string; random?: () => number } = {}): Router {
  const source = new MemorySource();
  source.set('f', 'a', entries);
  return new Router({ source, ...options });
}

/** Sticky picks cost one hash and one draw per version: this many versions keep a property within budget. */
export const STICKY_MAX_ENTRIES = 12;

export const ROUTER_SAMPLERS: readonly Sampler[] = [
  {
    name: 'Router random (injected source)',
    limits: ANY_CONFIG,
    sampler(entries, seed) {
      const router = routerFor(entries, { random: seededRandom(`random-${seed}`) });
      return () => router.pick('f', 'a');
    },
  },
  {
    name: 'Router seeded',
    limits: ANY_CONFIG,
    sampler(entries, seed) {
      const router = routerFor(entries, { seed: `seeded-${seed}` });
      return () => router.pick('f', 'a');
    },
  },
  {
    name: 'Router sticky',
    limits: { maxVersions: STICKY_MAX_ENTRIES, maxEntries: STICKY_MAX_ENTRIES },
    sampler(entries, seed) {
      const router = routerFor(entries);
      const nextKey = keyStream(seed);
      return () => router.pick('f', 'a', nextKey());
    },
  },
];

/** Every implementation that picks versions: the Router's three modes, each selector, the reference. */
export const ALL_SAMPLERS: readonly Sampler[] = [...UNIFORM_SELECTORS.map(seededSampler), ...ROUTER_SAMPLERS];
