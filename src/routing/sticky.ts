import { fmix32Int32, murmur3 } from '../random/murmur3.js';

/**
 * 2^-32: maps a 32-bit hash to (0, 1) by multiply-shift, never by modulo. A version's uniform draw for a key
 * is (fmix32(keyHash ^ versionSalt) + 0.5) * 2^-32, written out where it is used: a double returned from a
 * call TurboFan leaves out of line is boxed (16 bytes).
 */
const TWO_POW_MINUS_32 = 2.3283064365386963e-10;

/** Salt of an alias identity: the seed of every key hash for that alias. Frozen (docs/stickiness.md). */
export function aliasSalt(identity: string): number {
  return murmur3(identity, 0);
}

/** Salt of a version: what makes each version's draw for a key independent of the others. Frozen. */
export function versionSalt(version: string): number {
  return murmur3(version, 0x9747b28c);
}

/**
 * Weighted rendezvous hashing: the version with the largest `ln(draw) / weight` wins, ties to the lower
 * canonical index. Each version's score depends only on the key and that version, so changing one weight
 * moves keys only into or out of that version. Linear in the number of versions: one fmix32 and one
 * Math.log (about 6.6 ns here) each.
 */
export function rendezvous(keyHash: number, salts: Int32Array, inverseWeights: Float64Array): number {
  let best = 0;
  let bestScore = Number.NEGATIVE_INFINITY;
  const n = salts.length;
  for (let i = 0; i < n; i++) {
    const draw = ((fmix32Int32(keyHash ^ (salts[i] as number)) >>> 0) + 0.5) * TWO_POW_MINUS_32;
    const score = Math.log(draw) * (inverseWeights[i] as number);
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  }
  return best;
}

/** Relative margin around a bucket edge: far above the rounding of Math.pow and of the log scores. */
const EDGE_LOW = 1 - 1e-9;
const EDGE_HIGH = 1 + 1e-9;

/**
 * HOT PATH (sticky picks on two versions): the same race as `rendezvous`, decided without logs for 31 keys
 * in 32. The second version wins iff d0 < d1 ^ (w0 / w1); the top 5 bits of d1's hash pick a bucket whose
 * precomputed edges bracket d1 ^ (w0 / w1). Only a d0 inside the bracket (probability 1/32 whatever the
 * weights) computes the two logs (about 14 ns each in this position). Where the bracket decides, the two
 * scores differ by at least 1e-9 relative, so the log comparison would decide the same way: the answer is
 * identical to `rendezvous` for every key.
 */
export function rendezvousPairIn(keyHash: number, salts: Int32Array, inverseWeights: Float64Array, edges: Float64Array): number {
  // Arrays, not their elements, as arguments: if TurboFan leaves this call out of line (its inlining budget
  // is shared with the random path in a router doing both), a double argument would be boxed (16 bytes).
  const d0 = ((fmix32Int32(keyHash ^ (salts[0] as number)) >>> 0) + 0.5) * TWO_POW_MINUS_32;
  const h1 = fmix32Int32(keyHash ^ (salts[1] as number)) >>> 0;
  const bucket = h1 >>> 27;
  const below = d0 < (edges[bucket] as number) * EDGE_LOW;
  // Which side of the bracket a key falls is a coin the branch predictor cannot learn: both compares are
  // taken as values, and the one branch (is d0 outside the bracket?) goes the same way for 31 keys in 32.
  if (+below | +(d0 >= (edges[bucket + 1] as number) * EDGE_HIGH)) return +below;
  const d1 = (h1 + 0.5) * TWO_POW_MINUS_32;
  return Math.log(d1) * (inverseWeights[1] as number) > Math.log(d0) * (inverseWeights[0] as number) ? 1 : 0;
}

/**
 * The frozen sticky hash of a key for an alias identity: murmur3_x86_32(utf8(key), seed =
 * murmur3_x86_32(utf8(identity), 0)). Feed it to `RoutingTable.selectHash` to see where a key goes.
 */
export function stickyHash(identity: string, key: string): number {
  return murmur3(key, aliasSalt(identity));
}

/** Buckets of a version's draw for the bounds `rendezvousBounded` reads: the top 10 bits of its hash. */
const LOG_BUCKETS = 1024;

/**
 * For bucket b (the draws whose hash has top bits b): bounds of ln(draw), widened by 1e-9 relative, far above
 * the rounding of Math.log and of the product with 1 / weight (a few 1e-16 relative), as for the pair edges.
 * LOG_LOW[b] <= Math.log(draw) <= LOG_HIGH[b] for every draw in the bucket. Scores are negative, so widening
 * means LOW further from 0 and HIGH closer to it. 16 KiB, built once at import.
 */
const LOG_LOW = new Float64Array(LOG_BUCKETS);
const LOG_HIGH = new Float64Array(LOG_BUCKETS);
for (let b = 0; b < LOG_BUCKETS; b++) {
  // A draw in bucket b is (h + 0.5) * 2^-32 with b * 2^22 <= h < (b + 1) * 2^22.
  LOG_LOW[b] = Math.log((b * 4194304 + 0.5) * TWO_POW_MINUS_32) * EDGE_HIGH;
  LOG_HIGH[b] = Math.log(((b + 1) * 4194304) * TWO_POW_MINUS_32) * EDGE_LOW;
}

/** Score lower and upper bounds of the current key, one per version (JavaScript runs one call at a time). */
const LOW_SCORES = new Float64Array(1024);
const HIGH_SCORES = new Float64Array(1024);

/**
 * HOT PATH (sticky picks on three or more versions): the same answer as `rendezvous` for every key, computing
 * logs only for the versions that can still win. A first pass bounds each version's score by its hash's
 * bucket (a table read and a multiply: no log) and keeps the version with the highest lower bound. A version
 * whose upper bound is below that lower bound scores strictly below it, so it cannot win, nor tie. If no
 * other version remains, the leader is the answer with no log at all (most keys: a bucket is 1/1024 of the
 * draws wide, so bounds rarely overlap); otherwise the remaining versions run the reference race, in index
 * order with the same expression and comparison, so ties still go to the lower index. test/routing/sticky/
 * bounded.test.ts proves equality against `rendezvous` on millions of keys.
 */
export function rendezvousBounded(keyHash: number, salts: Int32Array, inverseWeights: Float64Array): number {
  const n = salts.length;
  let leader = 0;
  for (let i = 0; i < n; i++) {
    const bucket = (fmix32Int32(keyHash ^ (salts[i] as number)) >>> 22) & 1023;
    const inverse = inverseWeights[i] as number;
    const low = (LOG_LOW[bucket] as number) * inverse;
    LOW_SCORES[i] = low;
    HIGH_SCORES[i] = (LOG_HIGH[bucket] as number) * inverse;
    // The leader moves by arithmetic, not a branch: whether a version takes the lead is a coin the branch
    // predictor cannot learn (a sticky pick at ten versions 118 against 110 ns in a loop). Strictly
    // greater: ties stay with the lower index.
    leader += (i - leader) * +(low > (LOW_SCORES[leader] as number));
  }
  const leaderLow = LOW_SCORES[leader] as number;
  let rivals = false;
  for (let i = 0; i < n; i++) {
    if (i !== leader && (HIGH_SCORES[i] as number) >= leaderLow) {
      rivals = true;
      break;
    }
  }
  if (!rivals) return leader;
  let best = 0;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    if ((HIGH_SCORES[i] as number) < leaderLow) continue;
    const draw = ((fmix32Int32(keyHash ^ (salts[i] as number)) >>> 0) + 0.5) * TWO_POW_MINUS_32;
    const score = Math.log(draw) * (inverseWeights[i] as number);
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  }
  return best;
}
