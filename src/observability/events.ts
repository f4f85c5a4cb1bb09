import type { SelectorName } from '../routing/table.js';
import type { BreachEvidence } from '../rollout/model.js';
import type { SourceState } from '../router/source.js';

/**
 * The payloads published on the channels of `CHANNELS` (docs/observability.md, Events). Plain records, built
 * only when the channel has a subscriber. `router` is the publishing Router (or null for the server's events),
 * so a subscriber can tell several routers apart.
 */

/** `flow-alias-router:router:config-loaded`. */
export interface ConfigLoadedEvent {
  readonly router: object;
  readonly flow: string;
  readonly alias: string;
  readonly identity: string;
  readonly revision: number | string | null;
  /** The versions routed to, in the table's canonical order. */
  readonly versions: readonly string[];
  readonly selector: SelectorName;
  /** Whether it was cached (false: a change arrived while it loaded, so it only answered its waiters). */
  readonly cached: boolean;
  readonly rollout: { readonly id: string; readonly step: number; readonly percent: number; readonly state: string } | null;
}

/** `flow-alias-router:router:change-applied`. */
export interface ChangeAppliedEvent {
  readonly router: object;
  readonly kind: 'created' | 'updated' | 'deleted' | 'reset';
  /** The alias identity the source named; empty on `reset`. */
  readonly identity: string;
  /** The cached spellings dropped (every cached alias on `reset`). */
  readonly dropped: readonly { readonly flow: string; readonly alias: string }[];
}

/** `flow-alias-router:router:stale-served`: one per pick served stale (the slow path only). */
export interface StaleServedEvent {
  readonly router: object;
  readonly flow: string;
  readonly alias: string;
  readonly identity: string;
  readonly revision: number | string | null;
  /** `while-revalidate`: a refresh is running; `if-error`: the source failed, the last good table is served. */
  readonly kind: 'while-revalidate' | 'if-error';
  /** How long past its TTL the table is, in ms. */
  readonly ageMs: number;
}

/** `flow-alias-router:router:source-state`. */
export interface SourceStateEvent {
  readonly router: object;
  readonly state: SourceState;
  /** null for the first state the router saw. */
  readonly previous: SourceState | null;
  /** The source's `stats().lagMs` when it reports one, else null. */
  readonly lagMs: number | null;
}

/** `flow-alias-router:router:rollout-stepped`. */
export interface RolloutSteppedEvent {
  readonly router: object;
  readonly flow: string;
  readonly alias: string;
  readonly rolloutId: string;
  readonly target: string;
  readonly previous: { readonly step: number; readonly percent: number; readonly phase: string };
  readonly step: number;
  /** The target's share in percent now. */
  readonly percent: number;
  readonly phase: string;
}

/** `flow-alias-router:router:rollout-latched`. */
export interface RolloutLatchedEvent {
  readonly router: object;
  readonly flow: string;
  readonly alias: string;
  readonly rolloutId: string;
  readonly target: string;
  readonly state: 'aborted' | 'paused';
  readonly step: number;
  readonly percent: number;
  readonly evidence: BreachEvidence;
}

/**
 * `flow-alias-router:router:evaluation`: a sampled pick as an OpenTelemetry `feature_flag.evaluation` event
 * (semantic-convention attribute names). The sticky key is never included.
 */
export interface EvaluationEvent {
  readonly router: object;
  readonly 'feature_flag.key': string;
  readonly 'feature_flag.provider.name': string;
  readonly 'feature_flag.result.variant': string;
  readonly 'feature_flag.result.reason': 'static' | 'split' | 'stale';
  readonly 'feature_flag.version'?: string;
  /** Whether the pick had a sticky key. */
  readonly sticky: boolean;
  /** How many picks this one stands for (1 / the sample rate). */
  readonly sampleWeight: number;
}

/** `flow-alias-router:server:change-applied`: a change the server's registry committed. */
export interface ServerChangeEvent {
  readonly router: null;
  readonly kind: 'created' | 'updated' | 'deleted' | 'reset';
  readonly identity: string;
}
