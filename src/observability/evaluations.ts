import { ValidationException } from '../errors.js';
import { channels } from './channels.js';
import type { EvaluationEvent } from './events.js';
import { PROVIDER_NAME, type RouterObserver } from './observer.js';

export interface EvaluationEventsOptions {
  /** The share of picks published, in (0, 1]: each pick is sampled with this probability. */
  readonly sampleRate: number;
}

type Pick = (flow: string, alias: string, key?: string) => string;

export function checkEvaluationEvents(value: unknown): EvaluationEventsOptions | undefined {
  if (value === undefined) return undefined;
  const rate = (value as { sampleRate?: unknown } | null)?.sampleRate;
  if (typeof value !== 'object' || typeof rate !== 'number' || !(rate > 0 && rate <= 1)) {
    throw new ValidationException('evaluationEvents', 'must be { sampleRate } with sampleRate in (0, 1]');
  }
  return { sampleRate: rate };
}

/** Picks until the next sample: geometric, so the samples are a Bernoulli(rate) process (no aliasing with periodic traffic). */
function gap(rate: number): number {
  if (rate >= 1) return 1;
  return 1 + Math.floor(Math.log(1 - Math.random()) / Math.log(1 - rate));
}

function publish(observer: RouterObserver, flow: string, alias: string, sticky: boolean, version: string, weight: number): void {
  const entry = observer.view.entryOf(flow, alias);
  const state = observer.checkSource();
  const stale = entry === undefined || observer.view.expired(entry) || (state !== null && state !== 'ready');
  const event: EvaluationEvent = {
    router: observer.view.router,
    'feature_flag.key': `${flow}/${alias}`,
    'feature_flag.provider.name': PROVIDER_NAME,
    'feature_flag.result.variant': version,
    'feature_flag.result.reason': stale ? 'stale' : entry.table.versions.length === 1 ? 'static' : 'split',
    ...(entry?.revision === undefined ? {} : { 'feature_flag.version': String(entry.revision) }),
    sticky,
    sampleWeight: weight,
  };
  channels.evaluation.publish(event);
}

/**
 * Installs the sampled `feature_flag.evaluation` event on one router: its `pick` becomes an own property that
 * calls the class's `pick` and counts down to the next sample. Only routers created with `evaluationEvents`
 * get it; every other router keeps the class's `pick` untouched, so the feature costs nothing when off (the
 * lru-cache way: the hook is installed only when the option is set).
 */
export function installEvaluationEvents(router: { pick: Pick }, pick: Pick, observer: RouterObserver, options: EvaluationEventsOptions): void {
  const rate = options.sampleRate;
  const weight = 1 / rate;
  let countdown = gap(rate);
  const sampled: Pick = (flow, alias, key) => {
    const version = pick.call(router, flow, alias, key);
    if (--countdown === 0) {
      countdown = gap(rate);
      if (channels.evaluation.hasSubscribers) publish(observer, flow, alias, key !== undefined, version, weight);
    }
    return version;
  };
  Object.defineProperty(router, 'pick', { value: sampled, writable: true, configurable: true, enumerable: false });
}
