import { describe, expect, it } from 'vitest';
import { Router } from '../../test/all-entries.js';
import type { HealthPolicy } from '../../src/rollout/model.js';
import { ManualScheduler } from '../../src/router/rollout-scheduler.js';
import { makeRegistry, T0 } from '../registry/fixtures.js';

/**
 * The latched abort under concurrent evaluators, on every store (this file is in the store conformance
 * run): two routers (two processes of a fleet) count outcomes, report them to the store and decide on the
 * fleet's sums; exactly one decision is written, with its evidence, and the alias moves one revision.
 */
const POLICY: HealthPolicy = { minSamples: 50, maxErrorRate: 0.1, maxErrorRatio: 3, windowMs: 10_000, breachingWindows: 2, action: 'abort' };

describe('the latched abort under concurrent evaluators', () => {
  it('two low-traffic routers decide on the fleet counts; exactly one abort is written', async () => {
    const scheduler = new ManualScheduler(T0);
    const registry = await makeRegistry({ wallClock: () => scheduler.now() });
    const flow = await registry.createFlow({ name: 'checkout' });
    await registry.createVersion(flow.id);
    await registry.createVersion(flow.id);
    await registry.createAlias(flow.id, { name: 'live', routing: [{ version: '1', weight: 100 }] });
    const started = await registry.startRollout(flow.id, 'live', { target: '2', steps: [{ weight: 50, holdMs: 3_600_000 }], health: POLICY });
    const routers = ['a', 'b'].map((id) => new Router({ source: registry, scheduler, seed: id, processId: `process-${id}` }));
    for (const router of routers) await router.preload(flow.id, 'live');
    const latches: boolean[] = [];
    for (let w = 0; w < 3; w++) {
      for (const router of routers) {
        // 60 executions per window per router: under minSamples (50) per version alone, over it together.
        let targetSeen = 0;
        for (let i = 0; i < 60; i++) {
          const version = await router.route(flow.id, 'live');
          const ok = version === '1' || ++targetSeen % 4 !== 0; // version 2 fails 25 %
          router.recordOutcome(flow.id, 'live', version, ok);
        }
      }
      scheduler.advance(POLICY.windowMs);
      for (const router of routers) await router.settleRollouts();
      latches.push((await registry.getAlias(flow.id, 'live')).rollout?.state === 'aborted');
    }
    const alias = await registry.getAlias(flow.id, 'live');
    expect(alias.rollout).toMatchObject({ state: 'aborted', endReason: 'health', evidence: { scope: 'fleet', revision: started.revision } });
    expect(alias.revision).toBe(started.revision + 1);
    const evidence = alias.rollout?.evidence;
    expect(evidence?.windows).toHaveLength(2);
    for (const window of evidence?.windows ?? []) {
      expect(window.verdict).toBe('breach');
      expect(window.target.ok + window.target.errors).toBeGreaterThanOrEqual(POLICY.minSamples);
      expect(window.target.ok + window.target.errors).toBeGreaterThan(60 * 0.5 * 1.2); // more than either router saw
    }
    expect(alias.routing).toEqual([{ version: '1', weight: 100 }]);
    for (const router of routers) router.close();
  });
});
