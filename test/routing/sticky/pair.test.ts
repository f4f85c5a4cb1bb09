import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fmix32, MAX_WEIGHT } from '../../../test/all-entries.js';
import { rendezvous, rendezvousPairIn } from '../../../src/routing/sticky.js';
import { stickyEdges } from '../../../src/routing/selectors.js';
import { propertyRuns } from '../../harness/budget.js';
import { unfmix32 } from '../../random/unfmix32.js';

/**
 * The log-free two-version fast path `rendezvousPairIn` must give the very answer of the general `rendezvous`
 * loop for every key: on random keys, and on keys built to sit right at the decision boundary, where version 1
 * wins iff d0 < d1 ^ (w0 / w1) and the bucket edges are closest to deciding wrongly.
 */

const RUNS = propertyRuns(200);
const TWO_POW_32 = 4_294_967_296;

const weights = fc.oneof(
  fc.integer({ min: 1, max: 100 }),
  fc.integer({ min: 1, max: MAX_WEIGHT }),
  fc.constantFrom(1, 2, 999_999, MAX_WEIGHT - 1, MAX_WEIGHT),
);
const int32 = fc.integer({ min: -0x80000000, max: 0x7fffffff });
const uint32 = fc.nat({ max: 0xffffffff });

function general(keyHash: number, salt0: number, salt1: number, w0: number, w1: number): number {
  return rendezvous(keyHash, Int32Array.of(salt0, salt1), Float64Array.of(1 / w0, 1 / w1));
}

/** The fast path for one weight pair, its bucket edges built once as the compiled table builds them. */
function fastFor(w0: number, w1: number): (keyHash: number, salt0: number, salt1: number) => number {
  const edges = stickyEdges(w0, w1);
  return (keyHash, salt0, salt1) => rendezvousPairIn(keyHash, Int32Array.of(salt0, salt1), Float64Array.of(1 / w0, 1 / w1), edges);
}

describe('rendezvousPairIn agrees with rendezvous', () => {
  it('unfmix32 inverts fmix32', () => {
    fc.assert(
      fc.property(uint32, (h) => {
        expect(fmix32(unfmix32(h))).toBe(h);
      }),
      { numRuns: propertyRuns(2000) },
    );
  });

  it('on consecutive and scattered key hashes, for any salts and weights', () => {
    fc.assert(
      fc.property(weights, weights, int32, int32, uint32, (w0, w1, salt0, salt1, start) => {
        const fast = fastFor(w0, w1);
        const disagreements: number[] = [];
        for (let i = 0; i < 2048; i++) {
          const keyHash = (start + i) >>> 0;
          const spread = Math.imul(keyHash, 0x9e3779b9) >>> 0;
          if (fast(keyHash, salt0, salt1) !== general(keyHash, salt0, salt1, w0, w1)) disagreements.push(keyHash);
          if (fast(spread, salt0, salt1) !== general(spread, salt0, salt1, w0, w1)) disagreements.push(spread);
        }
        expect(disagreements, 'key hashes on which the fast path disagrees').toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it('on keys built to sit at the decision boundary d0 = d1 ^ (w0 / w1)', () => {
    let bothOutcomes = 0;
    fc.assert(
      fc.property(weights, weights, int32, fc.array(uint32, { minLength: 16, maxLength: 16 }), (w0, w1, salt0, draws1) => {
        const fast = fastFor(w0, w1);
        for (const h1 of draws1) {
          const d1 = (h1 + 0.5) / TWO_POW_32;
          const boundary = Math.round(Math.pow(d1, w0 / w1) * TWO_POW_32 - 0.5);
          const outcomes = new Set<number>();
          for (let delta = -3; delta <= 3; delta++) {
            const h0 = Math.min(0xffffffff, Math.max(0, boundary + delta));
            // Choose the key hash so that fmix32(keyHash ^ salt0) = h0, then salt1 so that fmix32(keyHash ^ salt1) = h1.
            const keyHash = (unfmix32(h0) ^ salt0) >>> 0;
            const salt1 = keyHash ^ unfmix32(h1);
            const answer = general(keyHash, salt0, salt1, w0, w1);
            expect(fast(keyHash, salt0, salt1), `w ${w0}:${w1}, d0 hash ${h0}, d1 hash ${h1}`).toBe(answer);
            outcomes.add(answer);
          }
          if (outcomes.size === 2) bothOutcomes++;
        }
      }),
      { numRuns: RUNS },
    );
    // Most windows straddle the tie (the answer flips inside them: about 70% here); the rest are extreme
    // weight ratios where d1 ^ (w0 / w1) rounds to 0 or 1 and the window is clamped to one side.
    expect(bothOutcomes).toBeGreaterThan(RUNS * 8);
  });
});

describe('the agreement check can fail', () => {
  it('catches a fast path fed the wrong edges (weights swapped)', () => {
    const [w0, w1] = [1, 3];
    const wrong = (keyHash: number): number => rendezvousPairIn(keyHash, Int32Array.of(11, 22), Float64Array.of(1 / w0, 1 / w1), stickyEdges(w1, w0));
    let disagreements = 0;
    for (let keyHash = 0; keyHash < 4096; keyHash++) if (wrong(keyHash) !== general(keyHash, 11, 22, w0, w1)) disagreements++;
    expect(disagreements).toBeGreaterThan(100);
  });
});
