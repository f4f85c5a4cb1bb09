import type { BatchObservableResultLike, MeterLike, MetricAttributes, ObservableLike } from './meter.js';
import { PROVIDER_NAME, type RouterObserver } from './observer.js';

/** Every metric name, with its unit and instrument kind (docs/observability.md, Metrics). */
export const METRICS = Object.freeze({
  picks: 'flow_alias_router.picks',
  outcomes: 'flow_alias_router.outcomes',
  cacheLoads: 'flow_alias_router.cache.loads',
  cacheLoadErrors: 'flow_alias_router.cache.load_errors',
  cacheEvictions: 'flow_alias_router.cache.evictions',
  cacheInvalidations: 'flow_alias_router.cache.invalidations',
  cacheNegativeHits: 'flow_alias_router.cache.negative_hits',
  cacheSize: 'flow_alias_router.cache.size',
  stalePicks: 'flow_alias_router.stale_picks',
  sourceChanges: 'flow_alias_router.source.changes',
  sourceState: 'flow_alias_router.source.state',
  sourceLag: 'flow_alias_router.source.lag',
  rolloutStep: 'flow_alias_router.rollout.step',
  rolloutPercent: 'flow_alias_router.rollout.percent',
});

/** Attribute names: OpenTelemetry's `feature_flag.*` semantic conventions where they fit, ours elsewhere. */
export const ATTRIBUTES = Object.freeze({
  key: 'feature_flag.key',
  variant: 'feature_flag.result.variant',
  reason: 'feature_flag.result.reason',
  provider: 'feature_flag.provider.name',
  version: 'feature_flag.version',
  flow: 'flow_alias_router.flow',
  alias: 'flow_alias_router.alias',
  outcome: 'flow_alias_router.outcome',
  staleKind: 'flow_alias_router.stale.kind',
  sourceState: 'flow_alias_router.source.state',
  rolloutId: 'flow_alias_router.rollout.id',
  rolloutState: 'flow_alias_router.rollout.state',
});

export interface RouterMetricsOptions {
  /** One series per alias (`feature_flag.key` = `flow/alias`) instead of per flow. Default false. */
  readonly perAlias?: boolean;
  /** Added to every series, e.g. `{ 'service.instance.role': 'edge' }` to tell two routers apart. */
  readonly attributes?: Readonly<Record<string, string>>;
}

const INT = 0;
const DOUBLE = 1;
const SOURCE_STATES = ['ready', 'stale', 'error'] as const;

/**
 * The router's instruments on a meter: observable only, all read by one batch callback at collection time
 * from the router's own counters (picks from the per-version Float64Arrays the hot path already fills). Only
 * series with a non-zero count are observed; per-flow by default. `close()` removes the callback.
 */
export class RouterMetrics {
  private readonly instruments: Record<keyof typeof METRICS, ObservableLike>;
  private readonly observables: ObservableLike[];
  private readonly callback: (result: BatchObservableResultLike) => void;
  private readonly base: MetricAttributes;

  constructor(
    private readonly meter: MeterLike,
    private readonly observer: RouterObserver,
    options: RouterMetricsOptions,
  ) {
    this.base = { ...options.attributes };
    const counter = (name: string, description: string, unit: string): ObservableLike =>
      meter.createObservableCounter(name, { description, unit, valueType: INT });
    this.instruments = {
      picks: counter(METRICS.picks, 'Versions picked (pick, route, explain), by flow (or alias) and version.', '{pick}'),
      outcomes: counter(METRICS.outcomes, 'Execution outcomes reported with recordOutcome, by version and outcome.', '{outcome}'),
      cacheLoads: counter(METRICS.cacheLoads, 'Routing configs loaded and compiled.', '{load}'),
      cacheLoadErrors: counter(METRICS.cacheLoadErrors, 'Loads that failed (the source failed or answered an invalid config).', '{load}'),
      cacheEvictions: counter(METRICS.cacheEvictions, 'Compiled aliases evicted by the LRU.', '{alias}'),
      cacheInvalidations: counter(METRICS.cacheInvalidations, 'Cached aliases dropped by a change event.', '{alias}'),
      cacheNegativeHits: counter(METRICS.cacheNegativeHits, 'Picks of an unknown alias answered from the negative cache.', '{pick}'),
      cacheSize: meter.createObservableUpDownCounter(METRICS.cacheSize, { description: 'Aliases compiled in the cache.', unit: '{alias}', valueType: INT }),
      stalePicks: counter(METRICS.stalePicks, 'Picks served from a table past its TTL, by kind.', '{pick}'),
      sourceChanges: counter(METRICS.sourceChanges, 'Change events received from the source.', '{change}'),
      sourceState: meter.createObservableGauge(METRICS.sourceState, {
        description: 'The source state: 1 for the current one (ready, stale, error), 0 for the others.',
        unit: '1',
        valueType: INT,
      }),
      sourceLag: meter.createObservableGauge(METRICS.sourceLag, {
        description: 'How long the source has been unable to vouch that its configs are current (0 while ready).',
        unit: 's',
        valueType: DOUBLE,
      }),
      rolloutStep: meter.createObservableGauge(METRICS.rolloutStep, {
        description: 'The step a running rollout is at (-1 once aborted), per alias.',
        unit: '1',
        valueType: INT,
      }),
      rolloutPercent: meter.createObservableGauge(METRICS.rolloutPercent, {
        description: "The rollout target's share of traffic in percent, as this router routes now, per alias.",
        unit: '%',
        valueType: DOUBLE,
      }),
    };
    this.observables = Object.values(this.instruments);
    this.callback = (result) => this.collect(result);
    meter.addBatchObservableCallback(this.callback, this.observables);
  }

  close(): void {
    this.meter.removeBatchObservableCallback(this.callback, this.observables);
  }

  /** Collection time: one pass over the cache and the retired totals. */
  private collect(result: BatchObservableResultLike): void {
    const { instruments: m, base, observer } = this;
    const view = observer.view;
    const seriesAttributes = (flow: string, alias: string | null, version: string): MetricAttributes => {
      const attributes: MetricAttributes = { ...base, [ATTRIBUTES.provider]: PROVIDER_NAME, [ATTRIBUTES.flow]: flow, [ATTRIBUTES.variant]: version };
      if (alias !== null) {
        attributes[ATTRIBUTES.alias] = alias;
        attributes[ATTRIBUTES.key] = `${flow}/${alias}`;
      }
      return attributes;
    };
    for (const s of observer.series().values()) {
      const attributes = s.flow === '' && s.version === '' ? { ...base, 'otel.metric.overflow': true } : seriesAttributes(s.flow, s.alias, s.version);
      if (s.picks > 0) result.observe(m.picks, s.picks, attributes);
      if (s.ok > 0) result.observe(m.outcomes, s.ok, { ...attributes, [ATTRIBUTES.outcome]: 'ok' });
      if (s.errors > 0) result.observe(m.outcomes, s.errors, { ...attributes, [ATTRIBUTES.outcome]: 'error' });
    }
    const c = view.counters;
    const plain = (instrument: ObservableLike, value: number): void => {
      if (value > 0) result.observe(instrument, value, base);
    };
    plain(m.cacheLoads, c.loads);
    plain(m.cacheLoadErrors, c.loadErrors);
    plain(m.cacheEvictions, c.evictions);
    plain(m.cacheInvalidations, c.invalidations);
    plain(m.cacheNegativeHits, c.negativeHits);
    plain(m.sourceChanges, view.changeEvents());
    result.observe(m.cacheSize, view.cacheSize(), base);
    if (c.staleServed > 0) result.observe(m.stalePicks, c.staleServed, { ...base, [ATTRIBUTES.reason]: 'stale', [ATTRIBUTES.staleKind]: 'while_revalidate' });
    if (c.staleIfErrorServed > 0) result.observe(m.stalePicks, c.staleIfErrorServed, { ...base, [ATTRIBUTES.reason]: 'stale', [ATTRIBUTES.staleKind]: 'if_error' });
    const state = observer.checkSource();
    if (state !== null) {
      // A state set: every state observed each time (1 for the current one), so a past state never lingers at 1.
      for (const s of SOURCE_STATES) result.observe(m.sourceState, s === state ? 1 : 0, { ...base, [ATTRIBUTES.sourceState]: s });
      result.observe(m.sourceLag, (observer.sourceLagMs ?? 0) / 1000, base);
    }
    view.forEachEntry((entry) => {
      if (entry.rollout === null) return;
      const summary = entry.rollout.summary();
      // No revision here: it changes with every write, and a gauge's past series linger in a cumulative SDK.
      const attributes: MetricAttributes = {
        ...base,
        [ATTRIBUTES.provider]: PROVIDER_NAME,
        [ATTRIBUTES.flow]: entry.flow,
        [ATTRIBUTES.alias]: entry.alias,
        [ATTRIBUTES.key]: `${entry.flow}/${entry.alias}`,
        [ATTRIBUTES.rolloutId]: summary.id,
        [ATTRIBUTES.variant]: summary.target,
      };
      result.observe(m.rolloutStep, summary.step, attributes);
      result.observe(m.rolloutPercent, summary.percent, attributes);
    });
  }
}
