import fc from 'fast-check';
import { expect } from 'vitest';
import type { RoutingEntry } from '../../test/all-entries.js';
import { checkAlpha, propertyRuns } from '../harness/budget.js';
import { goodnessOfFit } from '../harness/goodness-of-fit.js';
import { sampleSizeForShift } from '../harness/power.js';
import type { PropertyRun } from '../harness/property-run.js';
import { assertFits, countDraws } from '../harness/verdict.js';
import { expectedShares, fitsLimits, LANDMARK_CONFIGS, routingConfigs } from './fixtures.js';
import type { Sampler, UniformSelector } from './implementations.js';

/** A short description of a config for failure messages (fast-check prints the whole counterexample). */
function describeConfig(entries: readonly RoutingEntry[]): string {
  const shown = entries.slice(0, 4).map((entry) => `${JSON.stringify(entry.version)}:${entry.weight}`);
  return `[${shown.join(', ')}${entries.length > 4 ? `, ... ${entries.length} entries` : ''}]`;
}

/** Configs each implementation's distribution property tries in CI (the power tests use the same budget). */
export const DISTRIBUTION_RUNS = propertyRuns(20);

/** The sample size and level of one distribution check when a property tries `runs` configs. */
export function distributionBudget(runs: number): { alpha: number; samples: number } {
  const alpha = checkAlpha(runs);
  return { alpha, samples: sampleSizeForShift(alpha) };
}

/** Draws `samples` picks and tests them against the configured weights at `alpha` (throws on rejection). */
export function checkPicks(impl: Sampler, entries: readonly RoutingEntry[], seed: number, budget: { alpha: number; samples: number }): void {
  const fit = goodnessOfFit(countDraws(impl.sampler(entries, seed), budget.samples), expectedShares(entries));
  assertFits(fit, budget.alpha, `${impl.name} picks on ${describeConfig(entries)} (seed ${seed})`);
}

/**
 * Distribution: picks match the configured weights by chi-square goodness of fit (exact binomial for the
 * rarest versions), at the Bonferroni level for `runs` configs, with the sample size that gives the test
 * power 0.999 against a 1 percentage point error on a 50/50 alias at that level.
 */
export function picksMatchWeights(
  impl: Sampler,
  runs: number,
  configs: fc.Arbitrary<RoutingEntry[]> = routingConfigs(impl.limits),
): PropertyRun<[RoutingEntry[], number]> {
  const budget = distributionBudget(runs);
  const examples = LANDMARK_CONFIGS.filter((entries) => fitsLimits(entries, impl.limits)).map(
    (entries, i): [RoutingEntry[], number] => [[...entries], i],
  );
  return {
    property: fc.property(configs, fc.noShrink(fc.nat()), (entries, seed) => checkPicks(impl, entries, seed, budget)),
    parameters: { numRuns: runs, examples: examples.slice(0, runs) },
  };
}

/** Grid points in [0, 1) for the exact share check: u = k / GRID. */
const GRID = 1 << 16;

/** How many grid points `select` maps to each version. */
function gridCounts(select: (u: number) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (let k = 0; k < GRID; k++) {
    const version = select(k / GRID);
    counts.set(version, (counts.get(version) ?? 0) + 1);
  }
  return counts;
}

/**
 * Exact shares: over the grid u = k / 2^16, each version's share is within one grid step of weight / total
 * (within `pieces` steps where a selector maps several intervals to one version, as the alias method does);
 * a weight-0 version gets no grid point at all, and nothing unconfigured is ever returned.
 */
export function gridSharesMatchWeights(selector: UniformSelector, runs: number): PropertyRun<[RoutingEntry[]]> {
  return {
    property: fc.property(routingConfigs(selector.limits), (entries) => {
      const built = selector.build(entries);
      const counts = gridCounts((u) => built.select(u));
      const shares = expectedShares(entries);
      for (const version of counts.keys()) expect(shares.has(version), `unconfigured ${JSON.stringify(version)}`).toBe(true);
      for (const [version, share] of shares) {
        const count = counts.get(version) ?? 0;
        if (share === 0) {
          expect(count, `weight-0 version ${JSON.stringify(version)}`).toBe(0);
        } else {
          const off = Math.abs(count - share * GRID);
          expect(off, `grid points of ${JSON.stringify(version)} (share ${share})`).toBeLessThanOrEqual(built.pieces(version) + 1e-6);
        }
      }
    }),
    parameters: { numRuns: runs, examples: LANDMARK_CONFIGS.filter((e) => fitsLimits(e, selector.limits)).map((e) => [[...e]]) },
  };
}
