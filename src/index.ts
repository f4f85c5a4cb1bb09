/**
 * `flow-alias-router`: the data plane. What a serverless handler or a gateway needs to pick a version: the
 * Router, the alias sources, compileRouting and the public table, the typed errors and the sticky hash.
 * Importing it never loads the registry, the dialects, the server, a database client or a SigV4 library
 * (test/package/entries.test.ts pins the import graph); the control plane has its own entries
 * (docs/architecture.md, Entries).
 */
export {
  FlowAliasRouterException,
  ValidationException,
  AccessDeniedException,
  ResourceNotFoundException,
  UnknownOperationException,
  ConflictException,
  ServiceQuotaExceededException,
  ThrottlingException,
  InternalServerException,
  ServiceUnavailableException,
  isFlowAliasRouterException,
} from './errors.js';
export { compileRouting, type CompileOptions } from './routing/compile.js';
export { RoutingTable, type SelectorName } from './routing/table.js';
export type { RoutingEntry, FieldLabels } from './routing/validate.js';
export { MAX_ENTRIES, MAX_WEIGHT, MAX_VERSION_LENGTH, MAX_KEY_LENGTH } from './routing/limits.js';
export { stickyHash } from './routing/sticky.js';
export { murmur3, fmix32 } from './random/murmur3.js';
export { seededRandom, type RandomSource } from './random/sources.js';
export { Router, MAX_IDENTIFIER_LENGTH } from './router/router.js';
export type { RouterOptions } from './router/options.js';
export type { AliasSource, AliasChange, RoutingConfig, SourceState, SourceStats } from './router/source.js';
export type { Explanation, PickMode, RouterStats, AliasStats, CacheStats } from './router/explain.js';
export type { MonotonicClock } from './router/clock.js';
export { ManualScheduler, type RolloutScheduler } from './router/rollout-scheduler.js';
export type { RolloutControl } from './router/rollout-control.js';
export type { RolloutSummary } from './router/rollout-driver.js';
export type {
  RolloutRecord,
  RolloutState,
  RolloutStep,
  RolloutEndReason,
  HealthPolicy,
  HealthAction,
  BreachEvidence,
  WindowEvidence,
  OutcomeCounts,
} from './rollout/model.js';
export type { RolloutPosition } from './rollout/schedule.js';
export type { WindowCounts } from './rollout/health.js';
export { MemorySource, type MemorySourceOptions } from './sources/memory.js';
export type { ListenerErrorHandler } from './sources/change-listeners.js';
export { CHANNELS, type ChannelName } from './observability/channels.js';
export type {
  ConfigLoadedEvent,
  ChangeAppliedEvent,
  StaleServedEvent,
  SourceStateEvent,
  RolloutSteppedEvent,
  RolloutLatchedEvent,
  EvaluationEvent,
  ServerChangeEvent,
} from './observability/events.js';
export { METRICS, ATTRIBUTES, type RouterMetricsOptions } from './observability/metrics.js';
export type {
  MeterLike,
  MetricAttributes,
  InstrumentOptionsLike,
  ObservableLike,
  BatchObservableResultLike,
  BatchObservableCallbackLike,
} from './observability/meter.js';
export type { EvaluationEventsOptions } from './observability/evaluations.js';
export { PrometheusMeter } from './observability/prometheus.js';
export { HttpAliasSource, type HttpAliasSourceOptions, type HttpSourceStats } from './sources/http.js';
export type { AccessKey } from './wire/sigv4-signer.js';
