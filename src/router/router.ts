import { LRUCache } from 'lru-cache';
import {
  FlowAliasRouterException,
  InternalServerException,
  ResourceNotFoundException,
  ServiceUnavailableException,
  ValidationException,
} from '../errors.js';
import { FastRandom } from '../random/fast.js';
import { murmur3, murmur3Int32 } from '../random/murmur3.js';
import { BatchedDraws, FunctionDraws, seededRandom, type DrawSource } from '../random/sources.js';
import { compileRouting } from '../routing/compile.js';
import { MAX_KEY_LENGTH } from '../routing/limits.js';
import { Kind, type CompiledSelector } from '../routing/selector.js';
import { aliasSalt } from '../routing/sticky.js';
import { selectorOf, type RoutingTable } from '../routing/table.js';
import { CoarseClock, performanceClock } from './clock.js';
import { CacheEntry, cacheKeyOf } from './entry.js';
import { Row, RoutingRows } from './rows.js';
import { AliasIndex, Slot } from './alias-index.js';
import { CountedIds } from './counted-ids.js';
import { IdentityIndex } from './identity-index.js';
import { ExplanationJson, explainedWeights, type ExplainedPick } from './explain-json.js';
import type { AliasStats, CacheStats, Explanation, PickMode, RouterStats } from './explain.js';
import { resolveRouterOptions, type ResolvedRouterOptions, type RouterOptions } from './options.js';
import { defaultIdentity, type AliasChange, type AliasSource, type RoutingConfig } from './source.js';
import { isRolloutControl } from './rollout-control.js';
import { RolloutHub } from './rollout-driver.js';
import { systemScheduler } from './rollout-scheduler.js';
import { countOutcome, OBSERVERS, RouterObserver } from '../observability/observer.js';
import { RouterMetrics } from '../observability/metrics.js';
import { installEvaluationEvents } from '../observability/evaluations.js';
import { checkTelemetryOptions } from '../observability/options.js';

/** Flow and alias identifiers longer than this are refused (an ARN is at most 2048 characters). */
export const MAX_IDENTIFIER_LENGTH = 2048;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

function checkIdentifier(value: unknown, field: 'flow' | 'alias'): asserts value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_IDENTIFIER_LENGTH) {
    throw new ValidationException(field, `must be a string of 1 to ${MAX_IDENTIFIER_LENGTH} characters`);
  }
}

function invalidKey(): ValidationException {
  return new ValidationException('key', `must be a string of 1 to ${MAX_KEY_LENGTH} characters`);
}

function toTyped(error: unknown, what: string): FlowAliasRouterException {
  if (error instanceof FlowAliasRouterException) return error;
  return new InternalServerException(`${what} failed`, { cause: error });
}

function noop(): void {}

/** The memo's selector when it holds no entry (never read: a memo without a row misses). */
const NO_SELECTOR = selectorOf(compileRouting([{ version: '-', weight: 1 }]));

function logRolloutError(error: unknown): void {
  console.error('flow-alias-router: a rollout report or decision failed', error);
}

/**
 * Picks the version of a flow to run for an alias. Compiled tables are cached in an LRU keyed by
 * `(flow, alias)` as the caller spells them; `pick` is synchronous and allocation-free on a cached alias.
 */
export class Router {
  private readonly source: AliasSource;
  private readonly options: ResolvedRouterOptions;
  /**
   * HOT PATH: `(flow, alias)` to what a pick reads (row offset, selector id, salt, epoch) in one int32 slot:
   * no key string is built per pick (src/router/alias-index.ts).
   */
  private readonly index = new AliasIndex();
  /** Every cached entry by its row's offset: the slow path's way from the index to the entry. */
  private readonly entryAt = new Map<number, CacheEntry>();
  /** Bounds the index; its recency is refreshed once per entry per epoch, off the hot path. */
  private readonly lru: LRUCache<string, CacheEntry>;
  private readonly negative: LRUCache<string, number>;
  private readonly byIdentity = new IdentityIndex();
  private readonly inflight = new Map<string, Promise<CacheEntry>>();
  private readonly clock: CoarseClock;
  private readonly expiring: boolean;
  private readonly counting: boolean;
  /** HOT PATH: every cached entry's row: freshness, load time, pick counters (src/router/rows.ts). */
  private readonly rows = new RoutingRows();
  /** The distinct compiled selectors of cached aliases, by the id their index slots hold. */
  private readonly selectorIds = new CountedIds<CompiledSelector>();
  private readonly explanationJson = new ExplanationJson();
  /** HOT PATH: `selectorIds.values` itself (never replaced), one load nearer. */
  private readonly selectors = this.selectorIds.values;
  /** Where random picks draw: FastRandom by default (allocation-free, unlike Math.random), or a seeded or injected source. */
  private rng: DrawSource;
  private mode: PickMode;
  /**
   * Bumped on every insertion: the only time LRU order matters is when an insertion may evict. An int32 (it
   * wraps after 2^32 insertions), as the index slots hold it: a slot last touched exactly 2^32 insertions
   * ago would skip one LRU touch, which only ages its recency.
   */
  private epoch = 1;
  private changeSeq = 0;
  /** The `changeSeq` of the last reset: a load that started before it is served but not cached. */
  private lastReset = 0;
  private readonly recentChanges = new Map<string, number>();
  private readonly counters: Mutable<Omit<CacheStats, 'size'>> = {
    loads: 0,
    loadErrors: 0,
    evictions: 0,
    invalidations: 0,
    negativeHits: 0,
    staleServed: 0,
    staleIfErrorServed: 0,
  };
  private readonly unsubscribe: () => void;
  /**
   * The one-entry memo of `pick`: the last (flow, alias) found current in the index, as the caller spelled
   * them, with what a pick reads from its index slot. Cleared whenever the epoch moves or that row is freed
   * or replaced, so a hit needs no index read and no epoch check.
   */
  private lastFlow = '';
  private lastAlias = '';
  private lastAt = 0;
  private lastSelector: CompiledSelector = NO_SELECTOR;
  private lastSalt = 0;
  /** The row the last pick that missed the memo read: a second pick of it in a row fills the memo. */
  private candidateAt = 0;
  /** Rollouts: step timers, health rings, local decisions (docs/rollouts.md). Never on the hot path. */
  private readonly rollouts: RolloutHub;
  /** Events, outcome counters and retired totals (docs/observability.md). Never on the hot path. */
  private readonly observer: RouterObserver;
  /** The OpenTelemetry instruments, read at collection time, or null without a `meter`. */
  private readonly metrics: RouterMetrics | null;

  constructor(options: RouterOptions) {
    this.options = resolveRouterOptions(options);
    this.source = options.source;
    this.expiring = Number.isFinite(this.options.ttlMs);
    this.counting = this.options.stats;
    this.clock = new CoarseClock(options.monotonicClock ?? performanceClock, this.options.clockResolutionMs);
    if (options.seed !== undefined) this.rng = new BatchedDraws(seededRandom(options.seed));
    else if (options.random !== undefined) this.rng = new FunctionDraws(options.random);
    else this.rng = new FastRandom();
    this.mode = options.seed !== undefined ? 'seeded' : 'random';
    this.lru = new LRUCache<string, CacheEntry>({
      max: this.options.maxAliases,
      dispose: (entry, _key, reason) => this.forget(entry, reason === 'evict'),
    });
    this.negative = new LRUCache<string, number>({ max: this.options.maxAliases });
    const control = options.rolloutControl === false ? undefined : (options.rolloutControl ?? (isRolloutControl(this.source) ? this.source : undefined));
    this.rollouts = new RolloutHub(
      options.scheduler ?? systemScheduler,
      control,
      this.options.processId,
      (entry, table) => this.swapTable(entry, table),
      options.onRolloutError ?? logRolloutError,
    );
    const telemetry = checkTelemetryOptions(options);
    this.observer = new RouterObserver(
      {
        router: this,
        source: this.source,
        counters: this.counters,
        changeEvents: () => this.changeSeq,
        cacheSize: () => this.lru.size,
        forEachEntry: (visit) => {
          for (const entry of this.entryAt.values()) visit(entry);
        },
        entryOf: (flow, alias) => this.cachedEntry(flow, alias),
        picksOf: (entry, i) => this.rows.count(entry.at, i),
        expired: (entry) => this.expiring && this.freshUntil(entry) <= this.clock.now(),
      },
      { metrics: telemetry.meter !== undefined, perAlias: telemetry.metrics.perAlias === true },
    );
    this.rollouts.observer = this.observer;
    OBSERVERS.set(this, this.observer);
    // The meter is taken now, never at import: one taken before the SDK is registered stays a no-op forever.
    this.metrics = telemetry.meter === undefined ? null : new RouterMetrics(telemetry.meter, this.observer, telemetry.metrics);
    // Only a router asked for evaluation events gets a sampling `pick` (an own property); others keep the class's.
    if (telemetry.evaluationEvents !== undefined) installEvaluationEvents(this, Router.prototype.pick, this.observer, telemetry.evaluationEvents);
    this.unsubscribe = this.source.subscribe?.((change) => this.onChange(change)) ?? noop;
  }

  /**
   * HOT PATH. The version to run for `(flow, alias)`: random by weight, or sticky for `key`. Synchronous;
   * allocation-free when the alias is cached. Throws `ResourceNotFoundException` for an unknown alias,
   * `ValidationException` for a bad argument, and `ServiceUnavailableException` when the alias is not
   * cached and the source answers only asynchronously (use `route`).
   */
  pick(flow: string, alias: string, key?: string): string {
    let at = this.lastAt;
    let selector = this.lastSelector;
    let salt = this.lastSalt;
    // The memo: a hot alias costs two string compares (pointer compares when the caller reuses its strings)
    // instead of two Map.gets and a slot probe. An empty memo (at 0) is tested first, so picks across many
    // aliases compare no strings.
    if (at === 0 || flow !== this.lastFlow || alias !== this.lastAlias) {
      const slot = this.index.find(flow, alias);
      const slots = this.index.slots;
      // Not cached, or an LRU touch is due (once per entry per epoch, see `insert`): the slow path.
      if (slot < 0 || slots[slot + Slot.Epoch] !== this.epoch) return this.pickSlow(flow, alias, key);
      at = slots[slot + Slot.Row] as number;
      selector = this.selectors[slots[slot + Slot.Selector] as number] as CompiledSelector;
      salt = slots[slot + Slot.Salt] as number;
      // Remembered on the second pick of an alias in a row, and emptied by a pick of another: picks across many
      // aliases pay two integer stores instead of five stores (three with write barriers) and two string compares.
      if (at === this.candidateAt) {
        this.lastFlow = flow;
        this.lastAlias = alias;
        this.lastAt = at;
        this.lastSelector = selector;
        this.lastSalt = salt;
      } else {
        this.candidateAt = at;
        this.lastAt = 0;
      }
    }
    // `expiring` is a constant false without a TTL, so a no-TTL router never reads the clock.
    if (this.expiring && this.expired(at)) return this.pickSlow(flow, alias, key);
    return this.choose(selector, salt, at, key);
  }

  /** Whether the row at `at` went stale (a TTL router's pick). */
  private expired(at: number): boolean {
    return (this.rows.values[at + Row.FreshUntil] as number) <= this.clock.now();
  }

  /** Like `pick`, for any source: loads on a miss, sharing one in-flight load per alias among callers. */
  route(flow: string, alias: string, key?: string): Promise<string> {
    try {
      this.checkKey(key);
      const found = this.entryFor(flow, alias);
      if (found instanceof CacheEntry) return Promise.resolve(this.selectFrom(found, key));
      return found.then((entry) => this.selectFrom(entry, key));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Loads and compiles an alias without picking (to warm a serverless handler at init). */
  async preload(flow: string, alias: string): Promise<RoutingTable> {
    const found = this.entryFor(flow, alias);
    return (found instanceof CacheEntry ? found : await found).table;
  }

  /**
   * A pick (it draws, counts and may load like `pick`) that also returns why: a plain record for logs.
   */
  explain(flow: string, alias: string, key?: string): Explanation {
    const pick = this.explained(flow, alias, key);
    const entry = pick.entry;
    const table = entry.table;
    return {
      version: table.versions[pick.index] as string,
      flow,
      alias,
      identity: entry.identity,
      revision: entry.revision ?? null,
      mode: pick.mode,
      selector: table.selector,
      u: pick.u,
      keyHash: pick.keyHash,
      weights: explainedWeights(table),
      stale: pick.stale,
      ...(entry.rollout === null ? {} : { rollout: entry.rollout.summary() }),
    };
  }

  /**
   * `explain` as JSON text, exactly `JSON.stringify(router.explain(flow, alias, key))` (the server's pick
   * endpoint answers it), written from fragments kept per cached alias rather than built and serialised
   * on every call.
   */
  explainJson(flow: string, alias: string, key?: string): string {
    const pick = this.explained(flow, alias, key);
    const rollout = pick.entry.rollout;
    return this.explanationJson.text(pick, flow, alias, rollout === null ? undefined : rollout.summary());
  }

  /** An explained pick: it draws and counts like `pick`, and keeps what the explanation shows. */
  private explained(flow: string, alias: string, key: string | undefined): ExplainedPick {
    this.checkKey(key);
    const entry = this.entryFor(flow, alias);
    if (!(entry instanceof CacheEntry)) throw this.loading(flow, alias);
    const selector = entry.selector;
    let index = 0;
    let u: number | null = null;
    let keyHash: number | null = null;
    if (key !== undefined) {
      keyHash = murmur3(key, entry.salt);
      index = selector.indexOfHash(keyHash);
    } else if (selector.kind !== Kind.Constant) {
      const at = this.rng.take();
      u = this.rng.draws[at] as number;
      index = selector.indexOfAt(this.rng.draws, at);
    }
    if (this.counting) this.rows.values[entry.at + Row.Counts + index]! += 1;
    const stale = (this.expiring && this.freshUntil(entry) <= this.clock.now()) || (this.source.stats !== undefined && this.source.stats().state !== 'ready');
    return { entry, index, mode: key !== undefined ? 'sticky' : this.mode, u, keyHash, stale };
  }


  /** Per-alias, per-version pick counts since each table was loaded, and cache counters. */
  stats(): RouterStats {
    const aliases: AliasStats[] = [];
    for (const entry of this.entryAt.values()) {
      const picks: Record<string, number> = Object.create(null) as Record<string, number>;
      entry.table.versions.forEach((version, i) => (picks[version] = this.rows.count(entry.at, i)));
      aliases.push({
        flow: entry.flow,
        alias: entry.alias,
        identity: entry.identity,
        revision: entry.revision ?? null,
        selector: entry.table.selector,
        loadedAt: this.rows.values[entry.at + Row.LoadedAt] as number,
        picks,
        ...(entry.rollout === null ? {} : { rollout: entry.rollout.summary() }),
      });
    }
    const cache = { size: this.lru.size, ...this.counters };
    return this.source.stats === undefined ? { aliases, cache } : { aliases, cache, source: this.source.stats() };
  }

  /** Drops one cached alias (as the caller spells it), or every cached and negative entry. */
  invalidate(flow?: string, alias?: string): void {
    if (flow === undefined) {
      this.lru.clear();
      this.negative.clear();
      return;
    }
    checkIdentifier(flow, 'flow');
    checkIdentifier(alias, 'alias');
    const cacheKey = cacheKeyOf(flow, alias);
    this.lru.delete(cacheKey);
    this.negative.delete(cacheKey);
  }

  /** Replaces the random source with a freshly seeded one: the same seed replays the same picks. */
  reseed(seed: string): void {
    this.rng = new BatchedDraws(seededRandom(seed));
    this.mode = 'seeded';
  }

  /** Unsubscribes from the source, empties the cache and stops every rollout timer. */
  close(): void {
    this.unsubscribe();
    this.invalidate();
    this.rollouts.close();
    this.metrics?.close();
  }

  /**
   * Counts one execution's outcome for the alias's rollout health (docs/rollouts.md): `version` is the one
   * `pick` returned, `ok` whether it succeeded. Allocation-free and clock-free (a timer moves the window);
   * a no-op for an alias that is not cached or has no running rollout with a health policy. With a `meter`,
   * it also counts the outcome per version for the `flow_alias_router.outcomes` metric.
   */
  recordOutcome(flow: string, alias: string, version: string, ok: boolean): void {
    const entry = flow === this.lastFlow && alias === this.lastAlias ? this.entryAt.get(this.lastAt) : this.cachedEntry(flow, alias);
    if (entry === undefined) return;
    if (entry.rollout !== null) entry.rollout.countOutcome(version, ok === true);
    if (entry.outcomes.length !== 0) countOutcome(entry, version, ok === true);
  }

  /**
   * Reads the clock once per cached rollout and swaps any step whose boundary has passed. The timers do this
   * by themselves; call it first thing in a handler that may have been frozen (docs/rollouts.md, Frozen
   * environments) to make the first picks after a thaw exact.
   */
  checkRollouts(): void {
    for (const entry of this.entryAt.values()) entry.rollout?.check();
  }

  /** Resolves once every rollout report and decision this router sent to the control plane has answered. */
  settleRollouts(): Promise<void> {
    return this.rollouts.settle();
  }

  /** Selection on an entry found by the slow path (cached or not: one without a row counts into the sink). */
  private selectFrom(entry: CacheEntry, key: string | undefined): string {
    return this.choose(entry.selector, entry.salt, entry.at, key);
  }

  /** HOT PATH: the version for `key` (or a draw) by `selector`, counted in the row at `at`. */
  private choose(selector: CompiledSelector, salt: number, at: number, key: string | undefined): string {
    // The compiled selector every path shares (src/routing/selector.ts): the selection is written once there.
    let index = 0;
    if (key === undefined) {
      // A single version draws nothing. Otherwise the draw stays in the source's array and the selector reads
      // it there: never boxed (16 bytes per pick otherwise, measured; docs/architecture.md, "Boxing").
      if (selector.kind !== Kind.Constant) {
        const rng = this.rng;
        const drawn = rng.take();
        index = selector.indexOfAt(rng.draws, drawn);
      }
    } else {
      // One unsigned compare refuses both '' and keys over MAX_KEY_LENGTH.
      if (typeof key !== 'string' || (key.length - 1) >>> 0 >= MAX_KEY_LENGTH) throw invalidKey();
      // The int32 form of the same hash: a uint32 result would be boxed (16 bytes) for half of all keys ("Boxing").
      // A single version (no salts) hashes nothing.
      if (selector.salts.length !== 0) index = selector.indexOfHash(murmur3Int32(key, salt));
    }
    // Counted in the entry's row (src/router/rows.ts). At 100,000 aliases in random order the add is the
    // pick's second cache miss, after the index slot: about 6 of 80 ns (measured by leaving it out).
    if (this.counting) this.rows.values[at + Row.Counts + index]! += 1;
    // The selector's unfrozen versions: an element read from the frozen table.versions is a KeyedLoadIC call (~6 ns).
    return selector.versions[index] as string;
  }

  private pickSlow(flow: string, alias: string, key: string | undefined): string {
    this.checkKey(key);
    const found = this.entryFor(flow, alias);
    if (found instanceof CacheEntry) return this.selectFrom(found, key);
    throw this.loading(flow, alias);
  }

  private checkKey(key: unknown): void {
    if (key !== undefined && (typeof key !== 'string' || (key.length - 1) >>> 0 >= MAX_KEY_LENGTH)) {
      throw invalidKey();
    }
  }

  private loading(flow: string, alias: string): ServiceUnavailableException {
    return new ServiceUnavailableException(
      `routing for flow ${JSON.stringify(flow)} alias ${JSON.stringify(alias)} is loading from an asynchronous source; use route() or preload()`,
    );
  }

  /** The slow path: validate, touch, serve stale, consult the negative cache, or load. */
  private entryFor(flow: string, alias: string): CacheEntry | Promise<CacheEntry> {
    checkIdentifier(flow, 'flow');
    checkIdentifier(alias, 'alias');
    const now = this.clock.now();
    const entry = this.cachedEntry(flow, alias);
    if (entry !== undefined) {
      // The slow path re-checks the rollout step: a boundary a timer has not reached yet (a thaw) shows here.
      if (entry.rollout !== null) entry.rollout.check();
      this.touch(entry);
      if (!this.expiring || this.freshUntil(entry) > now) return entry;
      return this.stale(entry, now);
    }
    const cacheKey = cacheKeyOf(flow, alias);
    const missingUntil = this.negative.get(cacheKey);
    if (missingUntil !== undefined) {
      if (missingUntil > now) {
        this.counters.negativeHits++;
        throw new ResourceNotFoundException(`alias ${JSON.stringify(alias)} of flow ${JSON.stringify(flow)} was not found`);
      }
      this.negative.delete(cacheKey);
    }
    return this.load(flow, alias, cacheKey, undefined, now);
  }

  private stale(entry: CacheEntry, now: number): CacheEntry | Promise<CacheEntry> {
    const age = now - this.freshUntil(entry);
    const inflight = this.inflight.get(entry.cacheKey);
    const pending = inflight ?? (now >= entry.retryAt ? this.load(entry.flow, entry.alias, entry.cacheKey, entry, now) : undefined);
    if (pending instanceof CacheEntry) {
      if (pending === entry) {
        this.counters.staleIfErrorServed++;
        this.observer.staleServed(entry, 'if-error', age);
      }
      return pending;
    }
    if (pending !== undefined && age < this.options.staleWhileRevalidateMs) {
      this.counters.staleServed++;
      this.observer.staleServed(entry, 'while-revalidate', age);
      return entry;
    }
    if (entry.lastError !== undefined && age < this.options.staleIfErrorMs) {
      this.counters.staleIfErrorServed++;
      this.observer.staleServed(entry, 'if-error', age);
      return entry;
    }
    return pending ?? Promise.reject(toTyped(entry.lastError, 'loading the alias'));
  }

  private load(
    flow: string,
    alias: string,
    cacheKey: string,
    previous: CacheEntry | undefined,
    now: number,
  ): CacheEntry | Promise<CacheEntry> {
    const shared = this.inflight.get(cacheKey);
    if (shared !== undefined) return shared;
    const startSeq = this.changeSeq;
    let answer: RoutingConfig | PromiseLike<RoutingConfig>;
    try {
      answer = this.source.getRouting(flow, alias);
    } catch (error) {
      return this.failed(flow, alias, cacheKey, previous, error, now);
    }
    if (!isThenable(answer)) return this.loaded(flow, alias, cacheKey, answer, startSeq, previous, now);
    const promise = Promise.resolve(answer)
      .then(
        (config) => this.loaded(flow, alias, cacheKey, config, startSeq, previous, this.clock.now()),
        (error: unknown) => this.failed(flow, alias, cacheKey, previous, error, this.clock.now()),
      )
      .finally(() => {
        this.inflight.delete(cacheKey);
        if (this.inflight.size === 0) this.recentChanges.clear();
      });
    promise.catch(noop);
    this.inflight.set(cacheKey, promise);
    return promise;
  }

  private loaded(
    flow: string,
    alias: string,
    cacheKey: string,
    config: RoutingConfig,
    startSeq: number,
    previous: CacheEntry | undefined,
    now: number,
  ): CacheEntry {
    let table: RoutingTable;
    let identity: string;
    try {
      if (typeof config !== 'object' || config === null) throw new ValidationException('config', 'must be an object');
      table = compileRouting(config.entries);
      identity = config.identity ?? defaultIdentity(flow, alias);
      if (typeof identity !== 'string' || identity.length === 0) throw new ValidationException('identity', 'must be a non-empty string');
    } catch (error) {
      return this.failed(flow, alias, cacheKey, previous, new InternalServerException('the source answered an invalid routing config', { cause: error }), now);
    }
    const revision = typeof config.revision === 'number' || typeof config.revision === 'string' ? config.revision : undefined;
    let driver;
    try {
      driver = this.rollouts.driverFor(config, flow, alias, revision, table);
    } catch (error) {
      return this.failed(flow, alias, cacheKey, previous, new InternalServerException('the source answered an invalid rollout', { cause: error }), now);
    }
    this.counters.loads++;
    const entry = new CacheEntry(driver === null ? table : driver.table(), flow, alias, cacheKey, identity, aliasSalt(identity), revision);
    entry.rollout = driver;
    // A change event that arrived while this load was in flight may postdate its answer: serve the answer
    // to this load's waiters but do not cache it, so the next pick loads again.
    const cached = !((this.recentChanges.get(identity) ?? -1) > startSeq || this.lastReset > startSeq);
    this.observer.loaded(entry, cached);
    if (cached) this.insert(entry, now);
    return entry;
  }

  private failed(
    flow: string,
    alias: string,
    cacheKey: string,
    previous: CacheEntry | undefined,
    error: unknown,
    now: number,
  ): CacheEntry {
    if (error instanceof ResourceNotFoundException) {
      this.lru.delete(cacheKey);
      if (this.options.negativeTtlMs > 0) this.negative.set(cacheKey, now + this.options.negativeTtlMs);
      throw error;
    }
    this.counters.loadErrors++;
    this.observer.loadFailed();
    const typed = toTyped(error, `loading alias ${JSON.stringify(alias)} of flow ${JSON.stringify(flow)}`);
    if (previous !== undefined && this.lru.peek(cacheKey) === previous && now - this.freshUntil(previous) < this.options.staleIfErrorMs) {
      previous.lastError = typed;
      previous.retryAt = now + this.options.retryAfterErrorMs;
      return previous;
    }
    if (previous !== undefined) this.lru.delete(cacheKey);
    throw typed;
  }

  /** Refreshes the entry's LRU recency, once per entry per epoch. */
  private touch(entry: CacheEntry): void {
    const slot = this.index.find(entry.flow, entry.alias);
    if (slot < 0 || this.index.slots[slot + Slot.Epoch] === this.epoch) return;
    this.index.slots[slot + Slot.Epoch] = this.epoch;
    this.lru.get(entry.cacheKey);
  }

  private insert(entry: CacheEntry, loadedAt: number): void {
    this.epoch = (this.epoch + 1) | 0;
    this.forgetMemo();
    const at = this.rows.allocate(this.rowLength(entry.table));
    const row = this.rows.values;
    row[at + Row.FreshUntil] = loadedAt + this.options.ttlMs;
    row[at + Row.LoadedAt] = loadedAt;
    entry.at = at;
    entry.selectorId = this.selectorIds.acquire(entry.selector);
    this.entryAt.set(at, entry);
    // A replaced entry's slot is taken over here; its own row and selector id are freed when the LRU disposes it.
    const slot = this.index.set(entry.flow, entry.alias);
    const slots = this.index.slots;
    slots[slot + Slot.Row] = at;
    slots[slot + Slot.Selector] = entry.selectorId;
    slots[slot + Slot.Salt] = entry.salt;
    slots[slot + Slot.Epoch] = this.epoch;
    this.byIdentity.add(entry);
    this.lru.set(entry.cacheKey, entry);
    entry.rollout?.start(entry);
  }

  /** A rollout step boundary: the entry's new table, its versions and its counters (carried over by version). */
  private swapTable(entry: CacheEntry, table: RoutingTable): void {
    this.observer.swapping(entry, table);
    const selector = selectorOf(table);
    const before = entry.at;
    if (before !== 0) {
      const at = this.rows.allocate(this.rowLength(table));
      const row = this.rows.values;
      const selectorId = this.selectorIds.acquire(selector);
      row[at + Row.FreshUntil] = row[before + Row.FreshUntil] as number;
      row[at + Row.LoadedAt] = row[before + Row.LoadedAt] as number;
      if (this.counting) {
        for (let i = 0; i < table.versions.length; i++) {
          const was = entry.table.versions.indexOf(table.versions[i] as string);
          if (was >= 0) row[at + Row.Counts + i] = this.rows.count(before, was);
        }
      }
      this.releaseRow(entry);
      entry.at = at;
      entry.selectorId = selectorId;
      this.entryAt.set(at, entry);
      const slot = this.index.find(entry.flow, entry.alias);
      if (slot >= 0 && this.index.slots[slot + Slot.Row] === before) {
        this.index.slots[slot + Slot.Row] = at;
        this.index.slots[slot + Slot.Selector] = selectorId;
      }
    }
    entry.table = table;
    entry.selector = selector;
  }

  /** LRU dispose: unlink an entry that was evicted, deleted or replaced. */
  private forget(entry: CacheEntry, evicted: boolean): void {
    entry.rollout?.stop();
    this.observer.retire(entry);
    this.index.delete(entry.flow, entry.alias, entry.at);
    this.releaseRow(entry);
    entry.at = 0;
    this.byIdentity.delete(entry);
    if (evicted) this.counters.evictions++;
  }

  private forgetMemo(): void {
    this.lastFlow = '';
    this.lastAlias = '';
    this.lastAt = 0;
    this.lastSelector = NO_SELECTOR;
    this.lastSalt = 0;
    this.candidateAt = 0;
  }

  /**
   * When an entry's table went (or goes) stale: the start of its stale-while-revalidate and stale-if-error
   * windows. An entry that was never cached is fresh.
   */
  private freshUntil(entry: CacheEntry): number {
    return entry.at === 0 ? Number.POSITIVE_INFINITY : (this.rows.values[entry.at + Row.FreshUntil] as number);
  }

  /** The cached entry of `(flow, alias)` as the caller spells them. */
  private cachedEntry(flow: string, alias: string): CacheEntry | undefined {
    const slot = this.index.find(flow, alias);
    return slot < 0 ? undefined : this.entryAt.get(this.index.slots[slot + Slot.Row] as number);
  }

  private rowLength(table: RoutingTable): number {
    return Row.Counts + (this.counting ? table.versions.length : 0);
  }

  /**
   * Frees an entry's row and forgets it by offset; the memo forgets it too, so no pick can read the row
   * again before it is reused.
   */
  private releaseRow(entry: CacheEntry): void {
    const at = entry.at;
    if (at === 0) return;
    if (this.lastAt === at) this.forgetMemo();
    this.selectorIds.release(entry.selectorId);
    this.rows.release(at, this.rowLength(entry.table));
    if (this.entryAt.get(at) === entry) this.entryAt.delete(at);
  }

  private onChange(change: AliasChange): void {
    if (typeof change !== 'object' || change === null || typeof change.identity !== 'string') return;
    this.changeSeq++;
    if (change.kind === 'reset') {
      this.lastReset = this.changeSeq;
      const all = this.observer.allEntries();
      this.invalidate();
      this.observer.changeApplied(change, all);
      return;
    }
    if (this.inflight.size > 0) this.recentChanges.set(change.identity, this.changeSeq);
    const dropped = this.byIdentity.entriesOf(change.identity);
    for (const entry of dropped) {
      this.counters.invalidations++;
      this.lru.delete(entry.cacheKey);
    }
    // A created or renamed alias may answer to a name cached as missing: any change forgets the negatives.
    // Only when there are some: lru-cache's clear() refills its preallocated arrays (maxAliases slots) even
    // when empty, 17 µs per change event at the default 10,000 measured here.
    if (this.negative.size > 0) this.negative.clear();
    this.observer.changeApplied(change, dropped);
  }
}
