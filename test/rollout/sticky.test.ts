import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRouting, MemorySource, Router, stickyHash } from '../../test/all-entries.js';
import { rolloutRouting } from '../../src/rollout/schedule.js';
import type { RoutingEntry } from '../../src/routing/validate.js';
import { propertyRuns } from '../harness/budget.js';

/**
 * The sticky-key guarantees of a rollout (docs/rollouts.md), on the frozen rendezvous contract
 * (docs/stickiness.md): the others' weights keep their ratios exactly at every step, so a key leaves its
 * version only for the target.
 */

const KEYS = Array.from({ length: 4000 }, (_, i) => `execution-${i}`);
const IDENTITY = 'arn:aws:bedrock:us-east-1:123456789012:flow/FLOW000001/alias/ALIAS00001';

function assign(entries: readonly RoutingEntry[], identity = IDENTITY): string[] {
  const table = compileRouting(entries);
  return KEYS.map((key) => table.selectHash(stickyHash(identity, key)));
}

const baselineArb = fc
  .uniqueArray(fc.constantFrom('1', '3', '4', '5', '6'), { minLength: 1, maxLength: 4 })
  .chain((versions) => fc.tuple(...versions.map((version) => fc.record({ version: fc.constant(version), weight: fc.integer({ min: 1, max: 1000 }) }))))
  .chain((others) =>
    fc.oneof(
      fc.constant(others as RoutingEntry[]),
      fc.integer({ min: 0, max: 1000 }).map((w) => [...others, { version: '2', weight: w }]),
    ),
  );
const percentsArb = fc.uniqueArray(fc.integer({ min: 0, max: 100 }), { minLength: 2, maxLength: 5 }).map((ps) => ps.sort((a, b) => a - b));

describe('rollout sticky keys', () => {
  it('raising the target weight moves keys only into the target', () => {
    fc.assert(
      fc.property(baselineArb, percentsArb, (baseline, percents) => {
        let before = assign(rolloutRouting(baseline, '2', percents[0]!));
        for (const percent of percents.slice(1)) {
          const after = assign(rolloutRouting(baseline, '2', percent));
          for (let i = 0; i < KEYS.length; i++) if (before[i] !== after[i] && after[i] !== '2') return false;
          before = after;
        }
        return true;
      }),
      { numRuns: propertyRuns(30) },
    );
  });

  it('abort moves exactly the keys in the target back, each to the version it had before the rollout', () => {
    fc.assert(
      fc.property(baselineArb, fc.integer({ min: 0, max: 100 }), (baseline, percent) => {
        const start = assign(baseline);
        const during = assign(rolloutRouting(baseline, '2', percent));
        const aborted = assign(baseline);
        for (let i = 0; i < KEYS.length; i++) {
          // Every key the rollout moved, it moved into or out of the target (out only when the starting
          // routing already gave the target more than this step)...
          if (during[i] !== start[i] && during[i] !== '2' && start[i] !== '2') return false;
          // ...and abort gives every key its starting version back: exactly the moved keys move back.
          if (aborted[i] !== start[i]) return false;
        }
        return true;
      }),
      { numRuns: propertyRuns(30) },
    );
  });

  it('a rerun of the same rollout reproduces the same key set at every step, through the Router', () => {
    const source = new MemorySource();
    const baseline = [
      { version: '1', weight: 70 },
      { version: '3', weight: 30 },
    ];
    const router = new Router({ source });
    const run = () =>
      [10, 50, 100].map((percent) => {
        source.set('checkout', 'live', rolloutRouting(baseline, '2', percent));
        return KEYS.filter((key) => router.pick('checkout', 'live', key) === '2');
      });
    const first = run();
    source.set('checkout', 'live', baseline);
    expect(KEYS.some((key) => router.pick('checkout', 'live', key) === '2')).toBe(false);
    const second = run();
    expect(second).toEqual(first);
    expect(first[0]!.length).toBeGreaterThan(KEYS.length * 0.07);
    expect(first[0]!.every((key) => first[1]!.includes(key))).toBe(true);
    router.close();
  });
});
