import { ALIASES, FLOW, SIZES, executionKeys, hotRouter } from '../harness/fixtures.js';
import { ALLOCATING_CONTROL, measureAllocations, type AllocationSubject } from '../harness/allocations.js';
import type { FamilyOutput, Mode } from '../harness/results.js';
import { RANDOM_PICK, US } from './random-pick.js';
import { STICKY_PICK } from './sticky-pick.js';

/**
 * Allocations per pick on the default router: random picks at every n, sticky picks at n = 2 and 10, and
 * both alternating; ten million each (three million in CI), after the positive control proves the accounting
 * sees allocation. They run in this order in one process, so the sticky path is compiled after the random
 * path has made its share of the router's code hot, as in a gateway that does both.
 */
export function allocationSubjects(): AllocationSubject[] {
  const { router } = hotRouter();
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
  return subjects;
}

export async function run(mode: Mode): Promise<FamilyOutput> {
  const ops = mode === 'ci' ? 3_000_000 : 10_000_000;
  return { allocations: allocationSubjects().map((subject) => measureAllocations(subject, ops)) };
}
