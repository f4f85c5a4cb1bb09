/**
 * Precomputed selectors for three or more versions. Each builds, once, the arrays its select step reads;
 * none sums weights per call. `u` is in [0, 1); every selector returns an index into the canonical versions.
 */

/** Cumulative thresholds `cum[i] = (w0 + ... + wi) / total`, the last one forced to +Infinity. */
export function cumulativeThresholds(weights: readonly number[], total: number): Float64Array {
  const cum = new Float64Array(weights.length);
  let running = 0;
  for (let i = 0; i < weights.length; i++) {
    running += weights[i] ?? 0;
    cum[i] = running / total;
  }
  cum[weights.length - 1] = Number.POSITIVE_INFINITY;
  return cum;
}

/**
 * Chen and Asau's guide table over T slots (a power of two, at least 4n). Each slot holds the first index
 * whose threshold exceeds the slot's low end: the answer for most of the slot's range, one step short of it
 * past a threshold inside the slot, a few short where several thresholds share the slot (weights under a
 * fourth of the mean), and exact whatever the total. One extra slot maps u = 1.
 */
export function guideTable(cum: Float64Array): Int32Array {
  const n = cum.length;
  let slots = 1;
  while (slots < 4 * n) slots *= 2;
  const guide = new Int32Array(slots + 1);
  let i = 0;
  for (let s = 0; s < slots; s++) {
    const low = s / slots;
    while ((cum[i] as number) <= low) i++;
    guide[s] = i;
  }
  guide[slots] = n - 1;
  return guide;
}

/** Vose's alias method: column i keeps itself with probability `prob[i]`, else gives `donors[i]`. */
export function aliasTables(weights: readonly number[], total: number): { prob: Float64Array; donors: Int32Array } {
  const n = weights.length;
  const prob = new Float64Array(n);
  const donors = new Int32Array(n);
  const scaled = weights.map((w) => (w * n) / total);
  const small: number[] = [];
  const large: number[] = [];
  scaled.forEach((p, i) => (p < 1 ? small : large).push(i));
  while (small.length > 0 && large.length > 0) {
    const s = small.pop() as number;
    const l = large.pop() as number;
    prob[s] = scaled[s] as number;
    donors[s] = l;
    scaled[l] = (scaled[l] as number) + (scaled[s] as number) - 1;
    ((scaled[l] as number) < 1 ? small : large).push(l);
  }
  for (const i of large) {
    prob[i] = 1;
    donors[i] = i;
  }
  for (const i of small) {
    prob[i] = 1;
    donors[i] = i;
  }
  return { prob, donors };
}

/**
 * HOT PATH: the selectors read their draw from `draws[at]`, never take it as a double, so it is never boxed
 * (16 bytes per pick otherwise: docs/architecture.md, "Boxing"). `scratchDraw` serves callers holding a number.
 */
/** Per guide slot, the threshold of the version it starts at (`cum[guide[s]]`), so a pick reads both by slot. */
export function guideThresholds(cum: Float64Array, guide: Int32Array): Float64Array {
  return Float64Array.from(guide, (i) => cum[i] as number);
}

export function selectGuideAt(
  cum: Float64Array,
  guide: Int32Array,
  thresholds: Float64Array,
  slots: number,
  draws: Float64Array,
  at: number,
): number {
  const u = draws[at] as number;
  const slot = (u * slots) | 0;
  // The one step a threshold inside the slot needs, as a value rather than a branch: which side of it a draw
  // falls is a coin the branch predictor cannot learn (see CompiledSelector.indexOfAt). Its threshold is read
  // by slot, beside the start, not after it: one dependent load fewer (11.3 against 10.8 ns a pick, n = 10).
  let i = (guide[slot] as number) + +(u >= (thresholds[slot] as number));
  // More steps only where several thresholds share the slot: rare, so this branch predicts well.
  while (u >= (cum[i] as number)) i++;
  return i;
}

export function selectAliasAt(prob: Float64Array, donors: Int32Array, draws: Float64Array, at: number): number {
  const scaled = (draws[at] as number) * prob.length;
  const column = scaled | 0;
  return scaled - column < (prob[column] as number) ? column : (donors[column] as number);
}

export function selectBinaryAt(cum: Float64Array, draws: Float64Array, at: number): number {
  const u = draws[at] as number;
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (u < (cum[mid] as number)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** One slot holding a caller's plain number for the `*At` selectors (JavaScript runs one call at a time). */
const SCRATCH = new Float64Array(1);

/** `u` held in a one-slot array for the `*At` selectors, at index 0. */
export function scratchDraw(u: number): Float64Array {
  SCRATCH[0] = u;
  return SCRATCH;
}

/** Buckets of the two-version sticky table: keys fall back to logs with probability 1 / STICKY_BUCKETS. */
export const STICKY_BUCKETS = 32;

/**
 * Edges `(b / 32) ^ (w0 / w1)` for b = 0..32: the second version wins a key iff d0 < d1 ^ (w0 / w1), and
 * d1 ^ (w0 / w1) is increasing in d1, so the bucket of d1 brackets it between two edges.
 */
export function stickyEdges(w0: number, w1: number): Float64Array {
  const edges = new Float64Array(STICKY_BUCKETS + 1);
  const r = w0 / w1;
  for (let b = 0; b <= STICKY_BUCKETS; b++) edges[b] = Math.pow(b / STICKY_BUCKETS, r);
  return edges;
}

/** Most weight pairs whose edges are kept for sharing; pairs beyond it get edges of their own. */
export const SHARED_EDGE_PAIRS = 4096;
const sharedEdges = new Map<string, Float64Array>();

/**
 * `stickyEdges`, shared by every table with the same weight pair (a fleet's aliases mostly use a few splits:
 * 90/10, 80/20, 50/50), so a cache miss skips the 33 `Math.pow` calls (a quarter of its cost, measured) and a
 * two-version table does not hold 264 bytes of its own. Shared arrays are only ever read.
 */
export function sharedStickyEdges(w0: number, w1: number): Float64Array {
  const key = `${w0}/${w1}`;
  let edges = sharedEdges.get(key);
  if (edges === undefined) {
    edges = stickyEdges(w0, w1);
    if (sharedEdges.size < SHARED_EDGE_PAIRS) sharedEdges.set(key, edges);
  }
  return edges;
}
