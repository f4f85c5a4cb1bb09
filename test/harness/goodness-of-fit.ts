import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import { binomialTwoSided } from './binomial.js';

/**
 * Pearson's chi-square goodness of fit, with an exact binomial test for the categories too rare for it.
 *
 * - A category whose expected share is 0 (a weight-0 or unconfigured version) that was observed at all is
 *   impossible under the configuration: p = 0.
 * - Categories whose expected count is below 5 (Cochran's rule) are pooled. If the pool's expected count
 *   reaches 5 it is one more chi-square cell. If it does not (say 1 : 999,999 at 160,000 draws: 0.16 expected),
 *   the pool's count is tested exactly, Binomial(N, pool share), and the other cells by chi-square
 *   conditional on it (multinomial over N minus the pool's count); the two p-values are combined by
 *   Bonferroni, p = min(1, 2 min(p1, p2)). Both tests are valid at any sample size, so tiny shares never
 *   make the test lie, and a version given far more than its tiny share is still caught.
 */

/** Below this expected count a category is pooled: the chi-square approximation needs about 5 per cell. */
export const MIN_EXPECTED = 5;

export interface Fit<K> {
  /** Probability, under the configured shares, of a fit at least this bad. */
  readonly pValue: number;
  readonly statistic: number;
  readonly df: number;
  readonly samples: number;
  /** What decided the p-value, for failure messages. */
  readonly detail: string;
  /** The category furthest from its expected count, in standard deviations, for failure messages. */
  readonly worst: { readonly category: K; readonly observed: number; readonly expected: number } | undefined;
}

interface Cell {
  readonly observed: number;
  readonly share: number;
}

function chiSquare(cells: readonly Cell[], samples: number): { statistic: number; df: number; pValue: number } {
  if (cells.length < 2 || samples === 0) return { statistic: 0, df: 0, pValue: 1 };
  let statistic = 0;
  for (const cell of cells) {
    const expected = samples * cell.share;
    statistic += ((cell.observed - expected) * (cell.observed - expected)) / expected;
  }
  const df = cells.length - 1;
  return { statistic, df, pValue: 1 - chisquareCdf(statistic, df) };
}

function worstCategory<K>(observed: ReadonlyMap<K, number>, shares: ReadonlyMap<K, number>, samples: number): Fit<K>['worst'] {
  let worst: Fit<K>['worst'];
  let worstZ = -1;
  for (const [category, share] of shares) {
    const count = observed.get(category) ?? 0;
    const expected = samples * share;
    const z = share === 0 ? (count > 0 ? Infinity : 0) : Math.abs(count - expected) / Math.sqrt(expected * (1 - share) || 1);
    if (z > worstZ) {
      worstZ = z;
      worst = { category, observed: count, expected };
    }
  }
  return worst;
}

/**
 * Tests observed counts against expected shares (which should sum to 1). Categories observed but absent from
 * `shares` count as share 0.
 */
export function goodnessOfFit<K>(observed: ReadonlyMap<K, number>, shares: ReadonlyMap<K, number>): Fit<K> {
  let samples = 0;
  for (const count of observed.values()) samples += count;
  for (const [category, count] of observed) {
    if (count > 0 && !((shares.get(category) ?? 0) > 0)) {
      return {
        pValue: 0,
        statistic: Infinity,
        df: 0,
        samples,
        detail: `${String(category)} observed ${count} times with expected share 0`,
        worst: { category, observed: count, expected: 0 },
      };
    }
  }
  const large: Cell[] = [];
  let poolObserved = 0;
  let poolShare = 0;
  let pooled = 0;
  for (const [category, share] of shares) {
    if (!(share > 0)) continue;
    const cell = { observed: observed.get(category) ?? 0, share };
    if (samples * share >= MIN_EXPECTED) {
      large.push(cell);
    } else {
      poolObserved += cell.observed;
      poolShare += share;
      pooled++;
    }
  }
  const worst = worstCategory(observed, shares, samples);
  if (pooled === 0 || samples * poolShare >= MIN_EXPECTED) {
    const cells = pooled === 0 ? large : [...large, { observed: poolObserved, share: poolShare }];
    const chi = chiSquare(cells, samples);
    return { ...chi, samples, worst, detail: `chi-square ${chi.statistic.toFixed(2)} on ${chi.df} df (${pooled} rare categories pooled)` };
  }
  const tail = binomialTwoSided(poolObserved, samples, poolShare);
  const rest = samples - poolObserved;
  const conditional = chiSquare(
    large.map((cell) => ({ observed: cell.observed, share: cell.share / (1 - poolShare) })),
    rest,
  );
  return {
    pValue: Math.min(1, 2 * Math.min(tail, conditional.pValue)),
    statistic: conditional.statistic,
    df: conditional.df,
    samples,
    worst,
    detail:
      `${pooled} rare categories (expected ${(samples * poolShare).toFixed(3)}, observed ${poolObserved}): exact binomial p ${tail.toExponential(3)}; ` +
      `the rest: chi-square ${conditional.statistic.toFixed(2)} on ${conditional.df} df, p ${conditional.pValue.toExponential(3)}`,
  };
}
