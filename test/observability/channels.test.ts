import diagnostics from 'node:diagnostics_channel';
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNELS, MemorySource, Router, type SourceStats } from '../../src/index.js';
import type { HealthPolicy } from '../../src/rollout/model.js';
import { EIGHTY_TWENTY } from '../routing/fixtures.js';
import { FakeSource } from '../router/fake-source.js';
import { rolloutFixture } from '../rollout/fixtures.js';

const FLOW = 'checkout';
const subscriptions: (() => void)[] = [];

/** Every message published on `name` while the test runs. */
function listen(name: string): unknown[] {
  const seen: unknown[] = [];
  const onMessage = (message: unknown): void => {
    seen.push(message);
  };
  diagnostics.subscribe(name, onMessage);
  subscriptions.push(() => diagnostics.unsubscribe(name, onMessage));
  return seen;
}

afterEach(() => {
  for (const unsubscribe of subscriptions.splice(0)) unsubscribe();
});

function memory(): MemorySource {
  const source = new MemorySource();
  source.set(FLOW, 'live', [{ version: '1', weight: 80 }, { version: '2', weight: 20 }]);
  return source;
}

describe('diagnostics_channel events', () => {
  it('names every channel under flow-alias-router:', () => {
    expect(Object.values(CHANNELS).every((name) => name.startsWith('flow-alias-router:'))).toBe(true);
    expect(new Set(Object.values(CHANNELS)).size).toBe(Object.values(CHANNELS).length);
  });

  it('config-loaded and change-applied, with the dropped spellings', () => {
    const loaded = listen(CHANNELS.configLoaded);
    const changed = listen(CHANNELS.changeApplied);
    const source = memory();
    const router = new Router({ source });
    router.pick(FLOW, 'live');
    expect(loaded).toEqual([
      { router, flow: FLOW, alias: 'live', identity: `${FLOW}/live`, revision: 1, versions: ['1', '2'], selector: 'compare', cached: true, rollout: null },
    ]);
    source.set(FLOW, 'live', [{ version: '2', weight: 1 }]);
    expect(changed).toEqual([{ router, kind: 'updated', identity: `${FLOW}/live`, dropped: [{ flow: FLOW, alias: 'live' }] }]);
    router.close();
  });

  it('a reset lists every cached alias', () => {
    const changed = listen(CHANNELS.changeApplied);
    const source = new FakeSource('sync');
    source.set('f', 'a', EIGHTY_TWENTY, false);
    source.set('f', 'b', EIGHTY_TWENTY, false);
    const router = new Router({ source });
    router.pick('f', 'a');
    router.pick('f', 'b');
    source.emit({ kind: 'reset', identity: '' });
    expect(changed).toEqual([{ router, kind: 'reset', identity: '', dropped: [{ flow: 'f', alias: 'a' }, { flow: 'f', alias: 'b' }] }]);
    router.close();
  });

  it('stale-served, with its kind and age', () => {
    const stale = listen(CHANNELS.staleServed);
    const clock = { now: 0 };
    const source = new FakeSource('sync');
    source.set('f', 'a', EIGHTY_TWENTY, false);
    const router = new Router({ source, monotonicClock: () => clock.now, ttlMs: 100, staleIfErrorMs: 1000, retryAfterErrorMs: 10 });
    router.pick('f', 'a');
    source.failWith = new Error('down');
    clock.now = 150;
    router.pick('f', 'a');
    expect(stale).toEqual([{ router, flow: 'f', alias: 'a', identity: 'f/a', revision: 1, kind: 'if-error', ageMs: 50 }]);
    router.close();
  });

  it('source-state when the state the router reads changes', () => {
    const states = listen(CHANNELS.sourceState);
    const source = Object.assign(memory(), { current: { state: 'ready' } as SourceStats, stats: () => source.current });
    const router = new Router({ source });
    router.pick(FLOW, 'live');
    source.current = { state: 'error', lagMs: 1200 };
    source.set(FLOW, 'live', [{ version: '2', weight: 1 }]);
    expect(states).toEqual([
      { router, state: 'ready', previous: null, lagMs: null },
      { router, state: 'error', previous: 'ready', lagMs: 1200 },
    ]);
    router.close();
  });

  it('rollout-stepped at a boundary and rollout-latched on a breach', () => {
    const stepped = listen(CHANNELS.rolloutStepped);
    const latched = listen(CHANNELS.rolloutLatched);
    const { scheduler, registry } = rolloutFixture(FLOW);
    const policy: HealthPolicy = { minSamples: 50, maxErrorRate: 0.1, maxErrorRatio: 3, windowMs: 10_000, breachingWindows: 2, action: 'pause' };
    const started = registry.startRollout(FLOW, 'live', { target: '2', steps: [{ weight: 10, holdMs: 15_000 }, { weight: 50, holdMs: 600_000 }], health: policy });
    const router = new Router({ source: registry, scheduler, seed: 'events', rolloutControl: false });
    router.pick(FLOW, 'live');
    scheduler.advance(15_000);
    expect(stepped).toEqual([
      {
        router,
        flow: FLOW,
        alias: 'live',
        rolloutId: started.rollout?.id,
        target: '2',
        previous: { step: 0, percent: 10, phase: 'running' },
        step: 1,
        percent: 50,
        phase: 'running',
      },
    ]);
    for (let w = 0; w < 3; w++) {
      for (let i = 0; i < 400; i++) {
        const version = router.pick(FLOW, 'live');
        router.recordOutcome(FLOW, 'live', version, version === '1' || i % 2 === 0);
      }
      scheduler.advance(policy.windowMs);
    }
    expect(latched).toHaveLength(1);
    expect(latched[0]).toMatchObject({ router, flow: FLOW, alias: 'live', rolloutId: started.rollout?.id, target: '2', state: 'paused', step: 1, percent: 50 });
    expect(stepped.at(-1)).toMatchObject({ phase: 'paused', percent: 50 });
    router.close();
  });

  it('builds and publishes nothing while nobody subscribes (hasSubscribers is checked first)', () => {
    const published: string[] = [];
    const restore: (() => void)[] = [];
    for (const name of Object.values(CHANNELS)) {
      const channel = diagnostics.channel(name);
      expect(channel.hasSubscribers).toBe(false);
      // An own property over the prototype's: a channel swaps its prototype when subscribed, so delete it after.
      channel.publish = () => {
        published.push(name);
      };
      restore.push(() => delete (channel as { publish?: unknown }).publish);
    }
    try {
      const source = Object.assign(memory(), { stats: (): SourceStats => ({ state: 'stale' }) });
      const router = new Router({ source, evaluationEvents: { sampleRate: 1 } });
      router.pick(FLOW, 'live');
      source.set(FLOW, 'live', [{ version: '2', weight: 1 }]);
      router.pick(FLOW, 'live');
      router.close();
      expect(published).toEqual([]);
    } finally {
      for (const r of restore) r();
    }
  });
});

describe('the sampled feature_flag.evaluation event', () => {
  it('is off by default: the router keeps the class pick', () => {
    const router = new Router({ source: memory() });
    expect(router.pick).toBe(Router.prototype.pick);
    expect(Object.hasOwn(router, 'pick')).toBe(false);
  });

  it('publishes semantic-convention attributes, never the sticky key', () => {
    const events = listen(CHANNELS.evaluation);
    const source = memory();
    source.set(FLOW, 'one', [{ version: '3', weight: 1 }]);
    const router = new Router({ source, evaluationEvents: { sampleRate: 1 } });
    const v = router.pick(FLOW, 'live', 'user-42');
    router.pick(FLOW, 'one');
    expect(events).toEqual([
      {
        router,
        'feature_flag.key': `${FLOW}/live`,
        'feature_flag.provider.name': 'flow-alias-router',
        'feature_flag.result.variant': v,
        'feature_flag.result.reason': 'split',
        'feature_flag.version': '1',
        sticky: true,
        sampleWeight: 1,
      },
      expect.objectContaining({ 'feature_flag.result.variant': '3', 'feature_flag.result.reason': 'static', sticky: false }),
    ]);
    expect(JSON.stringify(events.map((e) => ({ ...(e as object), router: null })))).not.toContain('user-42');
  });

  it('samples about sampleRate of the picks', () => {
    const events = listen(CHANNELS.evaluation);
    const router = new Router({ source: memory(), evaluationEvents: { sampleRate: 0.1 } });
    for (let i = 0; i < 20_000; i++) router.pick(FLOW, 'live');
    // Binomial(20,000, 0.1): mean 2,000, sd 42; ±300 is beyond 7 sd.
    expect(Math.abs(events.length - 2000)).toBeLessThan(300);
    expect(events[0]).toMatchObject({ sampleWeight: 10 });
  });

  it('refuses a bad sample rate', () => {
    for (const sampleRate of [0, -1, 1.5, Number.NaN]) {
      expect(() => new Router({ source: memory(), evaluationEvents: { sampleRate } })).toThrow(/evaluationEvents/);
    }
  });
});
