import { Router } from 'flow-alias-router';
import { FlowRegistry } from 'flow-alias-router/registry';
import { FLOW, executionKeys } from '../harness/fixtures.js';
import type { AllocationSubject } from '../harness/allocations.js';
import { measure, optionsFor, type Contender } from '../harness/measure.js';
import type { FamilyOutput, Mode } from '../harness/results.js';
import { PLAIN_ALIAS, RECORD_OUTCOME, ROLLOUT_PICK, ROLLOUT_STICKY_PICK, US } from './names.js';

/**
 * Issue 12: a pick during a rollout costs the same as any pick and allocates nothing. One router over one
 * registry holds two aliases with the same shares: `canary`, at step 1 of a running Canary10Percent30Minutes
 * rollout from version 1 to 2 (with a health policy, so its outcome ring is live), and `plain`, routing 90/10
 * to the same versions. The step's table is compiled once by the rollout driver, so both picks run the same
 * code on the same kind of table; the ratio of the first to the second is the rollout's cost on the hot path.
 * Thirty minutes of hold: no step boundary falls inside a run.
 */
const KEY_COUNT = 1024;
export const CANARY = 'canary';
export const PLAIN = 'plain';

export function rolloutRouter(): Router {
  const registry = new FlowRegistry();
  registry.createFlow({ name: FLOW });
  registry.createVersion(FLOW);
  registry.createVersion(FLOW);
  registry.createAlias(FLOW, { name: PLAIN, routing: [{ version: '1', weight: 90 }, { version: '2', weight: 10 }] });
  registry.createAlias(FLOW, { name: CANARY, routing: [{ version: '1', weight: 100 }] });
  registry.startRollout(FLOW, CANARY, {
    target: '2',
    preset: 'Canary10Percent30Minutes',
    health: { minSamples: 100, maxErrorRate: 0.5, maxErrorRatio: 1000, windowMs: 60_000, breachingWindows: 3, action: 'pause' },
  });
  const router = new Router({ source: registry, rolloutControl: false });
  router.pick(FLOW, PLAIN);
  router.pick(FLOW, CANARY);
  const rollout = router.explain(FLOW, CANARY).rollout;
  if (rollout === undefined || rollout.percent !== 10) throw new Error('the canary alias is not at step 1 of its rollout');
  return router;
}

export function rolloutContenders(): Contender[] {
  const router = rolloutRouter();
  const keys = executionKeys(KEY_COUNT);
  const mask = KEY_COUNT - 1;
  return [
    { scenario: ROLLOUT_PICK, impl: PLAIN_ALIAS, n: 2, baseline: null, note: 'the same router, a 90/10 alias without a rollout', op: () => router.pick(FLOW, PLAIN) },
    { scenario: ROLLOUT_PICK, impl: US, n: 2, baseline: PLAIN_ALIAS, op: () => router.pick(FLOW, CANARY) },
    { scenario: ROLLOUT_STICKY_PICK, impl: PLAIN_ALIAS, n: 2, baseline: null, note: 'sticky, 90/10 without a rollout', op: (i) => router.pick(FLOW, PLAIN, keys[i & mask]) },
    { scenario: ROLLOUT_STICKY_PICK, impl: US, n: 2, baseline: PLAIN_ALIAS, op: (i) => router.pick(FLOW, CANARY, keys[i & mask]) },
  ];
}

/** The allocation subjects (appended to the allocations family): rollout picks, random and sticky, and recordOutcome. */
export function rolloutAllocationSubjects(): AllocationSubject[] {
  const router = rolloutRouter();
  const keys = executionKeys(KEY_COUNT);
  return [
    { scenario: ROLLOUT_PICK, impl: US, n: 2, op: () => router.pick(FLOW, CANARY) },
    { scenario: ROLLOUT_STICKY_PICK, impl: US, n: 2, op: (i) => router.pick(FLOW, CANARY, keys[i & 1023]) },
    {
      scenario: RECORD_OUTCOME,
      impl: US,
      n: 2,
      op: (i) => {
        const version = router.pick(FLOW, CANARY);
        router.recordOutcome(FLOW, CANARY, version, (i & 7) !== 0);
        return version;
      },
    },
  ];
}

export async function run(mode: Mode): Promise<FamilyOutput> {
  return { rows: await measure(rolloutContenders(), optionsFor(mode)) };
}
