import { fmix32, murmur3, type RoutingEntry } from '../../../test/all-entries.js';

/**
 * The frozen sticky contract restated from its definition (docs/stickiness.md), independently of the compiled
 * tables: keyHash = murmur3(utf8(key), murmur3(utf8(identity), 0)); each version with weight > 0 draws
 * d = (fmix32(keyHash ^ murmur3(utf8(version), 0x9747b28c)) + 0.5) / 2^32 and scores ln(d) / weight; the
 * highest score wins, ties to the version first in code-unit order.
 */
const VERSION_SEED = 0x9747b28c;
const TWO_POW_32 = 4_294_967_296;

export function referenceKeyHash(identity: string, key: string): number {
  return murmur3(key, murmur3(identity, 0));
}

/** The reference assignment for one config: version salts computed once, the race run per key hash. */
export function referenceAssigner(entries: readonly RoutingEntry[]): (keyHash: number) => string {
  const candidates = entries
    .filter((entry) => entry.weight > 0)
    .sort((a, b) => (a.version < b.version ? -1 : a.version > b.version ? 1 : 0))
    .map(({ version, weight }) => ({ version, weight, salt: murmur3(version, VERSION_SEED) }));
  return (keyHash) => {
    let best = '';
    let bestScore = Number.NEGATIVE_INFINITY;
    for (const { version, weight, salt } of candidates) {
      const draw = (fmix32(keyHash ^ salt) + 0.5) / TWO_POW_32;
      const score = Math.log(draw) / weight;
      if (score > bestScore) {
        bestScore = score;
        best = version;
      }
    }
    return best;
  };
}
