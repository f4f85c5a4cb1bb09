import type { CacheStats } from '../router/explain.js';
import type { RoutingTable } from '../routing/table.js';
import type { BreachEvidence } from '../rollout/model.js';
import type { RolloutPosition } from '../rollout/schedule.js';
import type { CacheEntry } from '../router/entry.js';
import type { AliasChange, AliasSource, SourceState } from '../router/source.js';
import type { RolloutDriver } from '../router/rollout-driver.js';
import { channels } from './channels.js';
import type { ChangeAppliedEvent, ConfigLoadedEvent, RolloutLatchedEvent, RolloutSteppedEvent, SourceStateEvent, StaleServedEvent } from './events.js';

/** `feature_flag.provider.name` on every metric and event. */
export const PROVIDER_NAME = 'flow-alias-router';

/** Retired series (evicted or reloaded aliases' counts) kept before the rest fold into one overflow series. */
export const MAX_RETIRED_SERIES = 10_000;

const NO_OUTCOMES = new Float64Array(0);
const NO_ENTRIES: readonly CacheEntry[] = [];

/** What the observer reads of its router: set up once in the Router's constructor. */
export interface RouterView {
  readonly router: object;
  readonly source: AliasSource;
  readonly counters: Omit<CacheStats, 'size'>;
  /** Change events received from the source. */
  changeEvents(): number;
  cacheSize(): number;
  forEachEntry(visit: (entry: CacheEntry) => void): void;
  entryOf(flow: string, alias: string): CacheEntry | undefined;
  /** Version `i`'s pick count of a cached entry. */
  picksOf(entry: CacheEntry, i: number): number;
  /** Whether the entry is past its TTL (a pick on it now is served stale). */
  expired(entry: CacheEntry): boolean;
}

/** One metric series: a flow's (or an alias's) version, with its cumulative counts. */
export interface Series {
  readonly flow: string;
  /** null when series are per flow. */
  readonly alias: string | null;
  readonly version: string;
  picks: number;
  ok: number;
  errors: number;
}

/** What the OpenFeature provider listens to (package-internal). */
export interface ObserverListener {
  changed?(dropped: readonly { readonly flow: string; readonly alias: string }[], kind: AliasChange['kind']): void;
  sourceState?(state: SourceState, previous: SourceState | null): void;
}

export interface ObserverOptions {
  /** The metrics are on: keep per-version outcome counters and the retired totals. */
  readonly metrics: boolean;
  /** Series per alias rather than per flow. */
  readonly perAlias: boolean;
}

function seriesKey(flow: string, alias: string | null, version: string): string {
  return alias === null ? `${flow.length}:${flow}${version}` : `${flow.length}:${alias.length}:${flow}${alias}${version}`;
}

function readState(source: AliasSource): { state: SourceState; lagMs: number | null } | undefined {
  if (typeof source.stats !== 'function') return undefined;
  let stats: unknown;
  try {
    stats = source.stats();
  } catch {
    return undefined;
  }
  if (typeof stats !== 'object' || stats === null) return undefined;
  const { state, lagMs } = stats as { state?: unknown; lagMs?: unknown };
  if (state !== 'ready' && state !== 'stale' && state !== 'error') return undefined;
  return { state, lagMs: typeof lagMs === 'number' && Number.isFinite(lagMs) ? lagMs : null };
}

/**
 * Everything observability needs from one Router, kept off the hot path: the diagnostics-channel events
 * (published only when a channel has subscribers), the per-version outcome counters (only with metrics), the
 * cumulative totals of tables that left the cache (so a counter never goes down when an alias reloads), and
 * the source state as last seen. The Router calls it from its slow path, its change handler, its LRU
 * dispose and a rollout's step swap; `pick` never calls it.
 */
export class RouterObserver {
  private readonly retired = new Map<string, Series>();
  private overflow: Series | undefined = undefined;
  private readonly listeners = new Set<ObserverListener>();
  private lastState: SourceState | null = null;
  private lastLagMs: number | null = null;

  constructor(
    readonly view: RouterView,
    readonly options: ObserverOptions,
  ) {}

  get perAlias(): boolean {
    return this.options.perAlias;
  }

  listen(listener: ObserverListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A table was loaded and compiled (`cached`: it went into the cache). */
  loaded(entry: CacheEntry, cached: boolean): void {
    if (this.options.metrics) entry.outcomes = new Float64Array(entry.table.versions.length * 2);
    if (channels.configLoaded.hasSubscribers) {
      const rollout = entry.rollout === null ? null : entry.rollout.summary();
      const event: ConfigLoadedEvent = {
        router: this.view.router,
        flow: entry.flow,
        alias: entry.alias,
        identity: entry.identity,
        revision: entry.revision ?? null,
        versions: entry.table.versions.slice(),
        selector: entry.table.selector,
        cached,
        rollout: rollout === null ? null : { id: rollout.id, step: rollout.step, percent: rollout.percent, state: rollout.state },
      };
      channels.configLoaded.publish(event);
    }
    this.checkSource();
  }

  /** A load failed (the source threw or answered an invalid config). */
  loadFailed(): void {
    this.checkSource();
  }

  /** Whether `changeApplied` needs the dropped entries listed on a reset. */
  wantsChanges(): boolean {
    return channels.changeApplied.hasSubscribers || this.listeners.size > 0;
  }

  /** Every cached entry, when someone wants them (for a reset, before the cache is emptied). */
  allEntries(): readonly CacheEntry[] {
    if (!this.wantsChanges()) return NO_ENTRIES;
    const all: CacheEntry[] = [];
    this.view.forEachEntry((entry) => all.push(entry));
    return all;
  }

  changeApplied(change: AliasChange, dropped: readonly CacheEntry[]): void {
    if (this.wantsChanges()) {
      const aliases = dropped.map((entry) => ({ flow: entry.flow, alias: entry.alias }));
      if (channels.changeApplied.hasSubscribers) {
        const event: ChangeAppliedEvent = { router: this.view.router, kind: change.kind, identity: change.identity, dropped: aliases };
        channels.changeApplied.publish(event);
      }
      for (const listener of this.listeners) listener.changed?.(aliases, change.kind);
    }
    this.checkSource();
  }

  staleServed(entry: CacheEntry, kind: StaleServedEvent['kind'], ageMs: number): void {
    if (!channels.staleServed.hasSubscribers) return;
    const event: StaleServedEvent = {
      router: this.view.router,
      flow: entry.flow,
      alias: entry.alias,
      identity: entry.identity,
      revision: entry.revision ?? null,
      kind,
      ageMs,
    };
    channels.staleServed.publish(event);
  }

  /** Reads the source's state; publishes and tells listeners when it changed. Off the hot path only. */
  checkSource(): SourceState | null {
    const read = readState(this.view.source);
    if (read === undefined) return null;
    this.lastLagMs = read.lagMs;
    const previous = this.lastState;
    if (read.state === previous) return previous;
    this.lastState = read.state;
    if (channels.sourceState.hasSubscribers) {
      const event: SourceStateEvent = { router: this.view.router, state: read.state, previous, lagMs: read.lagMs };
      channels.sourceState.publish(event);
    }
    for (const listener of this.listeners) listener.sourceState?.(read.state, previous);
    return read.state;
  }

  /** The state and lag as last read (`checkSource` reads them afresh). */
  get sourceState(): SourceState | null {
    return this.lastState;
  }

  get sourceLagMs(): number | null {
    return this.lastLagMs;
  }

  /** A rollout's table is about to be swapped: counts of versions leaving the table retire, outcomes carry over. */
  swapping(entry: CacheEntry, table: RoutingTable): void {
    if (!this.options.metrics) return;
    const before = entry.table.versions;
    const outcomes = new Float64Array(table.versions.length * 2);
    for (let i = 0; i < before.length; i++) {
      const version = before[i] as string;
      const after = table.versions.indexOf(version);
      if (after >= 0) {
        outcomes[after * 2] = entry.outcomes[i * 2] ?? 0;
        outcomes[after * 2 + 1] = entry.outcomes[i * 2 + 1] ?? 0;
      } else {
        this.retireVersion(entry, i);
      }
    }
    entry.outcomes = outcomes;
  }

  /** The rollout moved (called by its driver when the table is swapped). */
  stepped(driver: RolloutDriver, previous: RolloutPosition, next: RolloutPosition): void {
    if (!channels.rolloutStepped.hasSubscribers) return;
    const event: RolloutSteppedEvent = {
      router: this.view.router,
      flow: driver.flow,
      alias: driver.alias,
      rolloutId: driver.record.id,
      target: driver.record.target,
      previous: { step: previous.step, percent: previous.percent, phase: previous.phase },
      step: next.step,
      percent: next.percent,
      phase: next.phase,
    };
    channels.rolloutStepped.publish(event);
  }

  /** This router latched the rollout after a health breach. */
  latched(driver: RolloutDriver, state: 'aborted' | 'paused', evidence: BreachEvidence): void {
    if (!channels.rolloutLatched.hasSubscribers) return;
    const event: RolloutLatchedEvent = {
      router: this.view.router,
      flow: driver.flow,
      alias: driver.alias,
      rolloutId: driver.record.id,
      target: driver.record.target,
      state,
      step: driver.position.step,
      percent: driver.position.percent,
      evidence,
    };
    channels.rolloutLatched.publish(event);
  }

  /** An entry left the cache (evicted, invalidated, replaced): its counts join the retired totals. */
  retire(entry: CacheEntry): void {
    if (!this.options.metrics) return;
    for (let i = 0; i < entry.table.versions.length; i++) this.retireVersion(entry, i);
    entry.outcomes = NO_OUTCOMES;
  }

  /**
   * The cumulative series now: retired totals plus every cached table's counters, by flow (or alias) and
   * version. Built at collection time only.
   */
  series(): Map<string, Series> {
    const all = new Map<string, Series>();
    for (const [key, s] of this.retired) all.set(key, { ...s });
    if (this.overflow !== undefined) all.set('overflow', { ...this.overflow });
    this.view.forEachEntry((entry) => {
      for (let i = 0; i < entry.table.versions.length; i++) {
        const counted = this.countsOf(entry, i);
        if (counted === undefined) continue;
        let s = all.get(counted.key);
        if (s === undefined) {
          s = { ...counted.series, picks: 0, ok: 0, errors: 0 };
          all.set(counted.key, s);
        }
        addCounts(s, counted.series);
      }
    });
    return all;
  }

  /** Whether the overflow series (retired series past MAX_RETIRED_SERIES) is in use. */
  get overflowing(): boolean {
    return this.overflow !== undefined;
  }

  private retireVersion(entry: CacheEntry, i: number): void {
    const counted = this.countsOf(entry, i);
    if (counted === undefined) return;
    let s = this.retired.get(counted.key);
    if (s === undefined) {
      if (this.retired.size >= MAX_RETIRED_SERIES) {
        s = this.overflow ??= { flow: '', alias: null, version: '', picks: 0, ok: 0, errors: 0 };
      } else {
        s = { ...counted.series, picks: 0, ok: 0, errors: 0 };
        this.retired.set(counted.key, s);
      }
    }
    addCounts(s, counted.series);
  }

  /** Version `i` of an entry as a series of its own (its key and counts), or undefined when it counted nothing. */
  private countsOf(entry: CacheEntry, i: number): { readonly key: string; readonly series: Series } | undefined {
    const picks = this.view.picksOf(entry, i);
    const ok = entry.outcomes[i * 2] ?? 0;
    const errors = entry.outcomes[i * 2 + 1] ?? 0;
    if (picks === 0 && ok === 0 && errors === 0) return undefined;
    const version = entry.table.versions[i] as string;
    const alias = this.options.perAlias ? entry.alias : null;
    return { key: seriesKey(entry.flow, alias, version), series: { flow: entry.flow, alias, version, picks, ok, errors } };
  }
}

function addCounts(into: Series, from: Series): void {
  into.picks += from.picks;
  into.ok += from.ok;
  into.errors += from.errors;
}

/**
 * recordOutcome's counter (allocation-free; a scan of the alias's versions, at most MAX_ENTRIES compares,
 * usually two). Only when the metrics are on (`entry.outcomes` is empty otherwise).
 */
export function countOutcome(entry: CacheEntry, version: string, ok: boolean): void {
  const versions = entry.table.versions;
  for (let i = 0; i < versions.length; i++) {
    if (versions[i] === version) {
      entry.outcomes[i * 2 + (ok ? 0 : 1)]! += 1;
      return;
    }
  }
}

/** The observer of each Router, for the OpenFeature provider (package-internal). */
export const OBSERVERS = new WeakMap<object, RouterObserver>();
