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
export { RoutingTable, type SelectorStrategy } from './routing/table.js';
export type { RoutingEntry, FieldLabels } from './routing/validate.js';
export { MAX_ENTRIES, MAX_WEIGHT, MAX_VERSION_LENGTH, MAX_KEY_LENGTH } from './routing/limits.js';
export { stickyHash } from './routing/sticky.js';
export { murmur3, fmix32 } from './random/murmur3.js';
export { seededRandom, type RandomSource } from './random/sources.js';
export { Router, MAX_IDENTIFIER_LENGTH } from './router/router.js';
export type { RouterOptions } from './router/options.js';
export type { AliasSource, AliasChange, RoutingConfig } from './router/source.js';
export type { Explanation, PickStrategy, RouterStats, AliasStats, CacheStats } from './router/explain.js';
export type { Clock } from './router/clock.js';
export { MemorySource } from './sources/memory.js';
