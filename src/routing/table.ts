import { ValidationException } from '../errors.js';
import {
  aliasTables,
  cumulativeThresholds,
  guideTable,
  scratchDraw,
  selectAliasAt,
  selectBinaryAt,
  selectGuideAt,
  sharedStickyEdges,
} from './selectors.js';
import { rendezvous, rendezvousPairIn, versionSalt } from './sticky.js';
import type { NormalizedRouting, RoutingEntry } from './validate.js';

/** The selector a table turns a uniform `u` into a version with, chosen at compile time by the config's shape. */
export type SelectorName = 'constant' | 'compare' | 'guide' | 'alias' | 'binary';

/** `selector` as a small integer, for the router's hot-path branches. */
export const KIND_CONSTANT = 0;
export const KIND_COMPARE = 1;
export const KIND_GUIDE = 2;
export const KIND_ALIAS = 3;
export const KIND_BINARY = 4;
const KINDS: Record<SelectorName, number> = {
  constant: KIND_CONSTANT,
  compare: KIND_COMPARE,
  guide: KIND_GUIDE,
  alias: KIND_ALIAS,
  binary: KIND_BINARY,
};

const EMPTY_F64 = new Float64Array(0);
const EMPTY_I32 = new Int32Array(0);

/**
 * An immutable compiled routing configuration. Every array the selectors read is built here, once; the
 * fields are assigned in one fixed order so all tables share one hidden class and call sites stay
 * monomorphic.
 */
export class RoutingTable {
  /** Versions with weight > 0, in canonical (code-unit) order: the indexes every selector returns. */
  readonly versions: readonly string[];
  readonly weights: readonly number[];
  readonly total: number;
  /** Every configured entry, weight-0 ones included, in the order given. */
  readonly entries: readonly RoutingEntry[];
  readonly selector: SelectorName;
  readonly kind: number;
  /** Share of the first version: the whole selector for two versions (1 for one version). */
  readonly p0: number;
  readonly cum: Float64Array;
  readonly guide: Int32Array;
  readonly slots: number;
  readonly prob: Float64Array;
  /** Alias-method tables only: the column each column gives its remainder to (Vose's "alias" column). */
  readonly donors: Int32Array;
  readonly salts: Int32Array;
  readonly inverseWeights: Float64Array;
  /** Two versions only: bucket edges deciding sticky picks without logs (see `rendezvousPairIn`). */
  readonly edges: Float64Array;

  constructor(normalized: NormalizedRouting, selector: SelectorName) {
    const { versions, weights, total } = normalized;
    const n = versions.length;
    this.versions = Object.freeze(versions.slice());
    this.weights = Object.freeze(weights.slice());
    this.total = total;
    this.entries = Object.freeze(normalized.configured.map((entry) => Object.freeze({ ...entry })));
    this.selector = selector;
    this.kind = KINDS[selector];
    this.p0 = n > 1 ? (weights[0] as number) / total : 1;
    this.cum = selector === 'guide' || selector === 'binary' ? cumulativeThresholds(weights, total) : EMPTY_F64;
    this.guide = selector === 'guide' ? guideTable(this.cum) : EMPTY_I32;
    this.slots = this.guide.length > 0 ? this.guide.length - 1 : 0;
    const vose = selector === 'alias' ? aliasTables(weights, total) : undefined;
    this.prob = vose?.prob ?? EMPTY_F64;
    this.donors = vose?.donors ?? EMPTY_I32;
    this.salts = Int32Array.from(versions, versionSalt);
    this.inverseWeights = Float64Array.from(weights, (w) => 1 / w);
    this.edges = n === 2 ? sharedStickyEdges(weights[0] as number, weights[1] as number) : EMPTY_F64;
    Object.freeze(this);
  }

  /**
   * HOT PATH: index of the version for the uniform draw in `draws[at]` (see DrawSource). Unchecked: the router
   * feeds it its own source. The switch keeps one class for every shape (a polymorphic call site measured
   * slower).
   */
  indexOfAt(draws: Float64Array, at: number): number {
    switch (this.kind) {
      case KIND_CONSTANT:
        return 0;
      case KIND_COMPARE:
        return (draws[at] as number) < this.p0 ? 0 : 1;
      case KIND_GUIDE:
        return selectGuideAt(this.cum, this.guide, this.slots, draws, at);
      case KIND_ALIAS:
        return selectAliasAt(this.prob, this.donors, draws, at);
      default:
        return selectBinaryAt(this.cum, draws, at);
    }
  }

  /** Index of the version for a uniform `u` in [0, 1). Unchecked. */
  indexOf(u: number): number {
    return this.indexOfAt(scratchDraw(u), 0);
  }

  /**
   * HOT PATH: index of the sticky version for a key hash (weighted rendezvous, docs/stickiness.md). Only the
   * hash's 32 bits matter: it may be given unsigned (`murmur3`) or as the same bits in int32 form.
   */
  indexOfHash(keyHash: number): number {
    const n = this.salts.length;
    if (n === 1) return 0;
    if (n === 2) return rendezvousPairIn(keyHash, this.salts, this.inverseWeights, this.edges);
    return rendezvous(keyHash, this.salts, this.inverseWeights);
  }

  /** The version for `u`; throws `ValidationException` unless `u` is a number in [0, 1). */
  select(u: number): string {
    if (typeof u !== 'number' || !(u >= 0 && u < 1)) {
      throw new ValidationException('u', 'must be a number in [0, 1)');
    }
    return this.versions[this.indexOf(u)] as string;
  }

  /** The version a 32-bit key hash maps to (see `stickyHash`). */
  selectHash(keyHash: number): string {
    if (typeof keyHash !== 'number' || !Number.isInteger(keyHash) || keyHash < 0 || keyHash > 0xffffffff) {
      throw new ValidationException('keyHash', 'must be an unsigned 32-bit integer');
    }
    return this.versions[this.indexOfHash(keyHash)] as string;
  }

  /** Share of traffic configured for `version`: weight / total, 0 for versions not routed to. */
  share(version: string): number {
    const i = this.versions.indexOf(version);
    return i < 0 ? 0 : (this.weights[i] as number) / this.total;
  }
}
