import { FlowRegistry } from '../registry/registry.js';
import { seededRandom } from '../random/sources.js';
import type { HealthPolicy, OutcomeCounts } from '../rollout/model.js';
import { ManualScheduler } from '../router/rollout-scheduler.js';
import { Router } from '../router/router.js';

const START = Date.UTC(2024, 0, 1, 9, 0, 0);
const SECOND = 1000;
const MINUTE = 60 * SECOND;
/** Executions per simulated second. */
const RATE = 50;
const POLICY: HealthPolicy = { minSamples: 100, maxErrorRate: 0.05, maxErrorRatio: 3, windowMs: MINUTE, breachingWindows: 2, action: 'abort' };

function clock(ms: number): string {
  const s = Math.round((ms - START) / SECOND);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

function rate(c: OutcomeCounts): string {
  const n = c.ok + c.errors;
  return `${((c.errors / Math.max(1, n)) * 100).toFixed(1)}% of ${n}`;
}

/**
 * The second act of `npm start`: a canary of version 2 in fast-forward time, evaluated by the router
 * itself: first with version 2 failing 20 % of executions (version 1 fails 1 %), which the health policy
 * aborts with its evidence; then the same canary retried with a healthy version 2, running to promotion.
 */
export async function rolloutAct(out: (line?: string) => void): Promise<void> {
  const scheduler = new ManualScheduler(START);
  const registry = new FlowRegistry({ wallClock: () => scheduler.now() });
  registry.createFlow({ name: 'checkout-flow' });
  registry.createVersion('checkout-flow', { description: 'stable' });
  registry.createVersion('checkout-flow', { description: 'canary' });
  registry.createAlias('checkout-flow', { name: 'live', routing: [{ version: '1', weight: 100 }] });
  const router = new Router({ source: registry, scheduler, seed: 'demo-rollout', processId: 'demo' });
  const chance = seededRandom('demo-outcomes');

  const run = (failure: Readonly<Record<string, number>>): void => {
    let lastStep = -2;
    let lastWindow: number | undefined;
    for (let second = 0; second < 20 * 60; second++) {
      for (let i = 0; i < RATE; i++) {
        const version = router.pick('checkout-flow', 'live');
        router.recordOutcome('checkout-flow', 'live', version, chance() >= (failure[version] ?? 0));
      }
      scheduler.advance(SECOND);
      const summary = router.explain('checkout-flow', 'live').rollout;
      if (summary === undefined) return;
      const window = summary.health?.windows[summary.health.windows.length - 1];
      if (window !== undefined && window.window !== lastWindow) {
        lastWindow = window.window;
        out(`  ${clock(scheduler.now())}  health window to ${clock((window.window + 1) * POLICY.windowMs)}: version 2 ${rate(window.target)} errors, version 1 ${rate(window.baseline)}: ${window.verdict}${window.reason === undefined ? '' : ` (${window.reason})`}`);
      }
      const alias = registry.getAlias('checkout-flow', 'live');
      const state = alias.rollout?.state;
      if (state === 'aborted') {
        const evidence = alias.rollout?.evidence;
        out(`  ${clock(scheduler.now())}  ABORTED automatically by process ${evidence?.decidedBy ?? '?'} at alias revision ${evidence?.revision ?? '?'}: ${evidence?.windows.length ?? 0} consecutive breaching windows`);
        for (const w of evidence?.windows ?? []) out(`          evidence: version 2 ${rate(w.target)} errors, version 1 ${rate(w.baseline)}: ${w.reason ?? w.verdict}`);
        out(`          routing now: ${alias.routing.map((e) => `version ${e.version} ${e.weight}`).join(', ')}; the abort is latched: nothing resumes it but a retry`);
        return;
      }
      if (state === 'promoted') {
        out(`  ${clock(scheduler.now())}  PROMOTED: every hold passed healthy; routing now ${alias.routing.map((e) => `version ${e.version} ${e.weight}`).join(', ')}`);
        return;
      }
      if (summary.step !== lastStep) {
        lastStep = summary.step;
        out(`  ${clock(scheduler.now() - SECOND)}  step ${Math.min(summary.step + 1, summary.steps)} of ${summary.steps}: ${summary.percent}% of executions to version 2`);
      }
    }
  };

  out('Act 2: a canary of version 2 evaluated by the router itself, in fast-forward time (50 executions/s)');
  out(`  preset Canary10Percent5Minutes; health: windows of 1 min, at least ${POLICY.minSamples} samples per version, abort after ${POLICY.breachingWindows} windows`);
  out(`  with version 2's error rate above ${POLICY.maxErrorRate * 100}% or above ${POLICY.maxErrorRatio}x version 1's`);
  out();
  out('Version 2 fails 20% of executions, version 1 fails 1%:');
  registry.startRollout('checkout-flow', 'live', { target: '2', preset: 'Canary10Percent5Minutes', health: POLICY });
  run({ '1': 0.01, '2': 0.2 });
  out();
  out('Version 2 fixed (fails 1%, as version 1): the same canary retried under a new rollout id:');
  registry.retryRollout('checkout-flow', 'live');
  run({ '1': 0.01, '2': 0.01 });
  await router.settleRollouts();
  router.close();
}
