import type { SourceStats } from './source.js';
import type { SelectorName } from '../routing/table.js';
import type { RolloutSummary } from './rollout-driver.js';

export type { RolloutSummary };

/** How a pick drew its number: the default fast source (or an injected one), a seeded generator, or a key hash. */
export type PickMode = 'random' | 'seeded' | 'sticky';

/** A plain record of one pick, for logs and debugging. */
export interface Explanation {
  readonly version: string;
  readonly flow: string;
  readonly alias: string;
  readonly identity: string;
  readonly revision: number | string | null;
  /** How the pick drew: `random`, `seeded`, or `sticky` (a key hash). */
  readonly mode: PickMode;
  /** The compiled selector that turned `u` into a version. */
  readonly selector: SelectorName;
  /** The uniform number drawn (random and seeded picks with two or more versions), else null. */
  readonly u: number | null;
  /** The 32-bit key hash (sticky picks), else null. */
  readonly keyHash: number | null;
  /** Every configured entry with its share of traffic, weight-0 entries included. */
  readonly weights: readonly { readonly version: string; readonly weight: number; readonly share: number }[];
  /** The alias's rollout (id, step, state, health), when it has one (docs/rollouts.md). */
  readonly rollout?: RolloutSummary;
  /**
   * True when the pick was served from a config that may be out of date: past its TTL (stale-while-
   * revalidate or stale-if-error), or from a source that is not `ready` (its change stream is down).
   */
  readonly stale: boolean;
}

export interface AliasStats {
  readonly flow: string;
  readonly alias: string;
  readonly identity: string;
  readonly revision: number | string | null;
  readonly selector: SelectorName;
  /** Clock reading when this table was loaded; counters count from then. */
  readonly loadedAt: number;
  readonly picks: Readonly<Record<string, number>>;
  /** The alias's rollout (id, step, state, health), when it has one. */
  readonly rollout?: RolloutSummary;
}

export interface CacheStats {
  readonly size: number;
  readonly loads: number;
  readonly loadErrors: number;
  readonly evictions: number;
  readonly invalidations: number;
  readonly negativeHits: number;
  readonly staleServed: number;
  readonly staleIfErrorServed: number;
}

export interface RouterStats {
  readonly aliases: readonly AliasStats[];
  readonly cache: CacheStats;
  /** The source's own report (its state, and for HttpAliasSource revision, lag, reconnects), when it has one. */
  readonly source?: SourceStats;
}
