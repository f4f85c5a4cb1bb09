import type { RoutingTable } from '../routing/table.js';
import type { RolloutDriver } from './rollout-driver.js';

const NO_OUTCOMES = new Float64Array(0);

/** One cached, compiled alias. Fields are assigned in one fixed order: every entry shares a hidden class. */
export class CacheEntry {
  /**
   * The compiled table picks read. Replaced (with `versions` and `counts`) only by a rollout's step swap,
   * off the hot path (src/router/rollout-driver.ts).
   */
  table: RoutingTable;
  /** Per-version pick counters in the table's canonical order (length 0 when stats are off). */
  counts: Float64Array;
  /**
   * HOT PATH: the table's versions, as an unfrozen copy the pick returns from. Node 20's TurboFan compiles
   * an element read from a frozen array (as `table.versions` is) to a generic KeyedLoadIC call instead of an
   * inline load: 7.0 ns against 1.4 ns per read measured here. Internal: never handed to callers.
   */
  versions: string[];
  /** The hot path re-checks freshness against this only when the router has a TTL. */
  readonly freshUntil: number;
  /** When this table first went stale: the start of its stale-while-revalidate and stale-if-error windows. */
  readonly staleSince: number;
  /** The router's LRU epoch at the last recency update (see Router.pick). */
  epoch = 0;
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
    this.table = table;
    this.counts = new Float64Array(stats ? table.versions.length : 0);
    this.versions = table.versions.slice();
    this.freshUntil = loadedAt + ttlMs;
    this.staleSince = this.freshUntil;
  }
}

/** The slow path's key for `(flow, alias)`: the flow's length keeps every pair distinct. Never built per pick. */
export function cacheKeyOf(flow: string, alias: string): string {
  return `${flow.length}:${flow}${alias}`;
}
