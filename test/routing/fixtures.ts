import fc from 'fast-check';
import { MAX_ENTRIES, MAX_VERSION_LENGTH, MAX_WEIGHT, type RoutingEntry } from '../../test/all-entries.js';

/** What a selector under test can take: forced strategies accept only some shapes, and slow ones a budget. */
export interface ConfigLimits {
  /** Most versions with weight > 0 (constant: 1, compare: 2). */
  readonly maxVersions: number;
  /** Most entries in all, weight-0 ones included. */
  readonly maxEntries: number;
  /** Fewest versions with weight > 0. */
  readonly minVersions?: number;
}

export const ANY_CONFIG: ConfigLimits = { maxVersions: MAX_ENTRIES, maxEntries: MAX_ENTRIES };

/** Version 1 at 80, version 2 at 20: the config the router and source tests start from. */
export const EIGHTY_TWENTY: readonly RoutingEntry[] = [
  { version: '1', weight: 80 },
  { version: '2', weight: 20 },
];

/** The 1 : 999,999 skew the issue names. */
export const EXTREME_SKEW = 999_999;

/** Positive weights in one of the shapes real configs take, or the extremes the documented bounds allow. */
function positiveWeights(count: number): fc.Arbitrary<number[]> {
  const list = (weight: fc.Arbitrary<number>): fc.Arbitrary<number[]> =>
    fc.array(weight, { minLength: count, maxLength: count });
  return fc.oneof(
    list(fc.integer({ min: 1, max: 100 })),
    list(fc.integer({ min: 1, max: MAX_WEIGHT })),
    list(fc.constantFrom(1, EXTREME_SKEW)),
    list(fc.constant(MAX_WEIGHT)),
    list(fc.integer({ min: 1, max: 10 })),
  );
}

/** Version names: short printable ones, any UTF-16 (lone surrogates included), and maximum-length ones. */
const versionName = fc.oneof(
  { weight: 6, arbitrary: fc.string({ minLength: 1, maxLength: 10 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 6 }) },
  { weight: 1, arbitrary: fc.string({ minLength: MAX_VERSION_LENGTH, maxLength: MAX_VERSION_LENGTH }) },
);

function versionCount(limits: ConfigLimits): fc.Arbitrary<number> {
  const min = limits.minVersions ?? 1;
  const max = Math.min(limits.maxVersions, limits.maxEntries);
  const band = (low: number, high: number): fc.Arbitrary<number> =>
    fc.integer({ min: Math.max(min, Math.min(low, max)), max: Math.max(min, Math.min(high, max)) });
  return fc.oneof(
    { weight: 8, arbitrary: band(1, 4) },
    { weight: 4, arbitrary: band(5, 20) },
    { weight: 2, arbitrary: band(21, 200) },
    { weight: 1, arbitrary: band(201, max) },
  );
}

/**
 * Routing configs within `limits`: 1 to the maximum number of entries, weights from 1 to MAX_WEIGHT in
 * several shapes (extreme skew included), weight-0 entries mixed in anywhere, versions in any order.
 */
export function routingConfigs(limits: ConfigLimits = ANY_CONFIG): fc.Arbitrary<RoutingEntry[]> {
  return fc
    .tuple(versionCount(limits), fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }) }))
    .chain(([positive, wantedZeros]) => {
      const zeros = Math.min(wantedZeros, limits.maxEntries - positive);
      const total = positive + zeros;
      return fc.record({
        names: fc.uniqueArray(versionName, { minLength: total, maxLength: total }),
        weights: positiveWeights(positive),
        order: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: total, maxLength: total }),
      });
    })
    .map(({ names, weights, order }) => {
      const entries = names.map((version, i) => ({ version, weight: weights[i] ?? 0 }));
      const rank = entries.map((_, i) => i).sort((a, b) => (order[a] ?? 0) - (order[b] ?? 0));
      return rank.map((i) => entries[i] as RoutingEntry);
    });
}

/** Configs every run of the distribution property includes: the shapes that matter most in production. */
export const LANDMARK_CONFIGS: readonly (readonly RoutingEntry[])[] = [
  [
    { version: '1', weight: 50 },
    { version: '2', weight: 50 },
  ],
  [
    { version: 'stable', weight: 80 },
    { version: 'canary', weight: 20 },
  ],
  [
    { version: 'rare', weight: 1 },
    { version: 'bulk', weight: EXTREME_SKEW },
  ],
  [
    { version: 'retired', weight: 0 },
    { version: 'only', weight: 7 },
  ],
  Array.from({ length: MAX_ENTRIES }, (_, i) => ({ version: `v${i}`, weight: i % 7 === 3 ? 0 : (i % 13) + 1 })),
];

/** The share each configured version should get: weight / total, 0 for weight-0 entries. */
export function expectedShares(entries: readonly RoutingEntry[]): Map<string, number> {
  let total = 0;
  for (const entry of entries) total += entry.weight;
  return new Map(entries.map((entry) => [entry.version, entry.weight / total]));
}

/** Versions with weight > 0. */
export function positiveVersions(entries: readonly RoutingEntry[]): Set<string> {
  return new Set(entries.filter((entry) => entry.weight > 0).map((entry) => entry.version));
}

/** Whether a config fits `limits` (landmarks are filtered through this for each implementation). */
export function fitsLimits(entries: readonly RoutingEntry[], limits: ConfigLimits): boolean {
  const positive = positiveVersions(entries).size;
  return entries.length <= limits.maxEntries && positive <= limits.maxVersions && positive >= (limits.minVersions ?? 1);
}
