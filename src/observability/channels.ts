import diagnostics from 'node:diagnostics_channel';

/**
 * The `node:diagnostics_channel` channels the router and the server publish on (docs/observability.md, Events).
 * Every publisher checks `hasSubscribers` before it builds a payload, so nothing is built or sent while
 * nobody listens; none of them is on the hot path (the sampled evaluation event runs only when a router is
 * created with `evaluationEvents`).
 */
export const CHANNELS = Object.freeze({
  /** A routing config was loaded and compiled (a miss, a refresh, a reload after a change). */
  configLoaded: 'flow-alias-router:router:config-loaded',
  /** The router applied a change event from its source (dropped the alias's cached tables, or all on `reset`). */
  changeApplied: 'flow-alias-router:router:change-applied',
  /** A pick was served from a table past its TTL (stale-while-revalidate or stale-if-error). */
  staleServed: 'flow-alias-router:router:stale-served',
  /** The source's state (`stats().state`: ready, stale, error) changed, as the router saw it. */
  sourceState: 'flow-alias-router:router:source-state',
  /** A rollout moved: a step boundary passed, it paused, completed or was aborted (the table was swapped). */
  rolloutStepped: 'flow-alias-router:router:rollout-stepped',
  /** This router's health ring breached and latched the rollout (aborted or paused). */
  rolloutLatched: 'flow-alias-router:router:rollout-latched',
  /** A sampled pick, as an OpenTelemetry `feature_flag.evaluation` event (only with `evaluationEvents`). */
  evaluation: 'flow-alias-router:router:evaluation',
  /** The server's registry committed a change (any dialect, the rollout verbs, a latch). */
  serverChangeApplied: 'flow-alias-router:server:change-applied',
});

export type ChannelName = (typeof CHANNELS)[keyof typeof CHANNELS];

/** The channel objects, made once (diagnostics_channel keeps one per name anyway). */
export const channels = {
  configLoaded: diagnostics.channel(CHANNELS.configLoaded),
  changeApplied: diagnostics.channel(CHANNELS.changeApplied),
  staleServed: diagnostics.channel(CHANNELS.staleServed),
  sourceState: diagnostics.channel(CHANNELS.sourceState),
  rolloutStepped: diagnostics.channel(CHANNELS.rolloutStepped),
  rolloutLatched: diagnostics.channel(CHANNELS.rolloutLatched),
  evaluation: diagnostics.channel(CHANNELS.evaluation),
  serverChangeApplied: diagnostics.channel(CHANNELS.serverChangeApplied),
} as const;
