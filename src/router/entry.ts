import type { CompiledSelector } from '../routing/selector.js';
import { selectorOf, type RoutingTable } from '../routing/table.js';
import type { RolloutDriver } from './rollout-driver.js';

const NO_OUTCOMES = new Float64Array(0);

/**
 * One cached, compiled alias, for the slow path (loads, staleness, explain, stats, rollouts, metrics): a
 * pick reads the alias's slot in the router's AliasIndex instead (src/router/alias-index.ts), which copies
 * the fields it needs, and counts in its row (src/router/rows.ts), which also holds its load time and
 * freshness (doubles, which as fields would be boxed: 32 bytes per entry). The table and its selector are
 * shared by every alias with the same content. Fields are assigned in one fixed order: every entry shares a
 * hidden class.
 */
export class CacheEntry {
  /**
   * The table's compiled selector (src/routing/selector.ts), which also holds the unfrozen copy of the
   * versions a pick returns from. Replaced with `table` only by a rollout's step swap (src/router/rollout-driver.ts).
   */
  selector: CompiledSelector;
  /** The offset of this entry's row in the router's RoutingRows, or 0 when it has none (not cached). */
  at = 0;
  /** Its selector's id in the router's CountedIds of selectors while it has a row (the index slot holds it too). */
  selectorId = 0;
  /** Seed of this alias's key hashes: murmur3 of the identity. */
  readonly salt: number;
  /** The public table, for explain, stats and preload. */
  table: RoutingTable;
  readonly flow: string;
  readonly alias: string;
  /** Unambiguous cache key for the slow path's maps (see `cacheKeyOf`); not the sticky key of a pick. */
  readonly cacheKey: string;
  readonly identity: string;
  readonly revision: number | string | undefined;
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
    flow: string,
    alias: string,
    cacheKey: string,
    identity: string,
    salt: number,
    revision: number | string | undefined,
  ) {
    this.selector = selectorOf(table);
    this.salt = salt;
    this.table = table;
    this.flow = flow;
    this.alias = alias;
    this.cacheKey = cacheKey;
    this.identity = identity;
    this.revision = revision;
  }
}

/** The slow path's key for `(flow, alias)`: the flow's length keeps every pair distinct. Never built per pick. */
export function cacheKeyOf(flow: string, alias: string): string {
  return `${flow.length}:${flow}${alias}`;
}
