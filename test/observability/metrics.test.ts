import { metrics as otelMetrics } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { MemorySource, METRICS, Router, ValidationException, type SourceStats } from '../../src/index.js';
import { EIGHTY_TWENTY } from '../routing/fixtures.js';
import { FakeSource } from '../router/fake-source.js';
import { otelMeter, valueOf } from './otel.js';
import { rolloutFixture } from '../rollout/fixtures.js';

const FLOW = 'checkout';
const PROVIDER = { 'feature_flag.provider.name': 'flow-alias-router' };

function memory(): MemorySource {
  const source = new MemorySource();
  source.set(FLOW, 'live', [{ version: '1', weight: 80 }, { version: '2', weight: 20 }]);
  source.set(FLOW, 'beta', [{ version: '2', weight: 1 }]);
  return source;
}

describe('Router metrics on a real OpenTelemetry SDK', () => {
  it('reports picks per flow and version from the counters the pick already keeps; only non-zero series', async () => {
    const { meter, collect } = otelMeter();
    const router = new Router({ source: memory(), meter, seed: 's' });
    const counted: Record<string, number> = {};
    for (let i = 0; i < 1000; i++) {
      const v = router.pick(FLOW, 'live', i % 2 === 0 ? undefined : `k${i}`);
      counted[v] = (counted[v] ?? 0) + 1;
    }
    for (let i = 0; i < 10; i++) router.pick(FLOW, 'beta');
    const points = (await collect()).get(METRICS.picks);
    expect(valueOf(points, { 'flow_alias_router.flow': FLOW, 'feature_flag.result.variant': '1', ...PROVIDER })).toBe(counted['1']);
    expect(valueOf(points, { 'flow_alias_router.flow': FLOW, 'feature_flag.result.variant': '2' })).toBe((counted['2'] ?? 0) + 10);
    // Per flow by default: no alias attribute, one series per version.
    expect(points).toHaveLength(2);
    expect(points?.every((p) => !('feature_flag.key' in p.attributes))).toBe(true);
    router.close();
  });

  it('per alias on request: feature_flag.key is flow/alias; attributes are added to every series', async () => {
    const { meter, collect } = otelMeter();
    const router = new Router({ source: memory(), meter, metrics: { perAlias: true, attributes: { 'service.name': 'edge' } } });
    router.pick(FLOW, 'beta');
    router.pick(FLOW, 'beta');
    const points = (await collect()).get(METRICS.picks);
    expect(points).toEqual([
      {
        value: 2,
        attributes: {
          'service.name': 'edge',
          ...PROVIDER,
          'flow_alias_router.flow': FLOW,
          'feature_flag.result.variant': '2',
          'flow_alias_router.alias': 'beta',
          'feature_flag.key': `${FLOW}/beta`,
        },
      },
    ]);
    router.close();
  });

  it('counters never go down: a reload after a change and an LRU eviction keep the totals', async () => {
    const { meter, collect } = otelMeter();
    const source = memory();
    const router = new Router({ source, meter, maxAliases: 1 });
    for (let i = 0; i < 5; i++) router.pick(FLOW, 'beta');
    source.set(FLOW, 'beta', [{ version: '2', weight: 1 }]); // a change: the table is dropped and reloaded
    for (let i = 0; i < 3; i++) router.pick(FLOW, 'beta');
    router.pick(FLOW, 'live'); // evicts beta
    let m = await collect();
    expect(valueOf(m.get(METRICS.picks), { 'feature_flag.result.variant': '2' }) ?? 0).toBeGreaterThanOrEqual(8);
    expect(valueOf(m.get(METRICS.cacheEvictions))).toBe(1);
    expect(valueOf(m.get(METRICS.cacheInvalidations))).toBe(1);
    expect(valueOf(m.get(METRICS.sourceChanges))).toBe(1);
    expect(valueOf(m.get(METRICS.cacheLoads))).toBe(3);
    expect(valueOf(m.get(METRICS.cacheSize))).toBe(1);
    router.invalidate();
    m = await collect();
    const after = m.get(METRICS.picks) ?? [];
    expect(after.reduce((sum, p) => sum + p.value, 0)).toBe(9);
    router.close();
  });

  it('reports outcomes per version from recordOutcome', async () => {
    const { meter, collect } = otelMeter();
    const router = new Router({ source: memory(), meter });
    router.pick(FLOW, 'live');
    for (let i = 0; i < 10; i++) router.recordOutcome(FLOW, 'live', '2', i < 7);
    router.recordOutcome(FLOW, 'live', '1', false);
    router.recordOutcome(FLOW, 'live', 'no-such-version', true);
    const points = (await collect()).get(METRICS.outcomes);
    expect(valueOf(points, { 'feature_flag.result.variant': '2', 'flow_alias_router.outcome': 'ok' })).toBe(7);
    expect(valueOf(points, { 'feature_flag.result.variant': '2', 'flow_alias_router.outcome': 'error' })).toBe(3);
    expect(valueOf(points, { 'feature_flag.result.variant': '1', 'flow_alias_router.outcome': 'error' })).toBe(1);
    expect(points).toHaveLength(3);
    router.close();
  });

  it('reports load errors and stale picks by kind', async () => {
    const { meter, collect } = otelMeter();
    const clock = { now: 0 };
    const source = new FakeSource('sync');
    source.set('f', 'a', EIGHTY_TWENTY, false);
    const router = new Router({ source, meter, monotonicClock: () => clock.now, ttlMs: 100, staleIfErrorMs: 1000, retryAfterErrorMs: 10 });
    router.pick('f', 'a');
    source.failWith = new Error('down');
    clock.now = 150;
    router.pick('f', 'a');
    router.pick('f', 'a');
    const m = await collect();
    expect(valueOf(m.get(METRICS.cacheLoadErrors))).toBe(1);
    expect(valueOf(m.get(METRICS.stalePicks), { 'flow_alias_router.stale.kind': 'if_error', 'feature_flag.result.reason': 'stale' })).toBe(2);
    router.close();
  });

  it("reports the source's state as a state set and its lag in seconds", async () => {
    const { meter, collect } = otelMeter();
    const source = Object.assign(memory(), { current: { state: 'ready', lagMs: 0 } as SourceStats, stats: () => source.current });
    const router = new Router({ source, meter });
    let m = await collect();
    expect(m.get(METRICS.sourceState)?.map((p) => [p.attributes['flow_alias_router.source.state'], p.value])).toEqual([
      ['ready', 1],
      ['stale', 0],
      ['error', 0],
    ]);
    source.current = { state: 'stale', lagMs: 2500 };
    m = await collect();
    expect(valueOf(m.get(METRICS.sourceState), { 'flow_alias_router.source.state': 'stale' })).toBe(1);
    expect(valueOf(m.get(METRICS.sourceState), { 'flow_alias_router.source.state': 'ready' })).toBe(0);
    expect(valueOf(m.get(METRICS.sourceLag))).toBe(2.5);
    router.close();
  });

  it('reports a rollout step and percent per alias', async () => {
    const { meter, collect } = otelMeter();
    const { scheduler, registry } = rolloutFixture(FLOW);
    const started = registry.startRollout(FLOW, 'live', { target: '2', preset: 'Linear10PercentEvery1Minute' });
    const router = new Router({ source: registry, meter, scheduler, rolloutControl: false });
    router.pick(FLOW, 'live');
    scheduler.advance(60_000);
    const m = await collect();
    const match = { 'feature_flag.key': `${FLOW}/live`, 'feature_flag.result.variant': '2', 'flow_alias_router.rollout.id': started.rollout?.id };
    expect(valueOf(m.get(METRICS.rolloutStep), match)).toBe(1);
    expect(valueOf(m.get(METRICS.rolloutPercent), match)).toBe(20);
    router.close();
  });

  it('close() removes the callback: nothing more is observed', async () => {
    const { meter, collect } = otelMeter();
    const router = new Router({ source: memory(), meter });
    router.pick(FLOW, 'beta');
    router.close();
    const m = await collect();
    expect([...m.values()].every((points) => points.length === 0)).toBe(true);
  });

  it('refuses a meter that is not one, and metrics without a meter', () => {
    expect(() => new Router({ source: memory(), meter: {} as never })).toThrow(ValidationException);
    expect(() => new Router({ source: memory(), metrics: { perAlias: true } })).toThrow(/metrics: needs a meter/);
    const { meter } = otelMeter();
    expect(() => new Router({ source: memory(), meter, metrics: { attributes: { n: 1 as never } } })).toThrow(/metrics.attributes/);
  });

  it('a meter taken from the global API before the SDK is registered stays a no-op (start the SDK first)', async () => {
    otelMetrics.disable();
    const early = otelMetrics.getMeter('too-early');
    const { provider, collect } = otelMeter();
    otelMetrics.setGlobalMeterProvider(provider);
    try {
      const router = new Router({ source: memory(), meter: early });
      router.pick(FLOW, 'beta');
      expect((await collect()).size).toBe(0);
      const late = new Router({ source: memory(), meter: otelMetrics.getMeter('after-start') });
      late.pick(FLOW, 'beta');
      expect(valueOf((await collect()).get(METRICS.picks))).toBe(1);
      router.close();
      late.close();
    } finally {
      otelMetrics.disable();
    }
  });
});
