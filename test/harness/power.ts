import binomialCdf from '@stdlib/stats-base-dists-binomial-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { binomialUpperTail } from './binomial.js';
import { goodnessOfFit } from './goodness-of-fit.js';

/**
 * Sample sizes and power for the suite's headline alternative: a two-version alias configured 50/50 whose
 * selector really gives the first version `configured + shift`.
 */

export const HEADLINE_SHARE = 0.5;
/** One percentage point: the smallest error the issue asks the suite to catch on a 50/50 alias. */
export const HEADLINE_SHIFT = 0.01;
/** The power the sample size is computed for. */
export const TARGET_POWER = 0.999;

/**
 * Draws needed so the harness's chi-square test at `alpha` rejects a two-category shift with probability at
 * least `power`. With two categories the statistic is Z^2, Z = (X - Np) / sqrt(Np(1-p)); under the shift Z is
 * about Normal(shift sqrt(N) / sqrt(p(1-p)), q(1-q) / (p(1-p))), which gives N in closed form. That is an
 * approximation, so N then grows by 0.1% steps until the exact binomial power of the real decision rule
 * (`exactPower`) reaches the target.
 */
export function sampleSizeForShift(alpha: number, power = TARGET_POWER, share = HEADLINE_SHARE, shift = HEADLINE_SHIFT): number {
  const zAlpha = normalQuantile(1 - alpha / 2, 0, 1);
  const zPower = normalQuantile(power, 0, 1);
  const shifted = share + shift;
  const sdRatio = Math.sqrt((shifted * (1 - shifted)) / (share * (1 - share)));
  const root = ((zAlpha + zPower * sdRatio) * Math.sqrt(share * (1 - share))) / Math.abs(shift);
  let samples = Math.ceil(root * root);
  while (exactPower(samples, alpha, shifted, share) < power) samples = Math.ceil(samples * 1.001);
  return samples;
}

function rejects(count: number, samples: number, share: number, alpha: number): boolean {
  const observed = new Map([
    ['first', count],
    ['second', samples - count],
  ]);
  const shares = new Map([
    ['first', share],
    ['second', 1 - share],
  ]);
  return goodnessOfFit(observed, shares).pValue < alpha;
}

/** The smallest count above the expected one that the harness rejects (its p-value falls with distance). */
function upperCritical(samples: number, share: number, alpha: number): number {
  let lo = Math.floor(samples * share);
  let hi = samples;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (rejects(mid, samples, share, alpha)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The largest count below the expected one that the harness rejects, or -1 if none. */
function lowerCritical(samples: number, share: number, alpha: number): number {
  let lo = -1;
  let hi = Math.ceil(samples * share);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (mid >= 0 && rejects(mid, samples, share, alpha)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Exact power of the suite's own test (`goodnessOfFit` at `alpha`) against a two-version selector whose first
 * version really has share `trueShare`: the binomial probability of the rejection region, found by search.
 */
export function exactPower(samples: number, alpha: number, trueShare: number, share = HEADLINE_SHARE): number {
  const upper = upperCritical(samples, share, alpha);
  const lower = lowerCritical(samples, share, alpha);
  const above = upper > samples ? 0 : 1 - binomialCdf(upper - 1, samples, trueShare);
  const below = lower < 0 ? 0 : binomialCdf(lower, samples, trueShare);
  return above + below;
}

/**
 * Misses to tolerate when a test of power `power` is run `trials` times against a wrong selector: the
 * smallest m with P(more than m misses) < alpha. Demanding zero misses would assume power 1.
 */
export function allowedMisses(trials: number, alpha: number, power = TARGET_POWER): number {
  let misses = 0;
  while (binomialUpperTail(misses + 1, trials, 1 - power) >= alpha) misses++;
  return misses;
}
