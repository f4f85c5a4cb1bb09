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
export { canary, linear, allAtOnce, CODEDEPLOY_PRESETS, type RolloutPlan } from './rollout/presets.js';
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
export { FlowRegistry, type FlowRegistryOptions, type Answer, type AnyRegistry } from './registry/registry.js';
export type {
  ResourceRef,
  CreateFlowInput,
  FlowPatch,
  CreateVersionInput,
  CreateAliasInput,
  AliasPatch,
  WriteOptions,
  DeleteFlowOptions,
  ListAliasesOptions,
} from './registry/inputs.js';
export type {
  StartRolloutInput,
  RolloutVerbOptions,
  RolloutStatus,
  LatchRolloutRequest,
  LatchRolloutAnswer,
  OutcomeReport,
} from './registry/operations/rollouts.js';
export { CLIENT_TOKEN_TTL_MS } from './registry/idempotency.js';
export type { RegistryOptions, RegistryQuotas } from './registry/options.js';
export {
  TEST_ALIAS_ID,
  DRAFT_VERSION,
  type Draft,
  type FlowRecord,
  type VersionRecord,
  type AliasRecord,
  type FlowStatus,
  type Concurrency,
  type ConcurrencyType,
  type Tags,
} from './registry/model.js';
export { DEFINITION_LIMITS, type JsonValue, type JsonLimits } from './input/json-document.js';
export {
  SNAPSHOT_FORMAT,
  SNAPSHOT_VERSION,
  type RegistrySnapshot,
  type FlowSnapshot,
  type ClientTokenSnapshot,
} from './registry/snapshot.js';
export type { FirstResult } from './registry/state.js';
export { bedrockApi, type BedrockApiOptions } from './dialects/bedrock/api.js';
export type { BedrockApi } from './dialects/bedrock/types.js';
export type * as Bedrock from './dialects/bedrock/types.js';
export { cloudflowApi, type CloudFlowApiOptions } from './dialects/cloudflow/api.js';
export type { CloudFlowApi } from './dialects/cloudflow/types.js';
export type * as CloudFlow from './dialects/cloudflow/types.js';
export {
  createHandler,
  type HandlerOptions,
  type ServerOptions,
  type FlowAliasRouterHandler,
} from './server/handler.js';
export { listen, type ListenOptions, type ListeningServer } from './server/listen.js';
export type { AccessKey } from './server/credentials.js';
export type { ServerLimits, RateLimit } from './server/limits.js';
export type { ServerMetricsOptions } from './server/observability.js';
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
