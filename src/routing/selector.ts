import {
  aliasTables,
  cumulativeThresholds,
  guideTable,
  guideThresholds,
  selectAliasAt,
  selectBinaryAt,
  selectGuideAt,
  sharedStickyEdges,
} from './selectors.js';
import { rendezvousBounded, rendezvousPairIn, versionSalt } from './sticky.js';

/** The selector a table turns a uniform `u` into a version with, chosen at compile time by the config's shape. */
export type SelectorName = 'constant' | 'compare' | 'guide' | 'alias' | 'binary';

/**
 * `selector` as a small integer, for the hot-path branches. A const enum, so the bundle writes each value
 * where it is used: esbuild makes a module's `const` a `var`, which TurboFan loads from the module's context
 * and checks on every use (0.2 to 0.4 ns a pick, measured with the constants written in by hand).
 */
export const enum Kind {
  Constant = 0,
  Compare = 1,
  Guide = 2,
  Alias = 3,
  Binary = 4,
}
const KINDS: Record<SelectorName, number> = {
  constant: Kind.Constant,
  compare: Kind.Compare,
  guide: Kind.Guide,
  alias: Kind.Alias,
  binary: Kind.Binary,
};

const EMPTY_F64 = new Float64Array(0);
const EMPTY_I32 = new Int32Array(0);

/**
 * INTERNAL: a compiled selector, the one place a version is chosen. `Router.pick`, `Router.explain` and
 * `RoutingTable.select` / `selectHash` all call `indexOfAt` or `indexOfHash` here (docs/architecture.md, "The
 * table split"). Never frozen and never handed to callers: an element read from a frozen array compiles to
 * a generic KeyedLoadIC call in Node 20's TurboFan (7.0 ns against 1.4 ns per read measured here), so the hot
 * path reads `versions` from this unfrozen copy. Fields are assigned in one fixed order: every selector
 * shares one hidden class and the call sites stay monomorphic. Shared by every table with the same content
 * (src/routing/compile.ts), so it is only ever read.
 */
export class CompiledSelector {
  readonly kind: number;
  /** Share of the first version: the whole selector for two versions (1 for one version). */
  readonly p0: number;
  readonly cum: Float64Array;
  readonly guide: Int32Array;
  /** Guide tables only: `cum` at each slot's start (see `guideThresholds`). */
  readonly guideThresholds: Float64Array;
  readonly slots: number;
  readonly prob: Float64Array;
  /** Alias-method tables only: the column each column gives its remainder to (Vose's "alias" column). */
  readonly donors: Int32Array;
  readonly salts: Int32Array;
  readonly inverseWeights: Float64Array;
  /** Two versions only: bucket edges deciding sticky picks without logs (see `rendezvousPairIn`). */
  readonly edges: Float64Array;
  /** HOT PATH: the versions every index points into, unfrozen (see above). */
  readonly versions: string[];

  constructor(versions: readonly string[], weights: readonly number[], total: number, selector: SelectorName) {
    const n = versions.length;
    this.kind = KINDS[selector];
    this.p0 = n > 1 ? (weights[0] as number) / total : 1;
    this.cum = selector === 'guide' || selector === 'binary' ? cumulativeThresholds(weights, total) : EMPTY_F64;
    this.guide = selector === 'guide' ? guideTable(this.cum) : EMPTY_I32;
    this.guideThresholds = selector === 'guide' ? guideThresholds(this.cum, this.guide) : EMPTY_F64;
    this.slots = this.guide.length > 0 ? this.guide.length - 1 : 0;
    const vose = selector === 'alias' ? aliasTables(weights, total) : undefined;
    this.prob = vose?.prob ?? EMPTY_F64;
    this.donors = vose?.donors ?? EMPTY_I32;
    this.salts = n > 1 ? Int32Array.from(versions, versionSalt) : EMPTY_I32;
    this.inverseWeights = n > 1 ? Float64Array.from(weights, (w) => 1 / w) : EMPTY_F64;
    this.edges = n === 2 ? sharedStickyEdges(weights[0] as number, weights[1] as number) : EMPTY_F64;
    this.versions = versions.slice();
  }

  /**
   * HOT PATH: index of the version for the uniform draw in `draws[at]` (see DrawSource; never a double
   * argument: docs/architecture.md, "Boxing"). Unchecked. Two versions (the common canary shape) and the
   * guide table are tested first, so the common picks pay one or two compares before their selector.
   */
  indexOfAt(draws: Float64Array, at: number): number {
    const kind = this.kind;
    // The compare as a value, not a branch: a draw is a coin the branch predictor cannot learn, and at 80/20
    // the mispredicted fifth cost a random pick 10.8 against 8.7 ns (bench/scenarios/random-pick.ts, n = 2).
    if (kind === Kind.Compare) return +((draws[at] as number) >= this.p0);
    if (kind === Kind.Guide) return selectGuideAt(this.cum, this.guide, this.guideThresholds, this.slots, draws, at);
    if (kind === Kind.Constant) return 0;
    if (kind === Kind.Alias) return selectAliasAt(this.prob, this.donors, draws, at);
    return selectBinaryAt(this.cum, draws, at);
  }

  /**
   * HOT PATH: index of the sticky version for a key hash (weighted rendezvous, docs/stickiness.md). Only the
   * hash's 32 bits matter: it may be given unsigned (`murmur3`) or as the same bits in int32 form.
   */
  indexOfHash(keyHash: number): number {
    const n = this.salts.length;
    if (n === 0) return 0;
    if (n === 2) return rendezvousPairIn(keyHash, this.salts, this.inverseWeights, this.edges);
    return rendezvousBounded(keyHash, this.salts, this.inverseWeights);
  }
}
