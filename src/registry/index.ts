/**
 * `flow-alias-router/registry`: the in-process control plane. FlowRegistry (flows, versions, aliases,
 * rollouts, change events) on a store from `flow-alias-router/stores`, its snapshots, and the rollout presets
 * its `startRollout` takes.
 */
export { FlowRegistry, type FlowRegistryOptions, type Answer, type AnyRegistry } from './registry.js';
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
} from './inputs.js';
export type {
  StartRolloutInput,
  RolloutVerbOptions,
  RolloutStatus,
  LatchRolloutRequest,
  LatchRolloutAnswer,
  OutcomeReport,
} from './operations/rollouts.js';
export { canary, linear, allAtOnce, CODEDEPLOY_PRESETS, type RolloutPlan } from '../rollout/presets.js';
export { CLIENT_TOKEN_TTL_MS } from './idempotency.js';
export type { RegistryOptions, RegistryQuotas } from './options.js';
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
} from './model.js';
export { DEFINITION_LIMITS, type JsonValue, type JsonLimits } from '../input/json-document.js';
export {
  SNAPSHOT_FORMAT,
  SNAPSHOT_VERSION,
  type RegistrySnapshot,
  type FlowSnapshot,
  type ClientTokenSnapshot,
} from './snapshot.js';
export type { FirstResult } from './state.js';
