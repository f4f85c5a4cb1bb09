import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RoutingEntry } from '../../test/all-entries.js';
import { PROPERTY_ALPHA, SEED } from '../harness/budget.js';
import { allowedMisses, exactPower, HEADLINE_SHIFT, TARGET_POWER } from '../harness/power.js';
import { failureOf, isCheckFailure, type PropertyRun } from '../harness/property-run.js';
import { replayCommand } from '../harness/replay.js';
import { thrownBy } from '../harness/thrown.js';
import { StatisticalRejection } from '../harness/verdict.js';
import { checkPicks, distributionBudget, DISTRIBUTION_RUNS, gridSharesMatchWeights, picksMatchWeights } from './distribution.properties.js';
import { AUTO_SELECTOR, seededSampler, type UniformSelector } from './implementations.js';
import { IGNORES_LAST_ENTRY, OFF_BY_ONE_BOUNDARY, PICKS_WEIGHT_ZERO, shiftedSelector } from './wrong-selectors.js';

/**
 * Power: the distribution and grid properties, exactly as the suite runs them, reject deliberately wrong
 * selectors. A suite that cannot fail proves nothing.
 */

const budget = distributionBudget(DISTRIBUTION_RUNS);
/** Seeds of the repeated power trials: derived from the global seed, so a soak under FC_SEED draws new ones. */
const SEEDS = Array.from({ length: 50 }, (_, i) => SEED + i);
/** Each seed is one trial of a test with power >= TARGET_POWER: a few misses are expected, not a defect. */
const MISSES = allowedMisses(SEEDS.length, PROPERTY_ALPHA);
const FIFTY_FIFTY: readonly RoutingEntry[] = [
  { version: 'blue', weight: 50 },
  { version: 'green', weight: 50 },
];

/** The property run on random configs only (no landmark examples): power beyond the hand-picked shapes. */
function onRandomConfigs<Ts>(run: PropertyRun<Ts>): PropertyRun<Ts> {
  return { ...run, parameters: { ...run.parameters, examples: [] } };
}

/** Runs the check on every seed; all but MISSES must reject, and nothing may fail any other way. */
function expectRejectedOnSeeds(selector: UniformSelector, entries: readonly RoutingEntry[]): void {
  let rejected = 0;
  for (const seed of SEEDS) {
    const error = thrownBy(() => checkPicks(seededSampler(selector), entries, seed, budget));
    if (error !== undefined) expect(error, `seed ${seed}`).toBeInstanceOf(StatisticalRejection);
    if (error instanceof StatisticalRejection) rejected++;
  }
  expect(rejected, `${selector.name}: rejected on ${rejected} of ${SEEDS.length} seeds; replay: ${replayCommand(SEED, DISTRIBUTION_RUNS)}`).toBeGreaterThanOrEqual(
    SEEDS.length - MISSES,
  );
}

describe('the distribution harness rejects wrong selectors', () => {
  it(`has power >= ${TARGET_POWER} against a ${HEADLINE_SHIFT * 100} pp error on a 50/50 alias at the suite's sample size`, () => {
    expect(exactPower(budget.samples, budget.alpha, 0.5 + HEADLINE_SHIFT)).toBeGreaterThanOrEqual(TARGET_POWER);
    expect(exactPower(budget.samples, budget.alpha, 0.5 - HEADLINE_SHIFT)).toBeGreaterThanOrEqual(TARGET_POWER);
  });

  it('rejects a selector 1 pp off on a 50/50 alias in either direction, on all but the misses its power allows', () => {
    expectRejectedOnSeeds(shiftedSelector(HEADLINE_SHIFT), FIFTY_FIFTY);
    expectRejectedOnSeeds(shiftedSelector(-HEADLINE_SHIFT), FIFTY_FIFTY);
    const onFiftyFifty = picksMatchWeights(seededSampler(shiftedSelector(HEADLINE_SHIFT)), DISTRIBUTION_RUNS, fc.constant([...FIFTY_FIFTY]));
    expect(failureOf(onRandomConfigs(onFiftyFifty))).toBeInstanceOf(StatisticalRejection);
  });

  it('accepts the correct selector on the same 50/50 alias and seeds (the rejections come from the error)', () => {
    for (const seed of SEEDS) expect(() => checkPicks(seededSampler(AUTO_SELECTOR), FIFTY_FIFTY, seed, budget)).not.toThrow();
  });

  it('rejects an off-by-one at a cumulative boundary: on a 33/33/34 split and on random configs', () => {
    const split = [
      { version: 'a', weight: 33 },
      { version: 'b', weight: 33 },
      { version: 'c', weight: 34 },
    ];
    expectRejectedOnSeeds(OFF_BY_ONE_BOUNDARY, split);
    expect(failureOf(onRandomConfigs(picksMatchWeights(seededSampler(OFF_BY_ONE_BOUNDARY), DISTRIBUTION_RUNS)))).toBeInstanceOf(
      StatisticalRejection,
    );
  });

  it('rejects a selector that ignores the last entry', () => {
    expectRejectedOnSeeds(IGNORES_LAST_ENTRY, FIFTY_FIFTY);
    expect(failureOf(onRandomConfigs(picksMatchWeights(seededSampler(IGNORES_LAST_ENTRY), DISTRIBUTION_RUNS)))).toBeInstanceOf(
      StatisticalRejection,
    );
  });

  it('rejects a selector that picks a weight-0 version', () => {
    const retired = [{ version: 'retired', weight: 0 }, ...FIFTY_FIFTY];
    expectRejectedOnSeeds(PICKS_WEIGHT_ZERO, retired);
    expect(failureOf(onRandomConfigs(picksMatchWeights(seededSampler(PICKS_WEIGHT_ZERO), DISTRIBUTION_RUNS)))).toBeInstanceOf(
      StatisticalRejection,
    );
  });
});

describe('the exact grid check rejects wrong selectors', () => {
  it.each([
    ['1 pp off', shiftedSelector(HEADLINE_SHIFT), [...FIFTY_FIFTY]],
    ['off by one', OFF_BY_ONE_BOUNDARY, [{ version: 'a', weight: 1 }, ...FIFTY_FIFTY]],
    ['ignoring the last entry', IGNORES_LAST_ENTRY, [...FIFTY_FIFTY]],
    ['picking weight 0', PICKS_WEIGHT_ZERO, [{ version: 'retired', weight: 0 }, ...FIFTY_FIFTY]],
  ] as const)('%s', (_name, selector, entries) => {
    const run = gridSharesMatchWeights(selector, 1);
    expect(failureOf({ property: run.property, parameters: { numRuns: 1, examples: [[[...entries]]] } })).toSatisfy(isCheckFailure);
  });
});
