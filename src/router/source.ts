import type { RolloutRecord } from '../rollout/model.js';
import type { RoutingEntry } from '../routing/validate.js';

/** What a source answers for one alias. */
export interface RoutingConfig {
  readonly entries: readonly RoutingEntry[];
  /** Changes whenever the config does; shown by `explain()` and `stats()`. */
  readonly revision?: number | string;
  /**
   * A stable identity for the alias (the registry uses the alias ARN). It salts sticky hashes, so it must be
   * the same on every machine, and change events name it. Defaults to `${flow}/${alias}` as the caller
   * spelled them.
   */
  readonly identity?: string;
  /**
   * The alias's rollout (docs/rollouts.md). While it is running or paused, `entries` is the starting routing
   * and the router computes the weights of the current step itself.
   */
  readonly rollout?: RolloutRecord;
  /** The source's wall clock (ms since the epoch) when it answered: the router measures its offset from it. */
  readonly wallClockAt?: number;
}

/**
 * A change to one alias: created, updated or deleted; or `reset`, when the source may have missed changes
 * (its identity is empty): a router forgets everything it cached from the source.
 */
export interface AliasChange {
  readonly kind: 'created' | 'updated' | 'deleted' | 'reset';
  /** The identity the source puts on its configs (or `${flow}/${alias}` if it puts none); empty on `reset`. */
  readonly identity: string;
}

/**
 * Where a router gets routing configs. `getRouting` may answer synchronously (the in-process registry) or
 * with a promise (a remote control plane); it throws or rejects with `ResourceNotFoundException` for an
 * alias that does not exist.
 */
export interface AliasSource {
  getRouting(flow: string, alias: string): RoutingConfig | PromiseLike<RoutingConfig>;
  /** Calls `onChange` for every alias change, synchronously if it can; returns the unsubscribe function. */
  subscribe?(onChange: (change: AliasChange) => void): () => void;
  /** How current the source is (a remote source's connection state); the Router's `stats()` and `explain()` show it. */
  stats?(): SourceStats;
}

/**
 * Whether a source can vouch that what it answered is current: `ready` (it is told of every change:
 * connected and caught up), `stale` (it lost its change stream and falls back to polling: configs may be
 * up to one poll old), `error` (the control plane answers nothing: configs are the last good ones).
 */
export type SourceState = 'ready' | 'stale' | 'error';

export interface SourceStats {
  readonly state: SourceState;
  /** Anything else the source reports (HttpAliasSource: revision, lag, reconnects...). */
  readonly [detail: string]: unknown;
}

export function defaultIdentity(flow: string, alias: string): string {
  return `${flow}/${alias}`;
}
