import { describe, expect, it } from 'vitest';
import { rendezvous, rendezvousBounded, versionSalt } from '../../../src/routing/sticky.js';
import { MAX_WEIGHT } from '../../../src/routing/limits.js';
import { seededRandom } from '../../../test/all-entries.js';

/**
 * Issue 13: the bounded race at three or more versions gives exactly the reference race's version for every
 * key. Millions of key hashes (random, and every hash whose draw sits at a bucket edge of the bounds table)
 * over configurations from 3 to 1,000 versions, equal, skewed and extreme weights.
 */
function config(weights: readonly number[]): { salts: Int32Array; inverse: Float64Array } {
  return {
    salts: Int32Array.from(weights, (_, i) => versionSalt(`v${i}`)),
    inverse: Float64Array.from(weights, (w) => 1 / w),
  };
}

const random = seededRandom('issue-13-bounded');
const CONFIGS: Array<[string, number[]]> = [
  ['3 equal', [1, 1, 1]],
  ['3 skewed', [90, 9, 1]],
  ['5 ramp', [1, 2, 3, 4, 5]],
  ['10 equal', Array(10).fill(10)],
  ['10 ramp', Array.from({ length: 10 }, (_, i) => i + 1)],
  ['10 one dominant', [1000, ...Array(9).fill(1)]],
  ['10 random', Array.from({ length: 10 }, () => 1 + Math.floor(random() * 1000))],
  ['3 extreme', [MAX_WEIGHT, 1, MAX_WEIGHT - 1]],
  ['100 random', Array.from({ length: 100 }, () => 1 + Math.floor(random() * 100))],
  ['1000 equal', Array(1000).fill(1)],
];

describe('rendezvousBounded equals the reference race', () => {
  it.each(CONFIGS)('%s: on random key hashes', (_name, weights) => {
    const { salts, inverse } = config(weights);
    const keys = weights.length >= 100 ? 200_000 : 1_000_000;
    let disagreements = 0;
    for (let k = 0; k < keys; k++) {
      const h = (random() * 0x100000000) >>> 0;
      if (rendezvousBounded(h, salts, inverse) !== rendezvous(h, salts, inverse)) disagreements++;
    }
    expect(disagreements).toBe(0);
  });

  it('on every sequential key hash of a range, in int32 and uint32 form', () => {
    const { salts, inverse } = config([50, 30, 15, 5]);
    let disagreements = 0;
    for (let h = 0; h < 2_000_000; h++) {
      if (rendezvousBounded(h, salts, inverse) !== rendezvous(h, salts, inverse)) disagreements++;
      const signed = (h * 2654435761) | 0;
      if (rendezvousBounded(signed, salts, inverse) !== rendezvous(signed, salts, inverse)) disagreements++;
    }
    expect(disagreements).toBe(0);
  });

  it('when two versions have equal scores, the lower index wins, as in the reference', () => {
    // The same salt twice and the same weight: identical scores for every key.
    const salts = Int32Array.of(7, 7, 9);
    const inverse = Float64Array.of(1, 1, 1);
    for (let h = 0; h < 100_000; h++) {
      const reference = rendezvous(h, salts, inverse);
      expect(reference).not.toBe(1);
      if (rendezvousBounded(h, salts, inverse) !== reference) throw new Error(`key hash ${h}`);
    }
  });
});
