import {
  FlagNotFoundError,
  GeneralError,
  InvalidContextError,
  OpenFeatureEventEmitter,
  ProviderEvents,
  ProviderNotReadyError,
  StandardResolutionReasons,
  TypeMismatchError,
  type EvaluationContext,
  type FlagMetadata,
  type JsonValue,
  type Provider,
  type ResolutionDetails,
  type TrackingEventDetails,
} from '@openfeature/server-sdk';
import { ResourceNotFoundException, ServiceUnavailableException, ValidationException } from '../errors.js';
import { OBSERVERS, PROVIDER_NAME, type RouterObserver } from '../observability/observer.js';
import type { Router } from '../router/router.js';
import type { SourceState } from '../router/source.js';

export interface FlowAliasRouterProviderOptions {
  /** The router evaluations pick with; keep calling its `pick` on the hot path, this provider beside it. */
  readonly router: Router;
  /** Flag keys (`flow/alias`) loaded in `initialize`, so an asynchronous source is warm before READY. */
  readonly preload?: readonly string[];
  /**
   * How often the source's state (`stats().state`) is read for the STALE / ERROR / READY events, in ms.
   * Default 1,000; 0 for never (call `checkSource()` yourself). The timer is unref'd.
   */
  readonly sourceCheckMs?: number;
}

/** A flag key: `flow/alias`, split at the last `/` (a flow ARN has slashes; an alias name or ID never does). */
export function parseFlagKey(flagKey: string): { readonly flow: string; readonly alias: string } | undefined {
  if (typeof flagKey !== 'string') return undefined;
  const at = flagKey.lastIndexOf('/');
  if (at <= 0 || at === flagKey.length - 1) return undefined;
  return { flow: flagKey.slice(0, at), alias: flagKey.slice(at + 1) };
}

function notString(kind: string): TypeMismatchError {
  return new TypeMismatchError(`flow-alias-router flags resolve to a version string; use a string evaluation, not ${kind}`);
}

/**
 * The Router as a server-side OpenFeature provider (`@openfeature/server-sdk`): the flag key is `flow/alias`,
 * a string evaluation answers the version to run, `targetingKey` is the sticky key. Reasons: `STATIC` (one
 * version), `SPLIT` (a weighted or sticky pick), `STALE` (served past its TTL, or while the source is not
 * ready), `ERROR`. `track(flagKey, context, { variant, ok })` feeds `router.recordOutcome`.
 * docs/observability.md, OpenFeature.
 */
export class FlowAliasRouterProvider implements Provider {
  readonly metadata = { name: PROVIDER_NAME } as const;
  readonly runsOn = 'server' as const;
  readonly events = new OpenFeatureEventEmitter();
  readonly hooks = [];
  private readonly router: Router;
  private readonly observer: RouterObserver;
  private readonly preloadKeys: readonly string[];
  private readonly sourceCheckMs: number;
  private timer: NodeJS.Timeout | undefined = undefined;
  private unlisten: (() => void) | undefined = undefined;
  private closed = false;

  constructor(options: FlowAliasRouterProviderOptions) {
    const observer = typeof options === 'object' && options !== null ? OBSERVERS.get(options.router) : undefined;
    if (observer === undefined) throw new ValidationException('router', 'must be a Router');
    const preload = options.preload ?? [];
    if (!Array.isArray(preload) || !preload.every((key) => parseFlagKey(key as string) !== undefined)) {
      throw new ValidationException('preload', 'must be a list of flag keys flow/alias');
    }
    const every = options.sourceCheckMs ?? 1000;
    if (typeof every !== 'number' || !Number.isInteger(every) || every < 0 || every > 3_600_000) {
      throw new ValidationException('sourceCheckMs', 'must be an integer from 0 to 3,600,000');
    }
    this.router = options.router;
    this.observer = observer;
    this.preloadKeys = preload.slice();
    this.sourceCheckMs = every;
  }

  async initialize(): Promise<void> {
    this.closed = false;
    for (const key of this.preloadKeys) {
      const { flow, alias } = parseFlagKey(key) as { flow: string; alias: string };
      await this.router.preload(flow, alias);
    }
    this.unlisten?.();
    this.unlisten = this.observer.listen({
      changed: (dropped, kind) => {
        if (dropped.length === 0 && kind !== 'reset') return;
        this.events.emit(ProviderEvents.ConfigurationChanged, { flagsChanged: [...new Set(dropped.map((d) => `${d.flow}/${d.alias}`))] });
      },
      sourceState: (state, previous) => this.announce(state, previous),
    });
    if (this.sourceCheckMs > 0 && this.timer === undefined) {
      this.timer = setInterval(() => this.checkSource(), this.sourceCheckMs).unref();
    }
    // After READY (which the SDK emits when this resolves): a source already stale or failing says so at once.
    const state = this.observer.checkSource();
    if (state === 'stale' || state === 'error') setImmediate(() => this.announce(state, null));
  }

  async onClose(): Promise<void> {
    this.closed = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.unlisten?.();
    this.unlisten = undefined;
  }

  /** Reads the source's state now; a change emits PROVIDER_STALE, PROVIDER_ERROR or PROVIDER_READY. */
  checkSource(): SourceState | null {
    return this.observer.checkSource();
  }

  async resolveStringEvaluation(flagKey: string, _defaultValue: string, context: EvaluationContext): Promise<ResolutionDetails<string>> {
    if (this.closed) throw new ProviderNotReadyError('the flow-alias-router provider is closed');
    const parsed = parseFlagKey(flagKey);
    if (parsed === undefined) throw new FlagNotFoundError(`flag key ${JSON.stringify(flagKey)} is not flow/alias`);
    const { flow, alias } = parsed;
    const targetingKey = context.targetingKey;
    const key = typeof targetingKey === 'string' && targetingKey.length > 0 ? targetingKey : undefined;
    let version: string;
    try {
      try {
        version = this.router.pick(flow, alias, key);
      } catch (error) {
        // Not cached and the source answers asynchronously: load it (one shared load per alias).
        if (!(error instanceof ServiceUnavailableException)) throw error;
        version = await this.router.route(flow, alias, key);
      }
    } catch (error) {
      throw this.translate(error, flagKey);
    }
    const entry = this.observer.view.entryOf(flow, alias);
    const state = this.observer.sourceState;
    const stale = entry === undefined || this.observer.view.expired(entry) || state === 'stale' || state === 'error';
    const reason = stale ? StandardResolutionReasons.STALE : entry.table.versions.length === 1 ? StandardResolutionReasons.STATIC : StandardResolutionReasons.SPLIT;
    const flagMetadata: FlagMetadata = { sticky: key !== undefined };
    if (entry !== undefined) {
      flagMetadata.identity = entry.identity;
      if (entry.revision !== undefined) flagMetadata.revision = entry.revision;
      if (entry.rollout !== null) {
        const rollout = entry.rollout.summary();
        flagMetadata.rolloutId = rollout.id;
        flagMetadata.rolloutStep = rollout.step;
        flagMetadata.rolloutPercent = rollout.percent;
        flagMetadata.rolloutState = rollout.state;
      }
    }
    return { value: version, variant: version, reason, flagMetadata };
  }

  resolveBooleanEvaluation(): Promise<ResolutionDetails<boolean>> {
    return Promise.reject(notString('a boolean evaluation'));
  }

  resolveNumberEvaluation(): Promise<ResolutionDetails<number>> {
    return Promise.reject(notString('a number evaluation'));
  }

  resolveObjectEvaluation<T extends JsonValue>(): Promise<ResolutionDetails<T>> {
    return Promise.reject(notString('an object evaluation'));
  }

  /**
   * An execution's outcome: `trackingEventName` is the flag key, `details.variant` the version the
   * evaluation answered, `details.ok` whether the execution succeeded (or `details.value`: 1 ok, 0 failed).
   * Feeds `router.recordOutcome` (rollout health, the outcomes metric). Anything else is ignored.
   */
  track(trackingEventName: string, _context: EvaluationContext, details: TrackingEventDetails): void {
    const parsed = parseFlagKey(trackingEventName);
    const variant = details?.variant;
    const ok = typeof details?.ok === 'boolean' ? details.ok : details?.value === 1 ? true : details?.value === 0 ? false : undefined;
    if (parsed === undefined || typeof variant !== 'string' || ok === undefined) return;
    this.router.recordOutcome(parsed.flow, parsed.alias, variant, ok);
  }

  private announce(state: SourceState, previous: SourceState | null): void {
    if (this.closed) return;
    if (state === 'stale') this.events.emit(ProviderEvents.Stale, { message: 'the alias source lost its change stream: configs may be one poll old' });
    else if (state === 'error') this.events.emit(ProviderEvents.Error, { message: 'the alias source answers nothing: serving the last good configs' });
    else if (previous !== null) this.events.emit(ProviderEvents.Ready, { message: 'the alias source is current again' });
  }

  private translate(error: unknown, flagKey: string): Error {
    if (error instanceof ResourceNotFoundException) return new FlagNotFoundError(`flag ${JSON.stringify(flagKey)}: ${error.message}`);
    if (error instanceof ValidationException) {
      if (error.field === 'key') return new InvalidContextError(`targetingKey: ${error.message}`);
      return new FlagNotFoundError(`flag ${JSON.stringify(flagKey)}: ${error.message}`);
    }
    if (error instanceof ServiceUnavailableException) return new ProviderNotReadyError(error.message);
    return new GeneralError(error instanceof Error ? error.message : String(error));
  }
}
