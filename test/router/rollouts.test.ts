import { describe, expect, it } from 'vitest';
import { FlowRegistry, Router, type RoutingConfig } from '../../test/all-entries.js';
import type { HealthPolicy } from '../../src/rollout/model.js';
import { ManualScheduler, type RolloutScheduler } from '../../src/router/rollout-scheduler.js';

const T0 = Date.UTC(2024, 0, 1);
const MIN = 60_000;
const POLICY: HealthPolicy = { minSamples: 50, maxErrorRate: 0.1, maxErrorRatio: 3, windowMs: 10_000, breachingWindows: 2, action: 'abort' };

/** A registry on the scheduler's clock, with flow `checkout` (versions 1 and 2) and alias `live` on 1. */
function setup(scheduler: ManualScheduler = new ManualScheduler(T0)) {
  let next = 0;
  const registry = new FlowRegistry({ wallClock: () => scheduler.now(), generateId: () => `ID${String(++next).padStart(8, '0')}` });
  registry.createFlow({ name: 'checkout' });
  registry.createVersion('checkout');
  registry.createVersion('checkout');
  registry.createAlias('checkout', { name: 'live', routing: [{ version: '1', weight: 100 }] });
  return { scheduler, registry };
}

function share(router: Router, version: string): number {
  return router.explain('checkout', 'live').weights.find((w) => w.version === version)?.share ?? 0;
}

/** A scheduler that counts its clock reads. */
function counting(inner: ManualScheduler): RolloutScheduler & { reads: number } {
  const wrapped = {
    reads: 0,
    now: () => {
      wrapped.reads++;
      return inner.now();
    },
    setTimer: (run: () => void, ms: number) => inner.setTimer(run, ms),
    clearTimer: (handle: unknown) => inner.clearTimer(handle),
  };
  return wrapped;
}

/** Drives picks and outcomes through the router: exactly `failRate[v]` of version v's executions fail, evenly spread. */
function drive(router: Router, picks: number, failRate: Record<string, number>): void {
  const seen: Record<string, number> = {};
  for (let i = 0; i < picks; i++) {
    const version = router.pick('checkout', 'live');
    const n = (seen[version] = (seen[version] ?? 0) + 1);
    const rate = failRate[version] ?? 0;
    router.recordOutcome('checkout', 'live', version, Math.floor(n * rate) === Math.floor((n - 1) * rate));
  }
}

describe('Router rollouts: the step clock', () => {
  it('swaps the table from its timer at every step boundary, and not a millisecond before', () => {
    const { scheduler, registry } = setup();
    registry.startRollout('checkout', 'live', { target: '2', preset: 'Linear10PercentEvery1Minute' });
    const router = new Router({ source: registry, scheduler, seed: 's' });
    router.pick('checkout', 'live');
    for (let step = 0; step < 9; step++) {
      expect(share(router, '2'), `step ${step}`).toBeCloseTo((step + 1) / 10, 12);
      expect(router.explain('checkout', 'live').rollout).toMatchObject({ step, phase: 'running', nextStepAt: T0 + (step + 1) * MIN });
      // The JSON text carries the same rollout and the step's table (a sticky key draws nothing).
      expect(JSON.parse(router.explainJson('checkout', 'live', 'k'))).toEqual(JSON.parse(JSON.stringify(router.explain('checkout', 'live', 'k'))));
      scheduler.advance(MIN - 1);
      expect(share(router, '2'), `end of step ${step}`).toBeCloseTo((step + 1) / 10, 12);
      scheduler.advance(1);
    }
    expect(share(router, '2')).toBe(1);
    router.close();
  });

  it('reads no clock on the hot path: picks between boundaries never call the scheduler', () => {
    const { scheduler, registry } = setup();
    registry.startRollout('checkout', 'live', { target: '2', preset: 'Canary10Percent5Minutes' });
    const clock = counting(scheduler);
    const router = new Router({ source: registry, scheduler: clock });
    router.pick('checkout', 'live');
    const before = clock.reads;
    for (let i = 0; i < 10_000; i++) router.pick('checkout', 'live', `k${i}`);
    for (let i = 0; i < 10_000; i++) router.pick('checkout', 'live');
    for (let i = 0; i < 10_000; i++) router.recordOutcome('checkout', 'live', '2', i % 2 === 0);
    expect(clock.reads).toBe(before);
    router.close();
  });

  it('completes on its own: after the last hold the target has 100 %, and the router asks the control plane to promote', () => {
    const { scheduler, registry } = setup();
    registry.startRollout('checkout', 'live', { target: '2', preset: 'Canary10Percent5Minutes' });
    const router = new Router({ source: registry, scheduler });
    router.pick('checkout', 'live');
    scheduler.advance(5 * MIN);
    expect(router.pick('checkout', 'live')).toBe('2');
    const alias = registry.getAlias('checkout', 'live');
    expect(alias.rollout).toMatchObject({ state: 'promoted', endReason: 'completed' });
    expect(alias.routing).toEqual([{ version: '2', weight: 100 }]);
    router.close();
  });

  it('pause freezes the weights and resume continues where it was, through the change events', () => {
    const { scheduler, registry } = setup();
    registry.startRollout('checkout', 'live', { target: '2', preset: 'Linear10PercentEvery1Minute' });
    const router = new Router({ source: registry, scheduler });
    router.pick('checkout', 'live');
    scheduler.advance(2 * MIN + 30_000);
    registry.pauseRollout('checkout', 'live');
    expect(share(router, '2')).toBeCloseTo(0.3, 12);
    scheduler.advance(60 * MIN);
    expect(share(router, '2')).toBeCloseTo(0.3, 12);
    expect(router.explain('checkout', 'live').rollout).toMatchObject({ state: 'paused', nextStepAt: null });
    registry.resumeRollout('checkout', 'live');
    expect(router.explain('checkout', 'live').rollout).toMatchObject({ step: 2, nextStepAt: T0 + 62 * MIN + 60_000 });
    scheduler.advance(30_000 - 1);
    expect(share(router, '2')).toBeCloseTo(0.3, 12);
    scheduler.advance(1);
    expect(share(router, '2')).toBeCloseTo(0.4, 12);
    router.close();
  });

  it('every verb gives its defined weights in the router at once', () => {
    const { scheduler, registry } = setup();
    registry.createVersion('checkout');
    registry.startRollout('checkout', 'live', { target: '2', preset: 'Linear10PercentEvery10Minutes' });
    const router = new Router({ source: registry, scheduler });
    router.pick('checkout', 'live');
    registry.skipRolloutStep('checkout', 'live');
    expect(share(router, '2')).toBeCloseTo(0.2, 12);
    registry.abortRollout('checkout', 'live');
    expect(share(router, '2')).toBe(0);
    expect(router.explain('checkout', 'live').rollout).toMatchObject({ state: 'aborted' });
    registry.retryRollout('checkout', 'live');
    expect(share(router, '2')).toBeCloseTo(0.1, 12);
    registry.promoteRollout('checkout', 'live');
    expect(share(router, '2')).toBe(1);
    registry.startRollout('checkout', 'live', { target: '3', steps: [{ weight: 25, holdMs: MIN }] });
    expect(share(router, '3')).toBeCloseTo(0.25, 12);
    registry.updateAlias('checkout', 'live', { routing: [{ version: '1', weight: 1 }] });
    expect(share(router, '1')).toBe(1);
    expect(router.explain('checkout', 'live').rollout).toMatchObject({ state: 'aborted' });
    scheduler.advance(10 * MIN);
    expect(share(router, '1')).toBe(1);
    router.close();
  });

  it('two routers whose clocks are 7 s apart switch at the same control-plane instant: each measures its offset', () => {
    const { scheduler, registry } = setup();
    registry.startRollout('checkout', 'live', { target: '2', preset: 'Linear10PercentEvery1Minute' });
    const fast = new ManualScheduler(T0 + 7000);
    const a = new Router({ source: registry, scheduler });
    const b = new Router({ source: registry, scheduler: fast });
    a.pick('checkout', 'live');
    b.pick('checkout', 'live');
    expect(b.explain('checkout', 'live').rollout?.clockOffsetMs).toBe(7000);
    expect(a.explain('checkout', 'live').rollout?.clockOffsetMs).toBe(0);
    for (const ms of [MIN - 1, 1, MIN - 1, 1]) {
      scheduler.advance(ms);
      fast.advance(ms);
      expect(share(b, '2')).toBe(share(a, '2'));
    }
    expect(share(a, '2')).toBeCloseTo(0.3, 12);
    // Without the control plane's clock on the config (a source that gives none), the skew shows in full.
    const blind = {
      getRouting: (f: string, al: string): RoutingConfig => {
        const { wallClockAt: _dropped, ...config } = registry.getRouting(f, al);
        return config;
      },
    };
    const c = new Router({ source: blind, scheduler: new ManualScheduler(T0 + 2 * MIN + 7000 + MIN - 7000) });
    expect(c.explain('checkout', 'live').rollout?.step).toBe(3);
    a.close();
    b.close();
  });

  it('frozen between invocations: the first picks after a thaw use the previous step until the slow path or a timer notices', () => {
    const { scheduler, registry } = setup();
    registry.startRollout('checkout', 'live', { target: '2', preset: 'Canary10Percent5Minutes' });
    const router = new Router({ source: registry, scheduler, rolloutControl: false });
    router.pick('checkout', 'live');
    scheduler.jump(6 * MIN);
    expect(share(router, '2')).toBeCloseTo(1, 12); // explain() goes through the slow path, which re-checks
    const again = new Router({ source: registry, scheduler, rolloutControl: false });
    again.pick('checkout', 'live');
    registry.retryRollout('checkout', 'live');
    again.pick('checkout', 'live');
    scheduler.jump(6 * MIN);
    const picks = new Set<string>();
    for (let i = 0; i < 200; i++) picks.add(again.pick('checkout', 'live'));
    expect(picks).toEqual(new Set(['1', '2'])); // the hot path still serves step 0 (10 %)
    again.checkRollouts();
    picks.clear();
    for (let i = 0; i < 200; i++) picks.add(again.pick('checkout', 'live'));
    expect(picks).toEqual(new Set(['2']));
    router.close();
    again.close();
  });
});

describe('Router rollouts: health', () => {
  it('a breach of consecutive windows aborts through the registry with its evidence; nothing resumes by itself', () => {
    const { scheduler, registry } = setup();
    const started = registry.startRollout('checkout', 'live', { target: '2', steps: [{ weight: 50, holdMs: 60 * MIN }], health: POLICY });
    const router = new Router({ source: registry, scheduler, seed: 'health', processId: 'p1' });
    for (let w = 0; w < 3; w++) {
      drive(router, 400, { '1': 0.01, '2': 0.2 });
      scheduler.advance(POLICY.windowMs);
    }
    const alias = registry.getAlias('checkout', 'live');
    expect(alias.rollout).toMatchObject({ state: 'aborted', endReason: 'health', evidence: { action: 'abort', decidedBy: 'p1', scope: 'fleet', revision: started.revision } });
    expect(alias.rollout?.evidence?.windows.every((w) => w.verdict === 'breach')).toBe(true);
    expect(share(router, '2')).toBe(0);
    scheduler.advance(60 * MIN);
    expect(registry.getAlias('checkout', 'live').rollout?.state).toBe('aborted');
    router.close();
  });

  it('without a control plane the decision is local: this process routes to the baseline, the registry is untouched', () => {
    const { scheduler, registry } = setup();
    registry.startRollout('checkout', 'live', { target: '2', steps: [{ weight: 50, holdMs: 60 * MIN }], health: { ...POLICY, action: 'pause' } });
    const router = new Router({ source: registry, scheduler, seed: 'local', rolloutControl: false });
    for (let w = 0; w < 3; w++) {
      drive(router, 400, { '1': 0.01, '2': 0.5 });
      scheduler.advance(POLICY.windowMs);
    }
    expect(router.stats().aliases[0]?.rollout).toMatchObject({ state: 'paused', localDecision: 'paused', percent: 50, health: { verdict: 'breach', scope: 'process' } });
    expect(registry.getAlias('checkout', 'live').rollout?.state).toBe('running');
    router.close();
  });

  it('insufficient never aborts: a target failing every time, but under minSamples per window', () => {
    const { scheduler, registry } = setup();
    registry.startRollout('checkout', 'live', { target: '2', steps: [{ weight: 1, holdMs: 600 * MIN }], health: POLICY });
    const router = new Router({ source: registry, scheduler, seed: 'thin' });
    router.pick('checkout', 'live');
    for (let w = 0; w < 50; w++) {
      for (let i = 0; i < 49; i++) router.recordOutcome('checkout', 'live', '2', false);
      for (let i = 0; i < 1000; i++) router.recordOutcome('checkout', 'live', '1', true);
      scheduler.advance(POLICY.windowMs);
      expect(router.explain('checkout', 'live').rollout?.health?.verdict).toBe('insufficient');
    }
    expect(registry.getAlias('checkout', 'live').rollout?.state).toBe('running');
    router.close();
  });

  it('a healthy canary keeps running and completes', () => {
    const { scheduler, registry } = setup();
    registry.startRollout('checkout', 'live', { target: '2', preset: 'Canary10Percent5Minutes', health: { ...POLICY, minSamples: 20 } });
    const router = new Router({ source: registry, scheduler, seed: 'healthy' });
    for (let w = 0; w < 31; w++) {
      drive(router, 400, { '1': 0.01, '2': 0.01 });
      scheduler.advance(POLICY.windowMs);
    }
    expect(registry.getAlias('checkout', 'live').rollout).toMatchObject({ state: 'promoted', endReason: 'completed' });
    router.close();
  });
});

describe('Router rollouts: pick counts across step swaps', () => {
  it('carries each version’s count to the new table when the rollout promotes (three versions to one)', () => {
    const { scheduler, registry } = setup();
    registry.createVersion('checkout');
    registry.updateAlias('checkout', 'live', { routing: [{ version: '1', weight: 50 }, { version: '2', weight: 50 }] });
    registry.startRollout('checkout', 'live', { target: '3', steps: [{ weight: 20, holdMs: MIN }] });
    const router = new Router({ source: registry, scheduler, seed: 'counts', rolloutControl: false });
    const picks = (): Record<string, number> => ({ ...router.stats().aliases[0]?.picks });
    for (let i = 0; i < 300; i++) router.pick('checkout', 'live');
    const during = picks();
    expect(Object.keys(during).sort()).toEqual(['1', '2', '3']);
    expect((during['1'] ?? 0) + (during['2'] ?? 0) + (during['3'] ?? 0)).toBe(300);
    expect(during['3']).toBeGreaterThan(0);
    scheduler.advance(MIN);
    // Promoted: the table is version 3 alone (read from stats: an explain would count a pick).
    expect(picks()).toEqual({ '3': during['3'] });
    for (let i = 0; i < 50; i++) router.pick('checkout', 'live');
    expect(picks()).toEqual({ '3': (during['3'] ?? 0) + 50 });
  });
});
