import { ValidationException } from '../errors.js';
import type { RandomSource } from '../random/sources.js';
import type { MonotonicClock } from './clock.js';
import type { AliasSource } from './source.js';
import type { RolloutControl } from './rollout-control.js';
import type { RolloutScheduler } from './rollout-scheduler.js';
import type { MeterLike } from '../observability/meter.js';
import type { RouterMetricsOptions } from '../observability/metrics.js';
import type { EvaluationEventsOptions } from '../observability/evaluations.js';

export interface RouterOptions {
  /** Where routing configs come from: the in-process `FlowRegistry`, a `MemorySource`, a remote source. */
  readonly source: AliasSource;
  /** Most aliases kept compiled (LRU). Default 10,000; 1 to 10,000,000. */
  readonly maxAliases?: number;
  /** How long a loaded config is fresh. Default Infinity: rely on the source's change events. */
  readonly ttlMs?: number;
  /** After the TTL, serve the old table this long while one refresh runs. Default 0. */
  readonly staleWhileRevalidateMs?: number;
  /** After the TTL, keep serving the last good table this long while the source fails. Default 0. */
  readonly staleIfErrorMs?: number;
  /** How long an alias the source said does not exist is answered from cache. Default 1,000 ms. */
  readonly negativeTtlMs?: number;
  /** Least time between refresh attempts of one alias after the source failed. Default 1,000 ms. */
  readonly retryAfterErrorMs?: number;
  /** Seed for a reproducible random source (seedrandom's Alea). Exclusive with `random`. */
  readonly seed?: string;
  /**
   * A random source returning numbers in [0, 1), for tests. Exclusive with `seed`. Default: a fast internal
   * generator (sfc32, 53-bit draws) seeded from Math.random, which, unlike Math.random, allocates nothing.
   */
  readonly random?: RandomSource;
  /** A monotonic clock in ms for TTLs. Default performance.now. */
  readonly monotonicClock?: MonotonicClock;
  /** How stale a cached clock reading may be. Default 1 ms, or 0 (exact) when `monotonicClock` is injected. */
  readonly clockResolutionMs?: number;
  /** Keep per-version pick counters (`stats()`). Default true. */
  readonly stats?: boolean;
  /**
   * Wall clock and timers of rollouts (step boundaries, health windows). Default: `Date.now` and unref'd
   * `setTimeout`s. `ManualScheduler` moves time by hand (tests, the demo's fast-forward).
   */
  readonly scheduler?: RolloutScheduler;
  /**
   * Where rollout decisions are written (and, on a shared store, outcome counts summed): default the source
   * when it is one (a `FlowRegistry`); `false` for none, so a health decision affects this process only.
   */
  readonly rolloutControl?: RolloutControl | false;
  /** Names this process in outcome reports and decisions. Default `pid-<pid>-<random>`; 1 to 128 characters. */
  readonly processId?: string;
  /** Told about a failed rollout report or decision write. Default `console.error`. */
  readonly onRolloutError?: (error: unknown) => void;
  /**
   * An OpenTelemetry `Meter` (typed structurally: no import of `@opentelemetry/api`): the router's metrics as
   * observable instruments read at collection time, nothing per pick. Taken when the router is created:
   * start the SDK first (docs/observability.md).
   */
  readonly meter?: MeterLike;
  /** Series per alias (`perAlias`) and extra attributes; needs `meter`. */
  readonly metrics?: RouterMetricsOptions;
  /** Publish a sampled `feature_flag.evaluation` event per pick on a diagnostics channel. Default off. */
  readonly evaluationEvents?: EvaluationEventsOptions;
}

export interface ResolvedRouterOptions {
  readonly maxAliases: number;
  readonly ttlMs: number;
  readonly staleWhileRevalidateMs: number;
  readonly staleIfErrorMs: number;
  readonly negativeTtlMs: number;
  readonly retryAfterErrorMs: number;
  readonly clockResolutionMs: number;
  readonly stats: boolean;
  readonly processId: string;
}

function duration(options: RouterOptions, field: keyof RouterOptions, fallback: number, allowInfinity: boolean): number {
  const value = options[field] ?? fallback;
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0 || (!allowInfinity && !Number.isFinite(value))) {
    throw new ValidationException(field, allowInfinity ? 'must be a number >= 0 or Infinity' : 'must be a finite number >= 0');
  }
  return value;
}

export function resolveRouterOptions(options: RouterOptions): ResolvedRouterOptions {
  if (typeof options !== 'object' || options === null) {
    throw new ValidationException('options', 'must be an object');
  }
  const source = options.source as unknown;
  if (typeof source !== 'object' || source === null || typeof (source as AliasSource).getRouting !== 'function') {
    throw new ValidationException('source', 'must be an AliasSource with getRouting(flow, alias)');
  }
  const subscribe = (source as AliasSource).subscribe as unknown;
  if (subscribe !== undefined && typeof subscribe !== 'function') {
    throw new ValidationException('source.subscribe', 'must be a function when present');
  }
  const maxAliases = options.maxAliases ?? 10_000;
  if (typeof maxAliases !== 'number' || !Number.isInteger(maxAliases) || maxAliases < 1 || maxAliases > 10_000_000) {
    throw new ValidationException('maxAliases', 'must be an integer from 1 to 10,000,000');
  }
  if (options.seed !== undefined && options.random !== undefined) {
    throw new ValidationException('seed', 'give either seed or random, not both');
  }
  if (options.random !== undefined && typeof options.random !== 'function') {
    throw new ValidationException('random', 'must be a function returning numbers in [0, 1)');
  }
  if (options.monotonicClock !== undefined && typeof options.monotonicClock !== 'function') {
    throw new ValidationException('monotonicClock', 'must be a function returning milliseconds');
  }
  if (options.stats !== undefined && typeof options.stats !== 'boolean') {
    throw new ValidationException('stats', 'must be a boolean');
  }
  const scheduler = options.scheduler as unknown;
  if (scheduler !== undefined && (typeof scheduler !== 'object' || scheduler === null || typeof (scheduler as RolloutScheduler).now !== 'function')) {
    throw new ValidationException('scheduler', 'must be a RolloutScheduler with now, setTimer and clearTimer');
  }
  const control = options.rolloutControl as unknown;
  if (control !== undefined && control !== false && (typeof control !== 'object' || control === null || typeof (control as RolloutControl).latchRollout !== 'function')) {
    throw new ValidationException('rolloutControl', 'must be a RolloutControl (a FlowRegistry) or false');
  }
  const processId = options.processId ?? `pid-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  if (typeof processId !== 'string' || processId.length < 1 || processId.length > 128) {
    throw new ValidationException('processId', 'must be a string of 1 to 128 characters');
  }
  if (options.onRolloutError !== undefined && typeof options.onRolloutError !== 'function') {
    throw new ValidationException('onRolloutError', 'must be a function');
  }
  return {
    processId,
    maxAliases,
    ttlMs: duration(options, 'ttlMs', Number.POSITIVE_INFINITY, true),
    staleWhileRevalidateMs: duration(options, 'staleWhileRevalidateMs', 0, true),
    staleIfErrorMs: duration(options, 'staleIfErrorMs', 0, true),
    negativeTtlMs: duration(options, 'negativeTtlMs', 1000, true),
    retryAfterErrorMs: duration(options, 'retryAfterErrorMs', 1000, false),
    clockResolutionMs: duration(options, 'clockResolutionMs', options.monotonicClock === undefined ? 1 : 0, false),
    stats: options.stats ?? true,
  };
}
