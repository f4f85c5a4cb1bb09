import type { CompiledSelector } from '../routing/selector.js';
import { selectorOf, type RoutingTable } from '../routing/table.js';
import type { RolloutDriver } from './rollout-driver.js';

const NO_OUTCOMES = new Float64Array(0);

/**
 * One cached, compiled alias: only what the hot path and the slow path read (issue 13: memory per cached
 * alias). The table and its selector are shared by every alias with the same content. Fields are assigned in
 * one fixed order: every entry shares a hidden class.
 */
export class CacheEntry {
  /**
   * HOT PATH: the table's compiled selector (src/routing/selector.ts), which also holds the unfrozen copy of
   * the versions a pick returns from. Replaced with `table` and `counts` only by a rollout's step swap, off
   * the hot path (src/router/rollout-driver.ts).
   */
  selector: CompiledSelector;
  /**
   * Per-version pick counters in the table's canonical order (length 0 when stats are off): a plain array of
   * doubles (`counts[i] += 1` stores unboxed, exact to 2^53), about 40 bytes at two versions against about
   * 150 for a Float64Array (its ArrayBuffer and backing store).
   */
  counts: number[];
  /** The hot path re-checks freshness against this only when the router has a TTL. */
  readonly freshUntil: number;
  /** The router's LRU epoch at the last recency update (see Router.pick). */
  epoch = 0;
  /** The public table, for explain, stats and preload. */
  table: RoutingTable;
  /** Earliest time of the next refresh attempt after a failed one. */
  retryAt = 0;
  lastError: unknown = undefined;
  /** The alias's rollout, or null: present on every entry so every entry keeps one hidden class. */
  rollout: RolloutDriver | null = null;
  /**
   * Outcome counters (ok, error per version, in `versions` order) for the `flow_alias_router.outcomes` metric:
   * empty unless the router has a meter (src/observability/observer.ts). Never read by `pick`.
   */
  outcomes: Float64Array = NO_OUTCOMES;

  constructor(
    table: RoutingTable,
    readonly flow: string,
    readonly alias: string,
    /** Unambiguous cache key for the slow path's maps (see `cacheKeyOf`); not the sticky key of a pick. */
    readonly cacheKey: string,
    readonly identity: string,
    /** Seed of this alias's key hashes: murmur3 of the identity. */
    readonly salt: number,
    readonly revision: number | string | undefined,
    readonly loadedAt: number,
    ttlMs: number,
    stats: boolean,
  ) {
    this.selector = selectorOf(table);
    this.counts = counters(stats ? table.versions.length : 0);
    this.freshUntil = loadedAt + ttlMs;
    this.table = table;
  }

  /** When this table first went stale: the start of its stale-while-revalidate and stale-if-error windows. */
  get staleSince(): number {
    return this.freshUntil;
  }
}

/**
 * `n` zeroed counters in double elements from the start (filled with a fraction, then zeroed): every entry's
 * array has the same elements kind, so the counting store stays monomorphic and never changes kind (an
 * integer array would turn into a double array, a reallocation, at 2^30 picks).
 */
export function counters(n: number): number[] {
  const counts: number[] = [];
  for (let i = 0; i < n; i++) counts.push(0.5);
  for (let i = 0; i < n; i++) counts[i] = 0;
  return counts;
}

/** The slow path's key for `(flow, alias)`: the flow's length keeps every pair distinct. Never built per pick. */
export function cacheKeyOf(flow: string, alias: string): string {
  return `${flow.length}:${flow}${alias}`;
}
