import { Router } from 'flow-alias-router';
import { ALIASES, FLOW, executionKeys, hotRouter } from '../harness/fixtures.js';
import { ALLOCATING_CONTROL, measureAllocations, type AllocationSubject } from '../harness/allocations.js';
import type { FamilyOutput, Mode } from '../harness/results.js';
import { RANDOM_PICK, SIZES, STICKY_PICK, US } from './names.js';
import { rolloutAllocationSubjects } from './rollout-pick.js';
import { observabilityAllocationSubjects } from './observability.js';

/**
 * Allocations per pick on the default router: random picks at every n, sticky picks at n = 2 and 10, and
 * both alternating; then seeded picks at n = 2 and 10 on a seeded router; ten million each (three million in CI), after the positive control proves the accounting
 * sees allocation. They run in this order in one process, so the sticky path is compiled after the random
 * path has made its share of the router's code hot, as in a gateway that does both.
 */
export function allocationSubjects(): AllocationSubject[] {
  const { router, source } = hotRouter();
  const keys = executionKeys(1024);
  const subjects: AllocationSubject[] = [ALLOCATING_CONTROL];
  for (const n of SIZES) {
    const alias = ALIASES[n];
    subjects.push({ scenario: RANDOM_PICK, impl: US, n, op: () => router.pick(FLOW, alias) });
  }
  for (const n of [2, 10] as const) {
    const alias = ALIASES[n];
    subjects.push({ scenario: STICKY_PICK, impl: US, n, op: (i) => router.pick(FLOW, alias, keys[i & 1023]) });
  }
  // A gateway doing both: random and sticky picks on one router, alternating, so TurboFan compiles both paths
  // into one function and its inlining budget is shared.
  subjects.push({
    scenario: 'pick.mixed',
    impl: US,
    n: null,
    op: (i) => ((i & 1) === 0 ? router.pick(FLOW, ALIASES[10]) : router.pick(FLOW, ALIASES[2], keys[i & 1023])),
  });
  // Seeded picks (seedrandom's Alea through FunctionDraws), on a second router in the same process.
  const seeded = new Router({ source, seed: 'bench' });
  for (const n of [2, 10] as const) {
    const alias = ALIASES[n];
    subjects.push({ scenario: 'pick.seeded', impl: US, n, op: () => seeded.pick(FLOW, alias) });
  }
  // Issue 12: picks on an alias during a rollout, and recordOutcome, last (their own router).
  subjects.push(...rolloutAllocationSubjects());
  return subjects;
}

export async function run(mode: Mode): Promise<FamilyOutput> {
  const ops = mode === 'ci' ? 3_000_000 : 10_000_000;
  // Issue 15: picks and recordOutcome on a router with a meter from a registered OpenTelemetry SDK, last.
  const subjects = [...allocationSubjects(), ...(await observabilityAllocationSubjects())];
  return { allocations: subjects.map((subject) => measureAllocations(subject, ops)) };
}
