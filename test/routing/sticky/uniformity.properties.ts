import fc from 'fast-check';
import type { RoutingEntry } from '../../../test/all-entries.js';
import { checkAlpha } from '../../harness/budget.js';
import { goodnessOfFit } from '../../harness/goodness-of-fit.js';
import type { PropertyRun } from '../../harness/property-run.js';
import { assertFits } from '../../harness/verdict.js';
import { expectedShares } from '../fixtures.js';
import type { Assign, KeyHash } from './implementations.js';
import { familyKeys, type KeyFamily } from './key-families.js';


/** Keys per run: 256 expected per bucket of 256, enough to see a 15% bucket excess at the Bonferroni level. */
const UNIFORMITY_KEYS = 1 << 16;
/** Bucket counts checked: a power of two (the top bits) and 100 (percent buckets, as weights are set). */
const BUCKET_COUNTS = [256, 100] as const;
const TWO_POW_32 = 4_294_967_296;

const identities = fc.string({ minLength: 1, maxLength: 60 });
const seeds = fc.noShrink(fc.nat());

/**
 * Buckets are uniform: `hash(identity, key)`, bucketed by multiply-shift (floor(h * B / 2^32), never modulo),
 * fills B buckets evenly for a family of realistic keys, by chi-square at the Bonferroni level.
 */
export function hashBucketsUniform(hash: KeyHash, family: KeyFamily, runs: number): PropertyRun<[string, number]> {
  const alpha = checkAlpha(runs, BUCKET_COUNTS.length);
  return {
    property: fc.property(identities, seeds, (identity, seed) => {
      const next = familyKeys(family, seed);
      const hashes = Array.from({ length: UNIFORMITY_KEYS }, () => hash(identity, next()));
      for (const buckets of BUCKET_COUNTS) {
        const counts = new Map<number, number>();
        for (const h of hashes) {
          const bucket = Math.floor((h * buckets) / TWO_POW_32);
          counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
        }
        const shares = new Map(Array.from({ length: buckets }, (_, b) => [b, 1 / buckets] as const));
        assertFits(goodnessOfFit(counts, shares), alpha, `${family} keys in ${buckets} buckets for ${JSON.stringify(identity)}`);
      }
    }),
    parameters: { numRuns: runs },
  };
}

/** Keys per independence run: the joint table has up to 16 cells. */
const INDEPENDENCE_KEYS = 1 << 15;

/** Two aliases of one flow: the same version names (as aliases of a flow share them), independent weights. */
const aliasPairs = fc.integer({ min: 2, max: 4 }).chain((versions) => {
  const weights = fc.array(fc.integer({ min: 1, max: 100 }), { minLength: versions, maxLength: versions });
  return fc.tuple(weights, weights).map(([a, b]) =>
    [a, b].map((ws) => ws.map((weight, i) => ({ version: String(i + 1), weight }))) as [RoutingEntry[], RoutingEntry[]],
  );
});

/**
 * Aliases are independent: the same keys on two aliases land on versions whose joint distribution is the
 * product of the two configs' shares, by chi-square on the joint table.
 */
export function aliasesIndependent(assign: Assign, runs: number): PropertyRun<[[RoutingEntry[], RoutingEntry[]], string, string, number]> {
  const alpha = checkAlpha(runs);
  return {
    property: fc.property(aliasPairs, identities, identities, seeds, ([first, second], identityA, identityB, seed) => {
      fc.pre(identityA !== identityB);
      const pickA = assign(identityA, first);
      const pickB = assign(identityB, second);
      const next = familyKeys('uuid', seed);
      const counts = new Map<string, number>();
      for (let i = 0; i < INDEPENDENCE_KEYS; i++) {
        const key = next();
        const cell = `${pickA(key)}|${pickB(key)}`;
        counts.set(cell, (counts.get(cell) ?? 0) + 1);
      }
      const shares = new Map<string, number>();
      for (const [a, shareA] of expectedShares(first)) {
        for (const [b, shareB] of expectedShares(second)) shares.set(`${a}|${b}`, shareA * shareB);
      }
      assertFits(goodnessOfFit(counts, shares), alpha, `joint versions of ${JSON.stringify(identityA)} and ${JSON.stringify(identityB)}`);
    }),
    parameters: { numRuns: runs },
  };
}
